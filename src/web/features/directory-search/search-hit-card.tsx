import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import type { DirectorySearchHit } from '../../../shared/contracts/search';
import { categories } from '../../../shared/directory-categories';
import { intlLocale, useT } from '../../i18n';
import { PossiblyStaleBadge } from './possibly-stale-badge';
import { ReferralStatusBadge } from './referral-status-badge';
import { explainMatch } from './why-matched';
import { badgeLooks } from '../../components/badge-looks';

/** One listing in the results: what it is, whether it takes referrals, and why it is here. */
export function SearchHitCard({ hit }: { hit: DirectorySearchHit }): ReactElement {
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
            {hit.name}
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
      </Stack>
    </Paper>
  );
}
