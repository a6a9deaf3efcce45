import { Anchor, Badge, Box, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { formatPhone, normalisePhone } from '../../../shared/phone';
import { FormAlert } from '../../components/form-alert';
import { ageOn, useFormat } from '../../format';
import { useT } from '../../i18n';
import { useLabels } from '../../labels';
import { AssignControl } from './assign-control';
import { badgeLooks } from '../../components/badge-looks';
import { useCaseLabels } from './case-labels';
import { OutcomeCodeBadge } from './outcome-code-badge';
import { assignCase, takeCase } from './cases-api';
import { useCaseMutation } from './case-mutation';

/**
 * What every section of a case needs in view: who the person is, how to reach them, where
 * the case stands and what comes next, who holds it, and what needs attention now.
 */
export function CaseHeader({ detail }: { detail: CaseDetail }): ReactElement {
  const { t, locale } = useT();
  const labels = useCaseLabels();
  const common = useLabels();
  const format = useFormat();
  const take = useCaseMutation(detail.id, () => takeCase(detail.id, detail.version));
  const assign = useCaseMutation(detail.id, (accountId: string) =>
    assignCase(detail.id, { accountId, version: detail.version }),
  );
  const { person } = detail;
  const none = t('cases.person.none');
  return (
    <Paper component="section" withBorder p="md" aria-labelledby="case-person-name">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={2}>
            <Title order={1} id="case-person-name">
              {common.personName(`${person.givenName} ${person.familyName}`)}
            </Title>
            <Text size="sm">
              {t('cases.header.who', {
                reference: detail.reference,
                age: ageOn(person.dateOfBirth),
                dateOfBirth: format.date(person.dateOfBirth),
              })}
            </Text>
          </Stack>
          <Flags detail={detail} />
        </Group>
        <Box
          component="dl"
          m={0}
          style={{
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fit, minmax(13rem, 1fr))',
            gap: 'var(--mantine-spacing-xs) var(--mantine-spacing-lg)',
          }}
        >
          <Item label={t('cases.header.reach')}>
            <Stack gap={0}>
              {person.phone ? (
                <Anchor href={`tel:${normalisePhone(person.phone) ?? person.phone}`}>
                  {formatPhone(person.phone, locale)}
                </Anchor>
              ) : (
                <Text span>{t('cases.header.noPhone')}</Text>
              )}
              {person.email && (
                <Anchor href={`mailto:${person.email}`} style={{ overflowWrap: 'anywhere' }}>
                  {person.email}
                </Anchor>
              )}
              <Text span size="sm">
                {t('cases.header.prefers', {
                  preference: labels.contactPreference(person.contactPreference),
                  // French writes language names in lower case mid-sentence; English does not.
                  language:
                    locale === 'fr'
                      ? format.midSentence(common.locale(person.preferredLanguage))
                      : common.locale(person.preferredLanguage),
                })}
              </Text>
            </Stack>
          </Item>
          <Item label={t('cases.page.stage')}>
            <Group gap={4} wrap="wrap">
              <Badge {...badgeLooks.info}>{labels.stage(detail.stage)}</Badge>
              <Badge {...badgeLooks.quiet}>
                {format.labelValue(t('cases.page.status'), labels.status(detail.status))}
              </Badge>
              {detail.outcomeCode && (
                <OutcomeCodeBadge
                  text={format.labelValue(
                    t('cases.page.outcome'),
                    labels.outcomeCode(detail.outcomeCode),
                  )}
                  code={t('cases.page.outcomeCode', { code: detail.outcomeCode })}
                />
              )}
            </Group>
          </Item>
          <Item label={t('cases.header.next')}>
            {detail.nextAction
              ? t('cases.header.nextDue', {
                  action: labels.nextAction(detail.nextAction),
                  date: detail.nextActionOn ? format.date(detail.nextActionOn) : none,
                })
              : t('cases.caseload.none')}
          </Item>
          <Item label={t('cases.page.assignee')}>
            {detail.assignee ? detail.assignee.displayName : t('cases.page.unassigned')} ·{' '}
            {detail.siteName}
          </Item>
        </Box>
        <FormAlert error={take.error ?? assign.error} />
        {(detail.permissions.canTake || detail.permissions.canAssign) && (
          <Group gap="sm" align="flex-end" wrap="wrap">
            {detail.permissions.canTake && (
              <Button onClick={() => take.mutate(undefined)} loading={take.isPending}>
                {t('cases.page.take')}
              </Button>
            )}
            {detail.permissions.canAssign && (
              <AssignControl
                reference={detail.reference}
                siteId={detail.siteId}
                assignees={detail.assignees}
                currentAccountId={detail.assignee?.accountId ?? null}
                pending={assign.isPending}
                onAssign={(accountId) => assign.mutate(accountId)}
              />
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }): ReactElement {
  return (
    <div>
      <Text component="dt" size="sm" fw={600}>
        {label}
      </Text>
      <Text component="dd" m={0} size="sm">
        {children}
      </Text>
    </div>
  );
}

/** What needs attention now: an open safeguarding alert, a case waiting too long. */
function Flags({ detail }: { detail: CaseDetail }): ReactElement | null {
  const { t } = useT();
  if (!detail.openSafeguarding && !detail.waitingTooLong) return null;
  return (
    <Group gap="xs" wrap="wrap">
      {detail.openSafeguarding && (
        <Badge {...badgeLooks.alert}>{t('cases.header.safeguardingOpen')}</Badge>
      )}
      {detail.waitingTooLong && (
        <Badge {...badgeLooks.alert}>{t('cases.caseload.waitingTooLong')}</Badge>
      )}
    </Group>
  );
}
