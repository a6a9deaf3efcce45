import { z } from 'zod';
import { CalendarDate, Id, Version } from './common';
import {
  ClockTime,
  DirectoryAge,
  DirectoryName,
  DirectoryText,
  TypedByDay,
  checkOrder,
} from './directory-limits';

/** Partner staff keep their own listings; changes wait for a reviewer before they are public. */

export const ReferralStatus = z.enum(['open', 'waitlist', 'full']);
export type ReferralStatus = z.infer<typeof ReferralStatus>;

export const ChangeEntityType = z.enum(['service', 'location', 'schedule', 'service_capacity']);
export type ChangeEntityType = z.infer<typeof ChangeEntityType>;

export const ChangeRequestStatus = z.enum(['pending', 'approved', 'rejected']);
export type ChangeRequestStatus = z.infer<typeof ChangeRequestStatus>;

const ServiceId = z.string().trim().min(1).max(200);
const RecordId = z.string().trim().min(1).max(200);

const BilingualText = z.object({
  fr: z.object({ name: DirectoryName.min(1), description: DirectoryText.optional() }).strict(),
  en: z.object({ name: DirectoryName.min(1), description: DirectoryText.optional() }).strict(),
});

/*
 * Values are checked here only for shape; what HSDS allows (a status from its list, a
 * valid email) is checked against the HSDS definitions, so their words reach the caller.
 */
export const ProposeServiceChange = z
  .object({
    entityType: z.literal('service'),
    serviceId: ServiceId,
    text: BilingualText,
    status: z.string().trim().min(1).max(50),
    email: z.string().trim().max(300).optional(),
    minimumAge: DirectoryAge.optional(),
    maximumAge: DirectoryAge.optional(),
  })
  .strict()
  .superRefine(
    checkOrder([
      {
        rule: 'agesInOrder',
        first: 'minimumAge',
        second: 'maximumAge',
        message: 'maximum_age_below_minimum',
      },
    ]),
  );

export const ProposeLocationChange = z
  .object({
    entityType: z.literal('location'),
    serviceId: ServiceId,
    locationId: RecordId,
    address: z
      .object({
        address1: DirectoryName.min(1),
        city: DirectoryName.min(1),
        stateProvince: DirectoryName.min(1),
        postalCode: DirectoryName.min(1),
        country: z.string().trim().min(2).max(2),
      })
      .strict(),
  })
  .strict();

export const ProposeScheduleChange = z
  .object({
    entityType: z.literal('schedule'),
    serviceId: ServiceId,
    /** Absent: a new schedule for the service. */
    scheduleId: RecordId.optional(),
    byday: TypedByDay,
    opensAt: ClockTime,
    closesAt: ClockTime,
    validFrom: CalendarDate.optional(),
    validTo: CalendarDate.optional(),
    description: DirectoryText.optional(),
  })
  .strict()
  .superRefine(
    checkOrder([
      {
        rule: 'datesInOrder',
        first: 'validFrom',
        second: 'validTo',
        message: 'valid_to_before_valid_from',
      },
      {
        rule: 'closesAfterOpens',
        first: 'opensAt',
        second: 'closesAt',
        message: 'closes_before_opens',
      },
    ]),
  );

export const ProposeCapacityChange = z
  .object({
    entityType: z.literal('service_capacity'),
    serviceId: ServiceId,
    capacityId: RecordId,
    available: z.number().min(0).max(1_000_000),
    maximum: z.number().min(0).max(1_000_000).optional(),
    referralStatus: ReferralStatus,
  })
  .strict();

export const ProposeChangeBody = z.discriminatedUnion('entityType', [
  ProposeServiceChange,
  ProposeLocationChange,
  ProposeScheduleChange,
  ProposeCapacityChange,
]);
export type ProposeChangeBody = z.infer<typeof ProposeChangeBody>;

/** One field of a change: what the listing says now and what is proposed. */
export const ChangeDiffLine = z.object({
  field: z.string(),
  current: z.string().nullable(),
  proposed: z.string().nullable(),
});
export type ChangeDiffLine = z.infer<typeof ChangeDiffLine>;

export const ChangeRequest = z.object({
  id: Id,
  serviceId: z.string(),
  serviceName: z.string(),
  organizationName: z.string(),
  entityType: ChangeEntityType,
  entityId: z.string().nullable(),
  status: ChangeRequestStatus,
  proposedBy: z.string(),
  proposedAt: z.string(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  /** The record changed since the proposal: approving it would overwrite that change. */
  targetChanged: z.boolean(),
  possiblyStale: z.boolean(),
  diff: z.array(ChangeDiffLine),
  /** Other organisations whose services are at the place an address change moves. */
  sharedWith: z.array(z.string()),
  version: z.int(),
});
export type ChangeRequest = z.infer<typeof ChangeRequest>;

export const ChangeRequestList = z.object({ items: z.array(ChangeRequest) });
export type ChangeRequestList = z.infer<typeof ChangeRequestList>;

export const ChangeRequestQuery = z.object({
  status: ChangeRequestStatus.default('pending'),
});
export type ChangeRequestQuery = z.infer<typeof ChangeRequestQuery>;

export const ApproveChangeBody = z.object({ version: Version }).strict();
export type ApproveChangeBody = z.infer<typeof ApproveChangeBody>;

export const RejectChangeBody = z
  .object({ version: Version, note: z.string().trim().max(2000) })
  .strict();
export type RejectChangeBody = z.infer<typeof RejectChangeBody>;

export const ListingAddress = z.object({
  id: z.string(),
  address1: z.string(),
  city: z.string(),
  stateProvince: z.string(),
  postalCode: z.string(),
  country: z.string(),
});

export const ListingLocation = z.object({
  id: z.string(),
  name: z.string().nullable(),
  address: ListingAddress.nullable(),
});

export const ListingSchedule = z.object({
  id: z.string(),
  byday: z.string().nullable(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  description: z.string().nullable(),
});

export const ListingCapacity = z.object({
  id: z.string(),
  available: z.number().nullable(),
  maximum: z.number().nullable(),
  unit: z.string().nullable(),
});

export const Listing = z.object({
  id: z.string(),
  organizationName: z.string(),
  text: z.object({
    fr: z.object({ name: z.string(), description: z.string() }),
    en: z.object({ name: z.string(), description: z.string() }),
  }),
  status: z.string(),
  email: z.string().nullable(),
  minimumAge: z.number().nullable(),
  maximumAge: z.number().nullable(),
  referralStatus: ReferralStatus,
  lastConfirmedAt: z.string().nullable(),
  lastModified: z.string().nullable(),
  possiblyStale: z.boolean(),
  locations: z.array(ListingLocation),
  schedules: z.array(ListingSchedule),
  capacities: z.array(ListingCapacity),
  pendingChanges: z.array(ChangeRequest),
  /** Changes reviewed in the last weeks, so the partner reads why one was rejected. */
  recentDecisions: z.array(ChangeRequest),
});
export type Listing = z.infer<typeof Listing>;

export const MyListings = z.object({
  staleAfterDays: z.int(),
  items: z.array(Listing),
});
export type MyListings = z.infer<typeof MyListings>;

export const ServiceIdParams = z.object({ serviceId: ServiceId });
export type ServiceIdParams = z.infer<typeof ServiceIdParams>;

export const ConfirmListingResult = z.object({
  id: z.string(),
  lastConfirmedAt: z.string(),
  possiblyStale: z.boolean(),
});
export type ConfirmListingResult = z.infer<typeof ConfirmListingResult>;
