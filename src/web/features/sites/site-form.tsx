import { Button, Checkbox, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { useT } from '../../i18n';
import type { Site, SiteList } from '../../../shared/contracts/sites';
import { type Locale, isLocale } from '../../../shared/locale';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useLocaleOptions } from '../../components/locale-options';
import { isStaleVersion } from '../../components/stale-version';
import { useOrganisations } from '../organisations';
import { createSite, sitesQueryKey, updateSite } from './sites-api';

type Props = { site?: Site; onDone: () => void; onCancel: () => void };

/** Creates a site under an organisation, or edits one when given it. */
export function SiteForm({ site, onDone, onCancel }: Props): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const organisations = useOrganisations();
  const localeOptions = useLocaleOptions();
  const [organisationId, setOrganisationId] = useState('');
  const [name, setName] = useState(site?.name ?? '');
  const [defaultLocale, setDefaultLocale] = useState<Locale>(site?.defaultLocale ?? 'fr');
  const [twoFactorRequired, setTwoFactorRequired] = useState(site?.twoFactorRequired ?? false);
  const [version, setVersion] = useState(site?.version ?? 1);

  const reload = async (): Promise<void> => {
    await queryClient.invalidateQueries({ queryKey: sitesQueryKey });
    const fresh = queryClient
      .getQueryData<SiteList>(sitesQueryKey)
      ?.items.find((item) => item.id === site?.id);
    if (!fresh) return;
    setName(fresh.name);
    setDefaultLocale(fresh.defaultLocale);
    setTwoFactorRequired(fresh.twoFactorRequired);
    setVersion(fresh.version);
  };

  const save = useMutation({
    mutationFn: () =>
      site
        ? updateSite(site.id, { name, defaultLocale, twoFactorRequired, version })
        : createSite({ organisationId, name, defaultLocale, twoFactorRequired }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: sitesQueryKey });
      onDone();
    },
    onError: (error) => {
      if (isStaleVersion(error)) void reload();
    },
  });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate();
  };

  const organisationOptions = [
    { value: '', label: t('sites.chooseOrganisation') },
    ...(organisations.data ?? []).map((organisation) => ({
      value: organisation.id,
      label: organisation.name,
    })),
  ];

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormAlert
          error={save.error}
          fields={['organisationId', 'name', 'defaultLocale', 'twoFactorRequired']}
        />
        {site ? (
          <Text size="sm">
            {t('sites.organisation')}: <strong>{site.organisationName}</strong>
          </Text>
        ) : (
          <NativeSelect
            label={t('sites.organisation')}
            required
            data={organisationOptions}
            value={organisationId}
            onChange={(event) => setOrganisationId(event.currentTarget.value)}
            error={fieldError(save.error, 'organisationId')}
          />
        )}
        <TextInput
          label={t('sites.name')}
          required
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={fieldError(save.error, 'name')}
        />
        <NativeSelect
          label={t('sites.defaultLocale')}
          description={t('sites.defaultLocaleHelp')}
          required
          data={localeOptions}
          value={defaultLocale}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (isLocale(value)) setDefaultLocale(value);
          }}
          error={fieldError(save.error, 'defaultLocale')}
        />
        <Checkbox
          label={t('sites.twoFactorRequired')}
          description={t('sites.twoFactorRequiredHelp')}
          checked={twoFactorRequired}
          onChange={(event) => setTwoFactorRequired(event.currentTarget.checked)}
          error={fieldError(save.error, 'twoFactorRequired')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {site ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
