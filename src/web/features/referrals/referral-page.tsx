import { Alert, Anchor, List, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link, useParams } from '../../navigation';
import type { Referral, ReferrerSummary } from '../../../shared/contracts/referrals';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { PageSection } from '../../components/page-section';
import { usePageTitle } from '../../components/page-title';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { type WebKey, useT } from '../../i18n';
import { useLabels } from '../../labels';
import { useReferral } from './referrals-api';

/** One referral as its referrer sees it: where it stands and, as consent allows, how it went. */
export function ReferralPage(): ReactElement {
  const { id = '' } = useParams();
  const { t } = useT();
  const query = useReferral(id);
  usePageTitle(
    query.data
      ? t('referrals.detail.title', { reference: query.data.reference })
      : t('referrals.list.title'),
  );
  return (
    <Stack gap="lg" maw={900}>
      <Anchor component={Link} to="/referrals" size="sm">
        {t('referrals.detail.backToList')}
      </Anchor>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <ReferralDetail referral={query.data} />
      )}
    </Stack>
  );
}

function ReferralDetail({ referral }: { referral: Referral }): ReactElement {
  const { t } = useT();
  const labels = useLabels();
  const format = useFormat();
  return (
    <>
      <Title order={1}>{t('referrals.detail.title', { reference: referral.reference })}</Title>
      <Text size="lg">{t(`referrals.statuses.${referral.status}`)}</Text>
      <PageSection id="referral-about" title={t('referrals.detail.about')}>
        <Stack gap={4} component="dl" m={0}>
          <Fact
            term={t('referrals.detail.person')}
            value={labels.personName(referral.personName)}
          />
          <Fact term={t('referrals.detail.site')} value={referral.siteName} />
          <Fact
            term={t('referrals.detail.referredAt')}
            value={format.dateTime(referral.referredAt)}
          />
          <Fact
            term={t('referrals.detail.urgency')}
            value={t(`referrals.urgencies.${referral.urgency}`)}
          />
          <Fact
            term={t('referrals.detail.reasons')}
            value={referral.reasons
              .map((reason) =>
                reason === 'other' && referral.reasonOther
                  ? format.labelValue(t('referrals.reasons.other'), referral.reasonOther)
                  : t(`referrals.reasons.${reason}`),
              )
              .join(', ')}
          />
        </Stack>
      </PageSection>
      <PageSection id="referral-history" title={t('referrals.detail.history')}>
        <List>
          {referral.history.map((change) => (
            <List.Item key={`${change.status}-${change.at}`}>
              {format.labelValue(
                format.dateTime(change.at),
                change.reassigned
                  ? t('referrals.detail.reassigned')
                  : t(`referrals.statuses.${change.status}`),
              )}
            </List.Item>
          ))}
        </List>
      </PageSection>
      <PageSection id="referral-summary" title={t('referrals.detail.summary')}>
        {referral.summary ? (
          <SummaryBack summary={referral.summary} />
        ) : (
          <Alert color={referral.summaryWithheld === 'no_consent' ? 'yellow' : 'blue'}>
            {t(`referrals.detail.withheld.${referral.summaryWithheld ?? 'not_closed'}`)}
          </Alert>
        )}
      </PageSection>
    </>
  );
}

function Fact({ term, value }: { term: string; value: string }): ReactElement {
  return (
    <div>
      <Text component="dt" fw={700} size="sm">
        {term}
      </Text>
      <Text component="dd" m={0}>
        {value}
      </Text>
    </div>
  );
}

function closureReasonKey(reason: string): WebKey {
  const known = [
    'goals_met',
    'moved',
    'declined',
    'no_contact',
    'referred_elsewhere',
    'unreachable',
    'not_interested',
    'needs_already_met',
    'not_the_right_time',
    'prefers_other_support',
  ] as const;
  const match = known.find((code) => code === reason);
  return `referrals.closureReasons.${match ?? 'other'}`;
}

/** The PRSB message back to the referrer: what was offered, taken up, and what changed. */
function SummaryBack({ summary }: { summary: ReferrerSummary }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const connections = (items: ReferrerSummary['offered']): ReactElement =>
    items.length === 0 ? (
      <Text>{t('referrals.detail.nothing')}</Text>
    ) : (
      <List>
        {items.map((item, index) => (
          <List.Item key={`${item.organisationName}-${item.activity}-${index}`}>
            {item.activity} ({item.organisationName}):{' '}
            {t(`referrals.connectionStatuses.${item.status}`)}
          </List.Item>
        ))}
      </List>
    );
  return (
    <Stack>
      <Stack gap={4} component="dl" m={0}>
        <Fact term={t('referrals.list.closedAt')} value={format.date(summary.closedAt)} />
        <Fact
          term={t('referrals.detail.closureReason')}
          value={t(closureReasonKey(summary.closureReason))}
        />
      </Stack>
      <Title order={3}>{t('referrals.detail.offered')}</Title>
      {connections(summary.offered)}
      <Title order={3}>{t('referrals.detail.takenUp')}</Title>
      {connections(summary.takenUp)}
      {summary.outcomes.length > 0 && (
        <>
          <Title order={3}>{t('referrals.detail.outcomes')}</Title>
          <TableScroll label={t('referrals.detail.outcomes')}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('referrals.detail.instrument')}</Table.Th>
                  <Table.Th scope="col">{t('referrals.detail.before')}</Table.Th>
                  <Table.Th scope="col">{t('referrals.detail.after')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {summary.outcomes.map((outcome) => (
                  <Table.Tr key={outcome.instrument}>
                    <Table.Td>{outcome.instrument}</Table.Td>
                    <Table.Td>
                      {outcome.before === null ? '–' : format.number(outcome.before)}
                    </Table.Td>
                    <Table.Td>
                      {outcome.after === null ? '–' : format.number(outcome.after)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        </>
      )}
      {summary.note && (
        <>
          <Title order={3}>{t('referrals.detail.note')}</Title>
          <Text>{summary.note}</Text>
        </>
      )}
    </Stack>
  );
}
