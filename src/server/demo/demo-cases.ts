import type { Config } from '../config';
import type { Database } from '../db/client';
import { outboundEmails } from '../db/schema';
import { maxAttempts } from '../platform/mail/delivery';
import { demoServices } from './demo-cast';
import { firstCohort } from './demo-cohort';
import { cornwall } from './demo-cornwall';
import { riverside, riversideLonelinessPairs } from './demo-riverside';
import { DemoStory } from './demo-story';
import { vanierPracticalSupport } from './demo-vanier';

/**
 * Writes the demo cases (about fourteen per health centre at every stage, and a first
 * cohort closed earlier in the year) after the demo
 * accounts and the demo directory. The emails the steps queued tell of events
 * months old: they are dropped rather than sent on the first start.
 */
export async function seedDemoCases(
  db: Database,
  config: Config,
  today?: number,
): Promise<{ cases: number; milliseconds: number }> {
  const started = Date.now();
  const story = new DemoStory(db, config, today);
  await story.loadActors();
  await cornwall(story);
  await riverside(story);
  await riversideLonelinessPairs(story);
  await vanierPracticalSupport(story);
  await firstCohort(story);
  // Only the demo has written to this database (see seedDemo).
  await db.delete(outboundEmails);
  await seedUndeliveredEmail(db);
  return { cases: story.caseIds.length, milliseconds: Date.now() - started };
}

/** One email a partner's mail server refused, so the undelivered-emails screen has a row. */
async function seedUndeliveredEmail(db: Database): Promise<void> {
  await db.insert(outboundEmails).values({
    kind: 'connection.sent',
    recipient: 'inscriptions@club-marche-cornwall.example',
    subject: 'Nouvelle mise en lien\u202f: Club de marche du mardi',
    text: 'Bonjour,\n\nUne personne accompagnée souhaite se joindre au Club de marche du mardi.',
    status: 'failed',
    attempts: maxAttempts,
    lastError: '550 5.1.1 <inscriptions@club-marche-cornwall.example>: Recipient address rejected',
    createdAt: new Date(Date.now() - 26 * 3_600_000),
  });
}

/** The ids of the directory services the demo cases connect to, for the test. */
export const demoCaseServiceIds: readonly string[] = Object.values(demoServices);
