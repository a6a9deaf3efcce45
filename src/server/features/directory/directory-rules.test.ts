import { describe, expect, it } from 'vitest';
import {
  approvedPartnerAuthor,
  changedFields,
  diffRecords,
  publishedAuthor,
} from './directory-rules';

let counter = 0;
const stamp = {
  by: 'admin@example.org',
  at: '2026-01-01T00:00:00.000Z',
  newId: () => `m${++counter}`,
};

describe('diffRecords', () => {
  it('creates new records with one creation in the history', () => {
    const diff = diffRecords('service', [{ id: 's1', name: 'A' }], new Map(), stamp);
    expect(diff).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
    expect(diff.history).toEqual([
      expect.objectContaining({
        resource_id: 's1',
        resource_type: 'service',
        last_action_type: 'create',
        updated_by: 'admin@example.org',
      }),
    ]);
  });

  it('leaves identical records alone and records each changed field', () => {
    const stored = new Map([['s1', { id: 's1', name: 'A', minimum_age: 5 }]]);
    expect(
      diffRecords('service', [{ id: 's1', name: 'A', minimum_age: 5 }], stored, stamp),
    ).toMatchObject({
      unchanged: 1,
      write: [],
      history: [],
    });
    const diff = diffRecords('service', [{ id: 's1', name: 'B', minimum_age: 6 }], stored, stamp);
    expect(diff.updated).toBe(1);
    expect(diff.history.map((h) => [h.field_name, h.previous_value, h.replacement_value])).toEqual([
      ['minimum_age', '5', '6'],
      ['name', 'A', 'B'],
    ]);
  });

  it('keeps links to parents that an import leaves out', () => {
    const stored = new Map([['p1', { id: 'p1', number: '1', service_id: 's1' }]]);
    const diff = diffRecords('phone', [{ id: 'p1', number: '2' }], stored, stamp);
    expect(diff.write).toEqual([{ id: 'p1', number: '2', service_id: 's1' }]);
  });

  it('keeps no history of the history itself', () => {
    expect(diffRecords('metadata', [{ id: 'm' }], new Map(), stamp).history).toEqual([]);
  });

  it('compares values as HSDS text', () => {
    expect(changedFields({ id: 'a', n: 1 }, { id: 'a', n: 1 })).toEqual([]);
    expect(changedFields({ id: 'a', n: 1 }, { id: 'a' })).toEqual(['n']);
  });
});

describe('the author HSDS metadata publishes', () => {
  const id = (n: number): string => `e0963a41-0000-4000-8000-00000000000${n}`;
  it.each([
    [
      `Club, account ${id(1)}, approved by account ${id(2)}`,
      'Club (partner), approved by the programme',
    ],
    [`account ${id(1)}, approved by account ${id(2)}`, 'partner, approved by the programme'],
    [`account ${id(1)}`, 'programme'],
    ['command line', 'command line'],
    [approvedPartnerAuthor('Club'), 'Club (partner), approved by the programme'],
  ])('publishes %j as %j', (stored, published) => {
    expect(publishedAuthor(stored)).toBe(published);
  });
});
