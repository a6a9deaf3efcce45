import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Bundle,
  HealthcareService,
  Location,
  OperationOutcome,
  Organization,
  Questionnaire,
  Resource,
} from '@medplum/fhirtypes';
import { seedDemoDirectory } from '../../src/server/features/directory';
import { loadDemoDirectory } from '../../src/server/features/directory/data/demo-directory';
import { validateFhirResource } from '../../src/server/interop/fhir/fhir-validation';
import { type TestApp, signedInClient, startTestApp } from '../helpers/app';
import { makeAccount, makeSite } from '../helpers/factories';
import { readFhir } from '../helpers/fhir-referral';
import { makeSystemKey, registerSystem, systemToken } from '../helpers/fhir-systems';

/*
 * The directory and our instruments over FHIR (DESIGN.md §1, §4): HealthcareService with
 * the guide's capacity status, Location, Organization and Questionnaire, read and searched
 * by a system within its scopes, every resource valid R4.
 */

const publicUrl = 'https://passerelle.example';
const base = `${publicUrl}/fhir/R4`;
const tokenUrl = `${publicUrl}/oauth/token`;
const capacityUrl =
  'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ExtensionHealthcareServiceCapacityStatus';
const directoryScopes =
  'system/HealthcareService.rs system/Location.rs system/Organization.rs system/Questionnaire.rs';

let t: TestApp;
let token: string;
let frenchToken: string;
let narrowToken: string;
let servicesOnlyToken: string;
const demo = loadDemoDirectory();

/** A demo service whose referral status is the one asked. */
function serviceWith(status: 'open' | 'waitlist' | 'full') {
  const found = demo.services.find(
    (service) => (demo.referralStatus[service.id] ?? 'open') === status,
  );
  if (!found) throw new Error(`no demo service is ${status}`);
  return found;
}

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: publicUrl });
  const db = t.database.db;
  await seedDemoDirectory(db, []);
  const siteId = (await makeSite(db)).id;
  const admin = await makeAccount(db, [{ role: 'administrator' }]);
  const administrator = await signedInClient(t.app, admin);
  const key = await makeSystemKey();
  const system = await registerSystem(administrator, {
    siteIds: [siteId],
    keys: [key],
    allowedScopes: ['system/*.rs'],
  });
  token = await systemToken(t, system, key, tokenUrl, directoryScopes);
  narrowToken = await systemToken(t, system, key, tokenUrl, 'system/Task.rs');
  servicesOnlyToken = await systemToken(t, system, key, tokenUrl, 'system/HealthcareService.rs');
  const frenchKey = await makeSystemKey();
  const french = await registerSystem(administrator, {
    siteIds: [siteId],
    keys: [frenchKey],
    allowedScopes: ['system/*.rs'],
    locale: 'fr',
  });
  frenchToken = await systemToken(t, french, frenchKey, tokenUrl, directoryScopes);
}, 120_000);
afterAll(async () => {
  await t.close();
});

async function read<T extends Resource>(url: string, as = token): Promise<T> {
  const response = await readFhir(t, as, url);
  expect(response.statusCode, response.body).toBe(200);
  const resource = response.json<T>();
  expect(validateFhirResource(resource)).toEqual([]);
  expect(response.headers.etag).toBe(`W/"${resource.meta?.versionId ?? ''}"`);
  return resource;
}

async function search(url: string, as = token): Promise<Bundle> {
  const response = await readFhir(t, as, url);
  expect(response.statusCode, response.body).toBe(200);
  const bundle = response.json<Bundle>();
  expect(validateFhirResource(bundle)).toEqual([]);
  return bundle;
}

function matches<T extends Resource>(bundle: Bundle): T[] {
  return (bundle.entry ?? [])
    .filter((entry) => entry.search?.mode === 'match')
    .map((entry) => entry.resource as T);
}

function capacityOf(service: HealthcareService): string | undefined {
  return service.extension
    ?.find((extension) => extension.url === capacityUrl)
    ?.extension?.find((part) => part.url === 'capacityStatus')?.valueCodeableConcept?.coding?.[0]
    ?.code;
}

