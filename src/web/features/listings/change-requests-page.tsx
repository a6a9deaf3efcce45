import { Alert, Button, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import type { ChangeRequest } from '../../../shared/contracts/listings';
import { FormActions } from '../../components/form-actions';
import { FormAlert, fieldError } from '../../components/form-alert';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { StatusMessage, type Words, useNotice } from '../../components/status-message';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { PossiblyStaleBadge } from '../directory-search';
import { approveChange, changeRequestsKey, rejectChange, usePendingChanges } from './listings-api';
import type { Locale } from '../../../shared/locale';
import { scheduleDaysSentence } from './schedule-words';

/** The moderation queue: what partners propose, field by field, to approve or reject. */
export function ChangeRequestsPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('listings.changes.title'));
  const query = usePendingChanges();
  const [message, setMessage] = useNotice();
  return (
    <Stack gap="lg">
      <Title order={1}>{t('listings.changes.title')}</Title>
      <Text>{t('listings.changes.intro')}</Text>
      <StatusMessage message={message} />
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Text>{t('listings.changes.none')}</Text>
      ) : (
        query.data.items.map((change) => (
          <ChangeCard key={change.id} change={change} onDone={setMessage} />
        ))
      )}
    </Stack>
  );
}

function ChangeCard({
  change,
  onDone,
}: {
  change: ChangeRequest;
  onDone: (message: Words) => void;
}): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const refresh = (): Promise<void> =>
    queryClient.invalidateQueries({ queryKey: changeRequestsKey });
  const approve = useMutation({
    mutationFn: () => approveChange(change.id, change.version),
    onSuccess: async () => {
      onDone((t) => t('listings.changes.approved'));
      await refresh();
    },
  });
  const reject = useMutation({
    mutationFn: () => rejectChange(change.id, change.version, note),
    onSuccess: async () => {
      onDone((t) => t('listings.changes.rejected'));
      await refresh();
    },
  });
  const headingId = `change-${change.id}`;
  const what = t(`listings.entity.${change.entityType}`);
  const submitReject = (event: FormEvent): void => {
    event.preventDefault();
    reject.mutate();
  };
  return (
    <Paper component="article" aria-labelledby={headingId} withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {t('listings.changes.what', {
            what,
            service: change.serviceName,
            organization: change.organizationName,
          })}
        </Title>
        <Group gap="xs">{change.possiblyStale && <PossiblyStaleBadge />}</Group>
        <Text size="sm">
          {t('listings.changes.proposedBy', {
            name: change.proposedBy,
            date: format.dateTime(change.proposedAt),
          })}
        </Text>
        {change.sharedWith.length > 0 && (
          <Alert color="blue" title={t('listings.changes.sharedTitle')}>
            {t('listings.changes.sharedWith', { organisations: change.sharedWith.join(', ') })}
          </Alert>
        )}
        {change.targetChanged && (
          <Alert color="orange" title={t('listings.changes.targetChanged')}>
            {null}
          </Alert>
        )}
        {change.diff.length === 0 ? (
          <Text size="sm">{t('listings.changes.noDifference')}</Text>
        ) : (
          <TableScroll label={what}>
            <Table striped>
              <Table.Caption>{what}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('listings.changes.field')}</Table.Th>
                  <Table.Th scope="col">{t('listings.changes.current')}</Table.Th>
                  <Table.Th scope="col">{t('listings.changes.proposed')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {change.diff.map((line) => (
                  <Table.Tr key={line.field}>
                    <Table.Th scope="row">{fieldName(t, line.field)}</Table.Th>
                    <Table.Td>
                      {line.current === null ? (
                        <Text span c="dimmed" inherit>
                          {t('listings.changes.empty')}
                        </Text>
                      ) : (
                        valueText(t, locale, line.field, line.current)
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text span fw={600} inherit>
                        {line.proposed === null
                          ? t('listings.changes.empty')
                          : valueText(t, locale, line.field, line.proposed)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
        <FormAlert error={approve.error} />
        {rejecting ? (
          <form onSubmit={submitReject} noValidate>
            <Stack gap="sm">
              <Textarea
                label={t('listings.changes.note')}
                required
                autosize
                minRows={2}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                error={fieldError(reject.error, 'note')}
              />
              <FormAlert error={reject.error} fields={['note']} />
              <FormActions
                submitLabel={t('listings.changes.confirmReject')}
                pending={reject.isPending}
                color="red.9"
                onCancel={() => setRejecting(false)}
              />
            </Stack>
          </form>
        ) : (
          <Group>
            {!change.targetChanged && (
              <Button
                loading={approve.isPending}
                aria-label={t('listings.changes.approveNamed', { service: change.serviceName })}
                onClick={() => approve.mutate()}
              >
                {t('listings.changes.approve')}
              </Button>
            )}
            <Button
              variant="default"
              aria-label={t('listings.changes.rejectNamed', { service: change.serviceName })}
              onClick={() => setRejecting(true)}
            >
              {t('listings.changes.reject')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

const knownFields = [
  'name',
  'description',
  'nameFr',
  'nameEn',
  'descriptionFr',
  'descriptionEn',
  'status',
  'email',
  'minimum_age',
  'maximum_age',
  'available',
  'maximum',
  'referral_status',
  'byday',
  'opens_at',
  'closes_at',
  'valid_from',
  'valid_to',
  'address_1',
  'city',
  'state_province',
  'postal_code',
  'country',
] as const;

/** Field names people read; an HSDS field we have no words for shows as it is named. */
function fieldName(t: ReturnType<typeof useT>['t'], field: string): string {
  // The server names a translated field `name.fr`; locale keys cannot hold a dot.
  const key = field.replace(/\.(fr|en)$/, (_, language: string) =>
    language === 'fr' ? 'Fr' : 'En',
  );
  const known = knownFields.find((k) => k === key);
  return known ? t(`listings.changes.fieldNames.${known}`) : field;
}

const referralStatuses = ['open', 'waitlist', 'full'] as const;
const serviceStatuses = ['active', 'inactive', 'temporarily closed', 'defunct'] as const;

/** Statuses and days in words; every other value as the listing holds it. */
function valueText(
  t: ReturnType<typeof useT>['t'],
  locale: Locale,
  field: string,
  value: string,
): string {
  if (field === 'byday') return scheduleDaysSentence(value, t, locale);
  const referral = referralStatuses.find((s) => s === value);
  if (field === 'referral_status' && referral) return t(`directorySearch.status.${referral}`);
  const service = serviceStatuses.find((s) => s === value);
  if (field === 'status' && service) return t(`listings.serviceStatus.${service}`);
  return value;
}
