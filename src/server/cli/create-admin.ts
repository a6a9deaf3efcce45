/**
 * Creates the first administrator of an installation without demo data:
 *   npm run create-admin -- admin@example.org "Full Name"
 * The password is read from standard input, never from the arguments (they show in `ps`).
 */
import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { Email, Password } from '../../shared/contracts/auth';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { createAdministratorFromCli } from '../features/accounts';

const Args = z.tuple([Email, z.string().trim().min(1).max(120)]);

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  const answer = await rl.question('Password (at least 12 characters): ');
  rl.close();
  return answer.trim();
}

async function main(): Promise<void> {
  const args = Args.safeParse(process.argv.slice(2));
  if (!args.success) throw new Error('usage: npm run create-admin -- <email> "<full name>"');
  const password = Password.safeParse(await readPassword());
  if (!password.success) throw new Error('the password must have 12 to 200 characters');
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    await database.migrate();
    const [email, displayName] = args.data;
    const id = await createAdministratorFromCli(database.db, {
      email,
      displayName,
      password: password.data,
    });
    console.log(`Administrator ${email} created (${id}).`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
