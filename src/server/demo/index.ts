/**
 * The demo programme: accounts, the bilingual directory and cases at every stage, written
 * through the features' own services. It sits above the features (as `cli/` does): the
 * database layer knows no service.
 */
import type { Config } from '../config';
import type { Database } from '../db/client';
import { seedDemoDirectory } from '../features/directory';
import { hasAnyAccount, seedDemoData } from './demo-accounts';
import { seedDemoCases } from './demo-cases';

export { demoAccounts, demoPassword } from './demo-accounts';

export type DemoSeed = { cases: number; milliseconds: number };

/**
 * Fills an empty database with the whole demo in one transaction: a failure leaves it
 * empty (and the next start tries again), never half-seeded. Undefined when the database
 * already has accounts. Its cases happen in the months before `today` (default: now); a
 * test fixes the day to get the same months and reports on any date.
 */
export function seedDemo(
  db: Database,
  config: Config,
  options: { today?: Date } = {},
): Promise<DemoSeed | undefined> {
  return db.transaction(async (tx) => {
    if (await hasAnyAccount(tx)) return undefined;
    const { partners } = await seedDemoData(tx);
    await seedDemoDirectory(tx, partners);
    return seedDemoCases(tx, config, options.today?.getTime());
  });
}
