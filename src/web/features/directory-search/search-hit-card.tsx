import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link } from '../../navigation';
import type { DirectorySearchHit } from '../../../shared/contracts/search';
import { categories } from '../../../shared/directory-categories';
import { intlLocale, useT } from '../../i18n';
import { PossiblyStaleBadge } from './possibly-stale-badge';
import { ReferralStatusBadge } from './referral-status-badge';
import { explainMatch } from './why-matched';
import { badgeLooks } from '../../components/badge-looks';
import { caseQuery } from './case-context';
import { ConnectPerson } from './connect-person';

/** The case the results are for, and its person's given name (for "Connect Marie"). */
export type ResultsFor = {
  caseId: string;
  personName: string;
  language: 'fr' | 'en';
  canConnect: boolean;
};

/** One listing in the results: what it is, whether it takes referrals, and why it is here. */
export function SearchHitCard({
  hit,
  resultsFor = null,
}: {
  hit: DirectorySearchHit;
  resultsFor?: ResultsFor | null;
}): ReactElement {
  const { t, locale } = useT();
  const headingId = `hit-${hit.id}`;
  // Names and descriptions keep their own language so screen readers pronounce them well.
  const lang = hit.language ?? undefined;
  const distance =
    hit.distanceKm === null
      ? null
      : new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(
          hit.distanceKm,
        );
  return (
    <Paper component="article" aria-labelledby={headingId} withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={3} size="h4" id={headingId} lang={lang} style={{ flex: '1 1 12rem' }}>
            <Anchor
              component={Link}
              to={`/directory/services/${encodeURIComponent(hit.id)}${caseQuery(resultsFor?.caseId ?? null)}`}
              inherit
            >
              {hit.name}
            </Anchor>
          </Title>
          <Group gap="xs">
            <ReferralStatusBadge status={hit.referralStatus} />
            {hit.possiblyStale && <PossiblyStaleBadge />}
          </Group>
        </Group>
        {hit.description && (
          <Text size="sm" lineClamp={3} lang={lang}>
            {hit.description}
          </Text>
        )}
        <Group
          gap={6}
          role="list"
          aria-label={t('directorySearch.categoriesOf', { name: hit.name })}
        >
          {hit.categories.map((key) => (
            <Badge key={key} role="listitem" {...badgeLooks.neutral} tt="none" radius="sm">
              {categories.find((category) => category.key === key)?.[locale] ?? key}
            </Badge>
          ))}
        </Group>
        {distance !== null && (
          <Text size="sm" fw={500}>
            {t('directorySearch.distance', { distance })}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          <Text span fw={600} inherit>
            {t('directorySearch.why.label')}
          </Text>{' '}
          {explainMatch(hit, t, locale).join(' · ')}
        </Text>
        {resultsFor && hit.forPerson && (
          <Text size="sm">
            <Text span fw={600} inherit>
              {t('directorySearch.forPerson', { name: resultsFor.personName })}
            </Text>{' '}
            {forPersonWords(hit.forPerson, resultsFor.language, t, locale).join(' · ')}
          </Text>
        )}
        {resultsFor?.canConnect && (
          <Group gap="xs">
            <ConnectPerson
              caseId={resultsFor.caseId}
              personName={resultsFor.personName}
              serviceId={hit.id}
              activity={hit.name}
            />
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** What in the listing answers the person: needs, interests, language, cost. */
function forPersonWords(
  match: NonNullable<DirectorySearchHit['forPerson']>,
  personLanguage: 'fr' | 'en',
  t: ReturnType<typeof useT>['t'],
  locale: ReturnType<typeof useT>['locale'],
): string[] {
  const list = (items: string[]): string =>
    new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
  const words: string[] = [];
  if (match.needs.length > 0) {
    const names = match.needs.map(
      (key) => categories.find((category) => category.key === key)?.[locale] ?? key,
    );
    words.push(t('directorySearch.answersNeed', { needs: list(names) }));
  }
  if (match.interests.length > 0) {
    words.push(t('directorySearch.speaksOf', { interests: list(match.interests) }));
  }
  if (match.language) {
    const language = t(`directorySearch.languages.${personLanguage}`);
    // French writes language names in lower case mid-sentence; English capitalises them.
    const said = locale === 'fr' ? language.toLocaleLowerCase('fr') : language;
    words.push(t('directorySearch.inLanguage', { language: said }));
  }
  if (match.free) words.push(t('directorySearch.isFree'));
  return words;
}
