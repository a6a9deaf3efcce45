import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, type ReactElement, type ReactNode, Suspense } from 'react';
import { Link, useLocation, useNavigate, useParams } from '../../navigation';
import type {
  EmailListingResult,
  ListingDetail,
  ListingDetailSchedule,
} from '../../../shared/contracts/listing-detail';
import type { ActivitySearchProfile } from '../../../shared/contracts/search';
import { categories } from '../../../shared/directory-categories';
import { timeOfDay } from '../../../shared/schedule-hours';
import { scheduleDaysSentence } from '../../../shared/schedule-words';
import { apiRequest } from '../../api';
import { badgeLooks } from '../../components/badge-looks';
import { FormAlert } from '../../components/form-alert';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { QueryContent } from '../../components/query-content';
import { StatusMessage } from '../../components/status-message';
import { useFormat } from '../../format';
import { type Translate, useT } from '../../i18n';
import { caseQuery, useActivitySearchProfile, useCaseInAddress } from './case-context';
import { ConnectPerson } from './connect-person';
import { useClientSettings } from '../../client-settings';
import classes from './listing-print.module.css';
import { PossiblyStaleBadge } from './possibly-stale-badge';
import { ReferralStatusBadge } from './referral-status-badge';

// Leaflet is large and only the directory's screens need it.
const ListingMap = lazy(() =>
  import('./listing-map').then((module) => ({ default: module.ListingMap })),
);

function useListingDetail(serviceId: string): ReturnType<typeof useQuery<ListingDetail>> {
  const { locale } = useT();
  return useQuery({
    queryKey: ['listing-detail', locale, serviceId],
    queryFn: () =>
      apiRequest<ListingDetail>('GET', `/api/directory/services/${encodeURIComponent(serviceId)}`),
  });
}

/** /directory/services/:serviceId: one listing in full, printable, and, from a case, to connect. */
export function ListingDetailPage(): ReactElement {
  const { t } = useT();
  const serviceId = useParams().serviceId ?? '';
  const caseId = useCaseInAddress();
  const query = useListingDetail(serviceId);
  const profile = useActivitySearchProfile(caseId);
  usePageTitle(query.data?.name ?? t('directorySearch.title'));
  return (
    <Stack gap="md">
      <BackLinks caseId={caseId} />
      <QueryContent query={query}>
        {(listing) => (
          <Stack gap="md" className={classes.sheet}>
            <ListingHeader listing={listing} />
            {caseId && profile.data && (
              <CaseActions caseId={caseId} profile={profile.data} listing={listing} />
            )}
            <Group className={classes.noPrint} gap="sm">
              <Button variant="default" onClick={() => window.print()}>
                {t('listingDetail.print')}
              </Button>
              <Text size="sm" c="dimmed">
                {t('listingDetail.printHint')}
              </Text>
            </Group>
            <ListingBody listing={listing} />
          </Stack>
        )}
      </QueryContent>
    </Stack>
  );
}

function BackLinks({ caseId }: { caseId: string | null }): ReactElement {
  const { t } = useT();
  const navigate = useNavigate();
  const location = useLocation();
  // Opened from the results, going back keeps them (and their filters) as they were.
  const fromResults = location.key !== 'default';
  return (
    <Group className={classes.noPrint} gap="sm">
      {fromResults ? (
        <Button variant="default" onClick={() => navigate(-1)}>
          {t('listingDetail.back')}
        </Button>
      ) : (
        <Button component={Link} to={`/directory${caseQuery(caseId)}`} variant="default">
          {t('listingDetail.back')}
        </Button>
      )}
      {caseId && (
        <Button component={Link} to={`/cases/${caseId}/connections`} variant="subtle">
          {t('listingDetail.backToCase')}
        </Button>
      )}
    </Group>
  );
}

function ListingHeader({ listing }: { listing: ListingDetail }): ReactElement {
  const { t, locale } = useT();
  return (
    <Stack gap={6}>
      <Title order={1} lang={listing.lang ?? undefined}>
        {listing.name}
      </Title>
      <Text>{t('listingDetail.organization', { name: listing.organizationName })}</Text>
      <Group gap="xs">
        <ReferralStatusBadge status={listing.referralStatus} />
        {listing.possiblyStale && <PossiblyStaleBadge />}
        {listing.categories.map((key) => (
          <Badge key={key} {...badgeLooks.neutral} tt="none" radius="sm">
            {categories.find((category) => category.key === key)?.[locale] ?? key}
          </Badge>
        ))}
      </Group>
    </Stack>
  );
}

