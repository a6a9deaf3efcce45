import type { Config } from '../config';
import type { Database } from '../db/client';

/** What route plugins are given: the database and the parsed settings. */
export type AppContext = { db: Database; config: Config };
