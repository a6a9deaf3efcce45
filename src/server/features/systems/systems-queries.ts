import { and, asc, eq, getTableColumns, inArray, lt, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/roles';
import type { Database } from '../../db/client';
import { oncePerDatabase } from '../../db/prepared';
import {
  accounts,
  fhirAccessTokens,
  fhirClientAssertions,
  fhirClients,
  roleGrants,
  sites,
} from '../../db/schema';

export type FhirClientRow = typeof fhirClients.$inferSelect & { siteIds: string[] };
type FhirClientInsert = typeof fhirClients.$inferInsert;
export type FhirClientPatch = Partial<
  Pick<
    FhirClientInsert,
    'name' | 'locale' | 'jwks' | 'allowedScopes' | 'endpointOrigins' | 'active'
  >
>;

/**
 * The sites a client may refer to: its account's referrer grants. The outer column is
 * written out: drizzle names it unqualified, which inside the subquery is the grant's own.
 */
const siteIdsOfClient = sql<string[]>`coalesce((
  select array_agg(g.site_id order by g.site_id) from ${roleGrants} g
  where g.account_id = fhir_clients.account_id and g.role = 'referrer' and g.site_id is not null
), '{}'::uuid[])`;

const clientColumns = { ...getTableColumns(fhirClients), siteIds: siteIdsOfClient };

export function selectClients(db: Database): Promise<FhirClientRow[]> {
  return db
    .select(clientColumns)
    .from(fhirClients)
    .orderBy(asc(fhirClients.name), asc(fhirClients.id));
}

export async function findClient(db: Database, id: string): Promise<FhirClientRow | undefined> {
  const [row] = await db.select(clientColumns).from(fhirClients).where(eq(fhirClients.id, id));
  return row;
}

export async function insertClient(db: Database, values: FhirClientInsert): Promise<void> {
  await db.insert(fhirClients).values(values);
}

/** Applies a patch only if the row is still at the version the caller read; false if stale. */
export async function updateClientAtVersion(
  db: Database,
  id: string,
  version: number,
  patch: FhirClientPatch,
): Promise<boolean> {
  const rows = await db
    .update(fhirClients)
    .set({ ...patch, version: sql`${fhirClients.version} + 1`, updatedAt: new Date() })
    .where(and(eq(fhirClients.id, id), eq(fhirClients.version, version)))
    .returning({ id: fhirClients.id });
  return rows.length > 0;
}

export async function countSites(db: Database, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db.$count(sites, inArray(sites.id, [...ids]));
}

/** Its tokens stop working at once (the per-request lookup also checks `active`). */
export async function deleteTokensOfClient(db: Database, clientId: string): Promise<void> {
  await db.delete(fhirAccessTokens).where(eq(fhirAccessTokens.clientId, clientId));
}

/** What the token endpoint needs to check an assertion: the client, usable or not. */
export async function findClientForAssertion(
  db: Database,
  id: string,
): Promise<
  | {
      id: string;
      jwks: FhirClientRow['jwks'];
      allowedScopes: string[];
      usable: boolean;
    }
  | undefined
> {
  const [row] = await db
    .select({
      id: fhirClients.id,
      jwks: fhirClients.jwks,
      allowedScopes: fhirClients.allowedScopes,
      usable: sql<boolean>`${fhirClients.active} and ${accounts.active}`,
    })
    .from(fhirClients)
    .innerJoin(accounts, eq(accounts.id, fhirClients.accountId))
    .where(eq(fhirClients.id, id));
  return row;
}

/**
 * Spends an assertion's jti: false when the client used it already (a replay). The
 * primary key makes two concurrent uses of one jti insert once.
 */
export async function spendAssertion(
  db: Database,
  values: { clientId: string; jti: string; expiresAt: Date },
): Promise<boolean> {
  const rows = await db
    .insert(fhirClientAssertions)
    .values(values)
    .onConflictDoNothing()
    .returning({ jti: fhirClientAssertions.jti });
  return rows.length > 0;
}

export async function insertAccessToken(
  db: Database,
  values: { tokenHash: string; clientId: string; scopes: string[]; expiresAt: Date },
): Promise<void> {
  await db.insert(fhirAccessTokens).values(values);
}

export type LiveAccessToken = {
  clientId: string;
  clientName: string;
  clientLocale: 'fr' | 'en';
  scopes: string[];
  accountId: string;
  email: string;
  displayName: string;
  locale: 'fr' | 'en' | null;
  grants: { role: Role; siteId: string | null }[];
  expiresAt: Date;
};

/**
 * An unexpired token of an active client whose account is active, with the account's
 * grants: one statement, as every FHIR request asks.
 */
export async function findLiveAccessToken(
  db: Database,
  tokenHash: string,
): Promise<LiveAccessToken | undefined> {
  const [row] = await liveTokenQuery(db).execute({ tokenHash, now: new Date() });
  return row;
}

const liveTokenQuery = oncePerDatabase((db: Database) =>
  db
    .select({
      clientId: fhirClients.id,
      clientName: fhirClients.name,
      clientLocale: fhirClients.locale,
      scopes: fhirAccessTokens.scopes,
      expiresAt: fhirAccessTokens.expiresAt,
      accountId: accounts.id,
      email: accounts.email,
      displayName: accounts.displayName,
      locale: accounts.locale,
      grants: sql<LiveAccessToken['grants']>`coalesce((
        select json_agg(json_build_object('role', g.role, 'siteId', g.site_id)
          order by g.role, g.site_id)
        from ${roleGrants} g where g.account_id = ${accounts.id}), '[]'::json)`,
    })
    .from(fhirAccessTokens)
    .innerJoin(fhirClients, eq(fhirClients.id, fhirAccessTokens.clientId))
    .innerJoin(accounts, eq(accounts.id, fhirClients.accountId))
    .where(
      and(
        eq(fhirAccessTokens.tokenHash, sql.placeholder('tokenHash')),
        sql`${fhirAccessTokens.expiresAt} > ${sql.placeholder('now')}`,
        // Constants in the text, not parameters: see db/prepared.ts.
        sql`${fhirClients.active} and ${accounts.active} and ${accounts.kind} = 'system'`,
      ),
    )
    .prepare('live_fhir_access_token'),
);

/** Spent assertions and tokens past their expiry: nothing checks them any more. */
export async function deleteExpired(db: Database, now: Date): Promise<void> {
  await db.delete(fhirClientAssertions).where(lt(fhirClientAssertions.expiresAt, now));
  await db.delete(fhirAccessTokens).where(lt(fhirAccessTokens.expiresAt, now));
}
