import { runDirectorySearchBench } from './directory-search';
import { runEmbeddedSoakBench } from './embedded-soak';
import { runFhirBench } from './fhir';
import { runNationalReportsBench, runReportsBench } from './reports';
import { runWebBench } from './web';
import { runWritesBench } from './writes';

/**
 * Every benchmark, one after another: `npm run bench`; or some by name:
 * `npm run bench -- reports` (or BENCH=reports), `npm run bench -- reports-national`, `npm run bench -- directory-search`,
 * `SOAK_MINUTES=1 npm run bench -- embedded-soak`, `npm run bench -- writes`,
 * `npm run bench -- web` (or its other name, first-load), `npm run bench -- fhir`.
 */
const benches: Record<string, () => Promise<void>> = {
  'directory-search': runDirectorySearchBench,
  'embedded-soak': runEmbeddedSoakBench,
  fhir: runFhirBench,
  reports: runReportsBench,
  'reports-national': runNationalReportsBench,
  writes: runWritesBench,
  web: runWebBench,
};
/** Other names a benchmark answers to. */
const aliases: Record<string, string> = { 'first-load': 'web' };
const chosen = [...process.argv.slice(2), ...(process.env.BENCH ?? '').split(',')]
  .filter((name) => name.trim() !== '')
  .map((name) => aliases[name] ?? name);
for (const name of chosen) {
  if (!(name in benches))
    throw new Error(`unknown benchmark ${name}: ${Object.keys(benches).join(', ')}`);
}
for (const [name, bench] of Object.entries(benches)) {
  if (chosen.length === 0 || chosen.includes(name)) await bench();
}
