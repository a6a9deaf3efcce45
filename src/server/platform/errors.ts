import type { AuditSubjectType } from '../../shared/audit-actions';

export type ErrorCode =
  | 'validation_failed'
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'stale_version'
  | 'email_taken'
  | 'grant_exists'
  | 'site_required_for_role'
  | 'site_not_allowed_for_role'
  | 'invalid_credentials'
  | 'account_locked'
  | 'two_factor_code_required'
  | 'two_factor_code_invalid'
  | 'two_factor_setup_required'
  | 'two_factor_not_started'
  | 'two_factor_already_enabled'
  | 'two_factor_not_enabled'
  | 'two_factor_required_by_site'
  | 'sso_required'
  | 'current_password_wrong'
  | 'password_reused'
  | 'last_administrator'
  | 'own_grant_refused'
  | 'directory_import_empty'
  | 'postal_code_unknown'
  | 'invalid_transition'
  | 'reason_required'
  | 'consent_required'
  | 'too_few_contact_attempts'
  | 'case_closed'
  | 'case_not_accepted'
  | 'connection_case_closed'
  | 'not_a_duplicate'
  | 'merge_pick_invalid'
  | 'merge_contact_incomplete'
  | 'link_invalid'
  | 'link_expired'
  | 'link_used'
  | 'text_messages_off'
  | 'sign_in_code_invalid'
  | 'person_has_no_email'
  | 'person_request_handled'
  | 'reset_link_invalid'
  | 'self_referrals_closed'
  | 'hsds_record_invalid'
  | 'change_request_reviewed'
  | 'change_request_outdated'
  | 'date_in_future'
  | 'date_before_referral'
  | 'date_before_baseline'
  | 'date_after_follow_up'
  | 'measurement_exists'
  | 'measurement_voided'
  | 'answers_empty'
  | 'questionnaire_not_due'
  | 'report_grouping_exists'
  | 'jwks_invalid'
  | 'scope_invalid'
  | 'answer_invalid'
  | 'note_not_author'
  | 'note_edit_window_closed'
  | 'amended_note_invalid'
  | 'appointment_not_planned'
  | 'appointment_not_started'
  | 'invitation_needs_email'
  | 'person_needs_email'
  | 'not_a_link_worker_of_site'
  | 'file_name_invalid'
  | 'file_empty'
  | 'file_too_large'
  | 'file_type_not_allowed'
  | 'file_content_mismatch'
  | 'document_removed'
  | 'idempotency_key_reused'
  | 'person_has_open_case'
  | 'person_already_anonymised'
  | 'erasure_not_confirmed'
  | 'csrf_failed'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unsupported_charset'
  | 'unsupported_content_encoding'
  | 'body_not_utf8'
  | 'route_not_found'
  | 'database_unavailable'
  | 'internal';

const statusByCode: Record<ErrorCode, number> = {
  database_unavailable: 503,
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  stale_version: 409,
  email_taken: 409,
  grant_exists: 409,
  site_required_for_role: 400,
  site_not_allowed_for_role: 400,
  invalid_credentials: 401,
  account_locked: 423,
  two_factor_code_required: 401,
  two_factor_code_invalid: 401,
  two_factor_setup_required: 403,
  two_factor_not_started: 409,
  two_factor_already_enabled: 409,
  two_factor_not_enabled: 409,
  two_factor_required_by_site: 409,
  sso_required: 403,
  current_password_wrong: 400,
  password_reused: 400,
  last_administrator: 409,
  directory_import_empty: 400,
  postal_code_unknown: 400,
  own_grant_refused: 403,
  invalid_transition: 409,
  reason_required: 400,
  consent_required: 400,
  too_few_contact_attempts: 409,
  case_closed: 409,
  case_not_accepted: 409,
  connection_case_closed: 409,
  not_a_duplicate: 400,
  merge_pick_invalid: 400,
  merge_contact_incomplete: 400,
  link_invalid: 404,
  link_expired: 410,
  link_used: 410,
  text_messages_off: 404,
  sign_in_code_invalid: 400,
  person_has_no_email: 409,
  person_request_handled: 409,
  reset_link_invalid: 400,
  self_referrals_closed: 400,
  hsds_record_invalid: 400,
  change_request_reviewed: 409,
  change_request_outdated: 409,
  date_in_future: 400,
  date_before_referral: 400,
  date_before_baseline: 400,
  date_after_follow_up: 400,
  measurement_exists: 409,
  measurement_voided: 409,
  answers_empty: 422,
  questionnaire_not_due: 409,
  report_grouping_exists: 409,
  jwks_invalid: 400,
  scope_invalid: 400,
  answer_invalid: 400,
  note_not_author: 403,
  note_edit_window_closed: 409,
  amended_note_invalid: 400,
  appointment_not_planned: 409,
  appointment_not_started: 409,
  invitation_needs_email: 400,
  person_needs_email: 400,
  not_a_link_worker_of_site: 400,
  file_name_invalid: 400,
  file_empty: 422,
  file_too_large: 413,
  file_type_not_allowed: 415,
  file_content_mismatch: 422,
  document_removed: 410,
  idempotency_key_reused: 422,
  person_has_open_case: 409,
  person_already_anonymised: 409,
  erasure_not_confirmed: 400,
  csrf_failed: 403,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unsupported_charset: 415,
  unsupported_content_encoding: 415,
  body_not_utf8: 400,
  route_not_found: 404,
  internal: 500,
};

/**
 * The record a refusal keeps someone from (a case, a connection, an emailed link...): set
 * where access to a person's record is decided, so the refusal is audited (features/audit).
 */
export type RefusedRecord = {
  subjectType: AuditSubjectType;
  subjectId?: string;
  siteId?: string | null;
};

/** The one error type services throw: a stable code, the field at fault, and message parameters. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly options: {
      field?: string;
      params?: Record<string, string | number>;
      refused?: RefusedRecord;
    } = {},
  ) {
    super(code);
    this.name = 'AppError';
    this.status = statusByCode[code];
  }
}

export const notFound = (refused?: RefusedRecord): AppError =>
  new AppError('not_found', refused ? { refused } : {});
export const forbidden = (refused?: RefusedRecord): AppError =>
  new AppError('forbidden', refused ? { refused } : {});
export const staleVersion = (): AppError => new AppError('stale_version', { field: 'version' });
