import type { ChangeDiffLine, ProposeChangeBody } from '../../../shared/contracts/listings';
import type { DirectoryTranslations } from '../../db/schema';
import type { HsdsEntityType, HsdsRecord } from './hsds';
import { changedFields } from './directory-rules';

const dayMs = 24 * 60 * 60 * 1000;

/**
 * A listing is possibly stale when nobody confirmed it (or, never confirmed, changed it)
 * for longer than the programme's setting. A listing with no date at all counts from when
 * it entered the directory.
 */
export function isPossiblyStale(
  dates: { lastConfirmedAt: Date | null; lastModified: Date | null; createdAt: Date | null },
  now: Date,
  staleAfterDays: number,
): boolean {
  const since = dates.lastConfirmedAt ?? dates.lastModified ?? dates.createdAt;
  if (!since) return false;
  return now.getTime() - since.getTime() > staleAfterDays * dayMs;
}

/** The language a listing's HSDS name is written in, when it does not say. */
const fallbackLanguage = 'en';

/** A listing's name and description in both languages, as the partner edits them. */
export function bilingualText(service: {
  name: string;
  description: string | null;
  sourceLanguage: 'fr' | 'en' | null;
  translations: DirectoryTranslations;
}): Record<'fr' | 'en', { name: string; description: string }> {
  const source = service.sourceLanguage ?? fallbackLanguage;
  const textIn = (language: 'fr' | 'en'): { name: string; description: string } => {
    const translated = service.translations[language];
    const own = language === source;
    return {
      name: translated?.name ?? (own ? service.name : ''),
      description: translated?.description ?? (own ? (service.description ?? '') : ''),
    };
  };
  return { fr: textIn('fr'), en: textIn('en') };
}

/** What a proposal would write: the HSDS table, the whole record, and Passerelle's own facets. */
export type Proposal = {
  entityType: ProposeChangeBody['entityType'];
  /** The record the change targets (a location's change targets its address). */
  entityId: string | null;
  storedAs: HsdsEntityType;
  record: HsdsRecord;
  translations: DirectoryTranslations | null;
  referralStatus: 'open' | 'waitlist' | 'full' | null;
};

/** Where a change request's record is stored: a location's address is its own HSDS table. */
export function storedTypeOf(entityType: ProposeChangeBody['entityType']): HsdsEntityType {
  return entityType === 'location' ? 'address' : entityType;
}

/** The fields a form owns are dropped first, so clearing one in the form clears it in the record. */
function omit(record: HsdsRecord | undefined, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => !keys.includes(key)));
}

function withoutEmpty(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined && value !== ''),
  );
}

/**
 * Builds the whole record a proposal would write, from the stored one (`current`, absent
 * for a new record): every property the form does not touch is kept as it is.
 */
export function buildProposal(
  body: ProposeChangeBody,
  current: HsdsRecord | undefined,
  context: { sourceLanguage: 'fr' | 'en' | null; newId: string; now: string },
): Proposal {
  switch (body.entityType) {
    case 'service': {
      const source = context.sourceLanguage ?? fallbackLanguage;
      const text = body.text[source];
      const base = omit(current, ['email', 'minimum_age', 'maximum_age', 'description']);
      return {
        entityType: 'service',
        entityId: body.serviceId,
        storedAs: 'service',
        record: {
          ...base,
          ...withoutEmpty({
            name: text.name,
            description: text.description,
            status: body.status,
            email: body.email,
            minimum_age: body.minimumAge,
            maximum_age: body.maximumAge,
          }),
          last_modified: context.now,
          id: body.serviceId,
        },
        translations: {
          fr: withoutEmpty(body.text.fr),
          en: withoutEmpty(body.text.en),
        },
        referralStatus: null,
      };
    }
    case 'location': {
      const a = body.address;
      return {
        entityType: 'location',
        entityId: body.locationId,
        storedAs: 'address',
        record: {
          address_type: 'physical',
          ...current,
          id: current?.id ?? context.newId,
          location_id: body.locationId,
          address_1: a.address1,
          city: a.city,
          state_province: a.stateProvince,
          postal_code: a.postalCode,
          country: a.country.toUpperCase(),
        },
        translations: null,
        referralStatus: null,
      };
    }
    case 'schedule': {
      const base = omit(current, ['valid_from', 'valid_to', 'description']);
      const id = current?.id ?? context.newId;
      return {
        entityType: 'schedule',
        entityId: current ? id : null,
        storedAs: 'schedule',
        record: {
          ...(current ? {} : { service_id: body.serviceId, freq: 'WEEKLY', interval: 1 }),
          ...base,
          ...withoutEmpty({
            byday: body.byday.toUpperCase().replace(/\s+/g, ''),
            opens_at: body.opensAt,
            closes_at: body.closesAt,
            valid_from: body.validFrom,
            valid_to: body.validTo,
            description: body.description,
          }),
          id,
        },
        translations: null,
        referralStatus: null,
      };
    }
    case 'service_capacity': {
      const base = omit(current, ['maximum']);
      return {
        entityType: 'service_capacity',
        entityId: body.capacityId,
        storedAs: 'service_capacity',
        record: {
          ...base,
          ...withoutEmpty({ available: body.available, maximum: body.maximum }),
          updated: context.now,
          id: body.capacityId,
        },
        translations: null,
        referralStatus: body.referralStatus,
      };
    }
  }
}

/** Values as people read them: text as it is, numbers and lists as JSON, absent as null. */
function shown(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Fields that change on every proposal and say nothing a reviewer must judge. */
const bookkeeping = new Set(['last_modified', 'updated']);

/** Field by field, what the listing says now and what the change proposes, in both languages. */
export function diffChange(
  current: {
    record: HsdsRecord | undefined;
    translations: DirectoryTranslations;
    referralStatus: 'open' | 'waitlist' | 'full';
  },
  proposed: {
    record: HsdsRecord;
    translations: DirectoryTranslations | null;
    referralStatus: 'open' | 'waitlist' | 'full' | null;
  },
): ChangeDiffLine[] {
  const before = current.record ?? { id: proposed.record.id };
  const lines: ChangeDiffLine[] = changedFields(before, proposed.record)
    .filter((field) => !bookkeeping.has(field))
    .map((field) => ({
      field,
      current: shown(before[field]),
      proposed: shown(proposed.record[field]),
    }));
  if (proposed.translations) {
    for (const language of ['fr', 'en'] as const) {
      for (const part of ['name', 'description'] as const) {
        const was = shown(current.translations[language]?.[part]);
        const will = shown(proposed.translations[language]?.[part]);
        if (was !== will)
          lines.push({ field: `${part}.${language}`, current: was, proposed: will });
      }
    }
  }
  if (proposed.referralStatus && proposed.referralStatus !== current.referralStatus) {
    lines.push({
      field: 'referral_status',
      current: current.referralStatus,
      proposed: proposed.referralStatus,
    });
  }
  return lines;
}
