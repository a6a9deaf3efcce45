import { Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactElement, type ReactNode, useState } from 'react';
import type { ChangeRequest, Listing } from '../../../shared/contracts/listings';
import { FormAlert } from '../../components/form-alert';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { StatusMessage, useNotice } from '../../components/status-message';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { PossiblyStaleBadge, ReferralStatusBadge } from '../directory-search';
import { AddressForm, CapacityForm, ScheduleForm, ServiceForm } from './listing-forms';
import { scheduleDaysSentence } from './schedule-words';
import { confirmListing, myListingsKey, useMyListings } from './listings-api';

/** Partner staff keep their organisation's listings here. */
export function MyListingsPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('listings.mine.title'));
  const query = useMyListings();
  return (
    <Stack gap="lg">
      <Title order={1}>{t('listings.mine.title')}</Title>
      <Text>{t('listings.mine.intro')}</Text>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Text>{t('listings.mine.none')}</Text>
      ) : (
        query.data.items.map((listing) => (
          <ListingCard
            key={listing.id}
            listing={listing}
            staleAfterDays={query.data.staleAfterDays}
          />
        ))
      )}
    </Stack>
  );
}

type Editing =
  | { kind: 'service' }
  | { kind: 'capacity'; id: string }
  | { kind: 'schedule'; id: string | null }
  | { kind: 'location'; id: string }
  | null;

function ListingCard({
  listing,
  staleAfterDays,
}: {
  listing: Listing;
  staleAfterDays: number;
}): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing>(null);
  const [message, setMessage] = useNotice();
  const days = (byday: string | null): string =>
    byday ? scheduleDaysSentence(byday, t, locale) : '';
  const name = listing.text[locale].name || listing.text.fr.name || listing.text.en.name;
  const confirm = useMutation({
    mutationFn: () => confirmListing(listing.id),
    onSuccess: async () => {
      setMessage((t) => t('listings.mine.confirmed', { name }));
      await queryClient.invalidateQueries({ queryKey: myListingsKey });
    },
  });
  const headingId = `listing-${listing.id}`;
  const close = (): void => setEditing(null);
  const sent = (): void => {
    setEditing(null);
    setMessage((t) => t('listings.mine.proposed'));
  };
  const is = (kind: NonNullable<Editing>['kind'], id?: string | null): boolean =>
    editing?.kind === kind && (id === undefined || ('id' in editing && editing.id === id));
  return (
    <Paper component="article" aria-labelledby={headingId} withBorder p="md">
      <Stack gap="md">
        <Stack gap={4}>
          <Title
            order={2}
            id={headingId}
            size="h3"
            lang={listing.text[locale].name ? locale : undefined}
          >
            {name}
          </Title>
          <Group gap="xs">
            <ReferralStatusBadge status={listing.referralStatus} />
            {listing.possiblyStale && <PossiblyStaleBadge />}
          </Group>
          <Text size="sm">
            {t('listings.mine.organization', { name: listing.organizationName })}
          </Text>
          <Text size="sm">
            {listing.lastConfirmedAt
              ? t('listings.mine.lastConfirmed', { date: format.date(listing.lastConfirmedAt) })
              : t('listings.mine.neverConfirmed')}
            {listing.possiblyStale
              ? ` · ${t('listings.stale.explain', { days: staleAfterDays })}`
              : ''}
          </Text>
          <Group>
            <Button
              variant="light"
              loading={confirm.isPending}
              aria-label={t('listings.mine.confirmNamed', { name })}
              onClick={() => confirm.mutate()}
            >
              {t('listings.mine.confirm')}
            </Button>
          </Group>
          <FormAlert error={confirm.error} />
          <StatusMessage message={message} />
        </Stack>

        <Part
          id={`${headingId}-details`}
          title={t('listings.mine.details')}
          editLabel={t('listings.mine.editNamed', { what: t('listings.mine.details') })}
          open={is('service')}
          onEdit={() => setEditing({ kind: 'service' })}
          form={<ServiceForm listing={listing} onSent={sent} onCancel={close} />}
        >
          <Text size="sm" lineClamp={3} lang={locale}>
            {listing.text[locale].description}
          </Text>
          <Text size="sm">
            {t(`listings.serviceStatus.${serviceStatusKey(listing.status)}`)}
            {listing.email ? ` · ${listing.email}` : ''}
          </Text>
        </Part>

        <Stack gap="xs">
          <Title order={3} size="h4" id={`${headingId}-capacity`}>
            {t('listings.mine.capacity')}
          </Title>
          {listing.capacities.length === 0 && (
            <Text size="sm">{t('listings.mine.noCapacity')}</Text>
          )}
          {listing.capacities.map((capacity) => (
            <Item
              key={capacity.id}
              editLabel={t('listings.mine.editNamed', { what: t('listings.mine.capacity') })}
              open={is('capacity', capacity.id)}
              onEdit={() => setEditing({ kind: 'capacity', id: capacity.id })}
              form={
                <CapacityForm listing={listing} item={capacity} onSent={sent} onCancel={close} />
              }
            >
              {capacity.maximum === null
                ? t('listings.mine.placesAvailableNoMax', { available: capacity.available ?? 0 })
                : t('listings.mine.placesAvailable', {
                    available: capacity.available ?? 0,
                    maximum: capacity.maximum,
                  })}
            </Item>
          ))}
        </Stack>

        <Stack gap="xs">
          <Title order={3} size="h4" id={`${headingId}-schedules`}>
            {t('listings.mine.schedules')}
          </Title>
          {listing.schedules.length === 0 && <Text size="sm">{t('listings.mine.noSchedule')}</Text>}
          {listing.schedules.map((schedule) => (
            <Item
              key={schedule.id}
              editLabel={t('listings.mine.editNamed', {
                what: `${t('listings.entity.schedule')} ${days(schedule.byday)}`,
              })}
              open={is('schedule', schedule.id)}
              onEdit={() => setEditing({ kind: 'schedule', id: schedule.id })}
              form={
                <ScheduleForm listing={listing} item={schedule} onSent={sent} onCancel={close} />
              }
            >
              {[
                days(schedule.byday),
                [schedule.opensAt, schedule.closesAt].filter(Boolean).join('–'),
                schedule.description,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Item>
          ))}
          {is('schedule', null) ? (
            <ScheduleForm listing={listing} item={null} onSent={sent} onCancel={close} />
          ) : (
            <Group>
              <Button variant="default" onClick={() => setEditing({ kind: 'schedule', id: null })}>
                {t('listings.mine.addSchedule')}
              </Button>
            </Group>
          )}
        </Stack>

        <Stack gap="xs">
          <Title order={3} size="h4" id={`${headingId}-places`}>
            {t('listings.mine.places')}
          </Title>
          {listing.locations.length === 0 && <Text size="sm">{t('listings.mine.noPlace')}</Text>}
          {listing.locations.map((location) => (
            <Item
              key={location.id}
              editLabel={t('listings.mine.editNamed', {
                what: `${t('listings.entity.location')} ${location.name ?? ''}`,
              })}
              open={is('location', location.id)}
              onEdit={() => setEditing({ kind: 'location', id: location.id })}
              form={
                <AddressForm listing={listing} item={location} onSent={sent} onCancel={close} />
              }
            >
              {[
                location.name,
                location.address &&
                  `${location.address.address1}, ${location.address.city} ${location.address.postalCode}`,
              ]
                .filter(Boolean)
                .join(' — ')}
            </Item>
          ))}
        </Stack>

        <PendingChanges headingId={`${headingId}-pending`} changes={listing.pendingChanges} />
        {listing.recentDecisions.length > 0 && (
          <RecentDecisions headingId={`${headingId}-decisions`} changes={listing.recentDecisions} />
        )}
      </Stack>
    </Paper>
  );
}

function serviceStatusKey(
  status: string,
): 'active' | 'inactive' | 'temporarily closed' | 'defunct' {
  return status === 'inactive' || status === 'temporarily closed' || status === 'defunct'
    ? status
    : 'active';
}

/** A titled part of a listing with its Edit button, or its form while editing. */
function Part({
  id,
  title,
  editLabel,
  open,
  onEdit,
  form,
  children,
}: {
  id: string;
  title: string;
  editLabel: string;
  open: boolean;
  onEdit: () => void;
  form: ReactElement;
  children: ReactNode;
}): ReactElement {
  const { t } = useT();
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={3} size="h4" id={id}>
          {title}
        </Title>
        {!open && (
          <Button variant="subtle" size="compact-sm" aria-label={editLabel} onClick={onEdit}>
            {t('listings.mine.edit')}
          </Button>
        )}
      </Group>
      {open ? form : children}
    </Stack>
  );
}

