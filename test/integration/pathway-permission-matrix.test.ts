import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import {
  appointments,
  caseDocuments,
  caseNotes,
  cases,
  connectionEvents,
  connections,
  contacts,
  followUps,
  measurements,
  outboundEmails,
  personRequests,
  safeguardingConcerns,
} from '../../src/server/db/schema';
import { seedDemoDirectory } from '../../src/server/features/directory';
import { makeCase, makeOrganisation, makePerson, makeSite } from '../helpers/factories';
import {
  type Action,
  Caller,
  actionsOf,
  type Grants,
  type Outcome,
  expectCoverage,
  expectOutcome,
  read,
  runAs,
  write,
} from '../helpers/permission-matrix';
import { pathwayMatrix } from './permission-routes';
import { siteDay } from '../helpers/site-day';
import { yearAhead } from '../helpers/site-day';
import { referralInput } from '../helpers/referral-input';
const inFourYears = yearAhead(4);

/*
 * Who may do what on a person's record. Every pathway action names the operation of the
 * OpenAPI document it exercises (permission-routes.ts gives this matrix its operations: each
 * needs an action here) and has a row in `matrix`; each cell runs on a fresh case of the home
 * site, made by the home site's referrer, unless the action says otherwise. The last four
 * columns are callers from elsewhere: a link worker, a site manager and a referrer of another
 * site, and partner staff of another partner organisation. Whoever does this kind of work
 * elsewhere must not even learn that the home site's case, the home referrer's referral or
 * the home partner's connection exists (404); a role that never does it is refused before
 * anything is read (403).
 */

const callers = [
  'referrer',
  'link_worker',
  'partner_staff',
  'site_manager',
  'evaluator',
  'administrator',
  'other_site_link_worker',
  'other_site_manager',
  'other_partner_staff',
  'other_site_referrer',
] as const;
type CallerName = (typeof callers)[number];

type World = {
  t: TestApp;
  homeSiteId: string;
  partnerOrganisationId: string;
  clients: Record<CallerName, Caller>;
};
let world: World;

beforeAll(async () => {
  const t = await startTestApp();
  const db = t.database.db;
  const home = await makeSite(db);
  const other = await makeSite(db);
  const partner = await makeOrganisation(db, 'community_partner');
  const partnerSite = await makeSite(db, { organisationId: partner.id });
  const otherPartner = await makeOrganisation(db, 'community_partner');
  const otherPartnerSite = await makeSite(db, { organisationId: otherPartner.id });
  const grants: Record<CallerName, Grants> = {
    referrer: [{ role: 'referrer', siteId: home.id }],
    link_worker: [{ role: 'link_worker', siteId: home.id }],
    partner_staff: [{ role: 'partner_staff', siteId: partnerSite.id }],
    site_manager: [{ role: 'site_manager', siteId: home.id }],
    evaluator: [{ role: 'evaluator' }],
    administrator: [{ role: 'administrator' }],
    other_site_link_worker: [{ role: 'link_worker', siteId: other.id }],
    other_site_manager: [{ role: 'site_manager', siteId: other.id }],
    other_partner_staff: [{ role: 'partner_staff', siteId: otherPartnerSite.id }],
    other_site_referrer: [{ role: 'referrer', siteId: other.id }],
  };
  const clients = {} as Record<CallerName, Caller>;
  for (const caller of callers) clients[caller] = await Caller.signedIn(t, grants[caller]);
  world = { t, homeSiteId: home.id, partnerOrganisationId: partner.id, clients };
});
afterAll(() => world.t.close());

/** The account of a caller. */
function accountOf(caller: CallerName): string {
  const id = world.clients[caller].accountId;
  if (!id) throw new Error(`${caller} is not signed in`);
  return id;
}

/** A fresh case of the home site, referred by the home site's referrer. */
async function freshCase(): Promise<{ id: string; personId: string }> {
  return makeCase(world.t.database.db, world.homeSiteId, {
    referrerAccountId: accountOf('referrer'),
  });
}

/**
 * A fresh case of the home site whose person said yes to support, to the home site's link
 * worker: the plan, connections and measurements start only then.
 */
async function acceptedCase(): Promise<{ id: string; personId: string }> {
  return makeCase(world.t.database.db, world.homeSiteId, {
    referrerAccountId: accountOf('referrer'),
    acceptedBy: accountOf('link_worker'),
  });
}

