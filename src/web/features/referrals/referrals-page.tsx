import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link, useLocation } from '../../navigation';
import type { ReferralListItem } from '../../../shared/contracts/referrals';
import { LoadMoreList } from '../../components/load-more-list';
import { usePageTitle } from '../../components/page-title';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { useLabels } from '../../labels';
import { useMyReferrals } from './referrals-api';

function sentReference(state: unknown): string | undefined {
  if (typeof state === 'object' && state !== null && 'sent' in state) {
    return typeof state.sent === 'string' ? state.sent : undefined;
  }
  return undefined;
}

/** The referrer's own referrals, newest first, with where each one stands. */
export function ReferralsPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('referrals.list.title'));
  const location = useLocation();
  const sent = sentReference(location.state);
  const query = useMyReferrals();
  return (
    <Stack gap="lg" maw={900}>
      <Group justify="space-between">
        <Title order={1}>{t('referrals.list.title')}</Title>
        <Button component={Link} to="/referrals/new">
          {t('referrals.list.newReferral')}
        </Button>
      </Group>
      {sent && (
        <Alert color="green" role="status">
          {t('referrals.form.sent', { reference: sent })}
        </Alert>
      )}
      <LoadMoreList
        query={query}
        empty={t('referrals.list.empty')}
        shown={(count) => t('referrals.list.shown', { count })}
      >
        {(items) => (
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
            {items.map((item) => (
              <ReferralCard key={item.id} item={item} />
            ))}
          </Stack>
        )}
      </LoadMoreList>
    </Stack>
  );
}

function ReferralCard({ item }: { item: ReferralListItem }): ReactElement {
  const { t } = useT();
  const labels = useLabels();
  const format = useFormat();
  return (
    <Paper component="li" withBorder p="md" radius="md">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Anchor
            component={Link}
            to={`/referrals/${item.id}`}
            fw={700}
            aria-label={t('referrals.list.open', { reference: item.reference })}
          >
            {item.reference}
          </Anchor>
          <Text>{labels.personName(item.personName)}</Text>
        </Group>
        <Text>{t(`referrals.statuses.${item.status}`)}</Text>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
          <Text size="sm">
            {format.labelValue(t('referrals.list.referredAt'), format.date(item.referredAt))}
          </Text>
          <Text size="sm">
            {format.label(t('referrals.list.assigned'))}{' '}
            {item.assigned ? t('referrals.list.assignedYes') : t('referrals.list.assignedNo')}
          </Text>
          {item.closedAt && (
            <Text size="sm">
              {format.labelValue(t('referrals.list.closedAt'), format.date(item.closedAt))}
            </Text>
          )}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