function Item({
  editLabel,
  open,
  onEdit,
  form,
  children,
}: {
  editLabel: string;
  open: boolean;
  onEdit: () => void;
  form: ReactElement;
  children: ReactNode;
}): ReactElement {
  const { t } = useT();
  if (open) return form;
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start">
      <Text size="sm">{children}</Text>
      <Button variant="subtle" size="compact-sm" aria-label={editLabel} onClick={onEdit}>
        {t('listings.mine.edit')}
      </Button>
    </Group>
  );
}

function PendingChanges({
  headingId,
  changes,
}: {
  headingId: string;
  changes: ChangeRequest[];
}): ReactElement {
  const { t } = useT();
  const format = useFormat();
  return (
    <Stack gap="xs">
      <Title order={3} size="h4" id={headingId}>
        {t('listings.mine.pending')}
      </Title>
      {changes.length === 0 ? (
        <Text size="sm">{t('listings.mine.noPending')}</Text>
      ) : (
        <List size="sm">
          {changes.map((change) => (
            <List.Item key={change.id}>
              {t(`listings.entity.${change.entityType}`)} —{' '}
              {t('listings.changes.proposedBy', {
                name: change.proposedBy,
                date: format.dateTime(change.proposedAt),
              })}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

function RecentDecisions({
  headingId,
  changes,
}: {
  headingId: string;
  changes: ChangeRequest[];
}): ReactElement {
  const { t } = useT();
  const format = useFormat();
  return (
    <Stack gap="xs">
      <Title order={3} size="h4" id={headingId}>
        {t('listings.mine.decisions')}
      </Title>
      <List size="sm">
        {changes.map((change) => {
          const what = t(`listings.entity.${change.entityType}`);
          const date = change.reviewedAt ? format.date(change.reviewedAt) : '';
          return (
            <List.Item key={change.id}>
              {change.status === 'rejected'
                ? t('listings.mine.rejectedOn', { what, date, note: change.reviewNote ?? '' })
                : t('listings.mine.approvedOn', { what, date })}
            </List.Item>
          );
        })}
      </List>
    </Stack>
  );
}
