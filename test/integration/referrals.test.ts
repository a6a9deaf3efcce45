import { and, count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, cases, consents, people, sites } from '../../src/server/db/schema';
import type {
  CaseDuplicate,
  CreateReferralInput,
  MergePersonResult,
  PublicSiteList,
  Referral,
  ReferralList,
  ReferrerSummary,
  SelfReferralAcknowledgement,
} from '../../src/shared/contracts/referrals';
import { Client, errorOf, startTestApp, type TestApp } from '../helpers/app';
import {
  makeAccount,
  makeCase,
  makeOrganisation,
  makePerson,
  makeSite,
  type TestAccount,
} from '../helpers/factories';
import { type SmtpCapture, startSmtpCapture } from '../helpers/smtp';
import { referralInput } from '../helpers/referral-input';

let t: TestApp;
let mail: SmtpCapture;
let home: { id: string; name: string };
let other: { id: string; name: string };
let closed: { id: string; name: string };
let referrerAccount: TestAccount;
let referrer: Client;
let otherReferrer: Client;
let linkWorker: Client;
let siteManager: Client;
let linkWorkerFr: TestAccount;
let linkWorkerEn: TestAccount;
const publicRate = 3;

async function signedIn(account: TestAccount, language = 'en'): Promise<Client> {
  const client = new Client(t.app, language);
  expect((await client.signIn(account.email, account.password)).statusCode).toBe(200);
  return client;
}

beforeAll(async () => {
  mail = await startSmtpCapture();
  t = await startTestApp({ SMTP_URL: mail.url, PUBLIC_FORM_RATE_PER_MINUTE: String(publicRate) });
  const db = t.database.db;
  home = await makeSite(db, { defaultLocale: 'fr' });
  other = await makeSite(db);
  closed = await makeSite(db);
  await db.update(sites).set({ acceptsSelfReferrals: false }).where(eq(sites.id, closed.id));
  referrerAccount = await makeAccount(db, [{ role: 'referrer', siteId: home.id }]);
  referrer = await signedIn(referrerAccount);
  otherReferrer = await signedIn(await makeAccount(db, [{ role: 'referrer', siteId: other.id }]));
  linkWorkerFr = await makeAccount(db, [{ role: 'link_worker', siteId: home.id }], {
    locale: 'fr',
  });
  linkWorkerEn = await makeAccount(db, [{ role: 'link_worker', siteId: home.id }], {
    locale: 'en',
  });
  linkWorker = await signedIn(linkWorkerEn);
  siteManager = await signedIn(await makeAccount(db, [{ role: 'site_manager', siteId: home.id }]));
});
afterAll(async () => {
  await t.close();
  await mail.close();
});
beforeEach(() => mail.clear());

function referralBody(overrides: Partial<CreateReferralInput> = {}): CreateReferralInput {
  return referralInput(
    { postalCode: 'J1H 5N4' },
    {
      reasons: ['loneliness_isolation', 'physical_inactivity'],
      urgency: 'soon',
      context: 'Widowed last year, stopped going out; enjoys gardening.',
      ...overrides,
    },
  );
}

async function refer(body = referralBody(), client = referrer): Promise<Referral> {
  const response = await client.post('/api/referrals', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Referral>();
}

async function rowCounts(): Promise<{ people: number; cases: number; consents: number }> {
  const db = t.database.db;
  const [p] = await db.select({ n: count() }).from(people);
  const [c] = await db.select({ n: count() }).from(cases);
  const [k] = await db.select({ n: count() }).from(consents);
  return { people: p?.n ?? 0, cases: c?.n ?? 0, consents: k?.n ?? 0 };
}

let ipCounter = 10;
function selfRefer(
  body: unknown,
  ip = `10.0.0.${(ipCounter += 1)}`,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/public/self-referrals',
    payload: body as Record<string, unknown>,
    remoteAddress: ip,
    headers: { 'accept-language': 'en' },
  });
}

function selfReferralBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    siteId: home.id,
    person: {
      givenName: 'Sam',
      familyName: `Taylor-${Math.random().toString(36).slice(2, 8)}`,
      dateOfBirth: '1990-11-02',
      email: `sam.${Math.random().toString(36).slice(2, 8)}@example.org`,
      preferredLanguage: 'fr',
      contactPreference: 'email',
    },
    reasons: ['low_mood_stress'],
    context: 'I moved here for work and know nobody.',
    consent: true,
    website: '',
    ...overrides,
  };
}

