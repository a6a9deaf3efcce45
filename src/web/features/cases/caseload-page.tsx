import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from '../../navigation';
import type { Assignee, CaseloadItem, CaseloadQuery } from '../../../shared/contracts/cases';
import { caseloadViewFrom, openCaseStages } from '../../../shared/caseload';
import { FormAlert } from '../../components/form-alert';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { StatusMessage, useNotice } from '../../components/status-message';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { useLabels } from '../../labels';
import { badgeLooks } from '../../components/badge-looks';
import { useCaseLabels } from './case-labels';
import { CaseSearchForm } from './case-search-form';
import { casesQueryKey, reassignCases, useCaseload } from './cases-api';

/** Open cases with their stage and next action, in the order and with the filters asked. */
export function CaseloadPage(): ReactElement {
  const { t } = useT();
  const format = useFormat();
  usePageTitle(t('cases.caseload.title'));
  const [params, setParams] = useSearchParams();
  const query = caseloadViewFrom(params);
  const caseload = useCaseload(query);
  const isPhone = useMediaQuery('(max-width: 47.99em)') ?? false;
  // Two choices made before the page renders again (quick clicks) build on each other:
  // the second starts from the first's address, not from the one this render read.
  const pendingParams = useRef<URLSearchParams | null>(null);
  useEffect(() => {
    pendingParams.current = null;
  }, [params]);
  const setParam = (name: keyof CaseloadQuery, value: string): void => {
    const next = new URLSearchParams(pendingParams.current ?? params);
    if (value) next.set(name, value);
    else next.delete(name);
    pendingParams.current = next;
    setParams(next);
  };
  const assigneeOptions = [
    { value: 'me', label: t('cases.caseload.mine') },
    { value: 'all', label: t('cases.caseload.all') },
    ...(caseload.data?.assignees ?? [])
      .filter((a, i, all) => all.findIndex((b) => b.accountId === a.accountId) === i)
      .map((a) => ({ value: a.accountId, label: a.displayName })),
  ];
  const labels = useCaseLabels();

  return (
    <Stack gap="lg" maw={1180}>
      <Title order={1}>{t('cases.caseload.title')}</Title>
      <CaseSearchForm />
      <Group
        gap="sm"
        align="flex-end"
        wrap="wrap"
        role="group"
        aria-label={t('cases.caseload.filters')}
      >
        <NativeSelect
          label={t('cases.caseload.whose')}
          miw={200}
          data={assigneeOptions}
          value={query.assignee}
          onChange={(event) => setParam('assignee', event.currentTarget.value)}
        />
        <NativeSelect
          label={t('cases.caseload.sort')}
          miw={150}
          data={[
            { value: 'due', label: t('cases.caseload.sortDue') },
            { value: 'referred', label: t('cases.caseload.sortReferred') },
            { value: 'name', label: t('cases.caseload.sortName') },
            { value: 'stage', label: t('cases.caseload.sortStage') },
          ]}
          value={query.sort}
          onChange={(event) => setParam('sort', event.currentTarget.value)}
        />
        <NativeSelect
          label={t('cases.caseload.filterStage')}
          miw={150}
          data={[
            { value: '', label: t('cases.caseload.anyStage') },
            ...openCaseStages.map((stage) => ({ value: stage, label: labels.stage(stage) })),
          ]}
          value={query.stage ?? ''}
          onChange={(event) => setParam('stage', event.currentTarget.value)}
        />
        <NativeSelect
          label={t('cases.caseload.filterFlag')}
          miw={150}
          data={[
            { value: '', label: t('cases.caseload.anyFlag') },
            { value: 'waiting_too_long', label: t('cases.caseload.flagWaiting') },
            { value: 'safeguarding', label: t('cases.caseload.flagSafeguarding') },
          ]}
          value={query.flag ?? ''}
          onChange={(event) => setParam('flag', event.currentTarget.value)}
        />
        <NativeSelect
          label={t('cases.caseload.filterDue')}
          miw={130}
          data={[
            { value: '', label: t('cases.caseload.anyDue') },
            { value: 'overdue', label: t('cases.caseload.dueOverdue') },
            { value: 'this_week', label: t('cases.caseload.dueThisWeek') },
          ]}
          value={query.due ?? ''}
          onChange={(event) => setParam('due', event.currentTarget.value)}
        />
      </Group>
      {caseload.isPending ? (
        <PageLoader />
      ) : caseload.isError ? (
        <LoadError error={caseload.error} onRetry={() => void caseload.refetch()} />
      ) : caseload.data.items.length === 0 ? (
        <Alert color="gray">{t('cases.caseload.empty')}</Alert>
      ) : (
        <>
          {caseload.data.truncated && (
            <Alert color="yellow">
              {t('cases.caseload.truncated', { bound: format.number(caseload.data.bound) })}
            </Alert>
          )}
          <Caseload
            // A new list starts with nothing selected.
            key={params.toString()}
            items={caseload.data.items}
            assignees={caseload.data.assignees}
            isPhone={isPhone}
          />
        </>
      )}
    </Stack>
  );
}

