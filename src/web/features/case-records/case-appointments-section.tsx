import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { type ReactElement, useState } from 'react';
import type { Appointment, AppointmentList } from '../../../shared/contracts/case-records';
import { FormAlert } from '../../components/form-alert';
import { PageSection } from '../../components/page-section';
import { QueryContent } from '../../components/query-content';
import { StatusMessage } from '../../components/status-message';
import { useT } from '../../i18n';
import { AppointmentForm } from './appointment-form';
import { statusLook, useAppointmentWords } from './appointment-words';
import {
  agendaKey,
  appointmentsKey,
  caseKey,
  changeAppointmentStatus,
  useAppointments,
} from './case-records-api';
import { useRecordSave } from './record-save';

/** The case's appointments with the person; a form to plan one opens when asked. */
export function CaseAppointmentsSection({ caseId }: { caseId: string }): ReactElement {
  const { t } = useT();
  const query = useAppointments(caseId);
  return (
    <PageSection id="case-appointments-title" title={t('caseRecords.appointments.title')}>
      <QueryContent query={query}>
        {(data) => <Appointments caseId={caseId} list={data} />}
      </QueryContent>
    </PageSection>
  );
}

function Appointments({ caseId, list }: { caseId: string; list: AppointmentList }): ReactElement {
  const { t } = useT();
  /** The appointment being changed, 'new' for a new one, null when no form is open. */
  const [editing, setEditing] = useState<Appointment | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const canEdit = list.permissions.canEdit;
  return (
    <Stack>
      {canEdit && editing === null && (
        <Group>
          <Button
            variant="default"
            onClick={() => {
              setMessage(null);
              setEditing('new');
            }}
          >
            {t('caseRecords.appointments.add')}
          </Button>
        </Group>
      )}
      {editing !== null && (
        <AppointmentForm
          caseId={caseId}
          list={list}
          appointment={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            setMessage(saved ? t('caseRecords.appointments.saved') : null);
          }}
        />
      )}
      <StatusMessage message={message} />
      {list.items.length === 0 ? (
        <Text c="dimmed">{t('caseRecords.appointments.empty')}</Text>
      ) : (
        <Stack
          gap="xs"
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label={t('caseRecords.appointments.listLabel')}
        >
          {list.items.map((appointment) => (
            <AppointmentItem
              key={appointment.id}
              appointment={appointment}
              canEdit={canEdit && editing === null}
              onEdit={() => {
                setMessage(null);
                setEditing(appointment);
              }}
              onChanged={setMessage}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function AppointmentItem({
  appointment,
  canEdit,
  onEdit,
  onChanged,
}: {
  appointment: Appointment;
  canEdit: boolean;
  onEdit: () => void;
  onChanged: (message: string) => void;
}): ReactElement {
  const { t } = useT();
  const words = useAppointmentWords();
  const startsAt = new Date(appointment.startsAt);
  // On the site's clocks, as the person was told; the zone named when the browser's differs.
  const zone = appointment.timeZone;
  const when = `${words.day(startsAt, zone)}, ${words.time(startsAt, zone)}${words.zoneNote(zone)}`;
  const change = useRecordSave(
    [appointmentsKey(appointment.caseId), agendaKey, caseKey(appointment.caseId)],
    (status: 'held' | 'missed' | 'cancelled') =>
      changeAppointmentStatus(appointment.id, {
        status,
        version: appointment.version,
      }),
    (saved) => {
      if (saved.status !== 'planned')
        onChanged(t(`caseRecords.appointments.marked.${saved.status}`));
    },
  );
  const planned = appointment.status === 'planned';
  // Held or missed is offered once it has begun (as the server checks), as of this screen's load.
  const [loadedAt] = useState(() => Date.now());
  const begun = startsAt.getTime() <= loadedAt + 5 * 60_000;
  const action = (status: 'held' | 'missed' | 'cancelled'): ReactElement => (
    <Button
      variant="default"
      size="compact-sm"
      loading={change.isPending && change.variables === status}
      aria-label={t(`caseRecords.appointments.mark.${status}Named`, { when })}
      onClick={() => change.mutate(status)}
    >
      {t(`caseRecords.appointments.mark.${status}`)}
    </Button>
  );
  return (
    <Paper component="li" withBorder p="sm">
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          <Text fw={600}>{when}</Text>
          <Badge {...statusLook[appointment.status]}>{words.status(appointment.status)}</Badge>
        </Group>
        <Text size="sm">
          {t('caseRecords.appointments.summary', {
            minutes: appointment.durationMinutes,
            mode: words.mode(appointment.mode),
            name: appointment.withName,
          })}
        </Text>
        {appointment.place && (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {appointment.place}
          </Text>
        )}
        {appointment.note && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {appointment.note}
          </Text>
        )}
        {appointment.invitedAt && (
          <Text size="sm" c="dimmed">
            {t('caseRecords.appointments.invited')}
          </Text>
        )}
        <FormAlert error={change.error} />
        {planned && canEdit && (
          <Group gap="xs" wrap="wrap">
            <Button
              variant="default"
              size="compact-sm"
              aria-label={t('caseRecords.appointments.editNamed', { when })}
              onClick={onEdit}
            >
              {t('caseRecords.appointments.edit')}
            </Button>
            {begun && action('held')}
            {begun && action('missed')}
            {action('cancelled')}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
