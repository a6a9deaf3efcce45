import { type SQL, eq, gte, inArray, sql } from 'drizzle-orm';
import type { CreateReferralBody, PersonInput } from '../../shared/contracts/referrals';
import type { CreateConnectionBody } from '../../shared/contracts/connections';
import type { ChangeCaseStatusBody, RecordContactBody } from '../../shared/contracts/cases';
import type { SavePlanBody, SaveAssessmentBody } from '../../shared/contracts/plans';
import type { RecordMeasurementBody } from '../../shared/contracts/outcomes';
import type { ContactOutcome, ReferralReason, Urgency } from '../../shared/pathway';
import type { Config } from '../config';
import type { Actor, Grant } from '../platform/actor';
import { changeCaseStatus, recordContact, takeCase } from '../features/cases';
import {
  actOnLink,
  changeConnectionStatus,
  changePartnerStatus,
  createConnection,
} from '../features/connections';
import { recordMeasurement } from '../features/outcomes';
import { addPlanReview, createFollowUp, saveAssessment, savePlan } from '../features/plans';
import { createReferral } from '../features/referrals';
import type { Database } from './client';
import { accounts, cases, connections, outboundEmails, roleGrants } from './schema';
import { maxAttempts } from '../platform/mail/delivery';

/**
 * Demo cases at both health centres, written through the features' own services with the
 * demo accounts as actors, so that statuses, history, consents, versions and audit are what
 * the screens would have written. The services stamp "now"; the story needs a past spread
 * over four months, so after each step the rows it wrote for that case are moved back to the
 * step's day (backdate below). The audit trail keeps the real time: it is append-only and
 * says truthfully that the demo was loaded at start.
 */

type SiteKey = 'estrie' | 'riverside';
type Who = 'worker' | 'referrer' | 'partner';

const demoActors = {
  estrie: {
    worker: 'linkworker@passerelle.example',
    referrer: 'referrer.estrie@passerelle.example',
  },
  riverside: {
    worker: 'linkworker.riverside@passerelle.example',
    referrer: 'referrer@passerelle.example',
  },
  partner: 'partner@passerelle.example',
} as const;

/** Services of the demo directory run by the demo partners (stable HSDS ids). */
const demoServices = {
  jardinsAtelier: 'c3ee0354-11b9-5527-ad5c-f769703b6686',
  jardinsCorvees: '79737086-d46f-5e97-ba52-86c0e89d49a7',
  westEndGarden: '854a6962-f616-5169-843d-a0db5708a934',
  westEndStewards: 'a5639420-24fa-50a3-a632-d458609bdbee',
} as const;

const dayMs = 86_400_000;

/** A moment `days` ago at `hour` UTC (a working day's morning in Ontario is 13–21 UTC). */
function ago(days: number, hour = 15): Date {
  const at = new Date(Date.now() - days * dayMs);
  at.setUTCHours(hour, (days * 7) % 60, 0, 0);
  return at;
}

function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** A calendar day `days` from today (negative: in the past). */
function inDays(days: number): string {
  return dayOf(new Date(Date.now() + days * dayMs));
}

type Referral = {
  site: SiteKey;
  daysAgo: number;
  person: PersonInput;
  reasons: ReferralReason[];
  urgency?: Urgency;
  context?: string;
  /** Referred by another agency, recorded by the link worker; else by the site's clinician. */
  agency?: { name: string; organisation: string; contact: string };
  /** Consent given by someone else on the person's behalf. */
  carer?: string;
  updatesReferrer?: boolean;
  sharesWithPartners?: boolean;
};

type Handle = { id: string; site: SiteKey };
type ConnectionHandle = { id: string; caseId: string; site: SiteKey };

