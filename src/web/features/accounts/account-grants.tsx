import { Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { useT } from '../../i18n';
import type { Account } from '../../../shared/contracts/accounts';
import type { RoleGrant } from '../../../shared/contracts/auth';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useLabels } from '../../labels';
import { useSession } from '../../session';
import { useSites } from '../sites';
import { accountQueryKey, accountsQueryKey, addGrant, removeGrant } from './accounts-api';
import { type GrantDraft, GrantFields, grantInput } from './grant-fields';

export function AccountGrants({ account }: { account: Account }): ReactElement {
  const { t } = useT();
  const labels = useLabels();
  const session = useSession();
  const queryClient = useQueryClient();
  const store = (updated: Account): void => {
    queryClient.setQueryData(accountQueryKey(account.id), updated);
    void queryClient.invalidateQueries({ queryKey: [...accountsQueryKey, 'list'] });
  };
  const remove = useMutation({
    mutationFn: (grant: RoleGrant) => removeGrant(account.id, grant.id),
    onSuccess: store,
  });
  const grantName = (grant: RoleGrant): string =>
    `${labels.role(grant.role)} – ${grant.siteName ?? t('common.wholeProgramme')}`;

  return (
    <Stack>
      <FormAlert error={remove.error} />
      {account.grants.length === 0 ? (
        <Text>{t('accounts.noRoles')}</Text>
      ) : (
        <List spacing="xs" listStyleType="none" withPadding={false}>
          {account.grants.map((grant) => (
            <List.Item key={grant.id}>
              <Group gap="sm" wrap="nowrap" justify="space-between" maw={520}>
                <Text style={{ flex: 1, minWidth: 0 }}>{grantName(grant)}</Text>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  loading={remove.isPending && remove.variables.id === grant.id}
                  aria-label={t('accounts.removeGrant', { grant: grantName(grant) })}
                  onClick={() => remove.mutate(grant)}
                >
                  {t('accounts.removeRole')}
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      <AddGrantForm
        accountId={account.id}
        ownAccount={account.id === session.account.id}
        onAdded={store}
      />
    </Stack>
  );
}

function AddGrantForm({
  accountId,
  ownAccount,
  onAdded,
}: {
  accountId: string;
  ownAccount: boolean;
  onAdded: (account: Account) => void;
}): ReactElement {
  const { t } = useT();
  const sites = useSites();
  const [draft, setDraft] = useState<GrantDraft>({ role: 'referrer', siteId: '' });
  const add = useMutation({
    mutationFn: () => addGrant(accountId, grantInput(draft)),
    onSuccess: (account) => {
      onAdded(account);
      setDraft({ role: 'referrer', siteId: '' });
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="add-grant-heading">
      <Stack gap="sm" maw={520}>
        <Title order={3} id="add-grant-heading">
          {t('accounts.addRoleHeading')}
        </Title>
        {ownAccount && <Text size="sm">{t('accounts.ownRolesNote')}</Text>}
        <FormAlert error={add.error} fields={['role', 'siteId']} />
        <GrantFields
          value={draft}
          onChange={setDraft}
          sites={sites.data ?? []}
          roleError={fieldError(add.error, 'role')}
          siteError={fieldError(add.error, 'siteId')}
        />
        <Group>
          <Button type="submit" variant="light" loading={add.isPending}>
            {t('accounts.addRole')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
