import { eq, inArray, sql } from 'drizzle-orm';
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
import { type Database, selectRows } from '../db/client';
import { accounts, cases, connections, outboundEmails, roleGrants } from '../db/schema';
import { backdateCase } from './demo-backdate';
import { ago, dayOf, inDays } from './demo-calendar';

/**
 * Demo cases at both health centres, written through the features' own services with the
 * demo accounts as actors, so that statuses, history, consents, versions and audit are what
 * the screens would have written. The services stamp "now"; the story needs a past spread
 * over four months, so after each step the rows it wrote for that case are moved back to the
 * step's day (demo-backdate.ts). The audit trail keeps the real time: it is append-only and
 * says truthfully that the demo was loaded at start.
 */

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type SiteKey = 'estrie' | 'riverside';
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

export type Referral = {
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

export type Handle = { id: string; site: SiteKey };
export type ConnectionHandle = { id: string; caseId: string; site: SiteKey };

export class DemoStory {
  private readonly actors = new Map<string, Actor>();
  /** The links emailed to a partner without an account, by connection. */
  private readonly emailedTokens = new Map<string, string[]>();
  private readonly emailsRead = new Set<string>();
  /**
   * When the seeding began, by the database's clock. Every step's rows are moved into the
   * past, so the rows stamped at or after this moment are the current step's own; inside
   * one transaction, where now() stands still, that holds too.
   */
  private startedAt = new Date(0);
  private readonly publicUrl: string;
  readonly caseIds: string[] = [];

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    /** The demo's today (ms) its past is counted back from; days ahead stay the real today's. */
    private readonly today = Date.now(),
  ) {
    this.publicUrl = (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  }

  /** Each demo account as the session would make it: its grants, no second factor pending. */
  async loadActors(): Promise<void> {
    // Milliseconds, rounded down: never after the rows this moment must catch.
    const [clock] = await selectRows<{ ms: number }>(
      this.db,
      sql`select extract(epoch from now())::float8 * 1000 as ms`,
    );
    this.startedAt = new Date(Math.floor(clock?.ms ?? 0));
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

  /** Runs one step of a case's story and moves what it wrote to the step's moment. */
  private async step<T>(caseId: string, at: Date, work: () => Promise<T>): Promise<T> {
    const result = await work();
    await backdateCase(this.db, caseId, this.startedAt, at);
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
    const at = ago(referral.daysAgo, 14, this.today);
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
    const created = await createReferral(this.db, actor, body, { baseUrl: this.publicUrl });
    await backdateCase(this.db, created.id, this.startedAt, at);
    this.caseIds.push(created.id);
    return { id: created.id, site: referral.site };
  }

  async take(c: Handle, daysAgo: number): Promise<void> {
    await this.step(c.id, ago(daysAgo, 13, this.today), async () =>
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
    const at = ago(daysAgo, 15, this.today);
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
    await this.step(c.id, ago(daysAgo, 16, this.today), async () => {
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
    const at = ago(daysAgo, 17, this.today);
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
    const at = ago(daysAgo, 18, this.today);
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
    const at = ago(daysAgo, 18, this.today);
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
    await this.step(c.id, ago(daysAgo, 18, this.today), () =>
      createFollowUp(this.db, this.actor(c.site, 'worker'), c.id, {
        kind: 'call',
        dueOn: inDays(dueInDays),
        note,
      }),
    );
  }

  /** Proposes an activity: a directory listing, or one described by its name. */
  async propose(
    c: Handle,
    daysAgo: number,
    offer: { serviceId?: string; organisationName: string; activity: string },
    personWants: string,
  ): Promise<ConnectionHandle> {
    const body: CreateConnectionBody = offer.serviceId
      ? { serviceId: offer.serviceId, personWants }
      : { organisationName: offer.organisationName, activity: offer.activity, personWants };
    const created = await this.step(c.id, ago(daysAgo, 19, this.today), () =>
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
    const at = ago(daysAgo, 19, this.today);
    await this.step(k.caseId, at, async () =>
      changeConnectionStatus(this.db, this.config, this.actor(k.site, 'worker'), k.id, {
        to,
        ...(reason ? { reason } : {}),
        ...(to === 'attended' ? { firstAttendedOn: dayOf(at) } : {}),
        version: await this.connectionVersion(k.id),
      }),
    );
    if (to === 'sent') {
      // The emails this step queued: those not read before.
      const emails = (
        await this.db
          .select({ id: outboundEmails.id, text: outboundEmails.text })
          .from(outboundEmails)
      ).filter((row) => !this.emailsRead.has(row.id));
      for (const row of emails) this.emailsRead.add(row.id);
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
    const at = ago(daysAgo, 20, this.today);
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
    await this.step(k.caseId, ago(daysAgo, 20, this.today), async () => {
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
    const at = ago(daysAgo, 17, this.today);
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
