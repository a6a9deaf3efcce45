import { NativeSelect, Stack, TextInput, Textarea } from '@mantine/core';
import type { ReactElement } from 'react';
import {
  type ConnectionStatus,
  connectionStopReasons,
  declineReasons,
  partnerDeclineReasons,
} from '../../../shared/pathway';
import { fieldError } from '../../components/form-alert';
import { type Translate, useT } from '../../i18n';
import { today } from '../../format';

type ReasonCode = (typeof allReasons)[number];
const allReasons = [...partnerDeclineReasons, ...connectionStopReasons, ...declineReasons];

function isReasonCode(value: string): value is ReasonCode {
  return allReasons.some((code) => code === value);
}

/** A stored reason in the interface language; a free-text reason (from the API) as written. */
export function reasonLabel(t: Translate, code: string): string {
  return isReasonCode(code) ? t(`connections.reasons.${code}`) : code;
}

/** The reasons each closing move offers; the codes are stored, the labels translated. */
export function reasonsFor(to: ConnectionStatus): readonly ReasonCode[] {
  if (to === 'declined') return partnerDeclineReasons;
  if (to === 'stopped') return connectionStopReasons;
  if (to === 'not_taken_up') return declineReasons;
  return [];
}

export type StepValues = {
  reason: string;
  firstAttendedOn: string;
  startsOn: string;
  partnerMessage: string;
};

export const stepFieldNames = ['reason', 'firstAttendedOn', 'startsOn', 'partnerMessage'];

export function emptyStepValues(): StepValues {
  return { reason: '', firstAttendedOn: today(), startsOn: '', partnerMessage: '' };
}

/**
 * What a move asks for besides itself: a reason for a closing move, a date for attendance,
 * and for an acceptance, a start date and a message to the person (both optional).
 */
export function StepFields({
  to,
  values,
  onChange,
  error,
}: {
  to: ConnectionStatus;
  values: StepValues;
  onChange: (values: StepValues) => void;
  error: unknown;
}): ReactElement | null {
  const { t } = useT();
  const reasons = reasonsFor(to);
  if (reasons.length > 0) {
    return (
      <NativeSelect
        label={t('connections.move.reason')}
        required
        value={values.reason}
        onChange={(event) => onChange({ ...values, reason: event.currentTarget.value })}
        error={fieldError(error, 'reason')}
        data={[
          { value: '', label: t('connections.move.choose') },
          ...reasons.map((code) => ({
            value: code,
            label: reasonLabel(t, code),
          })),
        ]}
      />
    );
  }
  if (to === 'accepted') {
    return (
      <Stack gap="sm">
        <TextInput
          type="date"
          label={t('connections.move.startsOn')}
          value={values.startsOn}
          onChange={(event) => onChange({ ...values, startsOn: event.currentTarget.value })}
          error={fieldError(error, 'startsOn')}
        />
        <Textarea
          label={t('connections.move.partnerMessage')}
          value={values.partnerMessage}
          autosize
          minRows={2}
          maxLength={1000}
          onChange={(event) => onChange({ ...values, partnerMessage: event.currentTarget.value })}
          error={fieldError(error, 'partnerMessage')}
        />
      </Stack>
    );
  }
  if (to === 'attended') {
    return (
      <TextInput
        type="date"
        label={t('connections.move.firstAttendedOn')}
        value={values.firstAttendedOn}
        max={today()}
        onChange={(event) => onChange({ ...values, firstAttendedOn: event.currentTarget.value })}
        error={fieldError(error, 'firstAttendedOn')}
      />
    );
  }
  return null;
}

/** The body fields of a move, leaving out what this move does not take. */
export function stepBody(
  to: ConnectionStatus,
  values: StepValues,
): { reason?: string; firstAttendedOn?: string; startsOn?: string; partnerMessage?: string } {
  return {
    ...(to === 'accepted' && values.startsOn ? { startsOn: values.startsOn } : {}),
    ...(to === 'accepted' && values.partnerMessage.trim()
      ? { partnerMessage: values.partnerMessage }
      : {}),
    ...(reasonsFor(to).length > 0 && values.reason ? { reason: values.reason } : {}),
    ...(to === 'attended' && values.firstAttendedOn
      ? { firstAttendedOn: values.firstAttendedOn }
      : {}),
  };
}
