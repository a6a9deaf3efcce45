import { runDirectorySearchBench } from './directory-search';

/** Every benchmark, one after another: `npm run bench`. */
await runDirectorySearchBench();
