/**
 * A backup as one file: the backup folder in a .tar (its table files are gzipped already),
 * for a destination that takes files. Anything else given is a folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { create as createTar, extract as extractTar } from 'tar';
import type { Config } from '../config';
import type { DatabaseHandle } from '../db/client';
import {
  BackupRefused,
  type BackupResult,
  restoreBackup,
  type RestoreResult,
  writeBackup,
} from './backup-restore';

const isArchive = (target: string): boolean => target.endsWith('.tar');

/** Backs up into `target`: a folder, or a .tar file (which must not exist yet). */
export async function backUpTo(
  database: DatabaseHandle,
  config: Config,
  target: string,
): Promise<BackupResult> {
  if (!isArchive(target)) return writeBackup(database, config, target);
  // Created first, for the app's user only and never over another file; tar writes into it.
  try {
    fs.writeFileSync(target, '', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new BackupRefused(`${target} exists already: give a new file`);
  }
  const folder = fs.mkdtempSync(
    path.join(path.dirname(path.resolve(target)), '.passerelle-backup-'),
  );
  try {
    const result = await writeBackup(database, config, folder);
    await createTar({ file: target, cwd: folder, portable: true }, fs.readdirSync(folder).sort());
    return { ...result, bytes: fs.statSync(target).size };
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** Restores from `source`: a backup folder, or a .tar file made by backUpTo. */
export async function restoreFrom(
  database: DatabaseHandle,
  config: Config,
  source: string,
): Promise<RestoreResult> {
  if (!fs.statSync(source, { throwIfNoEntry: false })?.isFile()) {
    return restoreBackup(database, config, source);
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-restore-'));
  try {
    // node-tar keeps every entry inside cwd (no absolute paths, no `..`).
    await extractTar({ file: source, cwd: folder, strict: true });
    return await restoreBackup(database, config, folder);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
