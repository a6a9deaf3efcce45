import { expect } from 'vitest';
import type { Connection } from '../../src/shared/contracts/connections';
import type { Client } from './app';
import { siteDay } from './site-day';

/**
 * A link worker's moves on a case through the JSON API, each expected to succeed, for tests
 * that follow a case from elsewhere (FHIR Tasks, subscriptions). `worker` is read at each call,
 * so a client signed in later in a beforeAll is the one used.
 */
export function caseSteps(worker: () => Client) {
  const caseVersion = async (caseId: string): Promise<number> => {
    const response = await worker().get(`/api/cases/${caseId}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ version: number }>().version;
  };
  const moveCase = async (caseId: string, body: Record<string, unknown>): Promise<void> => {
    const response = await worker().post(`/api/cases/${caseId}/status`, {
      ...body,
      version: await caseVersion(caseId),
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  const take = async (caseId: string): Promise<void> => {
    const response = await worker().post(`/api/cases/${caseId}/take`, {
      version: await caseVersion(caseId),
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  const accept = async (caseId: string): Promise<void> => {
    await take(caseId);
    await moveCase(caseId, { to: 'active' });
  };
  const ok = async <T>(response: Awaited<ReturnType<Client['get']>>, status = 200): Promise<T> => {
    expect(response.statusCode, response.body).toBe(status);
    return response.json<T>();
  };
  /** A described activity proposed, sent, and accepted by its partner on the phone. */
  const connect = async (caseId: string, activity = 'Knitting circle'): Promise<Connection> => {
    let connection = await ok<Connection>(
      await worker().post(`/api/cases/${caseId}/connections`, {
        organisationName: 'Friendly Knitters',
        activity,
        personWants: 'Meet people',
      }),
      201,
    );
    connection = await ok<Connection>(
      await worker().post(`/api/connections/${connection.id}/status`, {
        to: 'sent',
        version: connection.version,
      }),
    );
    return ok<Connection>(
      await worker().post(`/api/connections/${connection.id}/partner-answers`, {
        to: 'accepted',
        version: connection.version,
      }),
    );
  };
  /** The person went to the connection's activity today. */
  const attend = async (connection: Connection): Promise<Connection> =>
    ok<Connection>(
      await worker().post(`/api/connections/${connection.id}/status`, {
        to: 'attended',
        firstAttendedOn: siteDay(),
        version: connection.version,
      }),
    );
  /** The plan agreed today with these goals. */
  const agreePlan = async (caseId: string, goals: string[]): Promise<void> => {
    await ok(
      await worker().request('PUT', `/api/cases/${caseId}/plan`, {
        goals: goals.map((text) => ({ text })),
        agreedOn: siteDay(),
      }),
    );
  };
  return { caseVersion, moveCase, take, accept, connect, attend, agreePlan };
}