/** A fresh accepted case of the home site whose person has an email: one to invite. */
async function invitableCase(): Promise<{ id: string }> {
  const db = world.t.database.db;
  const person = await makePerson(db, world.homeSiteId, { email: `${randomUUID()}@example.org` });
  return makeCase(db, world.homeSiteId, {
    referrerAccountId: accountOf('referrer'),
    acceptedBy: accountOf('link_worker'),
    personId: person.id,
  });
}

let person: Promise<Caller> | undefined;
/** A person of the home site signed in to their own space, made once. */
function personCaller(): Promise<Caller> {
  person ??= Caller.person(world.t, world.homeSiteId);
  return person;
}

/** A fresh accepted case of the home site with one UCLA-3 baseline recorded. */
async function freshMeasurement(): Promise<{ caseId: string; measurementId: string }> {
  const made = await acceptedCase();
  const [row] = await world.t.database.db
    .insert(measurements)
    .values({
      caseId: made.id,
      personId: made.personId,
      siteId: world.homeSiteId,
      instrumentId: 'ucla3',
      instrumentVersion: 1,
      timepoint: 'baseline',
      takenOn: siteDay(),
      answeredBy: 'link_worker',
      complete: false,
    })
    .returning({ id: measurements.id });
  if (!row) throw new Error('no measurement inserted');
  return { caseId: made.id, measurementId: row.id };
}

/** A fresh case with a planned appointment of its site's link worker. */
async function caseWithAppointment(): Promise<{ id: string; appointmentId: string }> {
  const { id } = await freshCase();
  const [row] = await world.t.database.db
    .insert(appointments)
    .values({
      caseId: id,
      withAccountId: accountOf('link_worker'),
      startsAt: new Date(`${inFourYears}-01-05T14:00:00Z`),
      durationMinutes: 45,
      mode: 'in_person',
      createdBy: accountOf('link_worker'),
    })
    .returning({ id: appointments.id });
  return { id, appointmentId: row?.id ?? '' };
}

/** What the home site's link worker sees, to tell whether a write took effect. */
let demoDirectory: Promise<number> | undefined;

/** A listing of the demo directory, imported once for the actions that need one. */
async function demoListing(): Promise<string> {
  demoDirectory ??= seedDemoDirectory(world.t.database.db, []);
  await demoDirectory;
  return 'c3ee0354-11b9-5527-ad5c-f769703b6686';
}

async function listingEmailCount(): Promise<number> {
  const [row] = await world.t.database.db
    .select({ n: count() })
    .from(outboundEmails)
    .where(eq(outboundEmails.kind, 'listing.emailed'));
  return row?.n ?? 0;
}

function linkWorkerRead(url: string): () => Promise<unknown> {
  return async () => (await world.clients.link_worker.get(url)).json<unknown>();
}

const on = actionsOf(pathwayMatrix);

