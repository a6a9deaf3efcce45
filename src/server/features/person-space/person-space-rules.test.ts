import { describe, expect, it } from 'vitest';
import { accessorOf, readingActions } from './person-space-rules';

const at = (role: 'link_worker' | 'site_manager' | 'partner_staff', siteId: string) => ({
  role,
  siteId,
  siteName: `Site ${siteId}`,
  organisationName: `Org ${siteId}`,
});

describe('who opened the record, as the person is told', () => {
  it('names the roles held at the case’s site, and that site', () => {
    expect(
      accessorOf([at('partner_staff', 'p'), at('link_worker', 'a'), at('site_manager', 'a')], 'a'),
    ).toEqual({
      roles: ['link_worker', 'site_manager'],
      siteName: 'Site a',
      organisationName: 'Org a',
    });
  });

  it('names a partner’s own site when it holds no role at the case’s', () => {
    expect(accessorOf([at('partner_staff', 'p')], 'a')).toMatchObject({
      roles: ['partner_staff'],
      organisationName: 'Org p',
    });
  });

  it('names a programme-wide role without a place', () => {
    expect(
      accessorOf(
        [{ role: 'administrator', siteId: null, siteName: null, organisationName: null }],
        'a',
      ),
    ).toEqual({ roles: ['administrator'], siteName: null, organisationName: null });
  });

  it('counts views as reading and changes as not', () => {
    expect(readingActions).toContain('case.viewed');
    expect(readingActions).toContain('partner.connection_read');
    expect(readingActions).not.toContain('case.status_changed');
  });
});
