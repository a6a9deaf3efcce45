import type { DueMeasurement } from '../../../shared/contracts/outcomes';
import {
  type InstrumentDefinition,
  type InstrumentId,
  isInstrumentId,
} from '../../../shared/instruments';
import {
  followUpMonths as knownFollowUpMonths,
  type FollowUpMonth,
  followUpTimepoint,
  type Timepoint,
  timepoints,
} from '../../../shared/pathway';
import { addDays, dayIn } from '../../../shared/time-zones';
import { AppError } from '../../platform/errors';

/**
 * The UTC calendar day of a date made from a calendar day (Date.UTC of its parts): calendar
 * arithmetic on days, no instant or zone involved. A moment's day is dayIn's, in its site's zone.
 */
function utcDayOf(calendarDate: Date): string {
  return calendarDate.toISOString().slice(0, 10);
}

/**
 * A day N calendar months later; a day that month lacks (31 August + 6) falls back to the
 * month's last day, so a follow-up never slips into the month after.
 */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return utcDayOf(target);
}

export function isFollowUpMonth(value: number): value is FollowUpMonth {
  return (knownFollowUpMonths as readonly number[]).includes(value);
}

export type Schedule = { followUpMonths: FollowUpMonth[]; instruments: InstrumentId[] };

export function scheduleOf(site: { followUpMonths: number[]; instruments: string[] }): Schedule {
  return {
    followUpMonths: [...new Set(site.followUpMonths.filter(isFollowUpMonth))].sort((a, b) => a - b),
    instruments: site.instruments.filter(isInstrumentId),
  };
}

export type DueFacts = {
  schedule: Schedule;
  /** When the person accepted support: the baseline is due from then. */
  acceptedAt: Date | null;
  closed: boolean;
  /** Recorded measurements: instrument, timepoint and day. */
  recorded: { instrumentId: string; timepoint: Timepoint; takenOn: string }[];
  /** The case's site's zone: the baseline is due on the day of acceptance there. */
  timeZone: string;
};

/**
 * What is still to measure: the baseline from acceptance, each follow-up N months after
 * the first baseline (the schedule's months), and the discharge measure while the case is
 * open. A timepoint appears with the scheduled instruments not yet recorded at it.
 */
export function dueMeasurements(facts: DueFacts, today: string): DueMeasurement[] {
  if (facts.schedule.instruments.length === 0) return [];
  const missingAt = (timepoint: Timepoint): InstrumentId[] =>
    facts.schedule.instruments.filter(
      (id) => !facts.recorded.some((m) => m.instrumentId === id && m.timepoint === timepoint),
    );
  const baselineDays = facts.recorded
    .filter((m) => m.timepoint === 'baseline')
    .map((m) => m.takenOn)
    .sort();
  const baselineDay = baselineDays[0];
  const due: DueMeasurement[] = [];
  const push = (timepoint: Timepoint, dueOn: string | null): void => {
    const instrumentIds = missingAt(timepoint);
    if (instrumentIds.length === 0) return;
    due.push({ timepoint, dueOn, instrumentIds, overdue: dueOn !== null && dueOn < today });
  };
  if (facts.closed) return due;
  push('baseline', facts.acceptedAt ? dayIn(facts.acceptedAt, facts.timeZone) : null);
  if (baselineDay) {
    for (const months of facts.schedule.followUpMonths) {
      push(followUpTimepoint(months), addMonths(baselineDay, months));
    }
  }
  push('discharge', null);
  return due;
}

/** A follow-up is announced, and offered first, this many days before it falls due. */
export const reminderLeadDays = 7;

/**
 * What the person is asked to answer from their own space: the baseline once they said yes,
 * and each follow-up from when it is announced (as the reminders announce it); the discharge
 * measure is taken with the link worker at closure.
 */
export function dueToPerson(due: DueMeasurement[], today: string): DueMeasurement[] {
  const horizon = addDays(today, reminderLeadDays);
  return due.filter(
    (entry) => entry.timepoint !== 'discharge' && entry.dueOn !== null && entry.dueOn <= horizon,
  );
}

/** What the "record a questionnaire" form offers for one instrument. */
export type TimepointsToRecord = {
  /** The timepoint offered first; null when nothing is due for this instrument. */
  due: Timepoint | null;
  /** Every timepoint not yet recorded for it (a recorded one is corrected by amending). */
  available: Timepoint[];
};

/**
 * The one rule for which timepoint is due for an instrument: the baseline until it is
 * recorded; when the case is being closed, the discharge; otherwise the latest follow-up
 * of the schedule that has come (within the reminder lead) and is not yet recorded, else
 * the next one to come; once every follow-up is recorded, the discharge. Follow-ups fall
 * N months after the case's first baseline, as dueMeasurements and the reminders count them.
 */
export function timepointsToRecord(
  facts: DueFacts & { closing: boolean },
  instrumentId: InstrumentId,
  today: string,
): TimepointsToRecord {
  const recorded = new Set(
    facts.recorded.filter((m) => m.instrumentId === instrumentId).map((m) => m.timepoint),
  );
  const available = timepoints.filter((timepoint) => !recorded.has(timepoint));
  const offer = (timepoint: Timepoint): Timepoint | null =>
    recorded.has(timepoint) ? null : timepoint;
  if (facts.closed) return { due: null, available };
  if (!recorded.has('baseline')) return { due: 'baseline', available };
  if (facts.closing) return { due: offer('discharge'), available };
  const baselineDay = facts.recorded
    .filter((m) => m.timepoint === 'baseline')
    .map((m) => m.takenOn)
    .sort()[0];
  const horizon = addDays(today, reminderLeadDays);
  const followUps = facts.schedule.followUpMonths.map((months) => ({
    timepoint: followUpTimepoint(months),
    dueOn: baselineDay ? addMonths(baselineDay, months) : null,
  }));
  // Only follow-ups after the last one recorded: an earlier one missed stays available.
  const lastRecorded = followUps.reduce(
    (last, followUp, index) => (recorded.has(followUp.timepoint) ? index : last),
    -1,
  );
  const ahead = followUps.slice(lastRecorded + 1);
  const come = ahead.filter((followUp) => followUp.dueOn !== null && followUp.dueOn <= horizon);
  const next = come.at(-1) ?? ahead[0];
  return { due: next ? next.timepoint : offer('discharge'), available };
}

export function timepointOrder(timepoint: Timepoint): number {
  return timepoints.indexOf(timepoint);
}

/** Whether at least one item is answered: a questionnaire with none is not a measurement. */
export function hasAnyAnswer(answers: Record<string, number | null>): boolean {
  return Object.values(answers).some((value) => value !== null);
}

/**
 * Checks answers against the definition: an item it does not have, or a value that is not
 * one of the item's options, is refused with the field answers.<itemId>. Unanswered (null)
 * items are allowed: the scoring rule decides what they mean.
 */
export function assertAnswersValid(
  definition: InstrumentDefinition,
  answers: Record<string, number | null>,
  fieldPrefix = 'answers',
): void {
  for (const [itemId, value] of Object.entries(answers)) {
    const item = definition.items.find((candidate) => candidate.id === itemId);
    if (!item) throw new AppError('answer_invalid', { field: `${fieldPrefix}.${itemId}` });
    if (value !== null && !item.options.some((option) => option.value === value)) {
      throw new AppError('answer_invalid', { field: `${fieldPrefix}.${itemId}` });
    }
  }
}
