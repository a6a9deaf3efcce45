import { Alert, Stack, Title } from '@mantine/core';
import { lazy, type ReactElement, Suspense, useState } from 'react';
import type { CaseDetail } from '../../../shared/contracts/cases';
import { PageLoader } from '../../components/page-loader';
import { PageSection } from '../../components/page-section';
import { StatusMessage } from '../../components/status-message';
import { ageOn, useFormat } from '../../format';
import { formatPhone } from '../../../shared/phone';
import { useT } from '../../i18n';
import { useLabels } from '../../labels';
import { useCaseLabels } from './case-labels';
import { DetailList } from '../../components/detail-list';
import { PersonRequests } from './person-requests';

// Few referrals are possible duplicates: the review, with its table, comes only with them.
const DuplicateReview = lazy(async () => ({
  default: (await import('./duplicate-review')).DuplicateReview,
}));

/** Who the person is, why they were referred, and what they agreed to. */
export function ReferralSection({ detail }: { detail: CaseDetail }): ReactElement {
  const { t, locale } = useT();
  const labels = useCaseLabels();
  const common = useLabels();
  const format = useFormat();
  const { person, referral, consent } = detail;
  const [decided, setDecided] = useState<'merged' | 'separated' | null>(null);
  const none = t('cases.person.none');
  const yesNo = (value: boolean): string =>
    value ? t('cases.referral.yes') : t('cases.referral.no');
  const referrer = [referral.referrerName, referral.referrerOrganisation]
    .filter(Boolean)
    .join(', ');
  return (
    <PageSection id="case-referral" title={t('cases.referral.heading')}>
      <Stack gap="md">
        <Title order={3} size="h4">
          {t('cases.person.heading')}
        </Title>
        <DetailList
          items={[
            {
              label: t('cases.person.dateOfBirth'),
              value: `${format.date(person.dateOfBirth)} (${t('cases.person.age', { age: ageOn(person.dateOfBirth) })})`,
            },
            {
              label: t('cases.person.phone'),
              value: person.phone ? formatPhone(person.phone, locale) : none,
            },
            { label: t('cases.person.email'), value: person.email ?? none },
            { label: t('cases.person.language'), value: common.locale(person.preferredLanguage) },
            {
              label: t('cases.person.contactPreference'),
              value: labels.contactPreference(person.contactPreference),
            },
            {
              label: t('cases.person.address'),
              value: [person.address, person.postalCode].filter(Boolean).join(', ') || none,
            },
            { label: t('cases.person.accessibility'), value: person.accessibilityNeeds ?? none },
          ]}
        />
        <Title order={3} size="h4">
          {t('cases.referral.heading')}
        </Title>
        {referral.possibleDuplicate && (
          <>
            <Alert color="yellow">{t('cases.referral.possibleDuplicate')}</Alert>
            <Suspense fallback={<PageLoader />}>
              <DuplicateReview caseId={detail.id} onDecided={setDecided} />
            </Suspense>
          </>
        )}
        <StatusMessage message={decided ? t(`cases.duplicate.${decided}`) : null} />
        <DetailList
          items={[
            { label: t('cases.referral.source'), value: labels.source(referral.source) },
            { label: t('cases.referral.referrer'), value: referrer || none },
            { label: t('cases.referral.referredAt'), value: format.dateTime(detail.referredAt) },
            { label: t('cases.referral.urgency'), value: labels.urgency(referral.urgency) },
            {
              label: t('cases.referral.reasons'),
              value: [
                ...referral.reasons.map(labels.reason),
                ...(referral.reasonOther ? [referral.reasonOther] : []),
              ].join(', '),
            },
            { label: t('cases.referral.context'), value: referral.context ?? none },
          ]}
        />
        <Title order={3} size="h4">
          {t('cases.referral.consent')}
        </Title>
        {consent ? (
          <DetailList
            items={[
              {
                label: t('cases.referral.consent'),
                value: t('cases.referral.consentGiven', {
                  who:
                    consent.givenByName ??
                    format.midSentence(t(`consentGivers.${consent.givenBy}`)),
                  when: format.dateTime(consent.givenAt),
                }),
              },
              {
                label: t('cases.referral.coversReferral'),
                value: yesNo(consent.coversReferral),
              },
              {
                label: t('cases.referral.coversReferrerUpdates'),
                value: consent.referrerUpdatesWithdrawnAt
                  ? t('cases.referral.withdrawnByPerson', {
                      when: format.dateTime(consent.referrerUpdatesWithdrawnAt),
                    })
                  : yesNo(consent.coversReferrerUpdates),
              },
              {
                label: t('cases.referral.coversSharing'),
                value: consent.partnerSharingWithdrawnAt
                  ? t('cases.referral.withdrawnByPerson', {
                      when: format.dateTime(consent.partnerSharingWithdrawnAt),
                    })
                  : yesNo(consent.coversSharingWithPartners),
              },
              ...(consent.withdrawnAt
                ? [
                    {
                      label: t('cases.referral.consent'),
                      value: t('cases.referral.withdrawn', {
                        when: format.dateTime(consent.withdrawnAt),
                      }),
                    },
                  ]
                : []),
            ]}
          />
        ) : (
          <Alert color="yellow">{t('cases.referral.noConsent')}</Alert>
        )}
        <PersonRequests caseId={detail.id} />
      </Stack>
    </PageSection>
  );
}