describe('a referrer refers a person', () => {
  it('opens a new case with the consent, audits without personal data, and tells the team by email', async () => {
    const body = referralBody();
    const referral = await refer(body);
    expect(referral).toMatchObject({
      siteId: home.id,
      source: 'clinician',
      status: 'new',
      assigned: false,
      urgency: 'soon',
      reasons: ['loneliness_isolation', 'physical_inactivity'],
      personName: `Marie ${body.person.familyName}`,
      coversReferrerUpdates: true,
      summary: null,
      summaryWithheld: 'not_closed',
    });
    expect(referral.reference).toMatch(/^P-[0-9A-Z]{6}$/);
    expect(referral.history.map((h) => h.status)).toEqual(['new']);

    const db = t.database.db;
    const [caseRow] = await db.select().from(cases).where(eq(cases.id, referral.id));
    expect(caseRow?.referrerAccountId).toBe(referrerAccount.id);
    expect(caseRow?.possibleDuplicateOfId).toBeNull();
    const [consent] = await db.select().from(consents).where(eq(consents.caseId, referral.id));
    expect(consent).toMatchObject({
      personId: caseRow?.personId,
      givenBy: 'person',
      coversReferral: true,
      coversReferrerUpdates: true,
      coversSharingWithPartners: false,
      recordedBy: referrerAccount.id,
    });
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'referral.created'), eq(auditEvents.subjectId, referral.id)),
      );
    expect(audit).toMatchObject({
      actorId: referrerAccount.id,
      subjectType: 'case',
      siteId: home.id,
      details: { source: 'clinician', possibleDuplicate: false },
    });
    const auditText = JSON.stringify(audit?.details);
    expect(auditText).not.toContain(body.person.familyName);
    expect(auditText).not.toContain('gardening');

    expect((await t.deliverEmails()).sent).toBeGreaterThanOrEqual(2);
    const fr = await mail.waitFor((e) => e.to.includes(linkWorkerFr.email.toLowerCase()));
    const en = await mail.waitFor((e) => e.to.includes(linkWorkerEn.email.toLowerCase()));
    // The first test: nothing else was waiting in the outbox.
    expect(fr.subject).toBe(`Nouvelle orientation ${referral.reference}, urgence\u202f: bientôt`);
    expect(en.subject).toBe(`New referral ${referral.reference}, urgency: soon`);
    for (const email of [fr, en]) {
      expect(email.links.some((link) => link.endsWith(`/cases/${referral.id}`))).toBe(true);
      expect(email.text).toContain(home.name);
      expect(email.text).not.toContain(body.person.familyName);
      expect(email.text).not.toContain('Marie');
      expect(email.text).not.toContain('gardening');
      expect(email.text).not.toContain('819-555');
    }
    // Nobody outside the team is told.
    expect(mail.messages()).toHaveLength(2);
  });

  it('refuses a referral without the consent to be referred, and writes nothing', async () => {
    const before = await rowCounts();
    const body = referralBody();
    const response = await referrer.post('/api/referrals', {
      ...body,
      consent: { ...body.consent, coversReferral: false },
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toMatchObject({
      code: 'consent_required',
      field: 'consent.coversReferral',
    });
    expect(await rowCounts()).toEqual(before);
    expect(await t.deliverEmails()).toMatchObject({ sent: 0 });
  });

  it('says what is wrong in French, field by field', async () => {
    const french = await signedIn(referrerAccount, 'fr');
    const body = referralBody();
    const before = await rowCounts();
    const response = await french.request(
      'POST',
      '/api/referrals',
      {
        ...body,
        person: { ...body.person, phone: undefined, postalCode: '12' },
        reasons: ['other'],
        consent: { ...body.consent, givenBy: 'carer', givenAt: '2999-01-01T00:00:00Z' },
      },
      { 'accept-language': 'fr' },
    );
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('validation_failed');
    const byField = Object.fromEntries((error.issues ?? []).map((i) => [i.field, i.message]));
    expect(byField).toMatchObject({
      'person.phone':
        'Indiquez cette coordonnée\u202f: c’est ainsi que la personne préfère être contactée.',
      'person.postalCode': 'Saisissez un code postal canadien (K1A 0B1) ou français (75011).',
      reasonOther: 'Décrivez l’autre motif.',
      'consent.givenByName': 'Indiquez le nom de la personne qui a consenti en son nom.',
      'consent.givenAt': 'Cette date ne peut pas être dans le futur.',
    });
    const empty = await french.post('/api/referrals', { ...body, reasons: [] });
    expect(errorOf(empty).issues).toEqual([
      { field: 'reasons', message: 'Choisissez-en au moins 1.' },
    ]);
    expect(await rowCounts()).toEqual(before);
  });

  it('keeps the phone in E.164 however it was written, and refuses one that is no number', async () => {
    const db = t.database.db;
    for (const [written, kept] of [
      ['1-819-555-0199', '+18195550199'],
      ['(819) 555.0199', '+18195550199'],
      ['06 12 34 56 78', '+33612345678'],
      ['0033 6 12 34 56 78', '+33612345678'],
    ] as const) {
      const body = referralBody();
      const referral = await refer({ ...body, person: { ...body.person, phone: written } });
      const [row] = await db
        .select({ phone: people.phone })
        .from(people)
        .innerJoin(cases, eq(cases.personId, people.id))
        .where(eq(cases.id, referral.id));
      expect(row?.phone).toBe(kept);
    }

    const before = await rowCounts();
    const body = referralBody();
    const badNumber = { ...body, person: { ...body.person, phone: '555-0199' } };
    const english = await referrer.post('/api/referrals', badNumber);
    expect(english.statusCode).toBe(400);
    expect(errorOf(english).issues).toEqual([
      {
        field: 'person.phone',
        message:
          "Enter a phone number with its area code: Canadian (514 555 0123), French (01 23 45 67 89), or another country's with its + prefix.",
      },
    ]);
    const french = await signedIn(referrerAccount, 'fr');
    const inFrench = await french.post('/api/referrals', {
      ...body,
      person: { ...body.person, phone: 'appelez le soir' },
    });
    expect(errorOf(inFrench).issues).toEqual([
      {
        field: 'person.phone',
        message:
          'Saisissez un numéro de téléphone avec son indicatif\u202f: canadien (514 555 0123), français (01 23 45 67 89), ou d’un autre pays avec son préfixe +.',
      },
    ]);
    const selfReferral = selfReferralBody();
    const refused = await selfRefer({
      ...selfReferral,
      person: { ...(selfReferral.person as object), phone: '819-555-01999' },
    });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).issues?.map((issue) => issue.field)).toEqual(['person.phone']);
    expect(await rowCounts()).toEqual(before);
  });

  it('says an empty date of birth is required, not badly formatted, in both languages', async () => {
    const body = referralBody();
    const before = await rowCounts();
    const withoutBirthDate = { ...body, person: { ...body.person, dateOfBirth: '' } };
    const english = await referrer.post('/api/referrals', withoutBirthDate);
    expect(english.statusCode).toBe(400);
    expect(errorOf(english).issues).toEqual([
      { field: 'person.dateOfBirth', message: 'This field is required.' },
    ]);
    const french = await signedIn(referrerAccount, 'fr');
    const inFrench = await french.post('/api/referrals', withoutBirthDate);
    expect(errorOf(inFrench).issues).toEqual([
      { field: 'person.dateOfBirth', message: 'Ce champ est obligatoire.' },
    ]);
    // An empty optional field is not asked for: it is just not a valid email address.
    const emptyEmail = await referrer.post('/api/referrals', {
      ...body,
      person: { ...body.person, email: '' },
    });
    expect(errorOf(emptyEmail).issues).toEqual([
      { field: 'person.email', message: 'Enter a valid email address.' },
    ]);
    expect(await rowCounts()).toEqual(before);
  });

  it('accepts French postal codes and a carer giving consent with their name', async () => {
    const body = referralBody();
    const referral = await refer({
      ...body,
      person: { ...body.person, postalCode: '75011', email: 'marie@example.org' },
      reasons: ['other'],
      reasonOther: 'Needs help with paperwork',
      consent: { ...body.consent, givenBy: 'carer', givenByName: 'Luc Gagnon' },
    });
    expect(referral.reasonOther).toBe('Needs help with paperwork');
  });

  it('asks which site when the referrer refers for several', async () => {
    const account = await makeAccount(t.database.db, [
      { role: 'referrer', siteId: home.id },
      { role: 'referrer', siteId: other.id },
    ]);
    const client = await signedIn(account);
    const sitesResponse = await client.get('/api/referrals/sites');
    expect(
      sitesResponse
        .json<PublicSiteList>()
        .items.map((s) => s.id)
        .sort(),
    ).toEqual([home.id, other.id].sort());
    const missing = await client.post('/api/referrals', referralBody());
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing)).toMatchObject({ code: 'site_required_for_role', field: 'siteId' });
    const referral = await refer(referralBody({ siteId: other.id }), client);
    expect(referral.siteId).toBe(other.id);
  });

  it('refuses everyone who does not refer for the site', async () => {
    const db = t.database.db;
    const partnerOrganisation = await makeOrganisation(db, 'community_partner');
    const partnerSite = await makeSite(db, { organisationId: partnerOrganisation.id });
    const refused: Client[] = [
      otherReferrer,
      linkWorker, // a link worker records agencies' referrals, not clinicians'
      await signedIn(await makeAccount(db, [{ role: 'partner_staff', siteId: partnerSite.id }])),
      await signedIn(await makeAccount(db, [{ role: 'evaluator' }])),
      await signedIn(await makeAccount(db, [{ role: 'administrator' }])),
    ];
    const before = await rowCounts();
    for (const client of refused) {
      const response = await client.post('/api/referrals', referralBody({ siteId: home.id }));
      expect(response.statusCode).toBe(403);
      expect(errorOf(response).code).toBe('forbidden');
    }
    expect(await rowCounts()).toEqual(before);
    expect((await new Client(t.app).post('/api/referrals', referralBody())).statusCode).toBe(401);
  });

  it("lets the site's team record another agency's referral", async () => {
    const withoutReferrer = await linkWorker.post(
      '/api/referrals',
      referralBody({ source: 'agency' }),
    );
    expect(withoutReferrer.statusCode).toBe(400);
    expect(errorOf(withoutReferrer).issues?.map((i) => i.field)).toEqual(['referrer']);
    const referrerDetails = {
      name: 'Julie Roy',
      organisation: 'Food bank of the Eastern Townships',
      contact: '819-555-0123',
    };
    for (const client of [linkWorker, siteManager]) {
      const response = await client.post(
        '/api/referrals',
        referralBody({ source: 'agency', referrer: referrerDetails }),
      );
      expect(response.statusCode, response.body).toBe(201);
      const referral = response.json<Referral>();
      expect(referral.source).toBe('agency');
      const [row] = await t.database.db.select().from(cases).where(eq(cases.id, referral.id));
      expect(row).toMatchObject({
        referrerAccountId: null,
        referrerName: 'Julie Roy',
        referrerOrganisation: 'Food bank of the Eastern Townships',
      });
    }
    const otherSite = await otherReferrer.post(
      '/api/referrals',
      referralBody({ source: 'agency', referrer: referrerDetails }),
    );
    expect(otherSite.statusCode).toBe(403);
  });
});

