import { z } from 'zod';
import { roles } from '../roles';
import { Id, LocaleSchema } from './common';

export const passwordMinLength = 12;
export const Password = z.string().min(passwordMinLength).max(200);
export const Email = z.email().max(254);
export const TotpCode = z.string().regex(/^\d{6}$/, 'totp_code_format');

export const SignInBody = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
  code: TotpCode.optional(),
});
export type SignInBody = z.infer<typeof SignInBody>;

/** Someone who forgot their password asks for a link by email. */
export const PasswordResetRequestBody = z.object({ email: Email });
export type PasswordResetRequestBody = z.infer<typeof PasswordResetRequestBody>;

/** The emailed link's token, and the new password (the same rule as everywhere). */
export const PasswordResetBody = z.object({
  token: z.string().min(1).max(200),
  newPassword: Password,
});
export type PasswordResetBody = z.infer<typeof PasswordResetBody>;

export const RoleGrant = z.object({
  id: Id,
  role: z.enum(roles),
  siteId: Id.nullable(),
  siteName: z.string().nullable(),
});
export type RoleGrant = z.infer<typeof RoleGrant>;

export const Permissions = z.object({
  manageAccounts: z.boolean(),
  manageOrganisations: z.boolean(),
  manageSites: z.boolean(),
  readAudit: z.boolean(),
  /** See the emails given up on and send them again (administrators). */
  manageEmails: z.boolean(),
  searchDirectory: z.boolean(),
  /** Keep their organisation's directory listings (partner staff). */
  editListings: z.boolean(),
  /** Review the changes partners propose to listings. */
  moderateListings: z.boolean(),
  /** Import and export the whole directory. */
  manageDirectory: z.boolean(),
  workOnCases: z.boolean(),
  makeReferrals: z.boolean(),
  /** Answer the connections sent to their organisation (partner staff). */
  answerConnections: z.boolean(),
  /** Read evaluation reports: site managers (their sites), evaluators and administrators. */
  readReports: z.boolean(),
});
export type Permissions = z.infer<typeof Permissions>;

export const CurrentAccount = z.object({
  id: Id,
  email: z.string(),
  displayName: z.string(),
  locale: LocaleSchema.nullable(),
  twoFactorEnabled: z.boolean(),
  grants: z.array(RoleGrant),
});
export type CurrentAccount = z.infer<typeof CurrentAccount>;

export const SessionView = z.object({
  account: CurrentAccount,
  csrfToken: z.string(),
  twoFactorSetupRequired: z.boolean(),
  permissions: Permissions,
});
export type SessionView = z.infer<typeof SessionView>;

export const UpdateMeBody = z
  .object({
    displayName: z.string().trim().min(1).max(120).optional(),
    locale: LocaleSchema.nullable().optional(),
  })
  .strict();
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: Password,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const TwoFactorSetup = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrCodeSvg: z.string(),
});
export type TwoFactorSetup = z.infer<typeof TwoFactorSetup>;

export const EnableTwoFactorBody = z.object({ code: TotpCode });
export type EnableTwoFactorBody = z.infer<typeof EnableTwoFactorBody>;

export const DisableTwoFactorBody = z.object({
  password: z.string().min(1).max(200),
  code: TotpCode,
});
export type DisableTwoFactorBody = z.infer<typeof DisableTwoFactorBody>;

/**
 * Why a single sign-on came back refused: the callback sends the browser to
 * /sign-in?sso_error=<refusal>, and the sign-in page says it in the user's language.
 */
export const SsoRefusal = z.enum([
  'account_unknown',
  'email_unverified',
  'second_factor_missing',
  'failed',
]);
export type SsoRefusal = z.infer<typeof SsoRefusal>;

/** Where to land after signing in: a path of this app, never another site. */
export const ReturnPath = z
  .string()
  .max(2000)
  .regex(/^\/(?![/\\])[^\s]*$/, 'must be a path of this site');

export const SsoStartQuery = z.object({ returnTo: ReturnPath.optional() }).strict();
export type SsoStartQuery = z.infer<typeof SsoStartQuery>;

/** The provider's answer as it reaches the callback; checked in full by openid-client. */
export const SsoCallbackQuery = z.object({
  state: z.string().max(500).optional(),
  code: z.string().max(4000).optional(),
  error: z.string().max(500).optional(),
  error_description: z.string().max(2000).optional(),
  iss: z.string().max(2000).optional(),
  session_state: z.string().max(2000).optional(),
});
export type SsoCallbackQuery = z.infer<typeof SsoCallbackQuery>;

/** After sign-out: where the browser goes to end the provider's session too, if anywhere. */
export const SignOutResult = z.object({ providerSignOutUrl: z.url().nullable() });
export type SignOutResult = z.infer<typeof SignOutResult>;
