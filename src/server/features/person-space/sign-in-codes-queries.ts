import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { CaseStatus } from '../../../shared/pathway';
import { type Database, selectRows } from '../../db/client';
import { personSignInCodes } from '../../db/schema';

/** A case of a person whose record holds the number, as sign-in by code weighs it. */
export type PhoneCaseRow = {
  personId: string;
  caseId: string;
  siteId: string;
  status: CaseStatus;
  acceptedAt: Date | null;
  locale: 'fr' | 'en';
};

/**
 * The cases of the people whose phone, once spaces and punctuation are dropped, is one of
 * `forms` (shared/phone.ts storedFormsOf); merged and anonymised records are not anyone's.
 * Newest case first.
 */
export function selectCasesByPhone(db: Database, forms: string[]): Promise<PhoneCaseRow[]> {
  return selectRows<PhoneCaseRow>(
    db,
    sql`select p.id as "personId", c.id as "caseId", c.site_id as "siteId", c.status,
          c.accepted_at as "acceptedAt", p.preferred_language as locale
        from people p
        join cases c on c.person_id = p.id
       where p.phone is not null
         and regexp_replace(p.phone, '[^0-9+]', '', 'g')
             in (${sql.join(
               forms.map((form) => sql`${form}`),
               sql`, `,
             )})
         and p.merged_into_id is null and p.anonymised_at is null
       order by c.created_at desc`,
  );
}

/** How many codes the person was sent since `since`: a number is not flooded with texts. */
export async function countCodesSince(
  db: Database,
  personId: string,
  since: Date,
): Promise<number> {
  const [row] = await selectRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from ${personSignInCodes}
         where person_id = ${personId} and created_at > ${since.toISOString()}`,
  );
  return row?.count ?? 0;
}

/** Ends the person's codes still unused: only the newest one opens their space. */
export async function endLiveCodes(db: Database, personId: string): Promise<void> {
  await db
    .update(personSignInCodes)
    .set({ endedAt: sql`now()` })
    .where(and(eq(personSignInCodes.personId, personId), isNull(personSignInCodes.endedAt)));
}

export async function insertSignInCode(
  db: Database,
  values: { id: string; personId: string; caseId: string; codeHash: string; expiresAt: Date },
): Promise<void> {
  await db.insert(personSignInCodes).values(values);
}

export type LiveCodeRow = {
  id: string;
  personId: string;
  caseId: string;
  codeHash: string;
  attempts: number;
};

/** The person's code that may still open a session, locked for this transaction. */
export async function findLiveCode(
  db: Database,
  personId: string,
  maxAttempts: number,
): Promise<LiveCodeRow | undefined> {
  const [row] = await db
    .select({
      id: personSignInCodes.id,
      personId: personSignInCodes.personId,
      caseId: personSignInCodes.caseId,
      codeHash: personSignInCodes.codeHash,
      attempts: personSignInCodes.attempts,
    })
    .from(personSignInCodes)
    .where(
      and(
        eq(personSignInCodes.personId, personId),
        isNull(personSignInCodes.endedAt),
        gt(personSignInCodes.expiresAt, sql`now()`),
        sql`${personSignInCodes.attempts} < ${maxAttempts}`,
      ),
    )
    .orderBy(sql`${personSignInCodes.createdAt} desc`)
    .limit(1)
    .for('update');
  return row;
}

/** A wrong code counts against its attempts; the last one allowed ends it. */
export async function countFailedAttempt(db: Database, codeId: string): Promise<void> {
  await db
    .update(personSignInCodes)
    .set({ attempts: sql`${personSignInCodes.attempts} + 1` })
    .where(eq(personSignInCodes.id, codeId));
}

export async function spendCode(db: Database, codeId: string): Promise<void> {
  await db
    .update(personSignInCodes)
    .set({ endedAt: sql`now()` })
    .where(eq(personSignInCodes.id, codeId));
}
