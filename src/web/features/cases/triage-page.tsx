import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactElement, useState } from 'react';
import { Link } from '../../navigation';
import type { TriageItem, TriageList, TriageSort } from '../../../shared/contracts/cases';
import { FormAlert } from '../../components/form-alert';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { StatusMessage, useNotice } from '../../components/status-message';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { AssignControl } from './assign-control';
import { badgeLooks } from '../../components/badge-looks';
import { urgencyLook, useCaseLabels } from './case-labels';
import { assignCase, casesQueryKey, takeCase, useTriage } from './cases-api';

function isSort(value: string): value is TriageSort {
  return value === 'newest' || value === 'urgent' || value === 'waiting';
}

/** New referrals of the team's sites, for a link worker to take or a manager to assign. */
export function TriagePage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('cases.triage.title'));
  const [sort, setSort] = useState<TriageSort>('waiting');
  const [siteId, setSiteId] = useState('');
  const triage = useTriage(sort, siteId);
  const sites = useCaseSites();
  const queryClient = useQueryClient();
  const [message, setMessage] = useNotice();

  const act = useMutation({
    mutationFn: ({ item, accountId }: { item: TriageItem; accountId?: string }) =>
      accountId
        ? assignCase(item.id, { accountId, version: item.version })
        : takeCase(item.id, item.version),
    onSuccess: (detail, { accountId }) => {
      const reference = detail.reference;
      setMessage((t) =>
        accountId
          ? t('cases.triage.assigned', { reference })
          : t('cases.triage.taken', { reference }),
      );
      void queryClient.invalidateQueries({ queryKey: casesQueryKey });
    },
    onError: () => {
      setMessage(null);
      void queryClient.invalidateQueries({ queryKey: casesQueryKey });
    },
  });

  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Title order={1}>{t('cases.triage.title')}</Title>
        <Text mt={4}>{t('cases.triage.intro')}</Text>
      </div>
      <Group>
        <Button component={Link} to="/cases/agency-referral" variant="light">
          {t('agencyReferral.open')}
        </Button>
      </Group>
      <NativeSelect
        label={t('cases.triage.sort')}
        maw={320}
        value={sort}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (isSort(value)) setSort(value);
        }}
        data={[
          { value: 'waiting', label: t('cases.triage.sortWaiting') },
          { value: 'urgent', label: t('cases.triage.sortUrgent') },
          { value: 'newest', label: t('cases.triage.sortNewest') },
        ]}
      />
      {sites.length > 1 && (
        <NativeSelect
          label={t('cases.triage.site')}
          maw={320}
          value={siteId}
          onChange={(event) => setSiteId(event.currentTarget.value)}
          data={[{ value: '', label: t('cases.triage.allSites') }, ...sites]}
        />
      )}
      <FormAlert error={act.error} />
      <StatusMessage message={message} />
      {triage.isPending ? (
        <PageLoader />
      ) : triage.isError ? (
        <LoadError error={triage.error} onRetry={() => void triage.refetch()} />
      ) : (
        <TriageItems
          list={triage.data}
          pendingId={act.isPending ? act.variables.item.id : null}
          onTake={(item) => act.mutate({ item })}
          onAssign={(item, accountId) => act.mutate({ item, accountId })}
        />
      )}
    </Stack>
  );
}

/** The sites where the signed-in person works on cases, for the site filter. */
function useCaseSites(): { value: string; label: string }[] {
  const { account } = useSession();
  const sites = new Map<string, string>();
  for (const grant of account.grants) {
    if ((grant.role === 'link_worker' || grant.role === 'site_manager') && grant.siteId)
      sites.set(grant.siteId, grant.siteName ?? grant.siteId);
  }
  return [...sites].map(([value, label]) => ({ value, label }));
}

type ItemsProps = {
  list: TriageList;
  pendingId: string | null;
  onTake: (item: TriageItem) => void;
  onAssign: (item: TriageItem, accountId: string) => void;
};

function TriageItems({ list, pendingId, onTake, onAssign }: ItemsProps): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const format = useFormat();
  if (list.items.length === 0) return <Alert color="gray">{t('cases.triage.empty')}</Alert>;
  return (
    <Stack
      component="ul"
      gap="sm"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
      aria-label={t('cases.triage.tableLabel')}
    >
      {list.items.map((item) => (
        <Paper component="li" key={item.id} withBorder p="md" radius="md">
          <Stack gap="xs">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Title order={2} size="h4">
                <Anchor component={Link} to={`/cases/${item.id}`}>
                  {item.reference} · {item.personName}
                </Anchor>
              </Title>
              <Group gap={6}>
                <Badge {...urgencyLook(item.urgency)}>{labels.urgency(item.urgency)}</Badge>
                {item.waitingTooLong && (
                  <Badge {...badgeLooks.alert}>{t('cases.triage.waitingTooLong')}</Badge>
                )}
                {item.possibleDuplicate && (
                  <Badge {...badgeLooks.warning}>{t('cases.triage.possibleDuplicate')}</Badge>
                )}
              </Group>
            </Group>
            <Text size="sm">
              {t('cases.triage.age', { age: item.age })} · {labels.source(item.source)} ·{' '}
              {item.preferredLanguage.toUpperCase()} · {item.siteName}
            </Text>
            <Text size="sm">
              <strong>{t('cases.triage.reasons')}:</strong>{' '}
              {item.reasons.map(labels.reason).join(', ')}
            </Text>
            <Text size="sm">
              <strong>{t('cases.triage.referred')}:</strong> {format.date(item.referredAt)} (
              {t('cases.triage.days', { count: item.daysWaiting })})
            </Text>
            <Group gap="sm" align="flex-end" wrap="wrap">
              {item.canTake && (
                <Button
                  size="xs"
                  onClick={() => onTake(item)}
                  loading={pendingId === item.id}
                  aria-label={t('cases.triage.takeCase', { reference: item.reference })}
                >
                  {t('cases.triage.take')}
                </Button>
              )}
              {item.canAssign && (
                <AssignControl
                  reference={item.reference}
                  siteId={item.siteId}
                  assignees={list.assignees}
                  pending={pendingId === item.id}
                  onAssign={(accountId) => onAssign(item, accountId)}
                />
              )}
            </Group>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
