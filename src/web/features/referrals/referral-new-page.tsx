import {
  Alert,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  Radio,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { Link, useNavigate } from '../../navigation';
import type { Urgency } from '../../../shared/pathway';
import { urgencies } from '../../../shared/pathway';
import { fieldError, FormAlert } from '../../components/form-alert';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { ConsentFields, consentFieldNames, consentInput, emptyConsent } from './consent-fields';
import { PersonFields, personFieldNames, ReasonFields } from './person-fields';
import { createReferral, referralsQueryKey, useReferralSites } from './referrals-api';
import { emptyPerson, optionalText, personInput, type ReasonsDraft } from './referral-draft';

const bodyFields = [
  'siteId',
  'referrer',
  'referrer.name',
  'referrer.organisation',
  'referrer.contact',
  ...personFieldNames,
  'reasons',
  'reasonOther',
  'urgency',
  'context',
  ...consentFieldNames,
];

type AgencyDraft = { name: string; organisation: string; contact: string };
type SiteOption = { id: string; label: string };

/** The one-screen referral: who, why, how urgent, and the person's consent. */
export function ReferralNewPage(): ReactElement {
  const { t } = useT();
  const sites = useReferralSites();
  if (sites.isPending) return <PageLoader />;
  if (sites.isError) return <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  return (
    <ReferralForm
      mode="clinician"
      title={t('referrals.form.title')}
      intro={t('referrals.form.intro')}
      sites={sites.data.map((site) => ({
        id: site.id,
        label: `${site.name} (${site.organisationName})`,
      }))}
    />
  );
}

/**
 * A referral another agency made (by phone, letter, fax), recorded by the site's team with
 * who referred and how to reach them: the same form, for the sites where the caller works.
 */
export function AgencyReferralPage(): ReactElement {
  const { t } = useT();
  const { account } = useSession();
  const sites = new Map<string, string>();
  for (const grant of account.grants) {
    if ((grant.role === 'link_worker' || grant.role === 'site_manager') && grant.siteId)
      sites.set(grant.siteId, grant.siteName ?? grant.siteId);
  }
  return (
    <ReferralForm
      mode="agency"
      title={t('agencyReferral.title')}
      intro={t('agencyReferral.intro')}
      sites={[...sites].map(([id, label]) => ({ id, label }))}
    />
  );
}

function ReferralForm({
  mode,
  title,
  intro,
  sites: siteList,
}: {
  mode: 'clinician' | 'agency';
  title: string;
  intro: string;
  sites: SiteOption[];
}): ReactElement {
  const { t, locale } = useT();
  usePageTitle(title);
  const agencyMode = mode === 'agency';
  const [agency, setAgency] = useState<AgencyDraft>({ name: '', organisation: '', contact: '' });
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [siteId, setSiteId] = useState('');
  const [person, setPerson] = useState(() => emptyPerson(locale));
  const [reasons, setReasons] = useState<ReasonsDraft>({ reasons: [], reasonOther: '' });
  const [urgency, setUrgency] = useState<Urgency>('routine');
  const [context, setContext] = useState('');
  // Updates go back to referrers with an account; an agency is told by the team itself.
  const [consent, setConsent] = useState(() => emptyConsent(!agencyMode));

  const create = useMutation({
    mutationFn: createReferral,
    onSuccess: async (referral) => {
      await queryClient.invalidateQueries({ queryKey: referralsQueryKey });
      // The team goes on with the case it just recorded; a clinician back to their list.
      if (agencyMode) {
        await queryClient.invalidateQueries({ queryKey: ['cases'] });
        navigate(`/cases/${referral.id}`);
      } else navigate('/referrals', { state: { sent: referral.reference } });
    },
  });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    create.mutate({
      ...(siteList.length > 1 ? { siteId } : {}),
      ...(agencyMode
        ? {
            source: 'agency' as const,
            referrer: {
              name: agency.name,
              organisation: agency.organisation,
              contact: agency.contact,
            },
          }
        : {}),
      person: personInput(person),
      reasons: reasons.reasons,
      reasonOther: reasons.reasons.includes('other')
        ? optionalText(reasons.reasonOther)
        : undefined,
      urgency,
      context: optionalText(context),
      consent: consentInput(consent),
    });
  };

  return (
    <Stack gap="lg" maw={760}>
      <Title order={1}>{title}</Title>
      <Text>{intro}</Text>
      {siteList.length === 0 ? (
        <Alert color="yellow">{t('referrals.form.noSites')}</Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {siteList.length > 1 && (
              <NativeSelect
                label={t('referrals.form.site')}
                description={t('referrals.form.siteHelp')}
                required
                data={[
                  { value: '', label: t('referrals.form.chooseSite') },
                  ...siteList.map((site) => ({ value: site.id, label: site.label })),
                ]}
                value={siteId}
                onChange={(event) => setSiteId(event.currentTarget.value)}
                error={fieldError(create.error, 'siteId')}
              />
            )}
            {agencyMode && (
              <Fieldset legend={t('agencyReferral.referrer')}>
                <Stack>
                  <TextInput
                    label={t('agencyReferral.name')}
                    required
                    autoComplete="off"
                    value={agency.name}
                    onChange={(event) => {
                      const name = event.currentTarget.value;
                      setAgency((current) => ({ ...current, name }));
                    }}
                    error={fieldError(create.error, 'referrer.name')}
                  />
                  <TextInput
                    label={t('agencyReferral.organisation')}
                    required
                    autoComplete="off"
                    value={agency.organisation}
                    onChange={(event) => {
                      const organisation = event.currentTarget.value;
                      setAgency((current) => ({ ...current, organisation }));
                    }}
                    error={fieldError(create.error, 'referrer.organisation')}
                  />
                  <TextInput
                    label={t('agencyReferral.contact')}
                    description={t('agencyReferral.contactHelp')}
                    required
                    autoComplete="off"
                    value={agency.contact}
                    onChange={(event) => {
                      const contact = event.currentTarget.value;
                      setAgency((current) => ({ ...current, contact }));
                    }}
                    error={fieldError(create.error, 'referrer.contact')}
                  />
                </Stack>
              </Fieldset>
            )}
            <PersonFields
              legend={t('referrals.form.who')}
              value={person}
              onChange={setPerson}
              error={create.error}
            />
            <Fieldset legend={t('referrals.form.why')}>
              <Stack>
                <ReasonFields
                  legend={t('referrals.form.reasons')}
                  value={reasons}
                  onChange={setReasons}
                  error={create.error}
                />
                <Radio.Group
                  label={t('referrals.form.urgency')}
                  required
                  value={urgency}
                  onChange={(next) => setUrgency(next as Urgency)}
                  error={fieldError(create.error, 'urgency')}
                >
                  <Stack gap="xs" mt="xs">
                    {urgencies.map((value) => (
                      <Radio key={value} value={value} label={t(`referrals.urgencies.${value}`)} />
                    ))}
                  </Stack>
                </Radio.Group>
                <Textarea
                  label={t('referrals.form.context')}
                  description={t('referrals.form.contextHelp')}
                  autosize
                  minRows={3}
                  value={context}
                  onChange={(event) => setContext(event.currentTarget.value)}
                  error={fieldError(create.error, 'context')}
                />
              </Stack>
            </Fieldset>
            <ConsentFields
              value={consent}
              onChange={setConsent}
              error={create.error}
              askReferrerUpdates={!agencyMode}
            />
            <FormAlert error={create.error} fields={bodyFields} />
            <Group>
              <Button type="submit" loading={create.isPending}>
                {agencyMode ? t('agencyReferral.submit') : t('referrals.form.submit')}
              </Button>
              <Button
                variant="default"
                component={Link}
                to={agencyMode ? '/cases/triage' : '/referrals'}
              >
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
