import { ApiError } from '../api';

/** Someone else saved the record first: the form must reload before another try. */
export function isStaleVersion(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === 'stale_version';
}
