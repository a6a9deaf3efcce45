import { describe, expect, it } from 'vitest';
import { auditActions, auditSubjectTypes } from './audit-actions';
import { resources } from './locales';

describe('the audit trail’s names', () => {
  it.each(['fr', 'en'] as const)('names every action and subject in %s', (locale) => {
    const actions: Record<string, string> = resources[locale].web.audit.actions;
    const subjects: Record<string, string> = resources[locale].web.audit.subjectTypes;
    for (const action of auditActions) {
      expect(actions[action.replaceAll('.', '_')], action).toMatch(/\S/);
    }
    for (const type of auditSubjectTypes) expect(subjects[type], type).toMatch(/\S/);
  });

  it('gives no two actions the same name', () => {
    for (const locale of ['fr', 'en'] as const) {
      const names = Object.values(resources[locale].web.audit.actions);
      expect(new Set(names).size, locale).toBe(names.length);
    }
  });
});
