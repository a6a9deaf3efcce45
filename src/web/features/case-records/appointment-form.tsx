import { Checkbox, Group, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { type FormEvent, type ReactElement, useState } from 'react';
import {
  type Appointment,
  type AppointmentList,
  type AppointmentMode,
  appointmentModes,
} from '../../../shared/contracts/case-records';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { timeZoneWords } from '../../time-zone-words';
import { partsIn, toStartsAt } from './appointment-times';
import { placeLabel, useAppointmentWords } from './appointment-words';
import {
  agendaKey,
  appointmentsKey,
  createAppointment,
  updateAppointment,
} from './case-records-api';
import { useRecordSave } from './record-save';

const durations = [15, 30, 45, 60, 90, 120];

type Values = {
  date: string;
  time: string;
  duration: string;
  mode: AppointmentMode;
  place: string;
  withAccountId: string;
  note: string;
  sendInvitation: boolean;
};

function isMode(value: string): value is AppointmentMode {
  return (appointmentModes as readonly string[]).includes(value);
}

const fields = ['startsAt', 'durationMinutes', 'mode', 'place', 'withAccountId', 'note'];

/** Plans an appointment, or changes (reschedules) a planned one. */
export function AppointmentForm({
  caseId,
  list,
  appointment,
  onClose,
}: {
  caseId: string;
  list: AppointmentList;
  appointment: Appointment | null;
  onClose: (saved: boolean) => void;
}): ReactElement {
  const { t } = useT();
  const words = useAppointmentWords();
  const { account } = useSession();
  const [values, setValues] = useState<Values>(() => {
    const start = appointment
      ? new Date(appointment.startsAt)
      : new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 86_400_000);
    return {
      ...partsIn(start, list.timeZone),
      duration: String(appointment?.durationMinutes ?? 45),
      mode: appointment?.mode ?? 'in_person',
      place: appointment?.place ?? '',
      withAccountId: appointment?.withAccountId ?? account.id,
      note: appointment?.note ?? '',
      sendInvitation: false,
    };
  });
  const set = <K extends keyof Values>(key: K, value: Values[K]): void =>
    setValues((v) => ({ ...v, [key]: value }));
  const save = useRecordSave(
    [appointmentsKey(caseId), agendaKey],
    (v: Values) => {
      const body = {
        startsAt: toStartsAt(v.date, v.time, list.timeZone),
        durationMinutes: Number(v.duration),
        mode: v.mode,
        place: v.place.trim() || null,
        note: v.note.trim() || null,
        withAccountId: v.withAccountId,
        sendInvitation: v.sendInvitation,
      };
      return appointment
        ? updateAppointment(appointment.id, { ...body, version: appointment.version })
        : createAppointment(caseId, body);
    },
    () => onClose(true),
  );
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate(values);
  };
  // Whom it may be with: the site's link workers, and the caller (a site manager, say).
  const people = list.linkWorkers.some((w) => w.id === account.id)
    ? list.linkWorkers
    : [{ id: account.id, name: account.displayName }, ...list.linkWorkers];
  const invitedAlready = Boolean(appointment?.invitedAt);

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={640} gap="sm">
        <FormAlert error={save.error} fields={fields} />
        <Group grow wrap="wrap" align="flex-start">
          <TextInput
            type="date"
            label={t('caseRecords.appointments.date')}
            miw={150}
            required
            value={values.date}
            onChange={(event) => set('date', event.currentTarget.value)}
            error={fieldError(save.error, 'startsAt')}
          />
          <TextInput
            type="time"
            label={t('caseRecords.appointments.time')}
            description={timeZoneWords(t, list.timeZone)}
            miw={120}
            required
            value={values.time}
            onChange={(event) => set('time', event.currentTarget.value)}
          />
          <NativeSelect
            label={t('caseRecords.appointments.duration')}
            miw={120}
            data={durations.map((d) => ({
              value: String(d),
              label: t('caseRecords.appointments.minutes', { count: d }),
            }))}
            value={values.duration}
            onChange={(event) => set('duration', event.currentTarget.value)}
            error={fieldError(save.error, 'durationMinutes')}
          />
        </Group>
        <Group grow wrap="wrap" align="flex-start">
          <NativeSelect
            label={t('caseRecords.appointments.mode')}
            miw={150}
            data={appointmentModes.map((m) => ({ value: m, label: words.mode(m) }))}
            value={values.mode}
            onChange={(event) => {
              const mode = event.currentTarget.value;
              if (isMode(mode)) set('mode', mode);
            }}
            error={fieldError(save.error, 'mode')}
          />
          <NativeSelect
            label={t('caseRecords.appointments.with')}
            miw={150}
            data={people.map((p) => ({ value: p.id, label: p.name }))}
            value={values.withAccountId}
            onChange={(event) => set('withAccountId', event.currentTarget.value)}
            error={fieldError(save.error, 'withAccountId')}
          />
        </Group>
        <TextInput
          label={placeLabel(t, values.mode)}
          value={values.place}
          onChange={(event) => set('place', event.currentTarget.value)}
          error={fieldError(save.error, 'place')}
        />
        <Textarea
          label={t('caseRecords.appointments.note')}
          autosize
          minRows={2}
          value={values.note}
          onChange={(event) => set('note', event.currentTarget.value)}
          error={fieldError(save.error, 'note')}
        />
        {invitedAlready ? (
          <Text size="sm">{t('caseRecords.appointments.updateSent')}</Text>
        ) : (
          <Checkbox
            label={t('caseRecords.appointments.sendInvitation')}
            description={
              list.personHasEmail
                ? t('caseRecords.appointments.sendInvitationHelp')
                : t('caseRecords.appointments.noEmail')
            }
            disabled={!list.personHasEmail}
            checked={values.sendInvitation}
            onChange={(event) => set('sendInvitation', event.currentTarget.checked)}
            error={fieldError(save.error, 'sendInvitation')}
          />
        )}
        <FormActions
          submitLabel={
            appointment
              ? t('caseRecords.appointments.saveChange')
              : t('caseRecords.appointments.save')
          }
          pending={save.isPending}
          onCancel={() => onClose(false)}
        />
      </Stack>
    </form>
  );
}
