import { describe, expect, it } from 'vitest';
import { actorKindOf } from './audit-rules';

const fromOutside = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0', details: {} };
const fromTheApp = { ip: null, userAgent: null, details: {} };

describe('who acted on an audit event', () => {
  it('is the account when one acted', () => {
    expect(actorKindOf({ ...fromOutside, actorId: 'a1', action: 'case.viewed' })).toBe('account');
  });

  it('is the person or a partner through a form or an emailed link', () => {
    const without = { ...fromOutside, actorId: null };
    expect(actorKindOf({ ...without, action: 'referral.self_referred' })).toBe(
      'self_referral_form',
    );
    expect(actorKindOf({ ...without, action: 'questionnaire.opened' })).toBe('questionnaire_link');
    expect(actorKindOf({ ...without, action: 'measurement.recorded' })).toBe('questionnaire_link');
    expect(actorKindOf({ ...without, action: 'partner.link_opened' })).toBe('partner_link');
    expect(
      actorKindOf({ ...without, action: 'connection.accepted', details: { via: 'link' } }),
    ).toBe('partner_link');
  });

  it('is the person in their own space, refused there too', () => {
    const via = { ...fromOutside, actorId: null, details: { via: 'person_session' } };
    expect(actorKindOf({ ...via, action: 'person.plan_viewed' })).toBe('person_session');
    expect(actorKindOf({ ...via, action: 'access.denied' })).toBe('person_session');
  });

  it('is someone signing in with an unknown address, or not signed in', () => {
    const without = { ...fromOutside, actorId: null };
    expect(actorKindOf({ ...without, action: 'sign_in' })).toBe('sign_in_attempt');
    expect(actorKindOf({ ...without, action: 'access.denied' })).toBe('not_signed_in');
  });

  it('is the command line, or the app itself for its jobs and demo data', () => {
    expect(
      actorKindOf({
        ...fromTheApp,
        actorId: null,
        userAgent: 'command line',
        action: 'account.created',
      }),
    ).toBe('command_line');
    expect(actorKindOf({ ...fromTheApp, actorId: null, action: 'follow_up.reminded' })).toBe(
      'system',
    );
    expect(actorKindOf({ ...fromTheApp, actorId: null, action: 'measurement.reminded' })).toBe(
      'system',
    );
    expect(
      actorKindOf({
        ...fromTheApp,
        actorId: null,
        userAgent: 'demo data',
        action: 'directory.imported',
      }),
    ).toBe('system');
  });

  it('is someone not signed in, not the app, for any other request from outside', () => {
    expect(actorKindOf({ ...fromOutside, actorId: null, action: 'password.changed' })).toBe(
      'not_signed_in',
    );
  });
});
