import type { HomeView } from '../../../shared/contracts/home';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { type Actor, hasRole } from '../../platform/actor';
import { recordAudit } from '../audit';
import { canAssignCases, caseSiteIds, nextActionOf } from '../cases';
import { canAnswerConnections } from '../connections';
import { canModerateListings, isPossiblyStale } from '../directory';
import { canManageEmails } from '../emails';
import { partnerOrganisationIds } from '../organisations';
import { dueMeasurements, scheduleOf } from '../outcomes';
import { canMakeReferrals } from '../referrals';
import { canReadReports, readDashboard } from '../reports';
import { canManageAccounts } from '../accounts';
import {
  type Tally,
  countAdministration,
  countAppointments,
  countConnectionsStarting,
  countConnectionsWaiting,
  countFollowUpsDue,
  countOpenConcerns,
  countPartnerAnswers,
  countReferrals,
  countTriage,
  selectCaseloadCounts,
  selectListingDates,
  selectMeasurementFacts,
  selectOpenCaseFacts,
  touchHomeSeen,
} from './home-queries';
import { countOf, presentCaseloadLine, presentHeadline } from './home-presenter';
import { daysOf, tallyOf } from './home-rules';

/** Before a first visit, "since last visit" means the last week. */
const firstVisitDays = 7;

/**
 * The caller's home: for each role they hold, the day's work as counts, each counted only
 * where the role's own policy lets the caller work (their sites, their organisation, their
 * referrals). Then the visit is remembered, so what is new counts from this one next time.
 */
export async function readHome(
  db: Database,
  config: Config,
  actor: Actor,
  now: Date = new Date(),
): Promise<HomeView> {
  return db.transaction(async (tx) => {
    const seenAt = await touchHomeSeen(tx, actor.accountId);
    const since = seenAt ?? new Date(now.getTime() - firstVisitDays * 86_400_000);
    const view: HomeView = {
      since: seenAt ? seenAt.toISOString() : null,
      linkWorker: await linkWorkerPanel(tx, actor, since, now),
      referrer: await referrerPanel(tx, actor, since),
      partner: await partnerPanel(tx, config, actor, now),
      siteManager: await siteManagerPanel(tx, actor, now),
      evaluator: await evaluatorPanel(tx, actor),
      administrator: await administratorPanel(tx, actor, now),
    };
    await recordAudit(tx, actor, {
      action: 'home.viewed',
      subjectType: 'account',
      subjectId: actor.accountId,
    });
    return view;
  });
}

/** Sites where the actor is a link worker (case sites they do not only manage). */
function linkWorkerSiteIds(actor: Actor): string[] {
  return caseSiteIds(actor).filter((siteId) => hasRole(actor, 'link_worker', siteId));
}

async function linkWorkerPanel(
  db: Database,
  actor: Actor,
  since: Date,
  now: Date,
): Promise<HomeView['linkWorker']> {
  const siteIds = linkWorkerSiteIds(actor);
  if (siteIds.length === 0) return null;
  const me = actor.accountId;
  const mine = await selectOpenCaseFacts(db, siteIds, me);
  // Due today or before: the next action the caseload derives, or a date set on the case.
  // Each case's today is its site's: a link worker may work at sites in two zones.
  const contactsDue = tallyOf(
    mine.filter((facts) => {
      const days = daysOf(now, facts.timeZone);
      const next = nextActionOf(facts, facts.status, now);
      const dueOn = next.nextActionOn;
      const setDue = facts.nextActionAt !== null && facts.nextActionAt < days.tomorrowStart;
      return setDue || (dueOn !== null && dueOn <= days.today);
    }),
  );
  const measured = await selectMeasurementFacts(db, me, siteIds);
  const questionnairesDue = tallyOf(
    measured
      .filter((facts) => {
        const days = daysOf(now, facts.timeZone);
        return dueMeasurements(
          {
            schedule: scheduleOf(facts),
            acceptedAt: facts.acceptedAt,
            closed: false,
            recorded: facts.recorded,
            timeZone: facts.timeZone,
          },
          days.today,
        ).some((due) => due.dueOn !== null && due.dueOn <= days.weekEnd);
      })
      .map((facts) => ({ id: facts.caseId })),
  );
  const [triage, followUps, answers, concerns, appointments] = [
    await countTriage(db, siteIds),
    await countFollowUpsDue(db, me, siteIds, now),
    await countPartnerAnswers(db, me, siteIds, since),
    await countOpenConcerns(db, siteIds, me),
    await countAppointments(db, me, now),
  ];
  const caseOr = (list: string) => (tally: Tally) =>
    tally.onlyId ? `/cases/${tally.onlyId}` : list;
  return {
    counts: [
      countOf('triage_new', triage, caseOr('/cases/triage')),
      countOf('contacts_due', contactsDue, caseOr('/cases?assignee=me&sort=due')),
      countOf('follow_ups_due', followUps, caseOr('/cases?assignee=me&due=this_week')),
      countOf('questionnaires_due', questionnairesDue, caseOr('/cases?assignee=me&sort=due')),
      countOf('partner_answers', answers, caseOr('/cases?assignee=me')),
      countOf('safeguarding_open', concerns, caseOr('/cases?assignee=me&flag=safeguarding')),
      countOf('appointments_today', appointments, () => '/agenda'),
    ],
  };
}