/** Every page of a search, following its next links; each page and resource validated. */
async function allPages(url: string): Promise<{ pages: number; resources: Resource[] }> {
  const resources: Resource[] = [];
  let next: string | undefined = url;
  let pages = 0;
  while (next) {
    const bundle = await search(next);
    pages += 1;
    resources.push(...matches(bundle));
    next = bundle.link?.find((link) => link.relation === 'next')?.url.slice(`${base}/`.length);
  }
  return { pages, resources };
}

describe('HealthcareService', () => {
  it('reads a service of the directory with its provider, place, times, languages and capacity', async () => {
    const demoService = serviceWith('waitlist');
    const service = await read<HealthcareService>(`HealthcareService/dir-${demoService.id}`);
    expect(service.name).toBe(demoService.name);
    expect(service.active).toBe(true);
    expect(service.meta?.profile).toEqual([
      'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-HealthcareServiceForReferralManagement',
    ]);
    expect(capacityOf(service)).toBe('waitlist');
    expect(service.providedBy?.reference).toBe(`Organization/dir-${demoService.organization?.id}`);
    expect(service.location?.map((l) => l.reference)).toEqual(
      demoService.service_at_locations?.map((sal) => `Location/dir-${sal.location?.id}`),
    );
    expect(service.availableTime?.[0]?.daysOfWeek).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(service.communication?.[0]?.coding?.[0]).toEqual({
      system: 'urn:ietf:bcp:47',
      code: demoService.languages?.[0]?.code,
    });
    expect(service.telecom?.some((contact) => contact.system === 'phone')).toBe(true);
    // Every category is SDOH; social connection is the guide's too.
    for (const category of service.category ?? []) {
      expect(category.coding?.[0]).toMatchObject({ code: 'sdoh' });
    }
    expect(service.category?.flatMap((c) => c.coding ?? []).map((c) => c.code)).toEqual(
      expect.arrayContaining(['social', 'social-connection']),
    );
  });

  it('says the guide’s capacity from whether the service takes referrals', async () => {
    const expected = { open: 'capacity', waitlist: 'waitlist', full: 'no-capacity' } as const;
    for (const [status, code] of Object.entries(expected)) {
      const id = serviceWith(status as keyof typeof expected).id;
      expect(capacityOf(await read<HealthcareService>(`HealthcareService/dir-${id}`))).toBe(code);
    }
  });

  it('speaks the system’s language where the directory has a translation', async () => {
    const translated = demo.services.find((service) => {
      const names = demo.translations[service.id];
      return names?.fr?.name && names.en?.name && names.fr.name !== names.en.name;
    });
    if (!translated) throw new Error('no demo service has both names');
    const names = demo.translations[translated.id];
    const english = await read<HealthcareService>(`HealthcareService/dir-${translated.id}`);
    const french = await read<HealthcareService>(
      `HealthcareService/dir-${translated.id}`,
      frenchToken,
    );
    expect(english.name).toBe(names?.en?.name);
    expect(french.name).toBe(names?.fr?.name);
    expect(french.type?.[0]?.text).toMatch(/prescription sociale/);
  });

  it('pages through the whole directory by next links, each service once', async () => {
    const { pages, resources } = await allPages('HealthcareService?_count=10');
    expect(pages).toBe(Math.ceil(demo.services.length / 10));
    const ids = resources.map((resource) => resource.id);
    expect(new Set(ids).size).toBe(demo.services.length);
    expect(ids.sort()).toEqual(demo.services.map((service) => `dir-${service.id}`).sort());
  });

  it('finds services by name, category, location and organization', async () => {
    const demoService = serviceWith('full');
    const byName = matches<HealthcareService>(
      await search(`HealthcareService?name=${encodeURIComponent(demoService.name.slice(0, 8))}`),
    );
    expect(byName.map((s) => s.id)).toContain(`dir-${demoService.id}`);
    const prefix = demoService.name.slice(0, 8).toLowerCase();
    const named = demo.services.filter((service) =>
      [
        service.name,
        demo.translations[service.id]?.fr?.name,
        demo.translations[service.id]?.en?.name,
      ].some((name) => name?.toLowerCase().startsWith(prefix)),
    );
    expect(byName.map((s) => s.id).sort()).toEqual(named.map((s) => `dir-${s.id}`).sort());

    const nature = matches<HealthcareService>(
      await search(
        `HealthcareService?service-category=${encodeURIComponent('https://passerelle.example/taxonomy|nature')}&_count=200`,
      ),
    );
    const natureIds = demo.services
      .filter((s) => s.attributes?.some((a) => a.taxonomy_term?.code === 'nature'))
      .map((s) => `dir-${s.id}`);
    expect(nature.map((s) => s.id).sort()).toEqual(natureIds.sort());

    const social = matches(
      await search('HealthcareService?service-category=social-connection&_count=200'),
    );
    expect(social.length).toBe(
      demo.services.filter((s) => s.attributes?.some((a) => a.taxonomy_term?.code === 'social'))
        .length,
    );

    const locationId = demoService.service_at_locations?.[0]?.location?.id ?? '';
    const atPlace = matches(await search(`HealthcareService?location=Location/dir-${locationId}`));
    expect(atPlace.map((s) => s.id)).toContain(`dir-${demoService.id}`);

    const organizationId = demoService.organization?.id ?? '';
    const byProvider = matches<HealthcareService>(
      await search(`HealthcareService?organization=Organization/dir-${organizationId}`),
    );
    expect(byProvider.length).toBeGreaterThan(0);
    expect(
      byProvider.every((s) => s.providedBy?.reference === `Organization/dir-${organizationId}`),
    ).toBe(true);
  });

  it('includes the places and providers of the services found, each once', async () => {
    const demoService = serviceWith('open');
    const bundle = await search(
      `HealthcareService?_id=dir-${demoService.id}&_include=HealthcareService:location&_include=HealthcareService:organization`,
    );
    const included = (bundle.entry ?? []).filter((entry) => entry.search?.mode === 'include');
    expect(
      included.map((entry) => `${entry.resource?.resourceType}/${entry.resource?.id}`).sort(),
    ).toEqual(
      [
        ...(demoService.service_at_locations ?? []).map(
          (sal) => `Location/dir-${sal.location?.id}`,
        ),
        `Organization/dir-${demoService.organization?.id}`,
      ].sort(),
    );
    expect(bundle.link?.[0]?.url).toContain('_include=HealthcareService%3Alocation');
  });

  it('polls by time of change: nothing after the watermark, everything before it', async () => {
    const first = await search('HealthcareService?_count=1');
    const watermark = first.meta?.lastUpdated ?? '';
    expect(matches(await search(`HealthcareService?_lastUpdated=gt${watermark}`))).toEqual([]);
    const before = await allPages(`HealthcareService?_lastUpdated=le${watermark}&_count=50`);
    expect(before.resources.length).toBe(demo.services.length);
  });
});

