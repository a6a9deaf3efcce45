import { Alert, Anchor, Badge, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { CaseloadItem } from '../../../shared/contracts/cases';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { badgeLooks } from '../../components/badge-looks';
import { useCaseLabels } from './case-labels';
import { useCaseload } from './cases-api';

/** Open cases with their stage and next action; cases waiting too long come first. */
export function CaseloadPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('cases.caseload.title'));
  const [params, setParams] = useSearchParams();
  const assignee = params.get('assignee') ?? 'me';
  const caseload = useCaseload(assignee);
  const assigneeOptions = [
    { value: 'me', label: t('cases.caseload.mine') },
    { value: 'all', label: t('cases.caseload.all') },
    ...(caseload.data?.assignees ?? [])
      .filter((a, i, all) => all.findIndex((b) => b.accountId === a.accountId) === i)
      .map((a) => ({ value: a.accountId, label: a.displayName })),
  ];

  return (
    <Stack gap="lg" maw={1080}>
      <Title order={1}>{t('cases.caseload.title')}</Title>
      <NativeSelect
        label={t('cases.caseload.whose')}
        maw={360}
        data={assigneeOptions}
        value={assignee}
        onChange={(event) => setParams({ assignee: event.currentTarget.value })}
      />
      {caseload.isPending ? (
        <PageLoader />
      ) : caseload.isError ? (
        <LoadError error={caseload.error} onRetry={() => void caseload.refetch()} />
      ) : caseload.data.items.length === 0 ? (
        <Alert color="gray">{t('cases.caseload.empty')}</Alert>
      ) : (
        <CaseloadTable items={caseload.data.items} />
      )}
    </Stack>
  );
}

function CaseloadTable({ items }: { items: CaseloadItem[] }): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const format = useFormat();
  return (
    <TableScroll label={t('cases.caseload.tableLabel')}>
      <Table striped highlightOnHover miw={720}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('cases.caseload.reference')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.person')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.stage')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.nextAction')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.due')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.flag')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.assignee')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.id}>
              <Table.Td>
                <Anchor component={Link} to={`/cases/${item.id}`} fw={500}>
                  {item.reference}
                </Anchor>
              </Table.Td>
              <Table.Td>{item.personName}</Table.Td>
              <Table.Td>
                <Badge {...badgeLooks.info}>{labels.stage(item.stage)}</Badge>
              </Table.Td>
              <Table.Td>
                {item.nextAction ? labels.nextAction(item.nextAction) : t('cases.caseload.none')}
              </Table.Td>
              <Table.Td>
                {item.nextActionOn ? format.date(`${item.nextActionOn}T12:00:00Z`) : ''}
              </Table.Td>
              <Table.Td>
                {item.waitingTooLong ? (
                  <Badge {...badgeLooks.alert}>{t('cases.caseload.waitingTooLong')}</Badge>
                ) : (
                  <Text span size="sm" c="dimmed">
                    –
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{item.assigneeName ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
