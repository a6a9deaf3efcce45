import {
  Badge,
  Code,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type ReactElement, useState } from 'react';
import { useT } from '../../i18n';
import type { AuditEvent } from '../../../shared/contracts/audit';
import { LoadMoreList } from '../../components/load-more-list';
import { usePageTitle } from '../../components/page-title';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { type AuditOutcome, auditActions, auditOutcomes, useAuditLabels } from './audit-labels';
import { type AuditFilters, useAuditEvents } from './audit-api';
import { type BadgeLook, badgeLooks } from '../../components/badge-looks';

const outcomeLooks: Record<AuditOutcome, BadgeLook> = {
  success: badgeLooks.blue,
  failure: badgeLooks.red,
  denied: badgeLooks.grape,
};

export function AuditPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('audit.title'));
  const labels = useAuditLabels();
  const format = useFormat();
  const [filters, setFilters] = useState<AuditFilters>({
    action: '',
    outcome: '',
    fromDay: '',
    toDay: '',
  });
  const events = useAuditEvents(filters);
  const update = (patch: Partial<AuditFilters>): void =>
    setFilters((current) => ({ ...current, ...patch }));

  return (
    <Stack gap="lg">
      <Title order={1}>{t('audit.title')}</Title>
      <Group align="flex-end" gap="sm" role="search" aria-label={t('audit.filtersLabel')}>
        <NativeSelect
          label={t('audit.action')}
          data={[
            { value: '', label: t('audit.allActions') },
            ...auditActions.map((action) => ({ value: action, label: labels.action(action) })),
          ]}
          value={filters.action}
          onChange={(event) => update({ action: event.currentTarget.value })}
          w={{ base: '100%', sm: 240 }}
        />
        <NativeSelect
          label={t('audit.outcome')}
          data={[
            { value: '', label: t('audit.allOutcomes') },
            ...auditOutcomes.map((outcome) => ({
              value: outcome,
              label: labels.outcome(outcome),
            })),
          ]}
          value={filters.outcome}
          onChange={(event) => {
            const value = event.currentTarget.value;
            update({ outcome: auditOutcomes.find((outcome) => outcome === value) ?? '' });
          }}
          w={{ base: '100%', sm: 180 }}
        />
        <TextInput
          label={t('audit.from')}
          type="date"
          value={filters.fromDay}
          onChange={(event) => update({ fromDay: event.currentTarget.value })}
          w={{ base: '100%', sm: 170 }}
        />
        <TextInput
          label={t('audit.to')}
          type="date"
          value={filters.toDay}
          onChange={(event) => update({ toDay: event.currentTarget.value })}
          w={{ base: '100%', sm: 170 }}
        />
      </Group>
      <LoadMoreList
        query={events}
        empty={t('audit.empty')}
        shown={(count) => t('audit.shown', { count, number: format.number(count) })}
      >
        {(items) => <AuditTable events={items} />}
      </LoadMoreList>
    </Stack>
  );
}

function AuditTable({ events }: { events: AuditEvent[] }): ReactElement {
  const { t } = useT();
  const labels = useAuditLabels();
  const format = useFormat();
  return (
    <TableScroll label={t('audit.title')}>
      <Table striped miw={860} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('audit.when')}</Table.Th>
            <Table.Th scope="col">{t('audit.who')}</Table.Th>
            <Table.Th scope="col">{t('audit.action')}</Table.Th>
            <Table.Th scope="col">{t('audit.outcome')}</Table.Th>
            <Table.Th scope="col">{t('audit.subject')}</Table.Th>
            <Table.Th scope="col">{t('audit.ip')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <time dateTime={event.at}>{format.dateTime(event.at)}</time>
              </Table.Td>
              <Table.Td>
                {event.actorKind === 'account' && event.actorName
                  ? event.actorName
                  : t(`audit.actorKinds.${event.actorKind}`)}
              </Table.Td>
              <Table.Td>
                {labels.action(event.action)}
                {/* A refusal says what was attempted: the route, never its address. */}
                {typeof event.details.attempted === 'string' && (
                  <Text size="xs" ff="monospace">
                    {event.details.attempted}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge {...outcomeLooks[event.outcome]}>{labels.outcome(event.outcome)}</Badge>
              </Table.Td>
              <Table.Td>
                {event.subjectType ? (
                  <>
                    {labels.subjectType(event.subjectType)}
                    {event.subjectName ? (
                      <Text size="sm">{event.subjectName}</Text>
                    ) : (
                      // A record with no name, or none found (a refused read of an id that
                      // does not exist): the id is all there is to say.
                      event.subjectId && (
                        <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                          {event.subjectId}
                        </Text>
                      )
                    )}
                  </>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>{event.ip ? <Code>{event.ip}</Code> : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
