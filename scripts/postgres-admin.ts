/** The scripts' dealings with whole databases on the PostgreSQL server, by a database's URL. */
import pg from 'pg';

function nameAndAdminUrl(url: string): { name: string; adminUrl: string } {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  // The name goes into DDL, which takes no parameters: only plain identifiers pass.
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unusable database name: ${name}`);
  target.pathname = '/postgres';
  return { name, adminUrl: target.toString() };
}

async function asAdmin(url: string, statements: (name: string) => string[]): Promise<void> {
  const { name, adminUrl } = nameAndAdminUrl(url);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const statement of statements(name)) await client.query(statement);
  } finally {
    await client.end();
  }
}

export function dropDatabase(url: string): Promise<void> {
  return asAdmin(url, (name) => [`drop database if exists ${name} with (force)`]);
}

/** An empty database of that name, whatever was there before. */
export function recreateDatabase(url: string): Promise<void> {
  return asAdmin(url, (name) => [
    `drop database if exists ${name} with (force)`,
    `create database ${name}`,
  ]);
}