/** Every pathway action. A new one gets an entry here and a row in the matrix below. */
const actions = {
  // documents kept with a case: listed, attached (the file as the body), downloaded, removed
  'documents.list': on('GET /api/cases/{caseId}/documents', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/documents`)),
  ),
  'document.attach': on('POST /api/cases/{caseId}/documents', async (c) => {
    const url = `/api/cases/${(await freshCase()).id}/documents`;
    return write(linkWorkerRead(url), () =>
      c.request('POST', `${url}?kind=consent`, Buffer.from('%PDF-1.4\n%%EOF\n'), {
        'content-type': 'application/pdf',
        'x-file-name': 'consent.pdf',
      }),
    );
  }),
  'document.download': on('GET /api/documents/{id}/content', async (c) =>
    read(c.get(`/api/documents/${(await freshDocument()).id}/content`)),
  ),
  'document.remove': on('DELETE /api/documents/{id}', async (c) => {
    const { id, caseId } = await freshDocument();
    return write(linkWorkerRead(`/api/cases/${caseId}/documents`), () =>
      c.delete(`/api/documents/${id}`),
    );
  }),
  // outcomes: measurements of a case, and questionnaire links for the person
  'measurements.view': on('GET /api/cases/{caseId}/measurements', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/measurements`)),
  ),
  'measurement.record': on('POST /api/cases/{caseId}/measurements', async (c) =>
    recordMeasurement(c, await acceptedCase()),
  ),
  'measurement.record_awaiting': on('POST /api/cases/{caseId}/measurements', async (c) =>
    recordMeasurement(c, await freshCase()),
  ),
  'measurement.amend': on(
    'POST /api/cases/{caseId}/measurements/{measurementId}/amendments',
    async (c) => {
      const { caseId, measurementId } = await freshMeasurement();
      return write(linkWorkerRead(`/api/cases/${caseId}/measurements`), () =>
        c.post(`/api/cases/${caseId}/measurements/${measurementId}/amendments`, {
          timepoint: 'baseline',
          takenOn: siteDay(),
          answers: { companionship: 3, left_out: 3, isolated: 3 },
        }),
      );
    },
  ),
  'measurement.void': on(
    'POST /api/cases/{caseId}/measurements/{measurementId}/void',
    async (c) => {
      const { caseId, measurementId } = await freshMeasurement();
      return write(linkWorkerRead(`/api/cases/${caseId}/measurements`), () =>
        c.post(`/api/cases/${caseId}/measurements/${measurementId}/void`, {
          reason: 'entered_in_error',
        }),
      );
    },
  ),
  'measurement_link.create': on('POST /api/cases/{caseId}/measurement-links', async (c) =>
    read(
      c.post(`/api/cases/${(await acceptedCase()).id}/measurement-links`, {
        instrumentIds: ['ucla3'],
        timepoint: 'baseline',
        sendByEmail: false,
      }),
    ),
  ),
  // plans: the assessment, the action plan and its reviews, follow-ups, the printout
  'assessment.view': on('GET /api/cases/{caseId}/assessment', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/assessment`)),
  ),
  'assessment.save': on('PUT /api/cases/{caseId}/assessment', async (c) => {
    const url = `/api/cases/${(await freshCase()).id}/assessment`;
    return write(linkWorkerRead(url), () => c.request('PUT', url, { whatMatters: 'Music' }));
  }),
  'plan.view': on('GET /api/cases/{caseId}/plan', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/plan`)),
  ),
  'plan.save': on('PUT /api/cases/{caseId}/plan', async (c) => savePlan(c, await acceptedCase())),
  'plan.save_awaiting': on('PUT /api/cases/{caseId}/plan', async (c) =>
    savePlan(c, await freshCase()),
  ),
  'plan.review': on('POST /api/cases/{caseId}/plan/reviews', async (c) => {
    const url = `/api/cases/${(await acceptedCase()).id}/plan`;
    const body = { reviewedOn: '2026-01-05', notes: 'Going well' };
    return write(linkWorkerRead(url), () => c.post(`${url}/reviews`, body));
  }),
  'person.invite': on('POST /api/cases/{caseId}/person-invitations', async (c) =>
    read(c.post(`/api/cases/${(await invitableCase()).id}/person-invitations`)),
  ),
  'person.sign_in_qr': on('POST /api/cases/{caseId}/person-sign-in-qr', async (c) =>
    read(c.post(`/api/cases/${(await invitableCase()).id}/person-sign-in-qr`)),
  ),
  'person_record.export': on('GET /api/cases/{caseId}/person-record', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/person-record`)),
  ),
  'person_record.actions': on('GET /api/cases/{caseId}/person-record/actions', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/person-record/actions`)),
  ),
  'person.erase': on('POST /api/cases/{caseId}/erasure', async (c) => {
    const closed = await closedCase();
    return write(caseRow(closed.id), () =>
      c.post(`/api/cases/${closed.id}/erasure`, {
        reason: 'person_request',
        confirmReference: closed.reference,
      }),
    );
  }),
  'person_notes.list': on('GET /api/cases/{caseId}/person-notes', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/person-notes`)),
  ),
  'person_requests.list': on('GET /api/cases/{caseId}/person-requests', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/person-requests`)),
  ),
  'person_request.handle': on(
    'POST /api/cases/{caseId}/person-requests/{requestId}/handling',
    async (c) => {
      const made = await acceptedCase();
      const [request] = await world.t.database.db
        .insert(personRequests)
        .values({
          caseId: made.id,
          personId: made.personId,
          siteId: world.homeSiteId,
          kind: 'correction',
          body: 'Mon nom s’écrit avec un accent.',
        })
        .returning({ id: personRequests.id });
      return read(
        c.post(`/api/cases/${made.id}/person-requests/${request?.id ?? ''}/handling`, {
          status: 'done',
          version: 1,
        }),
      );
    },
  ),
  'plan.print': on('GET /api/cases/{caseId}/plan/print-view', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/plan/print-view`)),
  ),
  'follow_ups.list': on('GET /api/cases/{caseId}/follow-ups', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/follow-ups`)),
  ),
  'follow_up.create': on('POST /api/cases/{caseId}/follow-ups', async (c) => {
    const url = `/api/cases/${(await acceptedCase()).id}/follow-ups`;
    return write(linkWorkerRead(url), () =>
      c.post(url, { kind: 'call', dueOn: `${inFourYears}-01-05` }),
    );
  }),
  'follow_up.update': on('PATCH /api/follow-ups/{id}', async (c) => {
    const { id } = await acceptedCase();
    const [row] = await world.t.database.db
      .insert(followUps)
      .values({ caseId: id, kind: 'review', dueOn: `${inFourYears}-01-05` })
      .returning({ id: followUps.id });
    return write(linkWorkerRead(`/api/cases/${id}/follow-ups`), () =>
      c.patch(`/api/follow-ups/${row?.id ?? ''}`, { done: true, version: 1 }),
    );
  }),
  // case records: notes, appointments, the agenda
  'case_notes.list': on('GET /api/cases/{caseId}/notes', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/notes`)),
  ),
  'case_note.add': on('POST /api/cases/{caseId}/notes', async (c) => {
    const url = `/api/cases/${(await freshCase()).id}/notes`;
    return write(linkWorkerRead(url), () => c.post(url, { body: 'Called, will call back' }));
  }),
  'case_note.edit': on('PATCH /api/case-notes/{id}', async (c) => {
    const { id } = await freshCase();
    // The caller's own note, just written: only who may work on the case may change it.
    const [row] = await world.t.database.db
      .insert(caseNotes)
      .values({
        caseId: id,
        body: 'First words',
        authorId: c.accountId ?? accountOf('link_worker'),
      })
      .returning({ id: caseNotes.id });
    return write(linkWorkerRead(`/api/cases/${id}/notes`), () =>
      c.patch(`/api/case-notes/${row?.id ?? ''}`, { body: 'Better words', version: 1 }),
    );
  }),
  'appointments.list': on('GET /api/cases/{caseId}/appointments', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/appointments`)),
  ),
  'appointment.create': on('POST /api/cases/{caseId}/appointments', async (c) => {
    const url = `/api/cases/${(await freshCase()).id}/appointments`;
    const body = { startsAt: `${inFourYears}-01-05T14:00:00Z`, durationMinutes: 45, mode: 'phone' };
    return write(linkWorkerRead(url), () => c.post(url, body));
  }),
  'appointment.update': on('PUT /api/appointments/{id}', async (c) => {
    const { id, appointmentId } = await caseWithAppointment();
    const body = {
      startsAt: `${inFourYears}-01-06T15:00:00Z`,
      durationMinutes: 30,
      mode: 'video',
      version: 1,
    };
    return write(linkWorkerRead(`/api/cases/${id}/appointments`), () =>
      c.request('PUT', `/api/appointments/${appointmentId}`, body),
    );
  }),
  'appointment.cancel': on('POST /api/appointments/{id}/status', async (c) => {
    const { id, appointmentId } = await caseWithAppointment();
    return write(linkWorkerRead(`/api/cases/${id}/appointments`), () =>
      c.post(`/api/appointments/${appointmentId}/status`, { status: 'cancelled', version: 1 }),
    );
  }),
  agenda: on('GET /api/agenda', (c) =>
    read(
      c.get(`/api/agenda?from=${inFourYears}-01-05T00:00:00Z&to=${inFourYears}-01-12T00:00:00Z`),
    ),
  ),
  // referrals: referring, the referrer's view, duplicates
  'referral.sites': on('GET /api/referrals/sites', (c) => read(c.get('/api/referrals/sites'))),
  'referral.create': on('POST /api/referrals', (c) =>
    write(countCases, () => c.post('/api/referrals', referralBody({ siteId: world.homeSiteId }))),
  ),
  'referral.record_agency': on('POST /api/referrals', (c) =>
    write(countCases, () =>
      c.post(
        '/api/referrals',
        referralBody({
          siteId: world.homeSiteId,
          source: 'agency',
          referrer: { name: 'Julie Roy', organisation: 'Food bank', contact: '819-555-0123' },
        }),
      ),
    ),
  ),
  'referrals.mine': on('GET /api/referrals/mine', (c) => read(c.get('/api/referrals/mine'))),
  'referral.view': on('GET /api/referrals/{id}', async (c) =>
    read(c.get(`/api/referrals/${(await freshCase()).id}`)),
  ),
  'case.duplicate_view': on('GET /api/cases/{id}/duplicate', async (c) =>
    read(c.get(`/api/cases/${(await caseWithDuplicate()).id}/duplicate`)),
  ),
  'case.merge_person': on('POST /api/cases/{id}/merge-person', async (c) => {
    const { id } = await caseWithDuplicate();
    return write(caseRow(id), () =>
      c.post(`/api/cases/${id}/merge-person`, { keep: 'separate', version: 1 }),
    );
  }),
  // cases: triage, caseload, the case record, contacts, status, safeguarding, re-referral
  'case.triage': on('GET /api/cases/triage', (c) =>
    read(c.get(`/api/cases/triage?siteId=${world.homeSiteId}`)),
  ),
  'case.caseload': on('GET /api/cases/caseload', (c) =>
    read(c.get('/api/cases/caseload?assignee=all')),
  ),
  'case.search': on('POST /api/cases/search', (c) =>
    read(c.post('/api/cases/search', { query: 'Tremblay' })),
  ),
  'case.reassign_many': on('POST /api/cases/reassignments', async (c) => {
    const { id } = await freshCase();
    const body = { cases: [{ id, version: 1 }], accountId: accountOf('link_worker') };
    return write(caseRow(id), () => c.post('/api/cases/reassignments', body));
  }),
  'case.view': on('GET /api/cases/{id}', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}`)),
  ),
  'case.take': on('POST /api/cases/{id}/take', async (c) => {
    const { id } = await freshCase();
    return write(caseRow(id), () => c.post(`/api/cases/${id}/take`, { version: 1 }));
  }),
  'case.assign': on('POST /api/cases/{id}/assign', async (c) => {
    const { id } = await freshCase();
    const body = { accountId: accountOf('link_worker'), version: 1 };
    return write(caseRow(id), () => c.post(`/api/cases/${id}/assign`, body));
  }),
  'case.contact': on('POST /api/cases/{id}/contacts', async (c) => {
    const url = `/api/cases/${(await freshCase()).id}/contacts`;
    const body = { channel: 'phone', outcome: 'no_answer', occurredAt: new Date().toISOString() };
    return write(linkWorkerRead(url.replace('/contacts', '')), () => c.post(url, body));
  }),
  'case.accept': on('POST /api/cases/{id}/status', async (c) =>
    caseStatusChange(c, 'new', { to: 'active' }),
  ),
  'case.decline': on('POST /api/cases/{id}/status', async (c) =>
    caseStatusChange(c, 'new', { to: 'declined', reason: 'other' }),
  ),
  'case.close_unreachable': on('POST /api/cases/{id}/status', async (c) =>
    caseStatusChange(c, 'assigned', { to: 'unreachable' }),
  ),
  'case.discharge': on('POST /api/cases/{id}/status', async (c) =>
    caseStatusChange(c, 'active', { to: 'discharged', reason: 'goals_met' }),
  ),
  'case.safeguarding_raise': on('POST /api/cases/{id}/safeguarding', async (c) => {
    const { id } = await freshCase();
    const body = { level: 'concern', description: 'Seemed frightened' };
    return write(linkWorkerRead(`/api/cases/${id}`), () =>
      c.post(`/api/cases/${id}/safeguarding`, body),
    );
  }),
  'case.safeguarding_acknowledge': on(
    'POST /api/cases/{id}/safeguarding/{concernId}/acknowledge',
    async (c) => {
      const { id } = await freshCase();
      const [row] = await world.t.database.db
        .insert(safeguardingConcerns)
        .values({ caseId: id, level: 'urgent', description: 'Seemed frightened' })
        .returning({ id: safeguardingConcerns.id });
      const concern = async (): Promise<unknown> =>
        world.t.database.db
          .select()
          .from(safeguardingConcerns)
          .where(eq(safeguardingConcerns.caseId, id));
      return write(concern, () =>
        c.post(`/api/cases/${id}/safeguarding/${row?.id ?? ''}/acknowledge`),
      );
    },
  ),
  'case.re_refer': on('POST /api/cases/{id}/re-refer', async (c) => {
    const { id } = await freshCase();
    await world.t.database.db
      .update(cases)
      .set({ status: 'declined', closedAt: new Date() })
      .where(eq(cases.id, id));
    const consent = {
      givenBy: 'person',
      givenAt: new Date().toISOString(),
      coversReferral: true,
      coversReferrerUpdates: false,
    };
    const body = { reasons: ['money'], urgency: 'routine', consent };
    return write(countCases, () => c.post(`/api/cases/${id}/re-refer`, body));
  }),
  // connections: the link worker's loop, the partner's inbox and answers
  'activity_search.profile': on('GET /api/cases/{caseId}/activity-search', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/activity-search`)),
  ),
  'listing.email': on('POST /api/cases/{caseId}/listing-emails', async (c) => {
    const serviceId = await demoListing();
    const person = await makePerson(world.t.database.db, world.homeSiteId, {
      email: 'camille@example.org',
    });
    const made = await makeCase(world.t.database.db, world.homeSiteId, {
      referrerAccountId: accountOf('referrer'),
      personId: person.id,
    });
    return write(listingEmailCount, () =>
      c.post(`/api/cases/${made.id}/listing-emails`, { serviceId }),
    );
  }),
  'connections.list': on('GET /api/cases/{caseId}/connections', async (c) =>
    read(c.get(`/api/cases/${(await freshCase()).id}/connections`)),
  ),
  'connection.propose': on('POST /api/cases/{caseId}/connections', async (c) =>
    proposeConnection(c, await acceptedCase()),
  ),
  'connection.propose_awaiting': on('POST /api/cases/{caseId}/connections', async (c) =>
    proposeConnection(c, await freshCase()),
  ),
  'connection.send': on('POST /api/connections/{id}/status', async (c) => {
    const id = await freshConnection('proposed');
    return write(connectionRow(id), () =>
      c.post(`/api/connections/${id}/status`, { to: 'sent', version: 1 }),
    );
  }),
  'connection.record_by_phone': on('POST /api/connections/{id}/partner-answers', async (c) => {
    const id = await freshConnection('sent');
    return write(connectionRow(id), () =>
      c.post(`/api/connections/${id}/partner-answers`, { to: 'accepted', version: 1 }),
    );
  }),
  'partner.connections': on('GET /api/partner/connections', (c) =>
    read(c.get('/api/partner/connections')),
  ),
  'partner.connection_view': on('GET /api/partner/connections/{id}', async (c) =>
    read(c.get(`/api/partner/connections/${await freshConnection('sent')}`)),
  ),
  'partner.connection_answer': on('POST /api/partner/connections/{id}/status', async (c) => {
    const id = await freshConnection('sent');
    return write(connectionRow(id), () =>
      c.post(`/api/partner/connections/${id}/status`, { to: 'accepted', version: 1 }),
    );
  }),
} satisfies Record<string, Action<typeof pathwayMatrix>>;

