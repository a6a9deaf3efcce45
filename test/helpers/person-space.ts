import { desc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { outboundEmails } from '../../src/server/db/schema';
import type { PersonSession } from '../../src/shared/contracts/person-space';
import { Client, type TestApp, signedInClient } from './app';
import { makeAccount, makeCase, makePerson, makeSite } from './factories';

/** A case its person said yes to, at a site, with a link worker who has it and the person's email. */
export async function invitableCase(
  t: TestApp,
  options: { siteId?: string; locale?: 'fr' | 'en'; email?: string | null } = {},
): Promise<{
  caseId: string;
  personId: string;
  siteId: string;
  email: string | null;
  linkWorker: Client;
}> {
  const db = t.database.db;
  const siteId = options.siteId ?? (await makeSite(db)).id;
  const worker = await makeAccount(db, [{ role: 'link_worker', siteId }]);
  const linkWorker = await signedInClient(t.app, worker);
  const email =
    options.email === undefined
      ? `person-${Math.random().toString(36).slice(2, 10)}@example.org`
      : options.email;
  const person = await makePerson(db, siteId, {
    email,
    preferredLanguage: options.locale ?? 'fr',
  });
  const made = await makeCase(db, siteId, { personId: person.id, acceptedBy: worker.id });
  return { caseId: made.id, personId: person.id, siteId, email, linkWorker };
}

/** The token of the newest invitation emailed to the address: the link's fragment. */
export async function invitationToken(t: TestApp, email: string): Promise<string> {
  const [message] = await t.database.db
    .select()
    .from(outboundEmails)
    .where(eq(outboundEmails.recipient, email))
    .orderBy(desc(outboundEmails.createdAt))
    .limit(1);
  const token = /\/me\/sign-in#(\S+)/.exec(message?.text ?? '')?.[1];
  if (!token) throw new Error(`no invitation to ${email}`);
  return token;
}

/** A browser-like client signed in to the person's own space with the token. */
export async function personClient(t: TestApp, token: string): Promise<Client> {
  const client = new Client(t.app);
  const response = await client.post('/api/person/sign-in', { token });
  expect(response.statusCode, response.body).toBe(200);
  client.csrfToken = response.json<PersonSession>().csrfToken;
  return client;
}

/** A person invited by their link worker and signed in to their own space. */
export async function signedInPerson(
  t: TestApp,
  options: { siteId?: string } = {},
): Promise<{ client: Client; caseId: string; personId: string; siteId: string }> {
  const made = await invitableCase(t, options);
  const invited = await made.linkWorker.post(`/api/cases/${made.caseId}/person-invitations`);
  expect(invited.statusCode, invited.body).toBe(201);
  const client = await personClient(t, await invitationToken(t, made.email ?? ''));
  return { client, caseId: made.caseId, personId: made.personId, siteId: made.siteId };
}
