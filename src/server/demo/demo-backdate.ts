import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client';

/**
 * Moves what one step wrote for a case (every timestamp at or after `since`) to `at`, in
 * one statement. The referrer summary carries its own closing moment, moved with it.
 */
export async function backdateCase(
  db: Database,
  caseId: string,
  since: Date,
  at: Date,
): Promise<void> {
  const s = since.toISOString();
  const a = at.toISOString();
  const moved = (column: string): SQL =>
    sql.raw(
      `${column} = case when ${column} >= '${s}' then '${a}'::timestamptz else ${column} end`,
    );
  await db.execute(sql`
    with c as (
      update cases set ${moved('referred_at')}, ${moved('first_contact_at')},
        ${moved('accepted_at')}, ${moved('next_action_at')}, ${moved('created_at')},
        ${moved('updated_at')}, ${moved('closed_at')},
        referrer_summary = case when closed_at >= ${s} and referrer_summary is not null
          then jsonb_set(referrer_summary, '{closedAt}', to_jsonb(${a}::text))
          else referrer_summary end
      where id = ${caseId} returning person_id
    ), p as (
      update people set ${moved('created_at')}, ${moved('updated_at')}
      where id in (select person_id from c)
    ), ev as (
      update case_events set at = ${a} where case_id = ${caseId} and at >= ${s}
    ), cs as (
      update consents set ${moved('created_at')} where case_id = ${caseId}
    ), ct as (
      update contacts set ${moved('created_at')} where case_id = ${caseId}
    ), asm as (
      update assessments set ${moved('created_at')}, ${moved('updated_at')},
        ${moved('completed_at')} where case_id = ${caseId}
    ), ap as (
      update action_plans set ${moved('created_at')}, ${moved('updated_at')}
      where case_id = ${caseId}
    ), pr as (
      update plan_reviews set ${moved('created_at')} where case_id = ${caseId}
    ), fu as (
      update follow_ups set ${moved('created_at')}, ${moved('updated_at')}, ${moved('done_at')}
      where case_id = ${caseId}
    ), cn as (
      update connections set ${moved('created_at')}, ${moved('updated_at')}
      where case_id = ${caseId}
    ), cne as (
      update connection_events set at = ${a}
      where at >= ${s} and connection_id in (select id from connections where case_id = ${caseId})
    ), m as (
      update measurements set ${moved('created_at')} where case_id = ${caseId}
    )
    select 1`);
}