/** The link worker's UCLA-3 baseline on a case, as the outcomes section records it. */
function recordMeasurement(c: Caller, made: { id: string }): Promise<Outcome> {
  const url = `/api/cases/${made.id}/measurements`;
  return write(linkWorkerRead(url), () =>
    c.post(url, {
      instrumentId: 'ucla3',
      timepoint: 'baseline',
      takenOn: siteDay(),
      answers: { companionship: 1, left_out: 2, isolated: 1 },
    }),
  );
}

/** A plan of one goal saved on a case. */
function savePlan(c: Caller, made: { id: string }): Promise<Outcome> {
  const url = `/api/cases/${made.id}/plan`;
  const goals = [{ text: 'Sing again', steps: [{ text: 'Call the choir', owner: 'person' }] }];
  return write(linkWorkerRead(url), () => c.request('PUT', url, { goals }));
}

/** A described activity proposed for a case. */
function proposeConnection(c: Caller, made: { id: string }): Promise<Outcome> {
  const url = `/api/cases/${made.id}/connections`;
  const body = { organisationName: 'Choir', activity: 'Singing', personWants: 'Sing' };
  return write(linkWorkerRead(url), () => c.post(url, body));
}

/** A PDF kept with a fresh case, attached by the home site's link worker. */
async function freshDocument(): Promise<{ id: string; caseId: string }> {
  const { id: caseId } = await freshCase();
  const content = Buffer.from('%PDF-1.4\n%%EOF\n');
  const [row] = await world.t.database.db
    .insert(caseDocuments)
    .values({
      caseId,
      kind: 'letter',
      fileName: 'letter.pdf',
      contentType: 'application/pdf',
      sizeBytes: content.length,
      sha256: 'not checked here',
      content,
      uploadedBy: accountOf('link_worker'),
    })
    .returning({ id: caseDocuments.id });
  if (!row) throw new Error('no document');
  return { id: row.id, caseId };
}

