import { Badge, Button, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import type { ReactElement } from 'react';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { FormAlert } from '../../components/form-alert';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { AssignControl } from './assign-control';
import { badgeLooks } from '../../components/badge-looks';
import { useCaseLabels } from './case-labels';
import { assignCase, takeCase } from './cases-api';
import { useCaseMutation } from './case-mutation';

/** Reference, person, status, stage and who holds the case; take or assign it from here. */
export function CaseHeader({ detail }: { detail: CaseDetail }): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const format = useFormat();
  const take = useCaseMutation(detail.id, () => takeCase(detail.id, detail.version));
  const assign = useCaseMutation(detail.id, (accountId: string) =>
    assignCase(detail.id, { accountId, version: detail.version }),
  );
  const { person } = detail;
  return (
    <Stack gap="xs">
      <Title order={1}>
        {detail.reference} · {person.givenName} {person.familyName}
      </Title>
      <Group gap="xs" wrap="wrap">
        <Badge {...badgeLooks.quiet}>
          {format.labelValue(t('cases.page.status'), labels.status(detail.status))}
        </Badge>
        <Badge {...badgeLooks.info}>
          {format.labelValue(t('cases.page.stage'), labels.stage(detail.stage))}
        </Badge>
        {detail.outcomeCode && (
          // The concept in words; the SNOMED CT code, for whoever codes records, on hover or focus.
          <Tooltip
            label={t('cases.page.outcomeCode', { code: detail.outcomeCode })}
            events={{ hover: true, focus: true, touch: true }}
          >
            <Badge {...badgeLooks.quiet} tabIndex={0}>
              {format.labelValue(t('cases.page.outcome'), labels.outcomeCode(detail.outcomeCode))}
            </Badge>
          </Tooltip>
        )}
      </Group>
      <Text size="sm">
        {format.label(t('cases.page.assignee'))}{' '}
        {detail.assignee ? detail.assignee.displayName : t('cases.page.unassigned')} ·{' '}
        {detail.siteName}
      </Text>
      <FormAlert error={take.error ?? assign.error} />
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
    </Stack>
  );
}
