import { Checkbox, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type ReactElement, useState } from 'react';
import { useT } from '../../i18n';
import type { Site } from '../../../shared/contracts/sites';
import { type Locale, isLocale } from '../../../shared/locale';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useLocaleOptions } from '../../components/locale-options';
import { useListItemSave } from '../../components/list-item-save';
import { useOrganisations } from '../organisations';
import { createSite, sitesQueryKey, updateSite } from './sites-api';

type Props = { site?: Site; onDone: () => void; onCancel: () => void };

/** Creates a site under an organisation, or edits one when given it. */
export function SiteForm({ site, onDone, onCancel }: Props): ReactElement {
  const { t } = useT();
  const organisations = useOrganisations();
  const localeOptions = useLocaleOptions();
  const [organisationId, setOrganisationId] = useState('');
  const [name, setName] = useState(site?.name ?? '');
  const [defaultLocale, setDefaultLocale] = useState<Locale>(site?.defaultLocale ?? 'fr');
  const [twoFactorRequired, setTwoFactorRequired] = useState(site?.twoFactorRequired ?? false);
  const [version, setVersion] = useState(site?.version ?? 1);

  const { mutation: save, submit } = useListItemSave({
    listKey: sitesQueryKey,
    item: site,
    save: () =>
      site
        ? updateSite(site.id, { name, defaultLocale, twoFactorRequired, version })
        : createSite({ organisationId, name, defaultLocale, twoFactorRequired }),
    onDone,
    onConflict: (fresh) => {
      setName(fresh.name);
      setDefaultLocale(fresh.defaultLocale);
      setTwoFactorRequired(fresh.twoFactorRequired);
      setVersion(fresh.version);
    },
  });

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
        <FormActions
          submitLabel={site ? t('common.save') : t('common.create')}
          pending={save.isPending}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
