import { expect } from 'vitest';
import type { Client } from './app';

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
  return { caseVersion, moveCase, take, accept };
}
