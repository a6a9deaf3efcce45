import { NativeSelect, NumberInput, SimpleGrid, TextInput, Textarea } from '@mantine/core';
import { type ReactElement, useState } from 'react';
import type { Listing, ReferralStatus } from '../../../shared/contracts/listings';
import { fieldError } from '../../components/form-alert';
import { useT } from '../../i18n';
import { ProposalForm } from './proposal-form';

type FormProps<T> = { listing: Listing; item: T; onSent: () => void; onCancel: () => void };

const serviceStatuses = ['active', 'inactive', 'temporarily closed', 'defunct'] as const;
const referralStatuses: ReferralStatus[] = ['open', 'waitlist', 'full'];

const numberOrUndefined = (value: string | number): number | undefined =>
  typeof value === 'number' ? value : value.trim() === '' ? undefined : Number(value);

export function ServiceForm({
  listing,
  onSent,
  onCancel,
}: Omit<FormProps<null>, 'item'>): ReactElement {
  const { t } = useT();
  const [text, setText] = useState(listing.text);
  const [status, setStatus] = useState(listing.status);
  const [email, setEmail] = useState(listing.email ?? '');
  const [minimumAge, setMinimumAge] = useState<string | number>(listing.minimumAge ?? '');
  const [maximumAge, setMaximumAge] = useState<string | number>(listing.maximumAge ?? '');
  const setPart = (language: 'fr' | 'en', part: 'name' | 'description', value: string): void =>
    setText((current) => ({ ...current, [language]: { ...current[language], [part]: value } }));
  return (
    <ProposalForm
      onSent={onSent}
      onCancel={onCancel}
      build={() => {
        const min = numberOrUndefined(minimumAge);
        const max = numberOrUndefined(maximumAge);
        return {
          entityType: 'service',
          serviceId: listing.id,
          text,
          status,
          ...(email.trim() ? { email: email.trim() } : {}),
          ...(min === undefined ? {} : { minimumAge: min }),
          ...(max === undefined ? {} : { maximumAge: max }),
        };
      }}
    >
      {(error) => (
        <>
          {(['fr', 'en'] as const).map((language) => (
            <SimpleGrid key={language} cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t(language === 'fr' ? 'listings.fields.nameFr' : 'listings.fields.nameEn')}
                lang={language}
                required
                value={text[language].name}
                onChange={(e) => setPart(language, 'name', e.currentTarget.value)}
                error={fieldError(error, `text.${language}.name`)}
              />
              <Textarea
                label={t(
                  language === 'fr'
                    ? 'listings.fields.descriptionFr'
                    : 'listings.fields.descriptionEn',
                )}
                lang={language}
                autosize
                minRows={2}
                value={text[language].description}
                onChange={(e) => setPart(language, 'description', e.currentTarget.value)}
              />
            </SimpleGrid>
          ))}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t('listings.fields.status')}
              value={status}
              onChange={(e) => setStatus(e.currentTarget.value)}
              error={fieldError(error, 'status')}
              data={serviceStatuses.map((value) => ({
                value,
                label: t(`listings.serviceStatus.${value}`),
              }))}
            />
            <TextInput
              type="email"
              label={t('listings.fields.email')}
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldError(error, 'email')}
            />
            <NumberInput
              label={t('listings.fields.minimumAge')}
              min={0}
              max={150}
              value={minimumAge}
              onChange={setMinimumAge}
              error={fieldError(error, 'minimum_age')}
            />
            <NumberInput
              label={t('listings.fields.maximumAge')}
              min={0}
              max={150}
              value={maximumAge}
              onChange={setMaximumAge}
              error={fieldError(error, 'maximum_age')}
            />
          </SimpleGrid>
        </>
      )}
    </ProposalForm>
  );
}

export function CapacityForm({
  listing,
  item,
  onSent,
  onCancel,
}: FormProps<Listing['capacities'][number]>): ReactElement {
  const { t } = useT();
  const [available, setAvailable] = useState<string | number>(item.available ?? 0);
  const [maximum, setMaximum] = useState<string | number>(item.maximum ?? '');
  const [referralStatus, setReferralStatus] = useState<ReferralStatus>(listing.referralStatus);
  return (
    <ProposalForm
      onSent={onSent}
      onCancel={onCancel}
      build={() => {
        const max = numberOrUndefined(maximum);
        return {
          entityType: 'service_capacity',
          serviceId: listing.id,
          capacityId: item.id,
          available: numberOrUndefined(available) ?? 0,
          ...(max === undefined ? {} : { maximum: max }),
          referralStatus,
        };
      }}
    >
      {(error) => (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t('listings.fields.available')}
            min={0}
            required
            value={available}
            onChange={setAvailable}
            error={fieldError(error, 'available')}
          />
          <NumberInput
            label={t('listings.fields.maximum')}
            min={0}
            value={maximum}
            onChange={setMaximum}
            error={fieldError(error, 'maximum')}
          />
          <NativeSelect
            label={t('listings.fields.referralStatus')}
            value={referralStatus}
            onChange={(e) => {
              const value = referralStatuses.find((s) => s === e.currentTarget.value);
              if (value) setReferralStatus(value);
            }}
            data={referralStatuses.map((value) => ({
              value,
              label: t(`directorySearch.status.${value}`),
            }))}
          />
        </SimpleGrid>
      )}
    </ProposalForm>
  );
}

