import type { Database } from '../../db/client';
import { loadDemoDirectory } from './data/demo-directory';
import { type SystemCaller, importDirectory } from './directory-service';
import { linkPartnerOrganisation, updateServiceFacets } from './directory-queries';
import { refreshSearchDocuments } from '../search';

const demoCaller: SystemCaller = {
  accountId: null,
  origin: { ip: null, userAgent: 'demo data' },
  label: 'demo data',
};

/**
 * Loads the bilingual demo directory through the ordinary HSDS import, then sets what HSDS
 * cannot carry (listing language, translations, referral status) and links the directory
 * organizations that are also Passerelle partners, all in one transaction.
 */
export async function seedDemoDirectory(
  db: Database,
  partners: { id: string; name: string }[],
): Promise<number> {
  const demo = loadDemoDirectory();
  return db.transaction(async (tx) => {
    const report = await importDirectory(tx, demoCaller, {
      files: [{ name: 'demo-directory.json', content: JSON.stringify(demo.services) }],
      version: '3.1',
    });
    if (report.status !== 'imported') {
      throw new Error(`the demo directory does not import: ${JSON.stringify(report.issues[0])}`);
    }
    for (const service of demo.services) {
      await updateServiceFacets(tx, service.id, {
        sourceLanguage: demo.sourceLanguage[service.id] ?? 'en',
        translations: demo.translations[service.id] ?? {},
        referralStatus: demo.referralStatus[service.id] ?? 'open',
      });
    }
    await refreshSearchDocuments(
      tx,
      demo.services.map((s) => s.id),
    );
    const organizations = new Map(
      demo.services.flatMap((s) =>
        s.organization ? [[s.organization.name, s.organization.id]] : [],
      ),
    );
    for (const partner of partners) {
      const organizationId = organizations.get(partner.name);
      if (organizationId) await linkPartnerOrganisation(tx, organizationId, partner.id);
    }
    return demo.services.length;
  });
}
