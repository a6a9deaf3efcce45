import { type Client, signedInClient, startTestApp, type TestApp } from './app';
import { makeAccount, makeOrganisation, makeSite } from './factories';
import { type SmtpCapture, startSmtpCapture } from './smtp';

type OtherRole = 'otherSiteLinkWorker' | 'partner' | 'evaluator' | 'administrator';

/**
 * The people of a pathway test, signed in: a home site's link worker (in French), site
 * manager and referrer, and those who must not see its cases or may only see figures.
 * Emails go to a real SMTP capture on loopback.
 */
export type Cast = {
  t: TestApp;
  mail: SmtpCapture;
  homeSiteId: string;
  linkWorker: { id: string; email: string; client: Client };
  manager: { email: string; client: Client };
  referrer: { id: string; client: Client };
  others: Record<OtherRole, Client>;
  close(): Promise<void>;
};

export async function startCast(home: { defaultLocale?: 'fr' | 'en' } = {}): Promise<Cast> {
  const mail = await startSmtpCapture();
  const t = await startTestApp({ SMTP_URL: mail.url, PUBLIC_URL: 'https://passerelle.example' });
  const db = t.database.db;
  const homeSite = await makeSite(db, home);
  const otherSite = await makeSite(db);
  const partnerOrg = await makeOrganisation(db, 'community_partner');
  const partnerSite = await makeSite(db, { organisationId: partnerOrg.id });
  const lw = await makeAccount(db, [{ role: 'link_worker', siteId: homeSite.id }], {
    locale: 'fr',
  });
  const sm = await makeAccount(db, [{ role: 'site_manager', siteId: homeSite.id }], {
    locale: 'en',
  });
  const ref = await makeAccount(db, [{ role: 'referrer', siteId: homeSite.id }]);
  const grantsOf: Record<OtherRole, Parameters<typeof makeAccount>[1]> = {
    otherSiteLinkWorker: [{ role: 'link_worker', siteId: otherSite.id }],
    partner: [{ role: 'partner_staff', siteId: partnerSite.id }],
    evaluator: [{ role: 'evaluator' }],
    administrator: [{ role: 'administrator' }],
  };
  const others = Object.fromEntries(
    await Promise.all(
      Object.entries(grantsOf).map(async ([name, grants]) => {
        const account = await makeAccount(db, grants);
        return [name, await signedInClient(t.app, account)] as const;
      }),
    ),
  ) as Record<OtherRole, Client>;
  return {
    t,
    mail,
    homeSiteId: homeSite.id,
    linkWorker: { id: lw.id, email: lw.email, client: await signedInClient(t.app, lw) },
    manager: { email: sm.email, client: await signedInClient(t.app, sm) },
    referrer: { id: ref.id, client: await signedInClient(t.app, ref) },
    others,
    close: async () => {
      await t.close();
      await mail.close();
    },
  };
}