export function ScheduleForm({
  listing,
  item,
  onSent,
  onCancel,
}: FormProps<Listing['schedules'][number] | null>): ReactElement {
  const { t } = useT();
  const [byday, setByday] = useState(item?.byday ?? '');
  const [opensAt, setOpensAt] = useState(item?.opensAt ?? '');
  const [closesAt, setClosesAt] = useState(item?.closesAt ?? '');
  const [validFrom, setValidFrom] = useState(item?.validFrom ?? '');
  const [validTo, setValidTo] = useState(item?.validTo ?? '');
  const [description, setDescription] = useState(item?.description ?? '');
  return (
    <ProposalForm
      onSent={onSent}
      onCancel={onCancel}
      build={() => ({
        entityType: 'schedule',
        serviceId: listing.id,
        ...(item ? { scheduleId: item.id } : {}),
        byday,
        opensAt,
        closesAt,
        ...(validFrom ? { validFrom } : {}),
        ...(validTo ? { validTo } : {}),
        ...(description.trim() ? { description: description.trim() } : {}),
      })}
    >
      {(error) => (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('listings.fields.byday')}
            description={t('listings.fields.bydayHint')}
            value={byday}
            onChange={(e) => setByday(e.currentTarget.value)}
            error={fieldError(error, 'byday')}
          />
          <TextInput
            type="time"
            label={t('listings.fields.opensAt')}
            required
            value={opensAt}
            onChange={(e) => setOpensAt(e.currentTarget.value)}
            error={fieldError(error, 'opensAt')}
          />
          <TextInput
            type="time"
            label={t('listings.fields.closesAt')}
            required
            value={closesAt}
            onChange={(e) => setClosesAt(e.currentTarget.value)}
            error={fieldError(error, 'closesAt')}
          />
          <TextInput
            type="date"
            label={t('listings.fields.validFrom')}
            value={validFrom}
            onChange={(e) => setValidFrom(e.currentTarget.value)}
            error={fieldError(error, 'validFrom')}
          />
          <TextInput
            type="date"
            label={t('listings.fields.validTo')}
            value={validTo}
            onChange={(e) => setValidTo(e.currentTarget.value)}
            error={fieldError(error, 'validTo')}
          />
          <TextInput
            label={t('listings.fields.scheduleDescription')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
        </SimpleGrid>
      )}
    </ProposalForm>
  );
}

export function AddressForm({
  listing,
  item,
  onSent,
  onCancel,
}: FormProps<Listing['locations'][number]>): ReactElement {
  const { t } = useT();
  const [address, setAddress] = useState({
    address1: item.address?.address1 ?? '',
    city: item.address?.city ?? '',
    stateProvince: item.address?.stateProvince ?? '',
    postalCode: item.address?.postalCode ?? '',
    country: item.address?.country ?? 'CA',
  });
  const field = (key: keyof typeof address, label: string, error: unknown): ReactElement => (
    <TextInput
      label={label}
      required
      value={address[key]}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setAddress((current) => ({ ...current, [key]: value }));
      }}
      error={fieldError(error, `address.${key}`)}
      {...(key === 'country' ? { description: t('listings.fields.countryHint') } : {})}
    />
  );
  return (
    <ProposalForm
      onSent={onSent}
      onCancel={onCancel}
      build={() => ({
        entityType: 'location',
        serviceId: listing.id,
        locationId: item.id,
        address,
      })}
    >
      {(error) => (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {field('address1', t('listings.fields.address1'), error)}
          {field('city', t('listings.fields.city'), error)}
          {field('stateProvince', t('listings.fields.stateProvince'), error)}
          {field('postalCode', t('listings.fields.postalCode'), error)}
          {field('country', t('listings.fields.country'), error)}
        </SimpleGrid>
      )}
    </ProposalForm>
  );
}
