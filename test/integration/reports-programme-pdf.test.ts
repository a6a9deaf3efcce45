import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, seedDemo } from '../../src/server/demo';
import { reportsRefreshJob } from '../../src/server/features/reports';
import type { CountTable, Dashboard, OutcomesReport } from '../../src/shared/contracts/reports';
import { resources } from '../../src/shared/locales';
import { decimal, semicolonList } from '../../src/shared/typography';
import { Client, errorOf, signedInClient, startTestApp, type TestApp } from '../helpers/app';
import { makeAccount } from '../helpers/factories';

/*
 * Issue 20: the programme report a programme publishes, as a PDF the server makes in the
 * requester's language, with the figures the page shows from the dashboard's and the
 * outcomes' answers. The demo is seeded with its today fixed, so its year is known.
 */

const demoToday = new Date('2026-12-01T12:00:00Z');
const query = 'period=2026&window=referral';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  if (!(await seedDemo(t.database.db, t.config, { today: demoToday })))
    throw new Error('the demo found accounts in a new database');
  await t.runJob(reportsRefreshJob);
}, 120_000);
afterAll(() => t.close());

/** The PDF's words, every run of spaces (no-break ones included) as one space. */
async function pdfText(body: Buffer): Promise<{ text: string; title: string; language: string }> {
  const pdf = await getDocumentProxy(new Uint8Array(body));
  const { text } = await extractText(pdf, { mergePages: true });
  const { info } = await pdf.getMetadata();
  const field = (name: string): string =>
    name in info ? String((info as Record<string, unknown>)[name]) : '';
  return { text: words(text), title: field('Title'), language: field('Language') };
}
const words = (text: string): string => text.replace(/[\s\u00a0\u202f]+/g, ' ');

/** The page's way of writing a count (shared/report-notation.ts), checked by hand here. */
function written(language: 'en' | 'fr', value: number | null, suppression: string | null): string {
  if (value === null) return suppression === 'overlap' ? 'x' : '<8';
  return new Intl.NumberFormat(language === 'fr' ? 'fr-CA' : 'en-CA').format(value);
}

async function evaluatorIn(language: 'en' | 'fr'): Promise<Client> {
  const account = await makeAccount(t.database.db, [{ role: 'evaluator' }]);
  return signedInClient(t.app, account, language);
}

async function download(client: Client, path = `/api/reports/programme.pdf?${query}`) {
  const response = await client.get(path);
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return { response, ...(await pdfText(response.rawPayload)) };
}

/** Every row of a one-column count table, named as the page names it, with its count. */
function rowsOf(
  language: 'en' | 'fr',
  table: CountTable,
  names: Record<string, string>,
): { name: string; count: string }[] {
  return table.rows.map((row) => ({
    name: row.label ?? names[row.key] ?? row.key,
    count: written(language, row.cells[0]?.value ?? null, row.cells[0]?.suppression ?? null),
  }));
}

