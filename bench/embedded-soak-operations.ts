/** What the embedded soak's clients do: operations picked at random by weight. */
import type { HsdsService } from '../src/server/features/directory/data/hsds-service';
import { loadJudgedQueries } from '../src/server/features/directory/data/judged-queries';
import {
  type Random,
  generateSyntheticDirectory,
} from '../src/server/features/directory/data/synthetic-directory';
import { type DirectoryImportBody, DirectoryImportJob } from '../src/shared/contracts/directory';
import type { CreateReferralInput, PersonInput } from '../src/shared/contracts/referrals';
import { type ReferralReason, referralReasons, urgencies } from '../src/shared/pathway';
import { judgedSearchUrl } from '../test/helpers/search';
import {
  type Session,
  type Soak,
  record,
  request,
  requestTimeoutMs,
} from './embedded-soak-requests';

const importPollMs = 200;
/** Imports cycle over this many small datasets: the first round creates, later ones update. */
const importDatasetCount = 40;
const servicesPerImport = 5;

export type Client = {
  random: Random;
  worker: Session;
  referrer: Session;
  admin: Session;
};

export const nonEmpty = <T>(items: readonly T[]): [T, ...T[]] => {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error('embedded soak: an empty list to pick from');
  return [first, ...rest];
};

const searchPaths = nonEmpty(loadJudgedQueries().map((query) => judgedSearchUrl(query, 20)));

const importDatasets = nonEmpty(
  Array.from({ length: importDatasetCount }, (_, i) =>
    [...generateSyntheticDirectory({ count: servicesPerImport, seed: 9000 + i })].map(
      (listing) => listing.service,
    ),
  ),
);

const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

async function search(soak: Soak, client: Client): Promise<void> {
  await request(soak, client.worker, 'search', 'GET', client.random.pick(searchPaths));
}

async function readCaseload(soak: Soak, client: Client): Promise<void> {
  const assignee = client.random.chance(0.5) ? 'me' : 'all';
  await request(soak, client.worker, 'caseload', 'GET', `/api/cases/caseload?assignee=${assignee}`);
}

const givenNames = nonEmpty([
  'Amélie',
  'Bruno',
  'Chantal',
  'Denis',
  'Élise',
  'Farid',
  'Ginette',
  'Hugo',
  'Isabelle',
  'Kofi',
]);
const familyNames = nonEmpty([
  'Arsenault',
  'Boucher',
  'Campbell',
  'Dubois',
  'Evans',
  'Hébert',
  'Lefebvre',
  'Nguyen',
  'Singh',
]);
/** Referred again and again, so the duplicate check also finds matches. */
const regulars = nonEmpty([
  ['Lucie', 'Bergeron', '1957-03-14'],
  ['Roger', 'Villeneuve', '1949-07-30'],
  ['Abena', 'Mensah', '1988-12-02'],
] as const);
const reasons = nonEmpty(referralReasons.filter((r): r is ReferralReason => r !== 'other'));

function dateOfBirth(random: Random): string {
  const from = Date.UTC(1935, 0, 1);
  return new Date(from + random.int(70 * 365) * 86_400_000).toISOString().slice(0, 10);
}

function person(random: Random): PersonInput {
  const [givenName, familyName, born] = random.chance(0.1)
    ? random.pick(regulars)
    : [random.pick(givenNames), random.pick(familyNames), dateOfBirth(random)];
  return {
    givenName,
    familyName,
    dateOfBirth: born,
    preferredLanguage: random.chance(0.5) ? 'fr' : 'en',
    contactPreference: 'phone',
    phone: `613-555-01${String(random.int(100)).padStart(2, '0')}`,
  };
}

function referralBody(random: Random): CreateReferralInput {
  const first = random.pick(reasons);
  const second = random.pick(reasons);
  return {
    source: 'clinician',
    person: person(random),
    reasons: first === second ? [first] : [first, second],
    urgency: random.pick(urgencies),
    context: 'Soak test referral.',
    consent: {
      givenBy: 'person',
      givenAt: new Date(Date.now() - 60_000).toISOString(),
      coversReferral: true,
      coversReferrerUpdates: true,
      coversSharingWithPartners: random.chance(0.7),
    },
  };
}

async function refer(soak: Soak, client: Client): Promise<void> {
  const body = referralBody(client.random);
  await request(soak, client.referrer, 'referral', 'POST', '/api/referrals', body);
}

/** A dataset of the cycle, its descriptions changed so a repeated import updates it. */
function importBody(round: number): DirectoryImportBody {
  const dataset = importDatasets[round % importDatasets.length] ?? importDatasets[0];
  const services: HsdsService[] = dataset.map((service) => ({
    ...service,
    description: `${service.description ?? ''} (${round})`,
  }));
  return { format: 'json', version: '3.1', files: { 'services.json': JSON.stringify(services) } };
}

function jobFailure(job: DirectoryImportJob | undefined, ms: number): string | undefined {
  if (!job) return 'an answer that is not an import job';
  if (job.state === 'running') return `still running after ${(ms / 1000).toFixed(0)} s`;
  if (job.state === 'failed') return `failed: ${job.error?.code ?? ''}`;
  if (job.report?.status !== 'imported')
    return `rejected: ${JSON.stringify(job.report?.issues[0])}`;
  return undefined;
}

/** Starts an import job and polls it to its end; the whole wait is timed as "import job". */
async function importListings(soak: Soak, client: Client): Promise<void> {
  const body = importBody(soak.importRounds++);
  const started = performance.now();
  const jobs = '/api/directory/import-jobs';
  const reply = await request(soak, client.admin, 'import start', 'POST', jobs, body);
  if (!reply) return;
  let job = DirectoryImportJob.safeParse(reply.body).data;
  while (job?.state === 'running' && performance.now() - started < requestTimeoutMs) {
    await delay(importPollMs);
    const polled = await request(soak, client.admin, 'import poll', 'GET', `${jobs}/${job.id}`);
    if (!polled) return;
    job = DirectoryImportJob.safeParse(polled.body).data;
  }
  const ms = performance.now() - started;
  record(soak, 'import job', ms, jobFailure(job, ms));
}

const operations: { weight: number; run: (soak: Soak, client: Client) => Promise<void> }[] = [
  { weight: 50, run: search },
  { weight: 25, run: readCaseload },
  { weight: 20, run: refer },
  { weight: 5, run: importListings },
];
const totalWeight = operations.reduce((sum, o) => sum + o.weight, 0);

function pickOperation(random: Random): (soak: Soak, client: Client) => Promise<void> {
  let roll = random.int(totalWeight);
  for (const operation of operations) {
    if (roll < operation.weight) return operation.run;
    roll -= operation.weight;
  }
  return search;
}

export async function runClient(soak: Soak, client: Client): Promise<void> {
  while (performance.now() < soak.deadline && !soak.stop.aborted) {
    await pickOperation(client.random)(soak, client);
  }
}
