import { z } from 'zod';
import { CalendarDate } from './common';

/*
 * What Passerelle keeps of a directory record, the same whichever way it comes in: an HSDS
 * import (nested JSON, the CSV package or its JSON form), a partner's change request, an
 * administrator's edit. HSDS itself bounds none of these; its checks (hsds-definitions/)
 * come first, these after.
 */

export const directoryLimits = {
  /** A name, an address line: what a list or a label shows. */
  nameLength: 300,
  /** A description, and any other text of a record. */
  textLength: 5000,
  maximumAge: 150,
  /** Shapes, not words (a service area's GeoJSON): no text limit. */
  shapeFields: ['extent'] as readonly string[],
} as const;

export const DirectoryName = z.string().trim().max(directoryLimits.nameLength);
export const DirectoryText = z.string().trim().max(directoryLimits.textLength);
export const DirectoryAge = z.number().min(0).max(directoryLimits.maximumAge);

/** A time of day as HSDS writes it: 09:30, 09:30:00, with a UTC offset or not. */
export const ClockTime = z
  .string()
  .regex(
    /^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/,
    {
      message: 'time_format',
    },
  );

// RFC 5545 BYDAY: a weekday, with the week of the month it falls in (1MO, -1FR) or not.
const weekday = '[+-]?(?:[1-9]|[1-4]\\d|5[0-3])?(?:MO|TU|WE|TH|FR|SA|SU)';

/** The days of a schedule as HSDS stores them: MO,WE or 1MO,-1FR. */
export const ByDay = z
  .string()
  .regex(new RegExp(`^${weekday}(?:,${weekday})*$`), { message: 'byday_format' });

/** The days as people type them in a form: any case, spaces after the commas; empty for none. */
export const TypedByDay = z
  .string()
  .trim()
  .max(100)
  .regex(new RegExp(`^(?:${weekday}(?:\\s*,\\s*${weekday})*)?$`, 'i'), {
    message: 'byday_format',
  });

/** Seconds and offset aside, so 09:00 and 09:00:00 compare as the same time. */
function minutesOf(time: string): string {
  return time.slice(0, 5);
}

type Pair = { first: unknown; second: unknown };

/** The rules between two fields of one record, each refused on its second field. */
export const directoryOrderRules = {
  /** A schedule that runs past midnight is written as two. */
  closesAfterOpens: ({ first, second }: Pair): boolean =>
    typeof first !== 'string' ||
    typeof second !== 'string' ||
    minutesOf(second) >= minutesOf(first),
  agesInOrder: ({ first, second }: Pair): boolean =>
    typeof first !== 'number' || typeof second !== 'number' || second >= first,
  datesInOrder: ({ first, second }: Pair): boolean =>
    typeof first !== 'string' || typeof second !== 'string' || second >= first,
};

type OrderCheck = {
  rule: keyof typeof directoryOrderRules;
  first: string;
  second: string;
  message: string;
};

/** Adds the order checks to an object schema, each naming its second field. */
export function checkOrder(checks: OrderCheck[]) {
  return (value: Record<string, unknown>, context: z.RefinementCtx): void => {
    for (const check of checks) {
      const pair = { first: value[check.first], second: value[check.second] };
      if (!directoryOrderRules[check.rule](pair)) {
        context.addIssue({ code: 'custom', path: [check.second], message: check.message });
      }
    }
  };
}

const Name = z.string().max(directoryLimits.nameLength).nullish();
const Text = z.string().max(directoryLimits.textLength).nullish();
const Day = CalendarDate.nullish();
const named = { name: Name, alternate_name: Name, description: Text };

/**
 * The records of the directory as Passerelle keeps them, by HSDS entity: loose, so what is not
 * named here is HSDS's alone (and any text of it still within `textLength`).
 */
export const directoryRecordLimits: Readonly<Record<string, z.ZodType>> = {
  organization: z.looseObject(named),
  program: z.looseObject(named),
  location: z.looseObject(named),
  contact: z.looseObject({ name: Name, title: Name, department: Name }),
  service: z
    .looseObject({
      ...named,
      minimum_age: DirectoryAge.nullish(),
      maximum_age: DirectoryAge.nullish(),
      assured_date: Day,
    })
    .superRefine(
      checkOrder([
        {
          rule: 'agesInOrder',
          first: 'minimum_age',
          second: 'maximum_age',
          message: 'maximum_age_below_minimum',
        },
      ]),
    ),
  address: z.looseObject({
    attention: Name,
    address_1: Name,
    address_2: Name,
    city: Name,
    region: Name,
    state_province: Name,
    postal_code: Name,
    country: Name,
  }),
  schedule: z
    .looseObject({
      valid_from: Day,
      valid_to: Day,
      dtstart: Day,
      until: Day,
      opens_at: ClockTime.nullish(),
      closes_at: ClockTime.nullish(),
      byday: ByDay.nullish(),
      description: Text,
    })
    .superRefine(
      checkOrder([
        {
          rule: 'datesInOrder',
          first: 'valid_from',
          second: 'valid_to',
          message: 'valid_to_before_valid_from',
        },
        {
          rule: 'closesAfterOpens',
          first: 'opens_at',
          second: 'closes_at',
          message: 'closes_before_opens',
        },
      ]),
    ),
  cost_option: z.looseObject({ valid_from: Day, valid_to: Day }).superRefine(
    checkOrder([
      {
        rule: 'datesInOrder',
        first: 'valid_from',
        second: 'valid_to',
        message: 'valid_to_before_valid_from',
      },
    ]),
  ),
};
