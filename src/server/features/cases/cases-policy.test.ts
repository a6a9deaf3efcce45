import { describe, expect, it } from 'vitest';
import type { Actor, Grant } from '../../platform/actor';
import { assigningSiteIds, canWorkOnCaseAt, casePermissions, caseSiteIds } from './cases-policy';

const home = '00000000-0000-4000-8000-000000000001';
const other = '00000000-0000-4000-8000-000000000002';

function actorWith(grants: Grant[]): Actor {
  return {
    accountId: 'a',
    email: 'a@example.org',
    displayName: 'A',
    locale: null,
    grants,
    twoFactorEnabled: false,
    twoFactorSetupRequired: false,
    sessionKey: 'k',
    csrfToken: 'c',
    origin: { ip: null, userAgent: null },
  };
}

const linkWorker = actorWith([{ role: 'link_worker', siteId: home }]);
const manager = actorWith([{ role: 'site_manager', siteId: home }]);
const referrer = actorWith([{ role: 'referrer', siteId: home }]);
const facts = { siteId: home, failedAttempts: 0, maxContactAttempts: 3 };

describe('who works on cases where', () => {
  it('counts link workers and site managers of a site, nobody else', () => {
    expect(caseSiteIds(linkWorker)).toEqual([home]);
    expect(caseSiteIds(referrer)).toEqual([]);
    expect(caseSiteIds(actorWith([{ role: 'administrator', siteId: null }]))).toEqual([]);
    expect(canWorkOnCaseAt(linkWorker, other)).toBe(false);
    expect(assigningSiteIds(manager)).toEqual([home]);
    expect(assigningSiteIds(linkWorker)).toEqual([]);
  });
});

describe('casePermissions', () => {
  it('lets a link worker take, accept or decline a new case', () => {
    expect(casePermissions(linkWorker, { ...facts, status: 'new' })).toEqual({
      canRecordContact: true,
      canAccept: true,
      canDecline: true,
      canCloseUnreachable: false,
      canDischarge: false,
      canAssign: false,
      canTake: true,
      canRaiseSafeguarding: true,
      canAcknowledgeSafeguarding: false,
      canReRefer: false,
      nextStatuses: ['assigned', 'active', 'declined'],
    });
  });

  it('offers closing as unreachable only from the site’s number of failed attempts', () => {
    const assigned = { ...facts, status: 'assigned' as const };
    expect(
      casePermissions(linkWorker, { ...assigned, failedAttempts: 2 }).canCloseUnreachable,
    ).toBe(false);
    expect(
      casePermissions(linkWorker, { ...assigned, failedAttempts: 3 }).canCloseUnreachable,
    ).toBe(true);
  });

  it('lets the site manager assign and acknowledge, but not take', () => {
    const permissions = casePermissions(manager, { ...facts, status: 'new' });
    expect(permissions).toMatchObject({
      canAssign: true,
      canAcknowledgeSafeguarding: true,
      canTake: false,
    });
  });

  it('leaves a closed case to safeguarding and re-referral', () => {
    expect(casePermissions(linkWorker, { ...facts, status: 'discharged' })).toMatchObject({
      canRecordContact: false,
      canAccept: false,
      canDischarge: false,
      canAssign: false,
      canRaiseSafeguarding: true,
      canReRefer: true,
      nextStatuses: [],
    });
  });

  it('gives nothing to someone who does not work at the case’s site', () => {
    const permissions = casePermissions(referrer, { ...facts, status: 'active' });
    expect(Object.values(permissions).filter((v) => v === true)).toEqual([]);
    expect(permissions.nextStatuses).toEqual([]);
  });
});
