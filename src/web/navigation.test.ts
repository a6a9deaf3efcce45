import { describe, expect, it } from 'vitest';
import { hrefOf } from './navigation';

describe('hrefOf', () => {
  const from = { pathname: '/directory' };

  it('keeps an address as it is, without an empty query or fragment', () => {
    expect(hrefOf('/cases/1?closing=true#outcomes', from)).toBe('/cases/1?closing=true#outcomes');
    expect(hrefOf('/cases?', from)).toBe('/cases');
  });

  it('keeps the path for a new query alone', () => {
    expect(hrefOf('?case=1', from)).toBe('/directory?case=1');
    expect(hrefOf('?', from)).toBe('/directory');
    expect(hrefOf({ search: 'case=1' }, from)).toBe('/directory?case=1');
  });
});
