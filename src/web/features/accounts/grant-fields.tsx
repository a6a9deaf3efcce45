import { Group, NativeSelect } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../../i18n';
import type { Site } from '../../../shared/contracts/sites';
import { isSiteRole, type Role, roles } from '../../../shared/roles';
import { useLabels } from '../../labels';

export type GrantDraft = { role: Role; siteId: string };

type Props = {
  value: GrantDraft;
  onChange: (value: GrantDraft) => void;
  sites: Site[];
  roleError?: string | undefined;
  siteError?: string | undefined;
};

/** One role and, for roles that act for a site, the site; programme-wide roles hide the site. */
export function GrantFields({ value, onChange, sites, roleError, siteError }: Props): ReactElement {
  const { t } = useT();
  const labels = useLabels();
  return (
    <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
      <NativeSelect
        label={t('accounts.role')}
        required
        miw={200}
        data={roles.map((role) => ({ value: role, label: labels.role(role) }))}
        value={value.role}
        onChange={(event) => {
          const chosen = roles.find((role) => role === event.currentTarget.value);
          if (chosen) onChange({ ...value, role: chosen });
        }}
        error={roleError}
      />
      {isSiteRole(value.role) && (
        <NativeSelect
          label={t('accounts.site')}
          required
          miw={200}
          data={[
            { value: '', label: t('accounts.chooseSite') },
            ...sites.map((site) => ({ value: site.id, label: site.name })),
          ]}
          value={value.siteId}
          onChange={(event) => onChange({ ...value, siteId: event.currentTarget.value })}
          error={siteError}
        />
      )}
    </Group>
  );
}

/** The API shape of a drafted grant: no site for programme-wide roles, null for "not chosen". */
export function grantInput(draft: GrantDraft): { role: Role; siteId: string | null } {
  return { role: draft.role, siteId: isSiteRole(draft.role) && draft.siteId ? draft.siteId : null };
}