type ListProps = {
  items: CaseloadItem[];
  selected: ReadonlySet<string>;
  onSelect: (id: string, on: boolean) => void;
};

/** The cases, a table on a wide screen and cards on a phone, with the manager's reassignment. */
function Caseload({
  items,
  assignees,
  isPhone,
}: {
  items: CaseloadItem[];
  assignees: Assignee[];
  isPhone: boolean;
}): ReactElement {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const onSelect = (id: string, on: boolean): void =>
    setSelected((was) => {
      const next = new Set(was);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const reassignable = items.filter((item) => item.canReassign);
  return (
    <Stack gap="md">
      {reassignable.length > 0 && (
        <ReassignBar
          items={items.filter((item) => selected.has(item.id))}
          assignees={assignees}
          onDone={() => setSelected(new Set())}
        />
      )}
      {isPhone ? (
        <CaseloadCards items={items} selected={selected} onSelect={onSelect} />
      ) : (
        <CaseloadTable
          items={items}
          selected={selected}
          onSelect={onSelect}
          onSelectAll={(on) => setSelected(new Set(on ? reassignable.map((item) => item.id) : []))}
        />
      )}
    </Stack>
  );
}

/** Hands the selected cases to one link worker of their site, in one go. */
function ReassignBar({
  items,
  assignees,
  onDone,
}: {
  items: CaseloadItem[];
  assignees: Assignee[];
  onDone: () => void;
}): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [accountId, setAccountId] = useState('');
  const [notice, setNotice] = useNotice();
  const sites = new Set(items.map((item) => item.siteId));
  // Someone who works at every site of the selection: usually the selection is one site's.
  const workers = assignees.filter(
    (a, i, all) =>
      all.findIndex((b) => b.accountId === a.accountId) === i &&
      [...sites].every((siteId) =>
        assignees.some((b) => b.accountId === a.accountId && b.siteId === siteId),
      ),
  );
  const reassign = useMutation({
    mutationFn: (to: string) =>
      reassignCases({
        cases: items.map((item) => ({ id: item.id, version: item.version })),
        accountId: to,
      }),
    onSuccess: async (result, to) => {
      const name = workers.find((w) => w.accountId === to)?.displayName ?? '';
      setNotice((t) => t('cases.caseload.reassigned', { count: result.reassigned, name }));
      setAccountId('');
      onDone();
      await queryClient.invalidateQueries({ queryKey: casesQueryKey });
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setNotice(null);
    if (accountId && items.length > 0) reassign.mutate(accountId);
  };
  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit}>
        <Stack gap="xs">
          <Group gap="xs" align="flex-end" wrap="wrap">
            <NativeSelect
              label={t('cases.caseload.reassignTo')}
              miw={220}
              data={[
                { value: '', label: t('cases.caseload.chooseWorker') },
                ...workers.map((w) => ({ value: w.accountId, label: w.displayName })),
              ]}
              value={accountId}
              onChange={(event) => setAccountId(event.currentTarget.value)}
            />
            <Button
              type="submit"
              loading={reassign.isPending}
              disabled={!accountId || items.length === 0}
            >
              {t('cases.caseload.reassign', { count: items.length })}
            </Button>
          </Group>
          <FormAlert error={reassign.error} />
          <StatusMessage message={notice} />
        </Stack>
      </form>
    </Paper>
  );
}

function NextAction({ item }: { item: CaseloadItem }): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  return <>{item.nextAction ? labels.nextAction(item.nextAction) : t('cases.caseload.none')}</>;
}

