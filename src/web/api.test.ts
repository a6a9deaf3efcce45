import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiRequest } from './api';

vi.mock('./i18n', () => ({ currentLocale: () => 'en', translate: (key: string) => key }));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Answers each call in turn, keeping the Idempotency-Key each one carried. */
function stubFetch(answers: (Response | Error)[]): (string | undefined)[] {
  const keys: (string | undefined)[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((_url: string, init: { headers: Record<string, string> }) => {
      keys.push(init.headers['idempotency-key']);
      const answer = answers.shift();
      if (!answer) throw new Error('no answer left');
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    }),
  );
  return keys;
}

const created = (): Response => new Response('{"id":"c1"}', { status: 201 });
const unavailable = (): Response =>
  new Response('{"error":{"code":"database_unavailable","message":"m"}}', {
    status: 503,
    headers: { 'retry-after': '2' },
  });

describe('a create sent with an Idempotency-Key', () => {
  it('is sent again with the same key when no answer came, then answered', async () => {
    vi.useFakeTimers();
    const keys = stubFetch([new TypeError('network'), unavailable(), created()]);
    const request = apiRequest('POST', '/api/referrals', { body: { a: 1 }, idempotent: true });
    await vi.runAllTimersAsync();
    expect(await request).toEqual({ id: 'c1' });
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(keys).size).toBe(1);
  });

  it('keeps the key of an unanswered submission for the same content, and makes a new one after an answer or for other content', async () => {
    const keys = stubFetch([
      new TypeError('network'),
      new TypeError('network'),
      new TypeError('network'),
      created(),
      created(),
      created(),
    ]);
    vi.useFakeTimers();
    const lost = apiRequest('POST', '/api/cases/1/connections', {
      body: { b: 1 },
      idempotent: true,
    }).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await lost).toMatchObject({ code: 'network_error' });
    const retried = apiRequest('POST', '/api/cases/1/connections', {
      body: { b: 1 },
      idempotent: true,
    });
    const again = await retried;
    expect(again).toEqual({ id: 'c1' });
    await apiRequest('POST', '/api/cases/1/connections', { body: { b: 1 }, idempotent: true });
    await apiRequest('POST', '/api/cases/1/connections', { body: { b: 2 }, idempotent: true });
    expect(keys.slice(0, 4).every((key) => key === keys[0])).toBe(true);
    expect(keys[4]).not.toBe(keys[0]);
    expect(keys[5]).not.toBe(keys[4]);
  });

  it('sends no key and never retries other requests', async () => {
    const keys = stubFetch([new TypeError('network')]);
    await expect(
      apiRequest('POST', '/api/connections/1/status', { body: {} }),
    ).rejects.toMatchObject({ code: 'network_error' });
    expect(keys).toEqual([undefined]);
  });
});
