import {
  Alert,
  Box,
  Button,
  Checkbox,
  Fieldset,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useEffect, useRef, useState } from 'react';
import type { SelfReferralAcknowledgement } from '../../../shared/contracts/referrals';
import { fieldError, FormAlert } from '../../components/form-alert';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { PublicLayout } from '../../components/public-layout';
import { useT } from '../../i18n';
import { PersonFields, personFieldNames, ReasonFields } from './person-fields';
import { createSelfReferral, usePublicSites } from './referrals-api';
import {
  emptyPerson,
  optionalText,
  type PersonDraft,
  personInput,
  type ReasonsDraft,
} from './referral-draft';

/** The public page: anyone may ask for a link worker, without an account. */
export function SelfReferralRoute(): ReactElement {
  return (
    <PublicLayout>
      <SelfReferralPage />
    </PublicLayout>
  );
}

const bodyFields = ['siteId', ...personFieldNames, 'reasons', 'reasonOther', 'context', 'consent'];

function SelfReferralPage(): ReactElement {
  const { t, locale } = useT();
  usePageTitle(t('referrals.self.title'));
  const sites = usePublicSites();
  const [siteId, setSiteId] = useState('');
  const [person, setPerson] = useState<PersonDraft>(() => ({
    ...emptyPerson(locale),
    contactPreference: 'email',
  }));
  const [reasons, setReasons] = useState<ReasonsDraft>({ reasons: [], reasonOther: '' });
  const [context, setContext] = useState('');
  const [consent, setConsent] = useState(false);
  const [website, setWebsite] = useState('');
  const send = useMutation({ mutationFn: createSelfReferral });

  if (send.data) return <Acknowledgement acknowledgement={send.data} />;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    send.mutate({
      siteId,
      person: personInput(person),
      reasons: reasons.reasons,
      reasonOther: reasons.reasons.includes('other')
        ? optionalText(reasons.reasonOther)
        : undefined,
      context: optionalText(context),
      consent,
      website,
    });
  };

  return (
    <Stack>
      <Title order={1}>{t('referrals.self.title')}</Title>
      <Text>{t('referrals.self.intro')}</Text>
      <Alert color="yellow">{t('referrals.self.emergency')}</Alert>
      {sites.isPending ? (
        <PageLoader />
      ) : sites.isError ? (
        <LoadError error={sites.error} onRetry={() => void sites.refetch()} />
      ) : sites.data.length === 0 ? (
        <Alert color="blue">{t('referrals.self.noSites')}</Alert>
      ) : (
        <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md">
          <form onSubmit={submit} noValidate>
            <Stack>
              <NativeSelect
                label={t('referrals.self.site')}
                required
                data={[
                  { value: '', label: t('referrals.self.chooseSite') },
                  ...sites.data.map((site) => ({
                    value: site.id,
                    label: `${site.name} (${site.organisationName})`,
                  })),
                ]}
                value={siteId}
                onChange={(event) => setSiteId(event.currentTarget.value)}
                error={fieldError(send.error, 'siteId')}
              />
              <PersonFields
                legend={t('referrals.self.aboutYou')}
                value={person}
                onChange={setPerson}
                error={send.error}
                full={false}
                contactLabel={t('referrals.self.contactPreference')}
              />
              <Fieldset legend={t('referrals.self.why')}>
                <Stack>
                  <ReasonFields
                    legend={t('referrals.form.reasons')}
                    value={reasons}
                    onChange={setReasons}
                    error={send.error}
                  />
                  <Textarea
                    label={t('referrals.self.context')}
                    autosize
                    minRows={3}
                    value={context}
                    onChange={(event) => setContext(event.currentTarget.value)}
                    error={fieldError(send.error, 'context')}
                  />
                </Stack>
              </Fieldset>
              {/* Robots fill every field; people never see this one. */}
              <Box
                aria-hidden="true"
                style={{
                  position: 'absolute',
                  left: '-10000px',
                  width: 1,
                  height: 1,
                  overflow: 'hidden',
                }}
              >
                <TextInput
                  label={t('referrals.self.website')}
                  name="website"
                  tabIndex={-1}
                  autoComplete="off"
                  value={website}
                  onChange={(event) => setWebsite(event.currentTarget.value)}
                />
              </Box>
              <Checkbox
                label={t('referrals.self.consent')}
                required
                checked={consent}
                onChange={(event) => setConsent(event.currentTarget.checked)}
                error={fieldError(send.error, 'consent')}
              />
              <FormAlert error={send.error} fields={bodyFields} />
              <Button type="submit" loading={send.isPending}>
                {t('referrals.self.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      )}
    </Stack>
  );
}

function Acknowledgement({
  acknowledgement,
}: {
  acknowledgement: SelfReferralAcknowledgement;
}): ReactElement {
  const { t } = useT();
  usePageTitle(t('referrals.self.doneTitle'));
  const heading = useRef<HTMLHeadingElement>(null);
  // The form is gone: move focus to what replaced it so screen readers announce it.
  useEffect(() => heading.current?.focus(), []);
  return (
    <Stack>
      <Title order={1} ref={heading} tabIndex={-1}>
        {t('referrals.self.doneTitle')}
      </Title>
      <Text size="xl" fw={700}>
        {t('referrals.self.reference', { reference: acknowledgement.reference })}
      </Text>
      <Text>
        {t('referrals.self.next', {
          site: acknowledgement.siteName,
          days: acknowledgement.contactWithinDays,
        })}
      </Text>
      {acknowledgement.acknowledgementEmailed && <Text>{t('referrals.self.emailed')}</Text>}
      <Text>{t('referrals.self.keepReference')}</Text>
    </Stack>
  );
}