describe('Location and Organization', () => {
  it('reads and searches the directory’s places', async () => {
    const place = demo.services[0]?.service_at_locations?.[0]?.location;
    const location = await read<Location>(`Location/dir-${place?.id}`);
    expect(location.name).toBe(place?.name);
    expect(location.address?.postalCode).toBe(place?.addresses?.[0]?.postal_code);
    expect(location.position?.latitude).toBe(place?.latitude);
    const found = matches<Location>(
      await search(`Location?name=${encodeURIComponent(place?.name?.slice(0, 10) ?? '')}`),
    );
    expect(found.map((l) => l.id)).toContain(`dir-${place?.id}`);
    const { resources } = await allPages('Location?_count=25');
    expect(resources.every((resource) => resource.resourceType === 'Location')).toBe(true);
  });

  it('reads and searches the directory’s organizations, apart from our sites', async () => {
    const provider = demo.services[0]?.organization;
    const organization = await read<Organization>(`Organization/dir-${provider?.id}`);
    expect(organization.name).toBe(provider?.name);
    const found = matches<Organization>(await search(`Organization?_id=dir-${provider?.id}`));
    expect(found.map((o) => o.id)).toEqual([`dir-${provider?.id}`]);
    const { resources } = await allPages('Organization?_count=5');
    // The system's site and its organisation first (fhir-organizations.test.ts), then these.
    expect(resources.slice(2).every((resource) => resource.id?.startsWith('dir-'))).toBe(true);
    // A site is Organization/site-<our id>; no directory organization is one.
    const site = await readFhir(t, token, `Organization/site-${provider?.id}`);
    expect(site.statusCode).toBe(404);
  });
});

