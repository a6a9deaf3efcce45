import {
  Anchor,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { Link, useNavigate } from '../../navigation';
import { NewPasswordField, useNewPassword } from '../../components/new-password-field';
import { midSentence } from '../../../shared/typography';
import { useT } from '../../i18n';
import { isLocale } from '../../../shared/locale';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useLocaleOptions } from '../../components/locale-options';
import { usePageTitle } from '../../components/page-title';
import { useLabels } from '../../labels';
import { passwordMinLength } from '../../password-policy';
import { useSites } from '../sites';
import { accountsQueryKey, createAccount } from './accounts-api';
import { type GrantDraft, GrantFields, grantInput } from './grant-fields';

export function AccountCreatePage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('accounts.newTitle'));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sites = useSites();
  const labels = useLabels();
  const localeOptions = useLocaleOptions(t('language.none'));
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [locale, setLocale] = useState('');
  const password = useNewPassword();
  const [grants, setGrants] = useState<GrantDraft[]>([{ role: 'referrer', siteId: '' }]);

  const create = useMutation({
    mutationFn: createAccount,
    onSuccess: async (account) => {
      await queryClient.invalidateQueries({ queryKey: accountsQueryKey });
      navigate(`/admin/accounts/${account.id}`, { state: { created: true } });
    },
  });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!password.check()) return;
    create.mutate({
      email: email.trim(),
      displayName,
      locale: isLocale(locale) ? locale : null,
      password: password.value,
      grants: grants.map(grantInput),
    });
  };

  const grantFieldNames = grants.flatMap((_, index) => [
    `grants.${index}.role`,
    `grants.${index}.siteId`,
  ]);

  return (
    <Stack gap="lg" maw={720}>
      <Anchor component={Link} to="/admin/accounts" size="sm">
        {t('accounts.backToList')}
      </Anchor>
      <Title order={1}>{t('accounts.newTitle')}</Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert
            error={create.error}
            fields={['email', 'displayName', 'locale', 'password', ...grantFieldNames]}
          />
          <TextInput
            label={t('accounts.email')}
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={fieldError(create.error, 'email')}
          />
          <TextInput
            label={t('accounts.displayName')}
            required
            autoComplete="off"
            value={displayName}
            onChange={(event) => setDisplayName(event.currentTarget.value)}
            error={fieldError(create.error, 'displayName')}
          />
          <NativeSelect
            label={t('accounts.language')}
            description={t('accounts.languageHelp')}
            data={localeOptions}
            value={locale}
            onChange={(event) => setLocale(event.currentTarget.value)}
            error={fieldError(create.error, 'locale')}
          />
          <NewPasswordField
            password={password}
            label={t('accounts.initialPassword')}
            description={t('accounts.initialPasswordHelp', { min: passwordMinLength })}
            serverError={fieldError(create.error, 'password')}
          />
          <Fieldset legend={t('accounts.rolesLegend')}>
            <Stack>
              {grants.length === 0 && <Text size="sm">{t('accounts.noRolesYet')}</Text>}
              {grants.map((grant, index) => (
                <Stack
                  key={index}
                  gap="xs"
                  role="group"
                  aria-label={t('accounts.grantNumber', { number: index + 1 })}
                >
                  <GrantFields
                    value={grant}
                    sites={sites.data ?? []}
                    onChange={(value) =>
                      setGrants((all) => all.map((item, at) => (at === index ? value : item)))
                    }
                    roleError={fieldError(create.error, `grants.${index}.role`)}
                    siteError={fieldError(create.error, `grants.${index}.siteId`)}
                  />
                  <Group>
                    <Button
                      variant="subtle"
                      color="red"
                      size="compact-sm"
                      aria-label={t('accounts.removeDraftGrant', {
                        number: index + 1,
                        role: midSentence(labels.role(grant.role)),
                      })}
                      onClick={() => setGrants((all) => all.filter((_, at) => at !== index))}
                    >
                      {t('accounts.removeRole')}
                    </Button>
                  </Group>
                </Stack>
              ))}
              <Group>
                <Button
                  variant="default"
                  onClick={() => setGrants((all) => [...all, { role: 'referrer', siteId: '' }])}
                >
                  {t('accounts.addAnotherRole')}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('accounts.create')}
            </Button>
            <Button variant="default" component={Link} to="/admin/accounts">
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
