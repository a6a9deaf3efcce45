import { isDeepStrictEqual } from 'node:util';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import {
  type Matrix,
  type Operation,
  type OperationOf,
  operationOf,
  operationsOf,
  routes,
} from '../integration/permission-routes';
import { Client, errorOf, type TestApp } from './app';
import { makeAccount } from './factories';
import { signedInPerson } from './person-space';

/** The roles of a matrix's caller, as makeAccount takes them. */
export type Grants = Parameters<typeof makeAccount>[1];

/**
 * A caller in a permission matrix: a client, signed in or anonymous, that notes every request
 * it sends, so each cell checks that its action reached the operation the action declares.
 */
export class Caller extends Client {
  /** The account signed in; null when anonymous or a person. */
  accountId: string | null = null;
  /** The case of a person signed in to their own space (features/person-space); else null. */
  personCaseId: string | null = null;
  private personSiteId: string | null = null;

  private constructor(
    private readonly t: TestApp,
    private readonly grants: Grants | null,
    private readonly sent: string[] = [],
  ) {
    super(t.app);
  }

  static anonymous(t: TestApp): Caller {
    return new Caller(t, null);
  }

  /** A new account holding the grants, signed in. */
  static async signedIn(t: TestApp, grants: Grants): Promise<Caller> {
    const caller = new Caller(t, grants);
    await caller.signInAsNew();
    return caller;
  }

  /**
   * A person referred, invited by their link worker and signed in to their own space: a
   * session with no account and no role, at the site given (else a new one).
   */
  static async person(t: TestApp, siteId?: string): Promise<Caller> {
    const caller = new Caller(t, null);
    await caller.signInAsPerson(siteId ?? null);
    return caller;
  }

  private async signInAsPerson(siteId: string | null): Promise<void> {
    const signed = await signedInPerson(this.t, siteId ? { siteId } : {});
    this.cookie = signed.client.cookie;
    this.csrfToken = signed.client.csrfToken;
    this.personCaseId = signed.caseId;
    this.personSiteId = signed.siteId;
  }

  private async signInAsNew(): Promise<void> {
    const account = await makeAccount(this.t.database.db, this.grants ?? []);
    expect((await this.signIn(account.email, account.password)).statusCode).toBe(200);
    this.accountId = account.id;
  }

  /**
   * Another new account with the same roles, in a session of its own (an anonymous caller
   * stays anonymous, a person is another person of the same site), for an action that ends or changes its session and so would spoil the
   * shared one. What it sends counts as this caller's.
   */
  async another(): Promise<Caller> {
    const other = new Caller(this.t, this.grants, this.sent);
    if (this.grants) await other.signInAsNew();
    else if (this.personCaseId) await other.signInAsPerson(this.personSiteId);
    return other;
  }

  override request(
    ...[method, url, ...rest]: Parameters<Client['request']>
  ): Promise<LightMyRequestResponse> {
    this.sent.push(`${method} ${url}`);
    return super.request(method, url, ...rest);
  }

  /** Forgets what was sent, before a cell. */
  forget(): void {
    this.sent.length = 0;
  }

  /** The operations reached since the last forget(). */
  reached(): (Operation | string)[] {
    return this.sent.map((request) => {
      const [method = '', url = ''] = request.split(' ');
      return operationOf(method, url) ?? `${request} (in no operation)`;
    });
  }
}

export type Outcome = { response: LightMyRequestResponse; changed?: boolean };

/** One action of a matrix: the operation it exercises, and how. */
export type Action<M extends Matrix> = {
  operation: OperationOf<M>;
  run: (caller: Caller) => Promise<Outcome>;
};

/** The way a matrix writes its actions: `on(operation, run)`, the operation typed to that matrix. */
export function actionsOf<M extends Matrix>(
  _matrix: M,
): (operation: OperationOf<M>, run: (caller: Caller) => Promise<Outcome>) => Action<M> {
  return (operation, run) => ({ operation, run });
}

export async function read(response: Promise<LightMyRequestResponse>): Promise<Outcome> {
  return { response: await response };
}

/** Sends a write and says whether what `observe` sees changed because of it. */
export async function write(
  observe: () => Promise<unknown>,
  send: () => Promise<LightMyRequestResponse>,
): Promise<Outcome> {
  const before = await observe();
  const response = await send();
  return { response, changed: !isDeepStrictEqual(before, await observe()) };
}

/** The status a cell expects, in the one error shape for a refusal; a refused write changed nothing. */
export function expectOutcome(outcome: Outcome, status: number): void {
  const { response, changed } = outcome;
  expect(response.statusCode, response.body.slice(0, 300)).toBe(status);
  if (status === 401) expect(errorOf(response).code).toBe('unauthenticated');
  if (status === 403) expect(errorOf(response).code).toBe('forbidden');
  if (status === 404) expect(errorOf(response).code).toBe('not_found');
  if (changed !== undefined) expect(changed).toBe(status < 300);
}

/** Runs an action as a caller, and checks that it did reach the operation it declares. */
export async function runAs<M extends Matrix>(action: Action<M>, caller: Caller): Promise<Outcome> {
  caller.forget();
  const outcome = await action.run(caller);
  const reached = caller.reached();
  expect(
    reached,
    `the action should reach ${action.operation}, which it declares; it reached ${reached.join(', ')}`,
  ).toContain(action.operation);
  return outcome;
}

/**
 * A matrix has an action for every operation permission-routes.ts gives it, and its actions
 * exercise only operations given to it.
 */
export function expectCoverage<M extends Matrix>(
  matrix: M,
  actions: Record<string, Action<M>>,
): void {
  const exercised = new Set<Operation>(Object.values(actions).map((a) => a.operation));
  const withoutAction = operationsOf(matrix).filter((operation) => !exercised.has(operation));
  expect(
    withoutAction,
    `operations test/integration/permission-routes.ts gives to ${matrix} with no action there`,
  ).toEqual([]);
  const elsewhere = [...exercised].filter((operation) => routes[operation] !== matrix);
  expect(
    elsewhere,
    `operations exercised in ${matrix} that test/integration/permission-routes.ts does not give to it`,
  ).toEqual([]);
}