async function referrerPanel(
  db: Database,
  actor: Actor,
  since: Date,
): Promise<HomeView['referrer']> {
  if (!canMakeReferrals(actor)) return null;
  const counts = await countReferrals(db, actor.accountId, since);
  const referralOr = (tally: Tally): string =>
    tally.onlyId ? `/referrals/${tally.onlyId}` : '/referrals';
  return {
    counts: [
      countOf('referrals_waiting', counts.waiting, referralOr),
      countOf('referrals_active', counts.active, referralOr),
      countOf('referrals_closed', counts.closed, referralOr),
      countOf('referrals_changed', counts.changed, referralOr),
    ],
  };
}

async function partnerPanel(
  db: Database,
  config: Config,
  actor: Actor,
  now: Date,
): Promise<HomeView['partner']> {
  if (!canAnswerConnections(actor)) return null;
  const organisationIds = await partnerOrganisationIds(db, actor);
  const waiting = await countConnectionsWaiting(db, organisationIds);
  const starting = await countConnectionsStarting(db, organisationIds, now);
  const listings = await selectListingDates(db, organisationIds);
  const stale = listings.filter((dates) =>
    isPossiblyStale(dates, now, config.directory.staleAfterDays),
  ).length;
  const connectionOr = (list: string) => (tally: Tally) =>
    tally.onlyId ? `/partner/connections/${tally.onlyId}` : list;
  return {
    counts: [
      countOf('connections_waiting', waiting, connectionOr('/partner/connections?status=sent')),
      countOf(
        'connections_starting',
        starting,
        connectionOr('/partner/connections?status=accepted'),
      ),
      countOf('listings_to_confirm', { count: stale, onlyId: null }, () => '/partner/listings'),
    ],
  };
}

async function siteManagerPanel(
  db: Database,
  actor: Actor,
  now: Date,
): Promise<HomeView['siteManager']> {
  const siteIds = caseSiteIds(actor).filter((siteId) => canAssignCases(actor, siteId));
  if (siteIds.length === 0) return null;
  const open = await selectOpenCaseFacts(db, siteIds, null);
  const waitingTooLong = tallyOf(
    open.filter((facts) => nextActionOf(facts, facts.status, now).waitingTooLong),
  );
  const unassigned = await countTriage(db, siteIds);
  const concerns = await countOpenConcerns(db, siteIds, null);
  const caseload = await selectCaseloadCounts(db, siteIds);
  const caseOr = (list: string) => (tally: Tally) =>
    tally.onlyId ? `/cases/${tally.onlyId}` : list;
  return {
    counts: [
      countOf('cases_unassigned', unassigned, caseOr('/cases/triage')),
      countOf(
        'cases_waiting_too_long',
        waitingTooLong,
        caseOr('/cases?assignee=all&flag=waiting_too_long'),
      ),
      countOf('site_safeguarding_open', concerns, caseOr('/cases?assignee=all&flag=safeguarding')),
    ],
    caseload: caseload.map(presentCaseloadLine),
  };
}

async function evaluatorPanel(db: Database, actor: Actor): Promise<HomeView['evaluator']> {
  if (!hasRole(actor, 'evaluator') || !canReadReports(actor)) return null;
  // The programme's year so far, protected as the reports page protects it.
  return { headline: presentHeadline(await readDashboard(db, actor, {})) };
}

async function administratorPanel(
  db: Database,
  actor: Actor,
  now: Date,
): Promise<HomeView['administrator']> {
  if (!hasRole(actor, 'administrator')) return null;
  const counts = await countAdministration(db, now);
  return {
    counts: [
      ...(canManageEmails(actor)
        ? [countOf('emails_failed', counts.emailsFailed, () => '/admin/emails')]
        : []),
      ...(canManageAccounts(actor)
        ? [
            countOf('accounts_locked', counts.accountsLocked, (tally) =>
              tally.onlyId ? `/admin/accounts/${tally.onlyId}` : '/admin/accounts',
            ),
          ]
        : []),
      ...(canModerateListings(actor)
        ? [
            countOf(
              'directory_changes_pending',
              counts.changesPending,
              () => '/admin/directory/changes',
            ),
          ]
        : []),
    ],
  };
}
