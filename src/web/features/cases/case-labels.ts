import type { NextActionKind } from '../../../shared/contracts/cases';
import type {
  CaseStage,
  CaseStatus,
  ConsentGiver,
  ContactChannel,
  ContactOutcome,
  ContactPreference,
  DeclineReason,
  DischargeReason,
  ReferralReason,
  ReferralSource,
  SafeguardingLevel,
  Urgency,
} from '../../../shared/pathway';
import { declineReasons, dischargeReasons, snomed } from '../../../shared/pathway';
import { type BadgeLook, badgeLooks } from '../../components/badge-looks';
import { useT } from '../../i18n';

export type CaseLabels = {
  status: (status: CaseStatus) => string;
  stage: (stage: CaseStage) => string;
  reason: (reason: ReferralReason) => string;
  urgency: (urgency: Urgency) => string;
  source: (source: ReferralSource) => string;
  channel: (channel: ContactChannel) => string;
  outcome: (outcome: ContactOutcome) => string;
  nextAction: (kind: NextActionKind) => string;
  level: (level: SafeguardingLevel) => string;
  consentGiver: (giver: ConsentGiver) => string;
  contactPreference: (preference: ContactPreference) => string;
  declineReason: (reason: DeclineReason) => string;
  dischargeReason: (reason: DischargeReason) => string;
  /** A closure reason as stored: a decline or discharge code, or the closing status. */
  closureReason: (reason: string) => string;
  /** The person's answer as its SNOMED CT concept, in words; an unknown code as it is. */
  outcomeCode: (code: string) => string;
};

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** Translated names for the pathway's codes. */
export function useCaseLabels(): CaseLabels {
  const { t } = useT();
  const labels: CaseLabels = {
    status: (status) => t(`cases.status.${status}`),
    stage: (stage) => t(`cases.stage.${stage}`),
    reason: (reason) => t(`cases.reason.${reason}`),
    urgency: (urgency) => t(`cases.urgency.${urgency}`),
    source: (source) => t(`cases.source.${source}`),
    channel: (channel) => t(`cases.channel.${channel}`),
    outcome: (outcome) => t(`cases.outcome.${outcome}`),
    nextAction: (kind) => t(`cases.nextAction.${kind}`),
    level: (level) => t(`cases.level.${level}`),
    consentGiver: (giver) => t(`cases.consentGiver.${giver}`),
    contactPreference: (preference) => t(`cases.contactPreference.${preference}`),
    declineReason: (reason) => t(`cases.declineReason.${reason}`),
    dischargeReason: (reason) => t(`cases.dischargeReason.${reason}`),
    closureReason: (reason) => {
      if (isOneOf(dischargeReasons, reason)) return labels.dischargeReason(reason);
      if (isOneOf(declineReasons, reason)) return labels.declineReason(reason);
      if (reason === 'unreachable') return labels.status('unreachable');
      return reason;
    },
    outcomeCode: (code) =>
      code === snomed.referralAccepted
        ? t('cases.snomedOutcome.referralAccepted')
        : code === snomed.referralDeclined
          ? t('cases.snomedOutcome.referralDeclined')
          : code,
  };
  return labels;
}

export function urgencyLook(urgency: Urgency): BadgeLook {
  return urgency === 'urgent'
    ? badgeLooks.alert
    : urgency === 'soon'
      ? badgeLooks.warning
      : badgeLooks.quiet;
}
