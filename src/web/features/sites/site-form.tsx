import { Checkbox, NativeSelect, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { type ReactElement, useState } from 'react';
import { labelled } from '../../../shared/typography';
import { useT } from '../../i18n';
import { useClientSettings } from '../../client-settings';
import type { Site } from '../../../shared/contracts/sites';
import { type Locale, isLocale } from '../../../shared/locale';
import { commonTimeZones, defaultTimeZone } from '../../../shared/time-zones';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useLocaleOptions } from '../../components/locale-options';
import { useListItemSave } from '../../components/list-item-save';
import { timeZoneWords } from '../../time-zone-words';
import { useOrganisations } from '../organisations';
import { MeasurementScheduleFields } from '../outcomes';
import { createSite, sitesQueryKey, updateSite } from './sites-api';

type Props = { site?: Site; onDone: () => void; onCancel: () => void };

/** Creates a site under an organisation, or edits one when given it. */
export function SiteForm({ site, onDone, onCancel }: Props): ReactElement {
  const { t, locale } = useT();
  const organisations = useOrganisations();
  const localeOptions = useLocaleOptions();
  const [organisationId, setOrganisationId] = useState('');
  const [name, setName] = useState(site?.name ?? '');
  const [defaultLocale, setDefaultLocale] = useState<Locale>(site?.defaultLocale ?? 'fr');
  const [twoFactorRequired, setTwoFactorRequired] = useState(site?.twoFactorRequired ?? false);
  const [ssoRequired, setSsoRequired] = useState(site?.ssoRequired ?? false);
  const sso = useClientSettings().data?.sso ?? null;
  const [maxContactAttempts, setMaxContactAttempts] = useState<number | string>(
    site?.maxContactAttempts ?? 3,
  );
  const [waitingThresholdDays, setWaitingThresholdDays] = useState<number | string>(
    site?.waitingThresholdDays ?? 5,
  );
  const [acceptsSelfReferrals, setAcceptsSelfReferrals] = useState(
    site?.acceptsSelfReferrals ?? true,
  );
  const [timeZone, setTimeZone] = useState(site?.timeZone ?? defaultTimeZone);
  const [measurementSchedule, setMeasurementSchedule] = useState(site?.measurementSchedule);
  const [version, setVersion] = useState(site?.version ?? 1);
  // An emptied number field is sent as left out: the server keeps (or defaults) the setting.
  const caseSettings = {
    ...(typeof maxContactAttempts === 'number' ? { maxContactAttempts } : {}),
    ...(typeof waitingThresholdDays === 'number' ? { waitingThresholdDays } : {}),
    acceptsSelfReferrals,
    timeZone,
    ssoRequired,
  };

  const { mutation: save, submit } = useListItemSave({
    listKey: sitesQueryKey,
    item: site,
    save: () =>
      site
        ? updateSite(site.id, {
            name,
            defaultLocale,
            twoFactorRequired,
            ...caseSettings,
            ...(measurementSchedule ? { measurementSchedule } : {}),
            version,
          })
        : createSite({ organisationId, name, defaultLocale, twoFactorRequired, ...caseSettings }),
    onDone,
    onConflict: (fresh) => {
      setName(fresh.name);
      setDefaultLocale(fresh.defaultLocale);
      setTwoFactorRequired(fresh.twoFactorRequired);
      setSsoRequired(fresh.ssoRequired);
      setMaxContactAttempts(fresh.maxContactAttempts);
      setWaitingThresholdDays(fresh.waitingThresholdDays);
      setAcceptsSelfReferrals(fresh.acceptsSelfReferrals);
      setTimeZone(fresh.timeZone);
      setMeasurementSchedule(fresh.measurementSchedule);
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

  // A zone set through the API that the list does not offer stays chosen, by its name.
  const timeZoneOptions = [
    ...commonTimeZones.map((zone) => ({ value: zone, label: timeZoneWords(t, zone) })),
    ...((commonTimeZones as readonly string[]).includes(timeZone)
      ? []
      : [{ value: timeZone, label: t('sites.timeZoneOther', { zone: timeZone }) }]),
  ];

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormAlert
          error={save.error}
          fields={[
            'organisationId',
            'name',
            'defaultLocale',
            'twoFactorRequired',
            'ssoRequired',
            'maxContactAttempts',
            'waitingThresholdDays',
            'acceptsSelfReferrals',
            'timeZone',
          ]}
        />
        {site ? (
          <Text size="sm">
            {labelled(locale, t('sites.organisation'))} <strong>{site.organisationName}</strong>
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
        <NativeSelect
          label={t('sites.timeZone')}
          description={t('sites.timeZoneHelp')}
          required
          data={timeZoneOptions}
          value={timeZone}
          onChange={(event) => setTimeZone(event.currentTarget.value)}
          error={fieldError(save.error, 'timeZone')}
        />
        <Checkbox
          label={t('sites.twoFactorRequired')}
          description={t('sites.twoFactorRequiredHelp')}
          checked={twoFactorRequired}
          onChange={(event) => setTwoFactorRequired(event.currentTarget.checked)}
          error={fieldError(save.error, 'twoFactorRequired')}
        />
        {sso && (
          <Checkbox
            label={t('sites.ssoRequired', { provider: sso.label })}
            description={t('sites.ssoRequiredHelp', { provider: sso.label })}
            checked={ssoRequired}
            onChange={(event) => setSsoRequired(event.currentTarget.checked)}
            error={fieldError(save.error, 'ssoRequired')}
          />
        )}
        <NumberInput
          label={t('cases.siteSettings.maxContactAttempts')}
          description={t('cases.siteSettings.maxContactAttemptsHelp')}
          min={1}
          max={20}
          allowDecimal={false}
          value={maxContactAttempts}
          onChange={setMaxContactAttempts}
          error={fieldError(save.error, 'maxContactAttempts')}
        />
        <NumberInput
          label={t('cases.siteSettings.waitingThresholdDays')}
          description={t('cases.siteSettings.waitingThresholdDaysHelp')}
          min={1}
          max={90}
          allowDecimal={false}
          value={waitingThresholdDays}
          onChange={setWaitingThresholdDays}
          error={fieldError(save.error, 'waitingThresholdDays')}
        />
        <Checkbox
          label={t('cases.siteSettings.acceptsSelfReferrals')}
          description={t('cases.siteSettings.acceptsSelfReferralsHelp')}
          checked={acceptsSelfReferrals}
          onChange={(event) => setAcceptsSelfReferrals(event.currentTarget.checked)}
          error={fieldError(save.error, 'acceptsSelfReferrals')}
        />
        {measurementSchedule && (
          <MeasurementScheduleFields
            value={measurementSchedule}
            onChange={setMeasurementSchedule}
            error={fieldError(save.error, 'measurementSchedule.followUpMonths')}
          />
        )}
        <FormActions
          submitLabel={site ? t('common.save') : t('common.create')}
          pending={save.isPending}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