/** A connection of a fresh accepted case to the partner organisation, in the given status. */
async function freshConnection(status: 'proposed' | 'sent'): Promise<string> {
  const { id: caseId } = await acceptedCase();
  const [row] = await world.t.database.db
    .insert(connections)
    .values({
      caseId,
      partnerOrganisationId: world.partnerOrganisationId,
      organisationName: 'Choir',
      activity: 'Singing',
      personWants: 'Sing',
      status,
    })
    .returning({ id: connections.id });
  if (!row) throw new Error('no connection');
  // Partners see a connection only once its history says it was sent to them.
  if (status === 'sent') {
    await world.t.database.db
      .insert(connectionEvents)
      .values({ connectionId: row.id, fromStatus: 'proposed', toStatus: 'sent', via: 'account' });
  }
  return row.id;
}

function connectionRow(id: string): () => Promise<unknown> {
  return async () =>
    (await world.t.database.db.select().from(connections).where(eq(connections.id, id)))[0];
}

/**
 * A status change on a fresh case put in the given status first (three failed attempts
 * made, so closing as unreachable is allowed).
 */
async function caseStatusChange(
  c: Caller,
  from: 'new' | 'assigned' | 'active',
  body: Record<string, unknown>,
): Promise<Outcome> {
  const { id } = await freshCase();
  const db = world.t.database.db;
  if (from !== 'new') {
    await db
      .update(cases)
      .set({ status: from, assignedTo: accountOf('link_worker') })
      .where(eq(cases.id, id));
  }
  for (let i = 0; i < 3; i += 1) {
    await db.insert(contacts).values({
      caseId: id,
      channel: 'phone',
      outcome: 'no_answer',
      occurredAt: new Date(Date.now() - (i + 1) * 60_000),
      recordedBy: accountOf('link_worker'),
    });
  }
  return write(caseRow(id), () => c.post(`/api/cases/${id}/status`, { ...body, version: 1 }));
}