class DemoStory {
  private readonly actors = new Map<string, Actor>();
  /** The links emailed to a partner without an account, by connection. */
  private readonly emailedTokens = new Map<string, string[]>();
  private readonly publicUrl: string;
  readonly caseIds: string[] = [];

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly withDirectory: boolean,
  ) {
    this.publicUrl = (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  }

  /** Each demo account as the session would make it: its grants, no second factor pending. */
  async loadActors(): Promise<void> {
    const emails = [
      demoActors.estrie.worker,
      demoActors.estrie.referrer,
      demoActors.riverside.worker,
      demoActors.riverside.referrer,
      demoActors.partner,
    ];
    const rows = await this.db
      .select({
        id: accounts.id,
        email: accounts.email,
        displayName: accounts.displayName,
        locale: accounts.locale,
        role: roleGrants.role,
        siteId: roleGrants.siteId,
      })
      .from(accounts)
      .innerJoin(roleGrants, eq(roleGrants.accountId, accounts.id))
      .where(inArray(accounts.email, emails));
    for (const row of rows) {
      const grant: Grant = { role: row.role, siteId: row.siteId };
      const known = this.actors.get(row.email);
      if (known) {
        known.grants.push(grant);
        continue;
      }
      this.actors.set(row.email, {
        accountId: row.id,
        email: row.email,
        displayName: row.displayName,
        locale: row.locale,
        grants: [grant],
        twoFactorEnabled: false,
        twoFactorSetupRequired: false,
        sessionKey: 'demo-data',
        csrfToken: 'demo-data',
        origin: { ip: null, userAgent: 'demo data' },
      });
    }
  }

  private actor(site: SiteKey, who: Who): Actor {
    const email = who === 'partner' ? demoActors.partner : demoActors[site][who];
    const actor = this.actors.get(email);
    if (!actor) throw new Error(`demo account ${email} is missing`);
    return actor;
  }

  /**
   * Moves what one step wrote for a case (every timestamp at or after `since`) to `at`, in
   * one statement. The referrer summary carries its own closing moment, moved with it.
   */
  private async backdate(caseId: string, since: Date, at: Date): Promise<void> {
    const s = since.toISOString();
    const a = at.toISOString();
    const moved = (column: string): SQL =>
      sql.raw(
        `${column} = case when ${column} >= '${s}' then '${a}'::timestamptz else ${column} end`,
      );
    await this.db.execute(sql`
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

  /** Runs one step of a case's story and moves what it wrote to the step's moment. */
  private async step<T>(caseId: string, at: Date, work: () => Promise<T>): Promise<T> {
    // A few milliseconds of margin: this case's earlier steps are already months back.
    const since = new Date(Date.now() - 5);
    const result = await work();
    await this.backdate(caseId, since, at);
    return result;
  }

  private async caseVersion(caseId: string): Promise<number> {
    const [row] = await this.db
      .select({ version: cases.version })
      .from(cases)
      .where(eq(cases.id, caseId));
    if (!row) throw new Error('demo case vanished');
    return row.version;
  }

  private async connectionVersion(id: string): Promise<number> {
    const [row] = await this.db
      .select({ version: connections.version })
      .from(connections)
      .where(eq(connections.id, id));
    if (!row) throw new Error('demo connection vanished');
    return row.version;
  }

  async refer(referral: Referral): Promise<Handle> {
    const at = ago(referral.daysAgo, 14);
    const byAgency = referral.agency !== undefined;
    const actor = this.actor(referral.site, byAgency ? 'worker' : 'referrer');
    const body: CreateReferralBody = {
      source: byAgency ? 'agency' : 'clinician',
      ...(referral.agency ? { referrer: referral.agency } : {}),
      person: referral.person,
      reasons: referral.reasons,
      urgency: referral.urgency ?? 'routine',
      ...(referral.context ? { context: referral.context } : {}),
      consent: {
        givenBy: referral.carer ? 'carer' : 'person',
        ...(referral.carer ? { givenByName: referral.carer } : {}),
        givenAt: at.toISOString(),
        coversReferral: true,
        coversReferrerUpdates: referral.updatesReferrer ?? true,
        coversSharingWithPartners: referral.sharesWithPartners ?? true,
      },
    };
    const since = new Date(Date.now() - 5);
    const created = await createReferral(this.db, actor, body, { baseUrl: this.publicUrl });
    await this.backdate(created.id, since, at);
    this.caseIds.push(created.id);
    return { id: created.id, site: referral.site };
  }

  async take(c: Handle, daysAgo: number): Promise<void> {
    await this.step(c.id, ago(daysAgo, 13), async () =>
      takeCase(this.db, this.actor(c.site, 'worker'), c.id, {
        version: await this.caseVersion(c.id),
      }),
    );
  }

  async contact(
    c: Handle,
    daysAgo: number,
    outcome: ContactOutcome,
    notes: string,
    channel: RecordContactBody['channel'] = 'phone',
  ): Promise<void> {
    const at = ago(daysAgo, 15);
    await this.step(c.id, at, () =>
      recordContact(this.db, this.actor(c.site, 'worker'), c.id, {
        channel,
        outcome,
        occurredAt: at.toISOString(),
        ...(outcome === 'reached' ? { durationMinutes: 25 } : {}),
        notes,
      }),
    );
  }

  async move(
    c: Handle,
    daysAgo: number,
    change: DistributiveOmit<ChangeCaseStatusBody, 'version'>,
  ): Promise<void> {
    await this.step(c.id, ago(daysAgo, 16), async () => {
      const body = { ...change, version: await this.caseVersion(c.id) } as ChangeCaseStatusBody;
      return changeCaseStatus(this.db, this.actor(c.site, 'worker'), c.id, body, {
        publicUrl: this.publicUrl,
      });
    });
  }

  async assess(
    c: Handle,
    daysAgo: number,
    assessment: Omit<SaveAssessmentBody, 'version' | 'completed'>,
  ): Promise<void> {
    const at = ago(daysAgo, 17);
    await this.step(c.id, at, () =>
      saveAssessment(
        this.db,
        this.actor(c.site, 'worker'),
        c.id,
        { ...assessment, completed: true, version: 0 },
        at,
      ),
    );
  }

  async plan(
    c: Handle,
    daysAgo: number,
    goals: SavePlanBody['goals'],
    reviewInDays: number,
  ): Promise<void> {
    const at = ago(daysAgo, 18);
    await this.step(c.id, at, () =>
      savePlan(
        this.db,
        this.actor(c.site, 'worker'),
        c.id,
        { goals, agreedOn: dayOf(at), reviewOn: inDays(reviewInDays), version: 0 },
        at,
      ),
    );
  }

  async review(c: Handle, daysAgo: number, notes: string): Promise<void> {
    const at = ago(daysAgo, 18);
    await this.step(c.id, at, () =>
      addPlanReview(
        this.db,
        this.actor(c.site, 'worker'),
        c.id,
        { reviewedOn: dayOf(at), notes },
        at,
      ),
    );
  }

  async followUp(c: Handle, daysAgo: number, dueInDays: number, note: string): Promise<void> {
    await this.step(c.id, ago(daysAgo, 18), () =>
      createFollowUp(this.db, this.actor(c.site, 'worker'), c.id, {
        kind: 'call',
        dueOn: inDays(dueInDays),
        note,
      }),
    );
  }

  /** Proposes an activity: from the directory when it is loaded, else by its name. */
  async propose(
    c: Handle,
    daysAgo: number,
    offer: { serviceId?: string; organisationName: string; activity: string },
    personWants: string,
  ): Promise<ConnectionHandle> {
    const body: CreateConnectionBody =
      offer.serviceId && this.withDirectory
        ? { serviceId: offer.serviceId, personWants }
        : { organisationName: offer.organisationName, activity: offer.activity, personWants };
    const created = await this.step(c.id, ago(daysAgo, 19), () =>
      createConnection(this.db, this.actor(c.site, 'worker'), c.id, body),
    );
    return { id: created.id, caseId: c.id, site: c.site };
  }

  /** The link worker moves a connection (sends it, records attendance, not taken up). */
  async connection(
    k: ConnectionHandle,
    daysAgo: number,
    to: 'sent' | 'attended' | 'ongoing' | 'stopped' | 'not_taken_up',
    reason?: string,
  ): Promise<void> {
    const at = ago(daysAgo, 19);
    const since = new Date(Date.now() - 5);
    await this.step(k.caseId, at, async () =>
      changeConnectionStatus(this.db, this.config, this.actor(k.site, 'worker'), k.id, {
        to,
        ...(reason ? { reason } : {}),
        ...(to === 'attended' ? { firstAttendedOn: dayOf(at) } : {}),
        version: await this.connectionVersion(k.id),
      }),
    );
    if (to === 'sent') {
      const emails = await this.db
        .select({ text: outboundEmails.text })
        .from(outboundEmails)
        .where(gte(outboundEmails.createdAt, since));
      const tokens = emails.flatMap((row) =>
        [...row.text.matchAll(/\/respond\/([A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43})/g)].flatMap((m) =>
          m[1] ? [m[1]] : [],
        ),
      );
      this.emailedTokens.set(k.id, tokens);
    }
  }

  /** The partner answers from their inbox, signed in. */
  async partner(
    k: ConnectionHandle,
    daysAgo: number,
    to: 'accepted' | 'declined' | 'attended' | 'ongoing',
    reason?: string,
  ): Promise<void> {
    const at = ago(daysAgo, 20);
    await this.step(k.caseId, at, async () =>
      changePartnerStatus(this.db, this.config, this.actor(k.site, 'partner'), k.id, {
        to,
        ...(reason ? { reason } : {}),
        ...(to === 'attended' ? { firstAttendedOn: dayOf(at) } : {}),
        version: await this.connectionVersion(k.id),
      }),
    );
  }

  /**
   * A partner without an account accepts through the link emailed when the connection was
   * sent: the link's token is read back from that email in the outbox, as they would click it.
   */
  async partnerAcceptsByLink(k: ConnectionHandle, daysAgo: number): Promise<void> {
    const tokens = this.emailedTokens.get(k.id) ?? [];
    const origin = { ip: null, userAgent: 'demo data' };
    await this.step(k.caseId, ago(daysAgo, 20), async () => {
      // The email holds one link per answer; the decline link refuses an answer without a
      // reason and changes nothing, so trying each finds the one that accepts.
      for (const token of tokens) {
        const done = await actOnLink(this.db, this.config, origin, token, {}).catch(() => null);
        if (done?.action === 'accepted') return;
      }
      throw new Error('the demo partner link to accept was not found');
    });
  }

  async measure(
    c: Handle,
    daysAgo: number,
    input: Omit<RecordMeasurementBody, 'takenOn'>,
  ): Promise<void> {
    const at = ago(daysAgo, 17);
    await this.step(c.id, at, () =>
      recordMeasurement(
        this.db,
        this.config,
        this.actor(c.site, 'worker'),
        c.id,
        { ...input, takenOn: dayOf(at) },
        c.site === 'estrie' ? 'fr' : 'en',
      ),
    );
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Someone reachable by phone (fictional 555 numbers only) in their language. */
function person(
  givenName: string,
  familyName: string,
  dateOfBirth: string,
  language: 'fr' | 'en',
  more: Partial<PersonInput> = {},
): PersonInput {
  const n = (givenName.length * 7 + familyName.length * 3) % 90;
  return {
    givenName,
    familyName,
    dateOfBirth,
    preferredLanguage: language,
    contactPreference: 'phone',
    phone: `${language === 'fr' ? '613' : '416'}-555-01${String(n + 10).padStart(2, '0')}`,
    ...more,
  };
}

const jardinsAtelier = {
  serviceId: demoServices.jardinsAtelier,
  organisationName: 'Jardins partagés de Cornwall',
  activity: 'Atelier de jardinage au jardin communautaire',
};
const jardinsCorvees = {
  serviceId: demoServices.jardinsCorvees,
  organisationName: 'Jardins partagés de Cornwall',
  activity: 'Corvées vertes : nettoyage des berges et plantation',
};
const westEndGarden = {
  serviceId: demoServices.westEndGarden,
  organisationName: 'West End Green Neighbours',
  activity: 'Community Garden Drop-in',
};
const westEndStewards = {
  serviceId: demoServices.westEndStewards,
  organisationName: 'West End Green Neighbours',
  activity: 'Park Stewardship Volunteers',
};

const uclaBefore = { companionship: 3, left_out: 3, isolated: 2 };
const uclaAfter = { companionship: 2, left_out: 1, isolated: 1 };
const ons4Before = { satisfied: 4, worthwhile: 5, happy: 3, anxious: 7 };
const ons4After = { satisfied: 6, worthwhile: 7, happy: 6, anxious: 4 };

async function cornwall(s: DemoStory): Promise<void> {
  const site = 'estrie';
  // A discharged case first: its person comes back below and is flagged as a duplicate.
  const lucie = await s.refer({
    site,
    daysAgo: 128,
    person: person('Lucie', 'Bergeron', '1957-03-14', 'fr'),
    reasons: ['loneliness_isolation', 'physical_inactivity'],
    context: 'Vit seule depuis le déménagement de sa fille; sort peu l’hiver.',
  });
  await s.take(lucie, 127);
  await s.contact(lucie, 126, 'reached', 'Premier appel, intéressée par le jardinage.');
  await s.move(lucie, 126, { to: 'active', note: 'Accepte l’accompagnement.' });
  await s.measure(lucie, 122, {
    instrumentId: 'ucla3',
    timepoint: 'baseline',
    answers: uclaBefore,
  });
  await s.measure(lucie, 122, { instrumentId: 'ons4', timepoint: 'baseline', answers: ons4Before });
  await s.assess(lucie, 122, {
    whatMatters: 'Voir du monde et reprendre ses plates-bandes.',
    needs: { social_connection: 'high', physical_activity: 'some' },
    strengths: 'A eu un grand potager pendant trente ans.',
    interests: 'Jardinage, tricot.',
    barriers: ['transport'],
  });
  await s.plan(
    lucie,
    121,
    [
      {
        text: 'Rencontrer d’autres jardiniers chaque semaine',
        steps: [
          { text: 'Appeler les Jardins partagés', owner: 'link_worker', dueOn: null, done: false },
          {
            text: 'Essayer l’autobus 4 jusqu’au jardin',
            owner: 'person',
            dueOn: null,
            done: false,
          },
        ],
      },
    ],
    -90,
  );
  const lucieGarden = await s.propose(
    lucie,
    120,
    jardinsAtelier,
    'Jardiner avec d’autres le mardi.',
  );
  await s.connection(lucieGarden, 120, 'sent');
  await s.partner(lucieGarden, 118, 'accepted');
  await s.partner(lucieGarden, 112, 'attended');
  await s.partner(lucieGarden, 90, 'ongoing');
  await s.review(lucie, 90, 'Va au jardin chaque mardi, a rejoint le groupe de tricot.');
  await s.measure(lucie, 36, { instrumentId: 'ucla3', timepoint: 'month_3', answers: uclaAfter });
  await s.measure(lucie, 36, { instrumentId: 'ons4', timepoint: 'month_3', answers: ons4After });
  await s.move(lucie, 34, {
    to: 'discharged',
    reason: 'goals_met',
    note: 'Se sent moins seule, continue le jardin de son côté.',
  });

  await s.refer({
    site,
    daysAgo: 1,
    person: person('Gisèle', 'Thibodeau', '1946-09-02', 'fr'),
    reasons: ['bereavement', 'loneliness_isolation'],
    urgency: 'urgent',
    context: 'Veuve depuis trois mois, ne sort plus; sa voisine s’inquiète.',
  });
  await s.refer({
    site,
    daysAgo: 2,
    person: person('Lucie', 'Bergeron', '1957-03-14', 'fr'),
    reasons: ['low_mood_stress'],
    context: 'Moral en baisse depuis l’automne; a bien aimé les jardins l’an dernier.',
  });
  await s.refer({
    site,
    daysAgo: 9,
    person: person('Mamadou', 'Diallo', '1991-06-21', 'fr'),
    reasons: ['money', 'housing', 'food'],
    urgency: 'soon',
    agency: {
      name: 'Nadia Courville',
      organisation: 'Banque alimentaire de Cornwall',
      contact: 'nadia.courville@banque-alimentaire.example.org',
    },
    context: 'Nouvel arrivant, loyer en retard, vient à la banque alimentaire chaque semaine.',
  });
  await s.refer({
    site,
    daysAgo: 3,
    person: person('Noah', 'Pelletier', '2006-11-30', 'en', {
      contactPreference: 'text_message',
    }),
    reasons: ['low_mood_stress', 'physical_inactivity'],
    context: 'Étudiant, anglophone; isolé depuis l’arrêt du hockey.',
  });

  const rejean = await s.refer({
    site,
    daysAgo: 12,
    person: person('Réjean', 'Lalonde', '1959-01-08', 'fr'),
    reasons: ['long_term_condition', 'physical_inactivity'],
    context: 'Diabète de type 2, sédentaire depuis sa retraite.',
  });
  await s.take(rejean, 11);
  await s.contact(rejean, 10, 'no_answer', 'Pas de réponse.');
  await s.contact(rejean, 7, 'left_message', 'Message laissé sur le répondeur.');

  const claudette = await s.refer({
    site,
    daysAgo: 26,
    person: person('Claudette', 'Charbonneau', '1953-05-17', 'fr'),
    reasons: ['caring_responsibilities', 'low_mood_stress'],
    context: 'Proche aidante de son mari (Parkinson), épuisée.',
  });
  await s.take(claudette, 25);
  await s.contact(claudette, 23, 'reached', 'Appel de 20 minutes, d’accord pour une rencontre.');
  await s.move(claudette, 23, { to: 'active' });
  await s.assess(claudette, 16, {
    whatMatters: 'Avoir un peu de temps pour elle sans culpabiliser.',
    needs: { caring: 'high', mental_wellbeing: 'some' },
    strengths: 'Entourée de ses deux fils.',
    barriers: ['caring_duties'],
  });
  const claudetteGarden = await s.propose(
    claudette,
    8,
    jardinsAtelier,
    'Une sortie à elle le mardi pendant que son fils reste avec son mari.',
  );
  await s.connection(claudetteGarden, 8, 'sent');
  await s.partner(claudetteGarden, 6, 'accepted');

  const jeanPierre = await s.refer({
    site,
    daysAgo: 52,
    person: person('Jean-Pierre', 'Roy', '1967-08-03', 'fr'),
    reasons: ['money', 'low_mood_stress'],
    context: 'Mis à pied en août, dettes qui s’accumulent.',
  });
  await s.take(jeanPierre, 51);
  await s.contact(jeanPierre, 49, 'reached', 'Rencontre au centre, accepte.', 'in_person');
  await s.move(jeanPierre, 49, { to: 'active' });
  await s.assess(jeanPierre, 44, {
    whatMatters: 'Remettre de l’ordre dans ses finances et retrouver un emploi.',
    needs: { money: 'high', learning_work: 'high', mental_wellbeing: 'some' },
    barriers: ['confidence'],
  });
  await s.plan(
    jeanPierre,
    42,
    [
      {
        text: 'Faire un budget avec un conseiller',
        steps: [
          {
            text: 'Prendre rendez-vous au service budgétaire',
            owner: 'person',
            dueOn: null,
            done: false,
          },
          {
            text: 'Envoyer la liste des ressources d’emploi',
            owner: 'link_worker',
            dueOn: null,
            done: false,
          },
        ],
      },
    ],
    12,
  );
  await s.followUp(jeanPierre, 30, -8, 'Rappeler pour le rendez-vous budgétaire.');

  const fatou = await s.refer({
    site,
    daysAgo: 33,
    person: person('Fatou', 'Ndiaye', '1980-02-26', 'fr'),
    reasons: ['loneliness_isolation'],
    context: 'Arrivée du Sénégal l’an dernier, ne connaît personne à Cornwall.',
  });
  await s.take(fatou, 32);
  await s.contact(fatou, 30, 'reached', 'Très motivée.');
  await s.move(fatou, 30, { to: 'active' });
  await s.assess(fatou, 24, {
    whatMatters: 'Se faire des amies et pratiquer son anglais.',
    needs: { social_connection: 'high' },
    interests: 'Cuisine, jardinage.',
    barriers: ['language'],
  });
  await s.plan(
    fatou,
    22,
    [{ text: 'Participer à une activité de groupe par semaine', steps: [] }],
    20,
  );
  const fatouGarden = await s.propose(
    fatou,
    5,
    jardinsAtelier,
    'Rencontrer des gens en jardinant.',
  );
  await s.connection(fatouGarden, 5, 'sent');

  const helene = await s.refer({
    site,
    daysAgo: 100,
    person: person('Hélène', 'Gauthier', '1955-12-09', 'fr'),
    reasons: ['loneliness_isolation', 'bereavement'],
  });
  await s.take(helene, 99);
  await s.contact(helene, 97, 'reached', 'Accepte un rendez-vous.');
  await s.move(helene, 97, { to: 'active' });
  await s.measure(helene, 95, {
    instrumentId: 'ucla3',
    timepoint: 'baseline',
    answers: uclaBefore,
  });
  await s.measure(helene, 95, { instrumentId: 'ons4', timepoint: 'baseline', answers: ons4Before });
  await s.plan(helene, 92, [{ text: 'Sortir de la maison deux fois par semaine', steps: [] }], 30);
  const heleneGarden = await s.propose(helene, 90, jardinsAtelier, 'Aimerait jardiner en groupe.');
  await s.connection(heleneGarden, 90, 'sent');
  await s.partner(heleneGarden, 88, 'accepted');
  await s.partner(heleneGarden, 80, 'attended');
  await s.partner(heleneGarden, 60, 'ongoing');
  await s.measure(helene, 4, { instrumentId: 'ucla3', timepoint: 'month_3', answers: uclaAfter });
  await s.measure(helene, 4, { instrumentId: 'ons4', timepoint: 'month_3', answers: ons4After });

  const marc = await s.refer({
    site,
    daysAgo: 45,
    person: person('Marc-André', 'Lefebvre', '1975-04-11', 'fr'),
    reasons: ['physical_inactivity', 'low_mood_stress'],
  });
  await s.take(marc, 44);
  await s.contact(marc, 43, 'reached', 'Intéressé par le bénévolat en plein air.');
  await s.move(marc, 43, { to: 'active' });
  await s.plan(marc, 41, [{ text: 'Bouger dehors chaque semaine', steps: [] }], 14);
  const marcCorvees = await s.propose(marc, 40, jardinsCorvees, 'Travailler dehors avec d’autres.');
  await s.connection(marcCorvees, 40, 'sent');
  await s.partner(marcCorvees, 38, 'declined', 'full');
  await s.propose(
    marc,
    37,
    {
      organisationName: 'Club de marche du Vieux-Cornwall',
      activity: 'Marche du samedi matin le long du canal',
    },
    'Marcher en groupe en attendant une place aux corvées.',
  );

  const robert = await s.refer({
    site,
    daysAgo: 30,
    person: person('Robert', 'Séguin', '1962-07-19', 'fr'),
    reasons: ['long_term_condition'],
  });
  await s.take(robert, 29);
  await s.contact(robert, 28, 'reached', 'Préfère attendre après sa chirurgie.');
  await s.move(robert, 28, { to: 'declined', reason: 'not_the_right_time' });

  const chantal = await s.refer({
    site,
    daysAgo: 42,
    person: person('Chantal', 'Poirier', '1970-10-05', 'fr'),
    reasons: ['housing'],
  });
  await s.take(chantal, 41);
  await s.contact(chantal, 40, 'no_answer', 'Pas de réponse.');
  await s.contact(chantal, 37, 'left_message', 'Message laissé.');
  await s.contact(chantal, 33, 'no_answer', 'Toujours pas de réponse; lettre envoyée.');
  await s.move(chantal, 31, { to: 'unreachable', note: 'Trois tentatives, lettre sans réponse.' });

  const olivier = await s.refer({
    site,
    daysAgo: 82,
    person: person('Olivier', 'Brunet', '1988-03-27', 'en'),
    reasons: ['low_mood_stress'],
    updatesReferrer: false,
  });
  await s.take(olivier, 81);
  await s.contact(olivier, 80, 'reached', 'Bilingue, préfère l’anglais.');
  await s.move(olivier, 80, { to: 'active' });
  await s.move(olivier, 47, { to: 'discharged', reason: 'moved', note: 'Parti vivre à Ottawa.' });
}

async function riverside(s: DemoStory): Promise<void> {
  const site = 'riverside';
  const tomasz = await s.refer({
    site,
    daysAgo: 37,
    person: person('Tomasz', 'Kowalski', '1964-02-18', 'en'),
    reasons: ['loneliness_isolation'],
  });
  await s.take(tomasz, 36);
  await s.contact(tomasz, 35, 'reached', 'Not ready now, busy with his move.');
  await s.move(tomasz, 35, { to: 'declined', reason: 'not_the_right_time' });

  await s.refer({
    site,
    daysAgo: 1,
    person: person('Margaret', 'O’Brien', '1942-06-30', 'en'),
    reasons: ['loneliness_isolation', 'caring_responsibilities'],
    urgency: 'urgent',
    carer: 'Siobhan O’Brien (daughter)',
    context: 'Husband moved into long-term care last week; she is not eating well.',
  });
  await s.refer({
    site,
    daysAgo: 2,
    person: person('Tomasz', 'Kowalski', '1964-02-18', 'en'),
    reasons: ['loneliness_isolation', 'low_mood_stress'],
    context: 'Settled in his new flat now and asking for the community programme again.',
  });
  await s.refer({
    site,
    daysAgo: 8,
    person: person('Priya', 'Raman', '1996-01-12', 'en', {
      contactPreference: 'email',
      email: 'priya.raman@example.org',
    }),
    reasons: ['loneliness_isolation', 'money'],
    urgency: 'soon',
    agency: {
      name: 'Ana Ferreira',
      organisation: 'Queen West Newcomer Services',
      contact: 'ana.ferreira@newcomers.example.org',
    },
  });
  await s.refer({
    site,
    daysAgo: 3,
    person: person('Daniel', 'Mensah', '1978-09-09', 'en'),
    reasons: ['physical_inactivity', 'long_term_condition'],
    context: 'Hypertension; keen to get moving but does not like gyms.',
  });

  const kevin = await s.refer({
    site,
    daysAgo: 10,
    person: person('Kevin', 'Tran', '1985-05-05', 'en'),
    reasons: ['low_mood_stress'],
  });
  await s.take(kevin, 9);
  await s.contact(kevin, 8, 'no_answer', 'No answer.');
  await s.contact(kevin, 5, 'left_message', 'Left a voicemail with the centre’s number.');

  const aisha = await s.refer({
    site,
    daysAgo: 20,
    person: person('Aisha', 'Mohamed', '1987-08-14', 'en'),
    reasons: ['caring_responsibilities', 'food'],
  });
  await s.take(aisha, 19);
  await s.contact(aisha, 18, 'reached', 'Happy to meet at the centre.');
  await s.move(aisha, 18, { to: 'active' });
  await s.assess(aisha, 12, {
    whatMatters: 'Time for herself while the kids are at school.',
    needs: { caring: 'some', food: 'some', social_connection: 'some' },
    strengths: 'Great cook, knows many neighbours.',
    barriers: ['cost'],
  });

  const bernard = await s.refer({
    site,
    daysAgo: 56,
    person: person('Bernard', 'Leclerc', '1951-11-23', 'fr'),
    reasons: ['loneliness_isolation', 'long_term_condition'],
    context: 'Francophone from Sudbury, speaks English but prefers French.',
  });
  await s.take(bernard, 55);
  await s.contact(bernard, 53, 'reached', 'Call in French; glad to talk.');
  await s.move(bernard, 53, { to: 'active' });
  await s.assess(bernard, 48, {
    whatMatters: 'Parler français avec d’autres.',
    needs: { social_connection: 'high', health_management: 'some' },
    barriers: ['mobility'],
  });
  await s.plan(bernard, 46, [{ text: 'Trouver un groupe francophone', steps: [] }], 12);
  await s.followUp(bernard, 30, -9, 'Call about the French conversation group.');

  const linda = await s.refer({
    site,
    daysAgo: 35,
    person: person('Linda', 'Campbell', '1963-04-04', 'en'),
    reasons: ['physical_inactivity', 'low_mood_stress'],
  });
  await s.take(linda, 34);
  await s.contact(linda, 33, 'reached', 'Loves being outdoors.');
  await s.move(linda, 33, { to: 'active' });
  await s.plan(linda, 28, [{ text: 'Be outdoors with others weekly', steps: [] }], 16);
  const lindaGarden = await s.propose(linda, 4, westEndGarden, 'Gardening with neighbours.');
  await s.connection(lindaGarden, 4, 'sent');

  const samuel = await s.refer({
    site,
    daysAgo: 106,
    person: person('Samuel', 'Osei', '1958-07-07', 'en'),
    reasons: ['loneliness_isolation', 'physical_inactivity'],
  });
  await s.take(samuel, 105);
  await s.contact(samuel, 103, 'reached', 'Agreed to meet.');
  await s.move(samuel, 103, { to: 'active' });
  await s.measure(samuel, 98, {
    instrumentId: 'ucla3',
    timepoint: 'baseline',
    answers: uclaBefore,
  });
  await s.measure(samuel, 98, { instrumentId: 'ons4', timepoint: 'baseline', answers: ons4Before });
  await s.plan(samuel, 96, [{ text: 'Volunteer outdoors', steps: [] }], 20);
  const samuelPark = await s.propose(samuel, 94, westEndStewards, 'Volunteer in the park.');
  await s.connection(samuelPark, 94, 'sent');
  await s.partnerAcceptsByLink(samuelPark, 92);
  await s.connection(samuelPark, 85, 'attended');
  await s.connection(samuelPark, 64, 'ongoing');
  await s.measure(samuel, 6, { instrumentId: 'ucla3', timepoint: 'month_3', answers: uclaAfter });
  await s.measure(samuel, 6, { instrumentId: 'ons4', timepoint: 'month_3', answers: ons4After });

  const rosa = await s.refer({
    site,
    daysAgo: 60,
    person: person('Rosa', 'Delgado', '1972-12-01', 'en'),
    reasons: ['physical_inactivity'],
  });
  await s.take(rosa, 59);
  await s.contact(rosa, 58, 'reached', 'Wants something near home.');
  await s.move(rosa, 58, { to: 'active' });
  const rosaPark = await s.propose(rosa, 50, westEndStewards, 'Outdoor volunteering.');
  await s.connection(rosaPark, 40, 'not_taken_up', 'transport');
  await s.propose(
    rosa,
    38,
    { organisationName: 'Parkdale Library', activity: 'Tuesday chair yoga' },
    'Gentle exercise within walking distance.',
  );

  const jason = await s.refer({
    site,
    daysAgo: 28,
    person: person('Jason', 'Whitfield', '1990-10-10', 'en'),
    reasons: ['housing', 'money'],
  });
  await s.take(jason, 27);
  await s.contact(jason, 26, 'no_answer', 'No answer.');
  await s.contact(jason, 24, 'wrong_number', 'Number not in service.');
  await s.contact(jason, 22, 'no_answer', 'Tried the other number from the referral.');
  await s.move(jason, 20, { to: 'unreachable' });

  const evelyn = await s.refer({
    site,
    daysAgo: 132,
    person: person('Evelyn', 'Park', '1954-01-29', 'en'),
    reasons: ['loneliness_isolation'],
  });
  await s.take(evelyn, 131);
  await s.contact(evelyn, 130, 'reached', 'Keen to start.');
  await s.move(evelyn, 130, { to: 'active' });
  await s.measure(evelyn, 126, {
    instrumentId: 'ucla3',
    timepoint: 'baseline',
    answers: uclaBefore,
  });
  await s.measure(evelyn, 126, {
    instrumentId: 'ons4',
    timepoint: 'baseline',
    answers: ons4Before,
  });
  await s.plan(evelyn, 125, [{ text: 'Make friends in the neighbourhood', steps: [] }], -95);
  const evelynGarden = await s.propose(evelyn, 124, westEndGarden, 'Garden with neighbours.');
  await s.connection(evelynGarden, 124, 'sent');
  await s.partnerAcceptsByLink(evelynGarden, 121);
  await s.connection(evelynGarden, 115, 'attended');
  await s.measure(evelyn, 36, { instrumentId: 'ucla3', timepoint: 'month_3', answers: uclaAfter });
  await s.measure(evelyn, 36, { instrumentId: 'ons4', timepoint: 'month_3', answers: ons4After });
  await s.move(evelyn, 32, {
    to: 'discharged',
    reason: 'goals_met',
    note: 'Goes to the garden every week with two new friends.',
  });

  const hamid = await s.refer({
    site,
    daysAgo: 70,
    person: person('Hamid', 'Karimi', '1980-06-15', 'en'),
    reasons: ['money', 'low_mood_stress'],
    updatesReferrer: false,
  });
  await s.take(hamid, 69);
  await s.contact(hamid, 68, 'reached', 'Needs debt advice first.');
  await s.move(hamid, 68, { to: 'active' });
  await s.move(hamid, 50, {
    to: 'discharged',
    reason: 'referred_elsewhere',
    note: 'Referred to the credit counselling service.',
  });
}

/**
 * Three more Riverside people whose loneliness was measured at the start and three months
 * on, so that with Samuel and Evelyn the site has five UCLA-3 pairs: the reports hide a
 * change measured on fewer than 5 people, and the site's dashboard shows one (the browser
 * journey in test/browser/outcomes.spec.ts sees its own follow-up counted there).
 */
async function riversideLonelinessPairs(s: DemoStory): Promise<void> {
  const people = [
    person('Harold', 'MacLean', '1947-02-11', 'en'),
    person('Priya', 'Nair', '1971-08-23', 'en'),
    person('Walter', 'Kowalski', '1952-12-03', 'en'),
  ];
  for (const [index, who] of people.entries()) {
    const start = 150 + index * 10;
    const c = await s.refer({
      site: 'riverside',
      daysAgo: start,
      person: who,
      reasons: ['loneliness_isolation'],
    });
    await s.take(c, start - 1);
    await s.contact(c, start - 2, 'reached', 'Agreed to meet.');
    await s.move(c, start - 2, { to: 'active' });
    await s.measure(c, start - 7, {
      instrumentId: 'ucla3',
      timepoint: 'baseline',
      answers: uclaBefore,
    });
    await s.measure(c, start - 100, {
      instrumentId: 'ucla3',
      timepoint: 'month_3',
      answers: index === 1 ? uclaBefore : uclaAfter,
    });
  }
}

/**
 * Writes the demo cases (about fourteen per health centre, at every stage) after the demo
 * accounts and, when loaded, the demo directory. The emails the steps queued tell of events
 * months old: they are dropped rather than sent on the first start.
 */
export async function seedDemoCases(
  db: Database,
  config: Config,
  options: { withDirectory: boolean },
): Promise<{ cases: number; milliseconds: number }> {
  const started = Date.now();
  const since = new Date(started - 5);
  const story = new DemoStory(db, config, options.withDirectory);
  await story.loadActors();
  await cornwall(story);
  await riverside(story);
  await riversideLonelinessPairs(story);
  await db.delete(outboundEmails).where(gte(outboundEmails.createdAt, since));
  await seedUndeliveredEmail(db);
  return { cases: story.caseIds.length, milliseconds: Date.now() - started };
}

/** One email a partner's mail server refused, so the undelivered-emails screen has a row. */
async function seedUndeliveredEmail(db: Database): Promise<void> {
  await db.insert(outboundEmails).values({
    kind: 'connection.sent',
    recipient: 'inscriptions@club-marche-cornwall.example',
    subject: 'Nouvelle mise en lien : Club de marche du mardi',
    text: 'Bonjour,\n\nUne personne accompagnée souhaite se joindre au Club de marche du mardi.',
    status: 'failed',
    attempts: maxAttempts,
    lastError: '550 5.1.1 <inscriptions@club-marche-cornwall.example>: Recipient address rejected',
    createdAt: new Date(Date.now() - 26 * 3_600_000),
  });
}

/** The ids of the directory services the demo cases connect to, for the test. */
export const demoCaseServiceIds: readonly string[] = Object.values(demoServices);
