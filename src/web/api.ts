import type { ErrorBody } from '../shared/contracts/common';
import { currentLocale, translate } from './i18n';

export type FieldIssue = { field: string; message: string };

/** A failed API call, carrying the server's stable code and its already-translated message. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | undefined = undefined,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }

  /** The message to show next to one form field, if the server pointed at it. */
  messageFor(field: string): string | undefined {
    const issue = this.issues.find((candidate) => candidate.field === field);
    if (issue) return issue.message;
    return this.field === field ? this.message : undefined;
  }
}

export function asApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof Error)
    return new ApiError(0, 'client_error', translate('common.unexpectedError'));
  return null;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryParams = Record<string, string | number | boolean | null | undefined>;

// The session's CSRF token lives here rather than in React state because every request needs it,
// including those made outside components (query functions).
let csrfToken: string | null = null;

export function rememberCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** A file sent as the body itself (not JSON), with its type and any headers that describe it. */
export type FileBody = { content: Blob; type: string; headers?: Record<string, string> };

export type RequestOptions = {
  body?: unknown;
  query?: QueryParams;
  file?: FileBody;
  /** A create the server makes safe to retry with an Idempotency-Key (see submissionKey). */
  idempotent?: boolean;
};

/** Keys of creates sent and not yet answered, by address and content. */
const unansweredKeys = new Map<string, string>();

/**
 * The Idempotency-Key of a form's submission: a new one for new content, the same one while
 * that content is sent again after no answer came (the server then answers the first
 * result instead of making a second record). Random without `crypto.randomUUID`, which a
 * page served over plain HTTP on a local network does not have.
 */
function submissionKey(path: string, body: string): string {
  const content = `${path}\n${body}`;
  let key = unansweredKeys.get(content);
  if (!key) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    key = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    unansweredKeys.set(content, key);
  }
  return key;
}

/** How long to wait before sending a keyed create again: the server's Retry-After, else 1 s. */
function retryDelayMs(response: Response | undefined, attempt: number): number {
  const seconds = Number(response?.headers.get('retry-after'));
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000 * attempt;
}

/** A keyed create is sent again, with its key, this many times when no answer or a 503 came. */
const keyedRetries = 2;

export async function apiRequest<T>(
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': currentLocale(),
  };
  let body: string | Blob | undefined;
  if (method !== 'GET') {
    if (options.file) {
      Object.assign(headers, options.file.headers, { 'content-type': options.file.type });
      body = options.file.content;
    } else {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body ?? {});
    }
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  const content = options.idempotent && typeof body === 'string' ? body : undefined;
  if (content !== undefined) headers['idempotency-key'] = submissionKey(path, content);

  const send = (): Promise<Response> =>
    fetch(withQuery(path, options.query), { method, headers, body, credentials: 'same-origin' });
  let response: Response | undefined;
  for (let attempt = 0; ; attempt++) {
    response = await send().catch(() => undefined);
    const unanswered = response === undefined || response.status === 503;
    if (!unanswered || content === undefined || attempt === keyedRetries) break;
    await new Promise((done) => setTimeout(done, retryDelayMs(response, attempt + 1)));
  }
  if (!response) throw new ApiError(0, 'network_error', translate('common.networkError'));
  // Answered: the next submission of the same content is a new one.
  if (content !== undefined && response.status !== 503)
    unansweredKeys.delete(`${path}\n${content}`);

  if (!response.ok) throw await readError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function withQuery(path: string, query: QueryParams | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function readError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    if (body.error && typeof body.error.code === 'string') {
      const { code, message, field, issues } = body.error;
      return new ApiError(response.status, code, message, field, issues ?? []);
    }
  } catch {
    // Not JSON (a proxy's error page, say): fall back to a generic message below.
  }
  return new ApiError(response.status, 'unexpected_response', translate('common.unexpectedError'));
}

/** For endpoints that answer 204 No Content. */
export async function apiCommand(
  method: Exclude<Method, 'GET'>,
  path: string,
  options: { body?: unknown } = {},
): Promise<void> {
  await apiRequest<unknown>(method, path, options);
}
