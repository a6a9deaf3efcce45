import { Checkbox, Stack, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import type { MeasurementSchedule } from '../../../shared/contracts/sites';
import { instrumentIds, instruments, isInstrumentId } from '../../../shared/instruments';
import { followUpMonths, type FollowUpMonth } from '../../../shared/pathway';
import { useT } from '../../i18n';

function isFollowUpMonth(value: number): value is FollowUpMonth {
  return (followUpMonths as readonly number[]).includes(value);
}

/** A site's measurement schedule, for the site form: follow-up months, instruments, reminders. */
export function MeasurementScheduleFields({
  value,
  onChange,
  error,
}: {
  value: MeasurementSchedule;
  onChange: (value: MeasurementSchedule) => void;
  error?: string | undefined;
}): ReactElement {
  const { t, locale } = useT();
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t('outcomes.schedule.heading')}
      </Title>
      <Checkbox.Group
        label={t('outcomes.schedule.followUpMonths')}
        value={value.followUpMonths.map(String)}
        onChange={(values) =>
          onChange({
            ...value,
            followUpMonths: values
              .map(Number)
              .filter(isFollowUpMonth)
              .sort((a, b) => a - b),
          })
        }
        error={error}
      >
        <Stack gap={4} mt={4}>
          {followUpMonths.map((months) => (
            <Checkbox
              key={months}
              value={String(months)}
              label={t('outcomes.schedule.months', { count: months })}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      <Checkbox.Group
        label={t('outcomes.schedule.instruments')}
        value={value.instruments}
        onChange={(values) => onChange({ ...value, instruments: values.filter(isInstrumentId) })}
      >
        <Stack gap={4} mt={4}>
          {instrumentIds.map((id) => (
            <Checkbox key={id} value={id} label={instruments[id].title[locale]} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Checkbox
        label={t('outcomes.schedule.remindPeople')}
        checked={value.remindPeople}
        onChange={(event) => onChange({ ...value, remindPeople: event.currentTarget.checked })}
      />
    </Stack>
  );
}
