import type { AuditActorKind } from '../../../shared/contracts/audit';

/** Events that come in without an account: who acted is known by what was done. */
const actedThrough: Partial<Record<string, AuditActorKind>> = {
  'referral.self_referred': 'self_referral_form',
  'questionnaire.opened': 'questionnaire_link',
  'measurement.recorded': 'questionnaire_link',
  'measurement.safeguarding_raised': 'questionnaire_link',
  'partner.link_opened': 'partner_link',
  sign_in: 'sign_in_attempt',
  'access.denied': 'not_signed_in',
};

/**
 * Who acted on an audit event: an account when one did; otherwise the person or a partner
 * through a public form or an emailed link, someone signing in or not signed in, the
 * command line, or the app itself: its jobs (reminders), the demo data, the directory's own
 * imports, which is every other event without an account or a network address.
 */
export function actorKindOf(event: {
  actorId: string | null;
  action: string;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}): AuditActorKind {
  if (event.actorId) return 'account';
  if (event.userAgent === 'command line') return 'command_line';
  // A partner's answer from an emailed link says so; the demo data writes some that way too.
  if (event.action.startsWith('connection.') && event.details.via === 'link') return 'partner_link';
  // The person, signed in to their own space by an emailed link (features/person-space).
  if (event.details.via === 'person_session') return 'person_session';
  // Anything else that came over the network was someone outside the app, not the app.
  return actedThrough[event.action] ?? (event.ip === null ? 'system' : 'not_signed_in');
}