function Flags({ item }: { item: CaseloadItem }): ReactElement {
  const { t } = useT();
  if (!item.waitingTooLong && !item.openSafeguarding) {
    return (
      <Text span size="sm" c="dimmed">
        –
      </Text>
    );
  }
  return (
    <Group gap={4} wrap="wrap">
      {item.openSafeguarding && (
        <Badge {...badgeLooks.alert}>{t('cases.caseload.safeguardingOpen')}</Badge>
      )}
      {item.waitingTooLong && (
        <Badge {...badgeLooks.alert}>{t('cases.caseload.waitingTooLong')}</Badge>
      )}
    </Group>
  );
}

function CaseloadTable({
  items,
  selected,
  onSelect,
  onSelectAll,
}: ListProps & { onSelectAll: (on: boolean) => void }): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const common = useLabels();
  const format = useFormat();
  const reassignable = items.filter((item) => item.canReassign);
  const managing = reassignable.length > 0;
  const allSelected = managing && reassignable.every((item) => selected.has(item.id));
  return (
    <TableScroll label={t('cases.caseload.tableLabel')}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            {managing && (
              <Table.Th scope="col">
                <Checkbox
                  aria-label={t('cases.caseload.selectAll')}
                  checked={allSelected}
                  indeterminate={!allSelected && selected.size > 0}
                  onChange={(event) => onSelectAll(event.currentTarget.checked)}
                />
              </Table.Th>
            )}
            <Table.Th scope="col">{t('cases.caseload.reference')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.person')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.stage')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.nextAction')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.due')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.referred')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.flag')}</Table.Th>
            <Table.Th scope="col">{t('cases.caseload.assignee')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.id}>
              {managing && (
                <Table.Td>
                  {item.canReassign && (
                    <Checkbox
                      aria-label={t('cases.caseload.select', { reference: item.reference })}
                      checked={selected.has(item.id)}
                      onChange={(event) => onSelect(item.id, event.currentTarget.checked)}
                    />
                  )}
                </Table.Td>
              )}
              <Table.Td>
                <Anchor component={Link} to={`/cases/${item.id}`} fw={500}>
                  {item.reference}
                </Anchor>
              </Table.Td>
              <Table.Td>{common.personName(item.personName)}</Table.Td>
              <Table.Td>
                <Badge {...badgeLooks.info}>{labels.stage(item.stage)}</Badge>
              </Table.Td>
              <Table.Td>
                <NextAction item={item} />
              </Table.Td>
              <Table.Td>{item.nextActionOn ? format.date(item.nextActionOn) : ''}</Table.Td>
              <Table.Td>{format.date(item.referredAt)}</Table.Td>
              <Table.Td>
                <Flags item={item} />
              </Table.Td>
              <Table.Td>{item.assigneeName ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

/** On a phone: one card per case, nothing to scroll sideways and no badge cut. */
function CaseloadCards({ items, selected, onSelect }: ListProps): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const common = useLabels();
  const format = useFormat();
  return (
    <Stack component="ul" gap="sm" p={0} m={0} aria-label={t('cases.caseload.listLabel')}>
      {items.map((item) => (
        <Paper component="li" key={item.id} withBorder p="sm" style={{ listStyle: 'none' }}>
          <Stack gap={6}>
            <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={0}>
                <Anchor component={Link} to={`/cases/${item.id}`} fw={600}>
                  {common.personName(item.personName)}
                </Anchor>
                <Text size="sm">{item.reference}</Text>
              </Stack>
              {item.canReassign && (
                <Checkbox
                  aria-label={t('cases.caseload.select', { reference: item.reference })}
                  checked={selected.has(item.id)}
                  onChange={(event) => onSelect(item.id, event.currentTarget.checked)}
                />
              )}
            </Group>
            <Group gap={4} wrap="wrap">
              <Badge {...badgeLooks.info}>{labels.stage(item.stage)}</Badge>
              {item.openSafeguarding && (
                <Badge {...badgeLooks.alert}>{t('cases.caseload.safeguardingOpen')}</Badge>
              )}
              {item.waitingTooLong && (
                <Badge {...badgeLooks.alert}>{t('cases.caseload.waitingTooLong')}</Badge>
              )}
            </Group>
            <Text size="sm">
              {item.nextAction
                ? t('cases.caseload.nextDue', {
                    action: labels.nextAction(item.nextAction),
                    date: item.nextActionOn ? format.date(item.nextActionOn) : '',
                  })
                : t('cases.caseload.none')}
            </Text>
            {item.assigneeName && (
              <Text size="sm" c="dimmed">
                {item.assigneeName}
              </Text>
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