describe('Questionnaire', () => {
  it('reads our instruments with their LOINC panel, in the system’s language', async () => {
    const phq9 = await read<Questionnaire>('Questionnaire/phq9');
    expect(phq9.code).toEqual([
      expect.objectContaining({ system: 'http://loinc.org', code: '44249-1' }),
    ]);
    expect(phq9.title).toBe('Patient Health Questionnaire (PHQ-9)');
    expect(phq9.item?.filter((item) => item.type === 'choice')).toHaveLength(9);
    expect(phq9.description).toContain('Pfizer PHQ Screeners');
    const french = await read<Questionnaire>('Questionnaire/phq9', frenchToken);
    expect(french.language).toBe('fr');
    expect(french.title).toBe('Questionnaire sur la santé du patient (PHQ-9)');
    expect(french.item?.find((item) => item.linkId === 'phq9_1')?.text).toBe(
      'Peu d’intérêt ou de plaisir à faire des choses',
    );
    const ucla3 = await read<Questionnaire>('Questionnaire/ucla3');
    expect(ucla3.code).toBeUndefined();
  });

  it('searches them by code and name, paged', async () => {
    const gad7 = matches(
      await search(`Questionnaire?code=${encodeURIComponent('http://loinc.org|69737-5')}`),
    );
    expect(gad7.map((q) => q.id)).toEqual(['gad7']);
    expect(matches(await search('Questionnaire?name=PHQ')).map((q) => q.id)).toEqual(['phq9']);
    const { pages, resources } = await allPages('Questionnaire?_count=3');
    expect(pages).toBe(3);
    expect(resources.map((q) => q.id).sort()).toEqual([
      'belong1',
      'djg6',
      'gad7',
      'mh1',
      'ons4',
      'pa1',
      'phq9',
      'ucla3',
    ]);
  });
});

describe('refusals', () => {
  it('refuses a token without the type’s scope: 403 OperationOutcome', async () => {
    for (const url of [
      'HealthcareService?_count=1',
      `HealthcareService/dir-${serviceWith('open').id}`,
      'Location?_count=1',
      'Organization?_count=1',
      'Questionnaire/phq9',
      'Questionnaire',
    ]) {
      const response = await readFhir(t, narrowToken, url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json<OperationOutcome>().issue[0]?.code).toBe('forbidden');
    }
  });

  it('refuses an include the token may not read', async () => {
    const response = await readFhir(
      t,
      servicesOnlyToken,
      'HealthcareService?_include=HealthcareService:location',
    );
    expect(response.statusCode).toBe(403);
    expect(response.json<OperationOutcome>().issue[0]?.diagnostics).toContain('system/Location.r');
  });

  it('answers an unknown id 404, in the caller’s language', async () => {
    for (const url of [
      'HealthcareService/dir-nothing-here',
      'Location/nope',
      'Questionnaire/phq10',
    ]) {
      const response = await readFhir(t, token, url, { 'accept-language': 'fr' });
      expect(response.statusCode, url).toBe(404);
      const outcome = response.json<OperationOutcome>();
      expect(validateFhirResource(outcome)).toEqual([]);
      expect(outcome.issue[0]?.diagnostics).toMatch(/^Il n’y a pas de ressource/);
    }
  });
});