describe('the programme report as a PDF', () => {
  for (const language of ['en', 'fr'] as const) {
    it(`is the page's report, in ${language === 'en' ? 'English' : 'French'}, for an evaluator`, async () => {
      const web = resources[language].web.reports;
      const client = await evaluatorIn(language);
      const dashboard = (await client.get(`/api/reports/dashboard?period=2026`)).json<Dashboard>();
      const outcomes = (await client.get(`/api/reports/outcomes?${query}`)).json<OutcomesReport>();
      const { response, text, title, language: pdfLanguage } = await download(client);

      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toBe(
        language === 'en'
          ? 'attachment; filename="passerelle-programme-report-2026.pdf"'
          : 'attachment; filename="passerelle-rapport-programme-2026.pdf"',
      );
      expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfLanguage).toBe(language === 'en' ? 'en-CA' : 'fr-CA');
      expect(title).toBe(
        language === 'en'
          ? 'Programme report: Whole programme, 2026'
          : 'Rapport du programme\u202f: Ensemble du programme, 2026',
      );

      // Headings in the reader's language, and not the other's.
      for (const heading of [
        web.programme.title,
        web.sections.funnel,
        web.programme.sections.reach,
        web.tables.timeToFirstContact,
        web.tables.byCategory,
        web.tables.headlines,
        web.tables.outcomes,
        web.tables.attrition,
        web.tables.timepoints,
        web.programme.sections.methods,
        web.methods.title,
      ]) {
        expect(text, heading).toContain(words(heading));
      }
      const other = resources[language === 'en' ? 'fr' : 'en'].web.reports;
      expect(text).not.toContain(words(other.programme.title));
      // French words whole: accents, œ, « » and the spaces before high punctuation.
      expect(text).toContain(words(web.legend));
      expect(text).toContain(words(web.programme.methods.missing));

      // The funnel and the connections by category, figure for figure.
      const funnel = dashboard.funnel.rows[0]?.cells ?? [];
      expect(funnel.length).toBe(7);
      dashboard.funnel.columns.forEach((stage, index) => {
        const cell = funnel[index];
        const name = (web.stages as Record<string, string>)[stage] ?? stage;
        expect(text).toContain(
          `${name} ${written(language, cell?.value ?? null, cell?.suppression ?? null)}`,
        );
      });
      const categories = rowsOf(
        language,
        dashboard.connectionsByCategory,
        web.categories as Record<string, string>,
      );
      expect(categories.length).toBeGreaterThan(0);
      for (const row of dashboard.connectionsByCategory.rows) {
        const name = (web.categories as Record<string, string>)[row.key] ?? row.key;
        const cells = row.cells.map((cell) => written(language, cell.value, cell.suppression));
        expect(text).toContain(`${name} ${cells.join(' ')}`);
      }

      // The methods note: the period's days and the referrals counted.
      const referrals = written(language, funnel[0]?.value ?? null, funnel[0]?.suppression ?? null);
      expect(text).toContain(
        language === 'en'
          ? `Covering Whole programme, people referred from Jan 1, 2026 to Dec 31, 2026 (${referrals} referrals)`
          : `Porte sur Ensemble du programme, personnes orientées du 1 janv. 2026 au 31 déc. 2026 (${referrals} orientations)`,
      );
      // Each measure in the outcome tables, and the change the report shows, as it shows it.
      for (const item of outcomes.items) expect(text).toContain(words(item.label[language]));
      const shown = outcomes.items.filter((item) => !item.suppressed && item.meanChange !== null);
      expect(shown.map((item) => `${item.instrumentId}.${item.scale}`)).toContain('ucla3.total');
      for (const item of shown) {
        const one = (value: number): string => decimal(language, value, 1);
        const ci = item.ci95 ? ` (${semicolonList(language, item.ci95.map(one))})` : '';
        expect(text, item.scale).toContain(words(`${one(item.meanChange ?? NaN)}${ci}`));
      }
      expect(text).toContain(words(web.outcomes.suppressed));
      // Page numbers in the footer.
      expect(text).toMatch(language === 'en' ? /Page 1 of \d+/ : /Page 1 sur \d+/);
    });
  }

  it('shows a site manager their own site only, and refuses them the programme', async () => {
    const manager = new Client(t.app);
    expect((await manager.signIn('manager@passerelle.example', demoPassword)).statusCode).toBe(200);
    const dashboard = (await manager.get('/api/reports/dashboard?period=2026')).json<Dashboard>();
    expect(dashboard.scope.kind).toBe('site');
    const { text } = await download(manager, '/api/reports/programme.pdf?period=2026');
    // Their account is in French: so is their PDF, named for their site.
    expect(text).toContain(resources.fr.web.reports.programme.title);
    expect(text).toContain(`${dashboard.scope.name ?? ''}, personnes orientées`);
    const referred = dashboard.funnel.rows[0]?.cells[0];
    expect(text).toContain(
      `${resources.fr.web.reports.stages.referred} ${written('fr', referred?.value ?? null, referred?.suppression ?? null)}`,
    );
    // In English when the screen asks for it, whatever the account's language.
    const english = await download(manager, '/api/reports/programme.pdf?period=2026&language=en');
    expect(english.text).toContain(resources.en.web.reports.programme.title);
    expect(english.response.headers['content-disposition']).toContain('programme-report-2026');
    const programme = await manager.get('/api/reports/programme.pdf?period=2026&scope=programme');
    expect(programme.statusCode).toBe(403);
  });

  it('is refused to a role without reports', async () => {
    const linkWorker = new Client(t.app);
    expect(
      (await linkWorker.signIn('linkworker@passerelle.example', demoPassword)).statusCode,
    ).toBe(200);
    const response = await linkWorker.get(`/api/reports/programme.pdf?${query}`);
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const anonymous = await new Client(t.app).get(`/api/reports/programme.pdf?${query}`);
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses a bad choice, naming the field in the reader’s language', async () => {
    for (const [language, message] of [
      ['en', 'Choose a year (2026), a quarter (2026-Q3) or a month (2026-07).'],
      ['fr', 'Choisissez une année (2026), un trimestre (2026-Q3) ou un mois (2026-07).'],
    ] as const) {
      const client = await evaluatorIn(language);
      const response = await client.get('/api/reports/programme.pdf?period=2026-01-15');
      expect(response.statusCode).toBe(400);
      const error = errorOf(response);
      expect(error.field).toBe('period');
      expect(
        error.issues?.find((issue) => issue.field === 'period')?.message ?? error.message,
      ).toBe(message);
    }
    const client = await evaluatorIn('en');
    const window = await client.get('/api/reports/programme.pdf?period=2026&window=someday');
    expect(window.statusCode).toBe(400);
    expect(errorOf(window).field).toBe('window');
  });
});