async function countCases(): Promise<number> {
  const [row] = await world.t.database.db.select({ n: count() }).from(cases);
  return row?.n ?? 0;
}

function caseRow(id: string): () => Promise<unknown> {
  return async () => (await world.t.database.db.select().from(cases).where(eq(cases.id, id)))[0];
}

function referralBody(extra: Record<string, unknown>): Record<string, unknown> {
  return { ...referralInput({ familyName: 'Gagnon' }), ...extra };
}

/** A fresh case of the home site, discharged: its person may be erased. */
async function closedCase(): Promise<{ id: string; reference: string }> {
  const made = await makeCase(world.t.database.db, world.homeSiteId, {
    referrerAccountId: accountOf('referrer'),
  });
  await world.t.database.db
    .update(cases)
    .set({ status: 'discharged', closureReason: 'goals_met', closedAt: new Date() })
    .where(eq(cases.id, made.id));
  return made;
}

/** A fresh case flagged as possibly the same person as an earlier record of the site. */
async function caseWithDuplicate(): Promise<{ id: string }> {
  const db = world.t.database.db;
  const earlier = await makePerson(db, world.homeSiteId);
  const { id } = await freshCase();
  await db.update(cases).set({ possibleDuplicateOfId: earlier.id }).where(eq(cases.id, id));
  return { id };
}
type ActionName = keyof typeof actions;
/** A status for each caller, in the order of `callers`. */
type Row = Readonly<Statuses<typeof callers.length>>;
type Statuses<N extends number, T extends number[] = []> = T['length'] extends N
  ? T
  : Statuses<N, [...T, number]>;

