import { Anchor, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link, useSearchParams } from '../../navigation';
import { type ConnectionStatus, connectionStatuses } from '../../../shared/pathway';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { usePartnerConnections } from './connections-api';
import { ConnectionStatusBadge } from './connection-status-badge';

const shownStatuses = connectionStatuses.filter((s) => s !== 'proposed');

function statusFrom(value: string | null): ConnectionStatus | null {
  return shownStatuses.find((s) => s === value) ?? null;
}

/** The connections sent to the partner's organisation, newest change first. */
export function PartnerInboxPage(): ReactElement {
  const { t } = useT();
  const format = useFormat();
  usePageTitle(t('connections.partner.title'));
  const [params, setParams] = useSearchParams();
  const status = statusFrom(params.get('status'));
  const query = usePartnerConnections(status);
  return (
    <Stack gap="lg">
      <Title order={1}>{t('connections.partner.title')}</Title>
      <NativeSelect
        label={t('connections.partner.filter')}
        value={status ?? ''}
        maw={320}
        onChange={(event) => {
          const value = statusFrom(event.currentTarget.value);
          setParams(value ? { status: value } : {});
        }}
        data={[
          { value: '', label: t('connections.partner.all') },
          ...shownStatuses.map((s) => ({ value: s, label: t(`connections.status.${s}`) })),
        ]}
      />
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Text>{t('connections.partner.none')}</Text>
      ) : (
        <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {query.data.items.map((item) => (
            <li key={item.id}>
              <Paper withBorder p="md">
                <Stack gap={4}>
                  <Group justify="space-between" gap="xs">
                    <Anchor component={Link} to={`/partner/connections/${item.id}`} fw={600}>
                      {t('connections.partner.open', {
                        activity: item.activity,
                        name: item.personName,
                      })}
                    </Anchor>
                    <ConnectionStatusBadge status={item.status} labelled={false} />
                  </Group>
                  <Text size="sm">
                    {t('connections.partner.referredBy', { site: item.siteName })}
                    {item.sentAt
                      ? ` · ${t('connections.partner.sentOn', { date: format.date(item.sentAt) })}`
                      : ''}
                  </Text>
                </Stack>
              </Paper>
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