describe('possible duplicates', () => {
  let day = 10;
  async function referHelene(): Promise<{ existingId: string; referral: Referral }> {
    // A birth date of its own per test, so earlier tests' records do not match.
    const dateOfBirth = `1944-07-${(day += 1)}`;
    const existing = await makePerson(t.database.db, home.id, {
      givenName: 'Hélène',
      familyName: 'Côté',
      dateOfBirth,
      phone: '819-555-0101',
      email: null,
      address: null,
    });
    const earlier = await makeCase(t.database.db, home.id, { personId: existing.id });
    const body = referralBody();
    const referral = await refer({
      ...body,
      person: {
        ...body.person,
        givenName: 'Helene',
        familyName: 'COTE',
        dateOfBirth,
        phone: '819-555-0202',
        email: 'helene@example.org',
        address: '12 rue King Ouest',
      },
    });
    expect(earlier.id).not.toBe(referral.id);
    return { existingId: existing.id, referral };
  }

  it('flags the same name and birth date at the site, whatever the accents and case', async () => {
    const { existingId, referral } = await referHelene();
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, referral.id));
    expect(row?.possibleDuplicateOfId).toBe(existingId);
    const [audit] = await t.database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, referral.id));
    expect(audit?.details).toMatchObject({ possibleDuplicate: true });

    const response = await linkWorker.get(`/api/cases/${referral.id}/duplicate`);
    expect(response.statusCode).toBe(200);
    const duplicate = response.json<CaseDuplicate>();
    expect(duplicate.person).toMatchObject({ givenName: 'Helene', familyName: 'COTE' });
    expect(duplicate.existing).toMatchObject({
      id: existingId,
      givenName: 'Hélène',
      familyName: 'Côté',
    });
    expect(duplicate.existing.dateOfBirth).toBe(duplicate.person.dateOfBirth);
    expect(duplicate.existing.cases).toHaveLength(1);
    expect(duplicate.existing.cases[0]?.status).toBe('new');
  });

  it('does not flag another birth date, another site, or a merged record', async () => {
    const person = await makePerson(t.database.db, other.id, {
      givenName: 'Paul',
      familyName: 'Lévesque',
      dateOfBirth: '1960-01-01',
    });
    expect(person.id).toBeTruthy();
    const body = referralBody();
    const referral = await refer({
      ...body,
      person: {
        ...body.person,
        givenName: 'Paul',
        familyName: 'Levesque',
        dateOfBirth: '1960-01-01',
      },
    });
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, referral.id));
    expect(row?.possibleDuplicateOfId).toBeNull();
    expect((await linkWorker.get(`/api/cases/${referral.id}/duplicate`)).statusCode).toBe(404);
  });

  it('merges into the existing person: case and consent move, contact details stay', async () => {
    const { existingId, referral } = await referHelene();
    const db = t.database.db;
    const [before] = await db.select().from(cases).where(eq(cases.id, referral.id));
    if (!before) throw new Error('no case');
    const stale = await linkWorker.post(`/api/cases/${referral.id}/merge-person`, {
      keep: 'existing',
      version: before.version + 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('stale_version');

    const response = await linkWorker.post(`/api/cases/${referral.id}/merge-person`, {
      keep: 'existing',
      version: before.version,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<MergePersonResult>()).toEqual({
      caseId: referral.id,
      personId: existingId,
      version: before.version + 1,
    });
    const [after] = await db.select().from(cases).where(eq(cases.id, referral.id));
    expect(after).toMatchObject({ personId: existingId, possibleDuplicateOfId: null });
    const [merged] = await db.select().from(people).where(eq(people.id, before.personId));
    expect(merged?.mergedIntoId).toBe(existingId);
    const [kept] = await db.select().from(people).where(eq(people.id, existingId));
    // Without a pick, the kept record's contact details are its own, even the ones it lacked.
    expect(kept).toMatchObject({ phone: '819-555-0101', email: null, address: null });
    const [consent] = await db.select().from(consents).where(eq(consents.caseId, referral.id));
    expect(consent?.personId).toBe(existingId);
    const audits = await db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'case.person_merged'), eq(auditEvents.subjectId, referral.id)),
      );
    expect(audits).toHaveLength(1);

    const again = await linkWorker.post(`/api/cases/${referral.id}/merge-person`, {
      keep: 'existing',
      version: before.version + 1,
    });
    expect(again.statusCode).toBe(400);
    expect(errorOf(again).code).toBe('not_a_duplicate');
  });

  /** A person of the home site and an anonymous self-referral with the same name and birth date. */
  async function plantedBySelfReferral(
    existingContact: Partial<typeof people.$inferInsert>,
    attackerPerson: Record<string, unknown>,
  ): Promise<{ existingId: string; caseId: string; version: number }> {
    const dateOfBirth = `1938-02-${(day += 1)}`;
    const familyName = `Roy-${Math.random().toString(36).slice(2, 8)}`;
    const existing = await makePerson(t.database.db, home.id, {
      givenName: 'Denise',
      familyName,
      dateOfBirth,
      ...existingContact,
    });
    const response = await selfRefer(
      selfReferralBody({
        person: {
          givenName: 'Denise',
          familyName,
          dateOfBirth,
          preferredLanguage: 'fr',
          contactPreference: 'email',
          ...attackerPerson,
        },
      }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const { reference } = response.json<SelfReferralAcknowledgement>();
    const [row] = await t.database.db.select().from(cases).where(eq(cases.reference, reference));
    if (!row) throw new Error('no case');
    expect(row.possibleDuplicateOfId).toBe(existing.id);
    return { existingId: existing.id, caseId: row.id, version: row.version };
  }

  async function questionnaireTo(caseId: string): Promise<string[]> {
    await t.database.db.update(cases).set({ status: 'active' }).where(eq(cases.id, caseId));
    mail.clear();
    const response = await linkWorker.post(`/api/cases/${caseId}/measurement-links`, {
      instrumentIds: ['ucla3'],
      timepoint: 'baseline',
      sendByEmail: true,
    });
    expect(response.statusCode, response.body).toBe(201);
    if (!response.json<{ emailed: boolean }>().emailed) return [];
    await t.deliverEmails();
    return (await mail.waitFor((e) => e.links.some((l) => l.includes('/questionnaire')))).to;
  }

  it('never takes contact details from an anonymous self-referral unless picked', async () => {
    const attacker = 'attacker@evil.example';
    // A record with no email: the self-referral's email used to fill it in.
    const bare = await plantedBySelfReferral(
      { email: null, address: null, contactPreference: 'phone', preferredLanguage: 'fr' },
      { email: attacker, address: '1 Fake Street', preferredLanguage: 'en' },
    );
    const merged = await linkWorker.post(`/api/cases/${bare.caseId}/merge-person`, {
      keep: 'existing',
      version: bare.version,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    const [keptBare] = await t.database.db
      .select()
      .from(people)
      .where(eq(people.id, bare.existingId));
    expect(keptBare).toMatchObject({
      email: null,
      address: null,
      phone: '613-555-0142',
      contactPreference: 'phone',
      preferredLanguage: 'fr',
    });
    expect(await questionnaireTo(bare.caseId)).toEqual([]);
    expect(mail.messages().filter((e) => e.to.includes(attacker))).toEqual([]);

    // A record with its own email: it stays, and the next questionnaire goes there.
    const original = `denise.${Math.random().toString(36).slice(2, 8)}@example.org`;
    const owned = await plantedBySelfReferral(
      { email: original, contactPreference: 'email' },
      { email: attacker },
    );
    const kept = await linkWorker.post(`/api/cases/${owned.caseId}/merge-person`, {
      keep: 'existing',
      version: owned.version,
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(await questionnaireTo(owned.caseId)).toEqual([original]);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'case.person_merged'), eq(auditEvents.subjectId, owned.caseId)),
      );
    expect(audit?.details).toMatchObject({ changedFields: [] });
  });

  it('takes exactly the contact details the link worker picks, and audits their names only', async () => {
    const newEmail = `denise.${Math.random().toString(36).slice(2, 8)}@example.org`;
    const planted = await plantedBySelfReferral(
      { email: null, phone: '613-555-0142', contactPreference: 'phone', preferredLanguage: 'fr' },
      { email: newEmail, phone: '613-555-0199', preferredLanguage: 'en' },
    );
    const duplicate = (
      await linkWorker.get(`/api/cases/${planted.caseId}/duplicate`)
    ).json<CaseDuplicate>();
    expect(duplicate.differingContactFields).toEqual([
      'email',
      'phone',
      'contactPreference',
      'preferredLanguage',
    ]);
    // A pick naming a detail both records share, or the new one lacks, is refused.
    const same = await linkWorker.post(`/api/cases/${planted.caseId}/merge-person`, {
      keep: 'existing',
      version: planted.version,
      contact: { postalCode: 'new' },
    });
    expect(same.statusCode).toBe(400);
    expect(errorOf(same)).toMatchObject({
      code: 'merge_pick_invalid',
      field: 'contact.postalCode',
    });
    // Taking the email as the way to reach them without the email itself leaves no way.
    const incomplete = await linkWorker.post(`/api/cases/${planted.caseId}/merge-person`, {
      keep: 'existing',
      version: planted.version,
      contact: { contactPreference: 'new' },
    });
    expect(incomplete.statusCode).toBe(400);
    expect(errorOf(incomplete)).toMatchObject({
      code: 'merge_contact_incomplete',
      field: 'contact.email',
    });
    const unknown = await linkWorker.post(`/api/cases/${planted.caseId}/merge-person`, {
      keep: 'existing',
      version: planted.version,
      contact: { email: 'attacker' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(errorOf(unknown).issues?.map((i) => i.field)).toContain('contact.email');

    const response = await linkWorker.post(`/api/cases/${planted.caseId}/merge-person`, {
      keep: 'existing',
      version: planted.version,
      contact: { email: 'new', phone: 'existing', preferredLanguage: 'new' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const [kept] = await t.database.db
      .select()
      .from(people)
      .where(eq(people.id, planted.existingId));
    expect(kept).toMatchObject({
      email: newEmail,
      phone: '613-555-0142',
      contactPreference: 'phone',
      preferredLanguage: 'en',
    });
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'case.person_merged'),
          eq(auditEvents.subjectId, planted.caseId),
        ),
      );
    expect(audit?.details).toMatchObject({ changedFields: ['email', 'preferredLanguage'] });
    expect(JSON.stringify(audit?.details)).not.toContain(newEmail);
  });

  it('keeps two people apart when the link worker says so', async () => {
    const { referral } = await referHelene();
    const db = t.database.db;
    const [before] = await db.select().from(cases).where(eq(cases.id, referral.id));
    if (!before) throw new Error('no case');
    const response = await siteManager.post(`/api/cases/${referral.id}/merge-person`, {
      keep: 'separate',
      version: before.version,
    });
    expect(response.statusCode, response.body).toBe(200);
    const [after] = await db.select().from(cases).where(eq(cases.id, referral.id));
    expect(after).toMatchObject({ personId: before.personId, possibleDuplicateOfId: null });
    const [person] = await db.select().from(people).where(eq(people.id, before.personId));
    expect(person?.mergedIntoId).toBeNull();
  });

  it('hides the duplicate from other sites and refuses it to the referrer', async () => {
    const { referral } = await referHelene();
    const otherLinkWorker = await signedIn(
      await makeAccount(t.database.db, [{ role: 'link_worker', siteId: other.id }]),
    );
    expect((await otherLinkWorker.get(`/api/cases/${referral.id}/duplicate`)).statusCode).toBe(404);
    expect((await referrer.get(`/api/cases/${referral.id}/duplicate`)).statusCode).toBe(403);
    const merge = await otherLinkWorker.post(`/api/cases/${referral.id}/merge-person`, {
      keep: 'separate',
      version: 1,
    });
    expect(merge.statusCode).toBe(404);
  });
});

describe("the referrer's own referrals", () => {
  it('lists only their own, newest first, page by page', async () => {
    const account = await makeAccount(t.database.db, [{ role: 'referrer', siteId: home.id }]);
    const client = await signedIn(account);
    const first = await refer(referralBody(), client);
    const second = await refer(referralBody(), client);
    const third = await refer(referralBody(), client);
    await refer(referralBody(), otherReferrer);
    const page1 = (await client.get('/api/referrals/mine?limit=2')).json<ReferralList>();
    expect(page1.items.map((i) => i.id)).toEqual([third.id, second.id]);
    expect(page1.items[0]).toMatchObject({ status: 'new', assigned: false, closedAt: null });
    expect(page1.nextCursor).not.toBeNull();
    const page2 = (
      await client.get(`/api/referrals/mine?limit=2&cursor=${page1.nextCursor ?? ''}`)
    ).json<ReferralList>();
    expect(page2.items.map((i) => i.id)).toEqual([first.id]);
    expect(page2.nextCursor).toBeNull();
  });

  it("shows their own referral and hides another referrer's", async () => {
    const mine = await refer();
    const theirs = await refer(referralBody(), otherReferrer);
    expect((await referrer.get(`/api/referrals/${mine.id}`)).statusCode).toBe(200);
    const hidden = await referrer.get(`/api/referrals/${theirs.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(errorOf(hidden).code).toBe('not_found');
    expect((await linkWorker.get(`/api/referrals/${mine.id}`)).statusCode).toBe(403);
    expect((await linkWorker.get('/api/referrals/mine')).statusCode).toBe(403);
  });

  it('tells a reassignment to another link worker apart from the first assignment', async () => {
    const referral = await refer();
    const assign = async (accountId: string): Promise<void> => {
      const [row] = await t.database.db
        .select({ version: cases.version })
        .from(cases)
        .where(eq(cases.id, referral.id));
      const response = await siteManager.post(`/api/cases/${referral.id}/assign`, {
        accountId,
        version: row?.version,
      });
      expect(response.statusCode, response.body).toBe(200);
    };
    await assign(linkWorkerEn.id);
    await assign(linkWorkerFr.id);
    const response = await referrer.get(`/api/referrals/${referral.id}`);
    const view = response.json<Referral>();
    expect(view.history.map((h) => [h.status, h.reassigned])).toEqual([
      ['new', false],
      ['assigned', false],
      ['assigned', true],
    ]);
    // Which link workers: not the referrer's to know.
    expect(response.body).not.toContain(linkWorkerEn.id);
    expect(response.body).not.toContain(linkWorkerFr.id);
  });

  const summary: ReferrerSummary = {
    closedAt: '2026-10-01T12:00:00.000Z',
    closureReason: 'goals_met',
    offered: [
      {
        organisationName: 'Jardins communautaires',
        activity: 'Community garden',
        status: 'ongoing',
      },
      { organisationName: 'Club de marche', activity: 'Walking group', status: 'not_taken_up' },
    ],
    takenUp: [
      {
        organisationName: 'Jardins communautaires',
        activity: 'Community garden',
        status: 'ongoing',
      },
    ],
    outcomes: [{ instrument: 'ons4', before: 3, after: 7 }],
  };

  async function closeWithSummary(caseId: string): Promise<void> {
    await t.database.db
      .update(cases)
      .set({ status: 'discharged', closedAt: new Date(summary.closedAt), referrerSummary: summary })
      .where(eq(cases.id, caseId));
  }

  it('shows the summary back once the case closes, when consent covers it', async () => {
    const referral = await refer();
    await closeWithSummary(referral.id);
    const view = (await referrer.get(`/api/referrals/${referral.id}`)).json<Referral>();
    expect(view).toMatchObject({ status: 'discharged', summary, summaryWithheld: null });
  });

  it('shows the status only when the person did not agree to updates', async () => {
    const body = referralBody();
    const referral = await refer({
      ...body,
      consent: { ...body.consent, coversReferrerUpdates: false },
    });
    await closeWithSummary(referral.id);
    const view = (await referrer.get(`/api/referrals/${referral.id}`)).json<Referral>();
    expect(view).toMatchObject({
      status: 'discharged',
      coversReferrerUpdates: false,
      summary: null,
      summaryWithheld: 'no_consent',
    });
  });
});

describe('self-referral', () => {
  it('lists the sites that take self-referrals to anyone', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/public/sites' });
    expect(response.statusCode).toBe(200);
    const ids = response.json<PublicSiteList>().items.map((s) => s.id);
    expect(ids).toContain(home.id);
    expect(ids).not.toContain(closed.id);
  });

  it('takes a self-referral, acknowledges it in the person’s language, and tells the team', async () => {
    const body = selfReferralBody();
    const response = await selfRefer(body);
    expect(response.statusCode, response.body).toBe(201);
    const ack = response.json<SelfReferralAcknowledgement>();
    expect(ack).toMatchObject({
      siteName: home.name,
      contactWithinDays: 5,
      acknowledgementEmailed: true,
    });
    const db = t.database.db;
    const [row] = await db.select().from(cases).where(eq(cases.reference, ack.reference));
    expect(row).toMatchObject({ source: 'self', referrerAccountId: null, urgency: 'routine' });
    if (!row) throw new Error('no case');
    const [consent] = await db.select().from(consents).where(eq(consents.caseId, row.id));
    expect(consent).toMatchObject({ givenBy: 'person', coversReferral: true, recordedBy: null });
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'referral.self_referred'), eq(auditEvents.subjectId, row.id)),
      );
    expect(audit?.actorId).toBeNull();

    await t.deliverEmails();
    const person = body.person as { email: string; familyName: string };
    const acknowledgement = await mail.waitFor((e) => e.to.includes(person.email));
    expect(acknowledgement.subject).toBe(`Nous avons bien reçu votre demande (${ack.reference})`);
    expect(acknowledgement.text).toContain(home.name);
    expect(acknowledgement.text).not.toContain('work and know nobody');
    const team = await mail.waitFor(
      (e) => e.to.includes(linkWorkerEn.email.toLowerCase()) && e.subject.includes(ack.reference),
    );
    expect(team.subject).toBe(`New referral ${ack.reference}, urgency: routine`);
    expect(team.text).not.toContain(person.familyName);
  });

  it('sends no acknowledgement to a person who gave only a phone number', async () => {
    const body = selfReferralBody();
    const response = await selfRefer({
      ...body,
      person: {
        ...(body.person as object),
        email: undefined,
        phone: '613-555-0100',
        contactPreference: 'phone',
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<SelfReferralAcknowledgement>().acknowledgementEmailed).toBe(false);
    const [row] = await t.database.db
      .select({ phone: people.phone })
      .from(people)
      .where(eq(people.familyName, (body.person as { familyName: string }).familyName));
    expect(row?.phone).toBe('+16135550100');
  });

  it('says an empty date of birth is required', async () => {
    const body = selfReferralBody();
    const response = await selfRefer({
      ...body,
      person: { ...(body.person as object), dateOfBirth: '' },
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).issues).toEqual([
      { field: 'person.dateOfBirth', message: 'This field is required.' },
    ]);
  });

  it('refuses a filled honeypot with a generic error and writes nothing', async () => {
    const before = await rowCounts();
    const response = await selfRefer(selfReferralBody({ website: 'http://spam.example' }));
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({
      code: 'bad_request',
      message: 'The request could not be understood.',
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('requires the consent box and a site that takes self-referrals', async () => {
    const before = await rowCounts();
    const noConsent = await selfRefer(selfReferralBody({ consent: false }));
    expect(noConsent.statusCode).toBe(400);
    expect(errorOf(noConsent)).toMatchObject({ code: 'consent_required', field: 'consent' });
    const closedSite = await selfRefer(selfReferralBody({ siteId: closed.id }));
    expect(closedSite.statusCode).toBe(400);
    expect(errorOf(closedSite)).toMatchObject({ code: 'self_referrals_closed', field: 'siteId' });
    // A community partner's site has no link-worker team: never offered, always refused.
    const partner = await makeOrganisation(t.database.db, 'community_partner');
    const partnerSite = await makeSite(t.database.db, { organisationId: partner.id });
    const listed = await t.app.inject({ method: 'GET', url: '/api/public/sites' });
    expect(listed.json<PublicSiteList>().items.map((site) => site.id)).not.toContain(
      partnerSite.id,
    );
    const partnerResponse = await selfRefer(selfReferralBody({ siteId: partnerSite.id }));
    expect(errorOf(partnerResponse).code).toBe('self_referrals_closed');
    expect(await rowCounts()).toEqual(before);
  });

  it('limits submissions per address and refuses oversized bodies', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < publicRate; i += 1) {
      expect((await selfRefer(selfReferralBody(), ip)).statusCode).toBe(201);
    }
    const limited = await selfRefer(selfReferralBody(), ip);
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited).code).toBe('rate_limited');
    const large = await selfRefer(selfReferralBody({ context: 'x'.repeat(40_000) }));
    expect(large.statusCode).toBe(413);
  });
});