function CaseActions({
  caseId,
  profile,
  listing,
}: {
  caseId: string;
  profile: ActivitySearchProfile;
  listing: ListingDetail;
}): ReactElement {
  const { t } = useT();
  const email = useMutation({
    mutationFn: () =>
      apiRequest<EmailListingResult>('POST', `/api/cases/${caseId}/listing-emails`, {
        body: { serviceId: listing.id },
      }),
  });
  return (
    <Paper withBorder p="md" className={classes.noPrint}>
      <Stack gap="sm">
        <Text fw={600}>
          {t('listingDetail.forCase', {
            name: profile.personName,
            reference: profile.caseReference,
          })}
        </Text>
        <Group gap="sm">
          {profile.permissions.connect && (
            <ConnectPerson
              caseId={caseId}
              personName={profile.personName}
              serviceId={listing.id}
              activity={listing.name}
            />
          )}
          <Button
            variant="default"
            disabled={!profile.hasEmail || email.isSuccess}
            loading={email.isPending}
            onClick={() => email.mutate()}
          >
            {t('listingDetail.emailTo', { name: profile.personName })}
          </Button>
        </Group>
        {!profile.hasEmail && (
          <Text size="sm">{t('listingDetail.noEmail', { name: profile.personName })}</Text>
        )}
        <FormAlert error={email.error} />
        <StatusMessage
          message={
            email.data
              ? t('listingDetail.emailed', {
                  email: email.data.to,
                  language: t(`directorySearch.languages.${profile.language}`),
                })
              : null
          }
        />
      </Stack>
    </Paper>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }): ReactElement {
  return (
    <Stack component="section" gap={4} className={classes.section}>
      <Title order={2} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function scheduleLine(
  schedule: ListingDetailSchedule,
  t: Translate,
  locale: 'fr' | 'en',
  date: (iso: string) => string,
): string {
  const parts: string[] = [];
  if (schedule.byday) parts.push(scheduleDaysSentence(schedule.byday, t, locale));
  if (schedule.opensAt && schedule.closesAt) {
    parts.push(
      t('listingDetail.hours', {
        opens: timeOfDay(schedule.opensAt, locale),
        closes: timeOfDay(schedule.closesAt, locale),
      }),
    );
  }
  if (schedule.validFrom && schedule.validTo) {
    parts.push(
      t('listingDetail.validBetween', {
        from: date(schedule.validFrom),
        to: date(schedule.validTo),
      }),
    );
  } else if (schedule.validFrom) {
    parts.push(t('listingDetail.validFrom', { date: date(schedule.validFrom) }));
  } else if (schedule.validTo) {
    parts.push(t('listingDetail.validTo', { date: date(schedule.validTo) }));
  }
  return parts.join(' ');
}

function ListingBody({ listing }: { listing: ListingDetail }): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const settings = useClientSettings();
  const own = listing.sourceLanguage ?? undefined;
  const languageNames = new Intl.DisplayNames([locale], { type: 'language' });
  const mapped = listing.places.flatMap((place) =>
    place.location ? [{ name: place.name ?? listing.name, at: place.location }] : [],
  );
  const ages =
    listing.minimumAge !== null && listing.maximumAge !== null
      ? t('listingDetail.ages', { from: listing.minimumAge, to: listing.maximumAge })
      : listing.minimumAge !== null
        ? t('listingDetail.agesFrom', { from: listing.minimumAge })
        : listing.maximumAge !== null
          ? t('listingDetail.agesTo', { to: listing.maximumAge })
          : null;
  return (
    <Stack gap="md">
      {listing.description && (
        <Section title={t('listingDetail.about')}>
          <Text lang={listing.lang ?? undefined}>{listing.description}</Text>
        </Section>
      )}
      <Section title={t('listingDetail.when')}>
        {listing.schedules.length === 0 ? (
          <Text>{t('listingDetail.noSchedule')}</Text>
        ) : (
          <List spacing={2}>
            {listing.schedules.map((schedule, index) => (
              <List.Item key={index}>
                {scheduleLine(schedule, t, locale, format.date) || (
                  <span lang={own}>{schedule.description}</span>
                )}
              </List.Item>
            ))}
          </List>
        )}
      </Section>
      <Section title={t('listingDetail.where')}>
        {listing.places.length === 0 ? (
          <Text>{t('listingDetail.noPlace')}</Text>
        ) : (
          listing.places.map((place, index) => (
            <Stack key={index} gap={2}>
              {place.name && (
                <Text fw={600} lang={own}>
                  {place.name}
                </Text>
              )}
              {place.address && (
                <Text component="address" style={{ fontStyle: 'normal' }}>
                  {place.address.line}
                  <br />
                  {[place.address.city, place.address.stateProvince, place.address.postalCode]
                    .filter(Boolean)
                    .join(' ')}
                </Text>
              )}
              {place.accessibility.map((text) => (
                <Text key={text} size="sm" lang={own}>
                  {t('listingDetail.accessibility', { text })}
                </Text>
              ))}
            </Stack>
          ))
        )}
        {mapped.length > 0 && (
          <Paper
            withBorder
            className={classes.noPrint}
            style={{ overflow: 'hidden' }}
            role="region"
            aria-label={t('listingDetail.map')}
          >
            {settings.isPending ? (
              <PageLoader />
            ) : (
              <Suspense fallback={<PageLoader />}>
                <ListingMap
                  places={mapped}
                  tileUrl={settings.data?.mapTileUrl ?? null}
                  attribution={settings.data?.mapAttribution ?? null}
                />
              </Suspense>
            )}
          </Paper>
        )}
      </Section>
      <Section title={t('listingDetail.contact')}>
        <List spacing={2} listStyleType="none">
          {listing.phones.map((phone) => (
            <List.Item key={phone.number}>
              {t('listingDetail.phone', { number: phone.number })}
            </List.Item>
          ))}
          {listing.email && (
            <List.Item>
              {t('listingDetail.email', { email: '' })}
              <Anchor href={`mailto:${listing.email}`}>{listing.email}</Anchor>
            </List.Item>
          )}
          {listing.url && (
            <List.Item>
              <Anchor href={listing.url} target="_blank" rel="noreferrer">
                {t('listingDetail.website')}
              </Anchor>{' '}
              <Text span size="sm" c="dimmed">
                ({listing.url})
              </Text>
            </List.Item>
          )}
        </List>
      </Section>
      <Section title={t('listingDetail.cost')}>
        {listing.costs.length > 0 ? (
          <List spacing={2} listStyleType="none">
            {listing.costs.map((cost, index) => (
              <List.Item key={index}>
                {cost.amount === 0 ? (
                  t('listingDetail.free')
                ) : cost.amount !== null ? (
                  new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
                    style: 'currency',
                    currency: cost.currency ?? 'CAD',
                  }).format(cost.amount)
                ) : (
                  <span lang={own}>{cost.option}</span>
                )}
              </List.Item>
            ))}
          </List>
        ) : (
          <Text lang={own}>{listing.feesDescription ?? '–'}</Text>
        )}
      </Section>
      <Section title={t('listingDetail.languages')}>
        <Text>
          {listing.languages.map((code) => languageNames.of(code) ?? code).join(', ') || '–'}
        </Text>
      </Section>
      {(ages || listing.eligibility || listing.applicationProcess) && (
        <Section title={t('listingDetail.whoFor')}>
          {ages && <Text>{ages}</Text>}
          {listing.eligibility && (
            <Text lang={own}>{t('listingDetail.eligibility', { text: listing.eligibility })}</Text>
          )}
          {listing.applicationProcess && (
            <Text lang={own}>
              {t('listingDetail.howToJoin', { text: listing.applicationProcess })}
            </Text>
          )}
        </Section>
      )}
      <Section title={t('listingDetail.room')}>
        {listing.referralStatus === 'full' && (
          <Alert color="red" variant="light" p="xs">
            {t('listingDetail.fullNow')}
          </Alert>
        )}
        {listing.capacities.map((capacity, index) =>
          capacity.available === null ? null : (
            <Text key={index}>
              {capacity.maximum !== null
                ? t('listingDetail.capacity', {
                    available: capacity.available,
                    maximum: capacity.maximum,
                  })
                : t('listingDetail.capacityAvailable', { available: capacity.available })}
            </Text>
          ),
        )}
        {listing.referralStatus !== 'full' && listing.capacities.length === 0 && (
          <ReferralStatusBadge status={listing.referralStatus} />
        )}
      </Section>
      <Section title={t('listingDetail.confirmed')}>
        <Text>
          {listing.lastConfirmedAt
            ? t('listingDetail.confirmedOn', { date: format.date(listing.lastConfirmedAt) })
            : listing.lastModified
              ? t('listingDetail.changedOn', { date: format.date(listing.lastModified) })
              : t('listingDetail.neverConfirmed')}
        </Text>
      </Section>
    </Stack>
  );
}