/*
 * The expected status of every action for every caller. At home: ref referrer, lw link
 * worker and sm site manager of the home site, ps partner staff of the partner organisation
 * the connections go to, ev evaluator, adm administrator. Elsewhere: lw, sm and ref of
 * another site, ps of another partner organisation. An action ending in _awaiting runs on a
 * case whose person has not said yes to support yet: whoever may work on it gets 409 (the
 * plan, connections and measurements start with that yes), the others as on any case.
 */
// prettier-ignore
const matrix: Record<ActionName, Row> = {
  //                                 at home                         elsewhere
  //                                 ref  lw   ps   sm   ev   adm    lw   sm   ps   ref
  'documents.list':                 [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'document.attach':                [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'document.download':              [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'document.remove':                [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'measurements.view':              [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'measurement.record':             [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'measurement.record_awaiting':    [403, 409, 403, 409, 403, 403,   404, 404, 403, 403],
  'measurement.amend':              [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'measurement.void':               [403, 204, 403, 204, 403, 403,   404, 404, 403, 403],
  'measurement_link.create':        [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'assessment.view':                [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'assessment.save':                [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'plan.view':                      [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'plan.save':                      [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'plan.save_awaiting':             [403, 409, 403, 409, 403, 403,   404, 404, 403, 403],
  'plan.review':                    [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'plan.print':                     [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'person.invite':                  [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'person.sign_in_qr':              [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'person_record.export':           [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'person_record.actions':          [403, 200, 403, 200, 403, 200,   404, 404, 403, 403],
  'person.erase':                   [403, 403, 403, 200, 403, 200,   403, 404, 403, 403],
  'person_notes.list':              [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'person_requests.list':           [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'person_request.handle':          [403, 403, 403, 200, 403, 403,   404, 404, 403, 403],
  'follow_ups.list':                [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'follow_up.create':               [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'follow_up.update':               [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'case_notes.list':                [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'case_note.add':                  [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'case_note.edit':                 [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'appointments.list':              [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'appointment.create':             [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'appointment.update':             [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'appointment.cancel':             [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  agenda:                           [403, 200, 403, 200, 403, 403,   200, 200, 403, 403],
  'referral.sites':                 [200, 403, 403, 403, 403, 403,   403, 403, 403, 200],
  'referral.create':                [201, 403, 403, 403, 403, 403,   403, 403, 403, 403],
  'referral.record_agency':         [403, 201, 403, 201, 403, 403,   403, 403, 403, 403],
  'referrals.mine':                 [200, 403, 403, 403, 403, 403,   403, 403, 403, 200],
  'referral.view':                  [200, 403, 403, 403, 403, 403,   403, 403, 403, 404],
  'case.duplicate_view':            [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'case.merge_person':              [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'case.triage':                    [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'case.caseload':                  [403, 200, 403, 200, 403, 403,   200, 200, 403, 403],
  'case.search':                    [403, 200, 403, 200, 403, 403,   200, 200, 403, 403],
  'case.reassign_many':             [403, 403, 403, 200, 403, 403,   404, 404, 403, 403],
  'case.view':                      [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'case.take':                      [403, 200, 403, 403, 403, 403,   404, 404, 403, 403],
  'case.assign':                    [403, 403, 403, 200, 403, 403,   404, 404, 403, 403],
  'case.contact':                   [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'case.accept':                    [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'case.decline':                   [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'case.close_unreachable':         [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'case.discharge':                 [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'case.safeguarding_raise':        [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'case.safeguarding_acknowledge':  [403, 403, 403, 200, 403, 403,   404, 404, 403, 403],
  'case.re_refer':                  [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'activity_search.profile':        [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'listing.email':                  [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'connections.list':               [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'connection.propose':             [403, 201, 403, 201, 403, 403,   404, 404, 403, 403],
  'connection.propose_awaiting':    [403, 409, 403, 409, 403, 403,   404, 404, 403, 403],
  'connection.send':                [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'connection.record_by_phone':     [403, 200, 403, 200, 403, 403,   404, 404, 403, 403],
  'partner.connections':            [403, 403, 200, 403, 403, 403,   403, 403, 200, 403],
  'partner.connection_view':        [403, 403, 200, 403, 403, 403,   403, 403, 404, 403],
  'partner.connection_answer':      [403, 403, 200, 403, 403, 403,   403, 403, 404, 403],
};

const actionNames = Object.keys(actions) as ActionName[];

const cells = actionNames.flatMap((action) =>
  callers.map((caller, index) => ({ action, caller, status: matrix[action][index] ?? 0 })),
);

describe('the pathway permission matrix', () => {
  it('has an action for every operation permission-routes.ts gives it', () => {
    expectCoverage(pathwayMatrix, actions);
  });

  it.each(cells)('$action as $caller: $status', async ({ action, caller, status }) => {
    expectOutcome(await runAs(actions[action], world.clients[caller]), status);
  });

  it.each(actionNames)('%s is refused to an anonymous caller with 401', async (action) => {
    expectOutcome(await runAs(actions[action], Caller.anonymous(world.t)), 401);
  });

  // A person's session (features/person-space) is not a staff session: every route refuses it.
  it.each(actionNames)('%s is refused to a person’s own session with 401', async (action) => {
    expectOutcome(await runAs(actions[action], await personCaller()), 401);
  });
});
