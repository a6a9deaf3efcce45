import path from 'node:path';
import { z } from 'zod';
import type { DatabaseTarget } from './db/client';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const claimName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be a claim name');
const claimValues = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((value) => value.trim())
      .filter((value) => value !== ''),
  )
  .pipe(z.array(z.string().max(200)).min(1, 'must name at least one value'));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Where the embedded database and the link secret live; ':memory:' keeps nothing (a throwaway database). */
  DATA_DIR: z.string().min(1).default('./data'),
  DEMO_DATA: z.enum(['auto', 'on', 'off']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: booleanFlag.optional(),
  TRUST_PROXY: booleanFlag.default(false),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(8 * 60),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SIGN_IN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  SIGN_IN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  /**
   * Map tiles for the directory's maps (a Leaflet URL template); OpenStreetMap's standard
   * tiles unless set, `off` for no tiles at all (the markers draw on a plain background).
   */
  MAP_TILE_URL: z
    .union([
      z.literal('off'),
      z
        .string()
        .regex(
          /^https?:\/\/[^/\s]+\/\S*\{z\}\S*\{x\}\S*\{y\}/,
          'must be an http(s) address with {z}, {x} and {y}, or off',
        ),
    ])
    .optional(),
  MAP_ATTRIBUTION: z.string().trim().min(1).max(500).optional(),
  /** Where emails are sent (smtp:// or smtps://, with user:password@ when needed); unset: none leave. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/\s]+/, 'must be an smtp:// or smtps:// address')
    .optional(),
  MAIL_FROM: z.string().trim().min(3).max(300).default('Passerelle <no-reply@passerelle.example>'),
  /** How often the outbox is emptied (milliseconds). */
  MAIL_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(5_000),
  /** Text messages to people (sign-in codes, reminders): the provider; unset, no SMS channel. */
  SMS_PROVIDER: z.enum(['twilio']).optional(),
  /** The provider's API root (Twilio's unless set; tests point it at a local server). */
  SMS_API_URL: z
    .string()
    .regex(/^https?:\/\/[^/\s]+\/?$/, 'must be an http(s) address without a path')
    .default('https://api.twilio.com'),
  SMS_ACCOUNT_SID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{8,64}$/, 'must be the account identifier (letters and digits)')
    .optional(),
  SMS_AUTH_TOKEN: z.string().min(8, 'must be at least 8 characters').max(200).optional(),
  /** The sending number (E.164) or alphanumeric sender id messages come from. */
  SMS_FROM: z
    .string()
    .trim()
    .regex(/^(\+[1-9]\d{6,14}|[A-Za-z0-9 ]{1,11})$/, 'must be an E.164 number or a sender name')
    .optional(),
  /** Signs the links sent by email; without it, a secret kept in DATA_DIR (see README). */
  LINK_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Submissions per minute per address on public forms (self-referral). */
  PUBLIC_FORM_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(5),
  ACTION_LINK_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(60),
  /** Days after which a listing not confirmed (or changed) since is flagged as possibly stale. */
  DIRECTORY_STALE_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** How often the report summaries take in the cases changed since (milliseconds). */
  REPORTS_REFRESH_MS: z.coerce.number().int().min(200).max(86_400_000).default(60_000),
  /** How often FHIR Subscription notifications are matched and sent (milliseconds). */
  FHIR_NOTIFY_MS: z.coerce.number().int().min(100).max(3_600_000).default(1_000),
  /**
   * Lets a FHIR Subscription notify a loopback address (127.0.0.0/8, ::1), over http too: for
   * tests and development only, never honoured in production.
   */
  FHIR_SUBSCRIPTION_LOOPBACK: booleanFlag.default(false),
  /** The bearer token a Prometheus scraper shows at /metrics; unset, /metrics is not served. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Single sign-on (OpenID Connect): the provider's issuer; unset, only passwords sign in. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  /** The claim holding the account's email (Entra ID without the email claim: preferred_username). */
  OIDC_EMAIL_CLAIM: claimName.default('email'),
  /** The boolean claim that says the provider checked that email (Entra ID: xms_edov). */
  OIDC_EMAIL_VERIFIED_CLAIM: claimName.default('email_verified'),
  /** The provider's name on the sign-in button ("Sign in with …"). */
  OIDC_BUTTON_LABEL: z.string().trim().min(1).max(80).default('SSO'),
  /** Space-separated scopes asked for; openid is always among them. */
  OIDC_SCOPES: z
    .string()
    .trim()
    .regex(
      /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/,
      'must be scopes separated by spaces',
    )
    .default('openid email profile'),
  /** Comma-separated amr values of which the ID token must carry at least one (e.g. mfa). */
  OIDC_REQUIRED_AMR: claimValues.optional(),
  /** Comma-separated acr values one of which the ID token must carry (also asked for as acr_values). */
  OIDC_REQUIRED_ACR: claimValues.optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string | undefined;
  database: DatabaseTarget;
  demoData: 'auto' | 'on' | 'off';
  logLevel: string;
  cookieSecure: boolean;
  trustProxy: boolean;
  session: { idleMinutes: number; maxHours: number };
  signIn: { maxFailures: number; lockMinutes: number; ratePerMinute: number };
  map: { tileUrl: string | undefined; attribution: string | undefined };
  mail: { smtpUrl: string | undefined; from: string; pollMs: number };
  /** Text messages through a provider's HTTP API (platform/sms); undefined: no SMS channel. */
  sms: SmsSettings | undefined;
  reports: { refreshMs: number };
  /** FHIR Subscription notifications: how often they run, whether loopback endpoints may be used. */
  fhirNotify: { everyMs: number; allowLoopback: boolean };
  links: {
    /** LINK_SIGNING_SECRET when set. */
    signingSecret: string | undefined;
    /** Otherwise the file that keeps a generated secret; undefined: a new secret per process. */
    secretFile: string | undefined;
  };
  publicForms: { ratePerMinute: number };
  actionLinks: { ratePerMinute: number };
  directory: { staleAfterDays: number };
  metrics: { token: string | undefined };
  /** OpenID Connect sign-in beside passwords (features/accounts/sso-*.ts); undefined: off. */
  sso: SsoSettings | undefined;
};

export type SsoSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  emailClaim: string;
  emailVerifiedClaim: string;
  buttonLabel: string;
  scopes: string;
  /** Empty: the provider's sign-in is taken as it is. */
  requiredAmr: readonly string[];
  requiredAcr: readonly string[];
};

export type SmsSettings = {
  provider: 'twilio';
  apiUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
};

const smsVariables = ['SMS_ACCOUNT_SID', 'SMS_AUTH_TOKEN', 'SMS_FROM'] as const;

/** A provider with all of its settings, or none of them: a half-set channel is said at start. */
function smsOf(e: z.infer<typeof EnvSchema>): SmsSettings | undefined {
  const set = smsVariables.filter((name) => e[name] !== undefined);
  if (!e.SMS_PROVIDER && set.length === 0) return undefined;
  const missing = [
    ...(e.SMS_PROVIDER ? [] : ['SMS_PROVIDER']),
    ...smsVariables.filter((name) => e[name] === undefined),
  ];
  if (!e.SMS_PROVIDER || !e.SMS_ACCOUNT_SID || !e.SMS_AUTH_TOKEN || !e.SMS_FROM)
    throw new ConfigError(
      `Invalid configuration:\n${missing.map((name) => `  ${name}: required with the other SMS_ settings`).join('\n')}`,
    );
  return {
    provider: e.SMS_PROVIDER,
    apiUrl: e.SMS_API_URL.replace(/\/$/, ''),
    accountSid: e.SMS_ACCOUNT_SID,
    authToken: e.SMS_AUTH_TOKEN,
    from: e.SMS_FROM,
  };
}

/** OpenStreetMap's standard tiles: usable as they are, under its tile usage policy. */
export const openStreetMapTiles = {
  tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  attribution: '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>',
} as const;

/**
 * Unset: OpenStreetMap's tiles with their attribution; `off`: none; an address: that one,
 * with the attribution given (or none).
 */
function mapTilesOf(tileUrl: string | undefined, attribution: string | undefined): Config['map'] {
  if (tileUrl === 'off') return { tileUrl: undefined, attribution: undefined };
  if (tileUrl === undefined) {
    return {
      tileUrl: openStreetMapTiles.tileUrl,
      attribution: attribution ?? openStreetMapTiles.attribution,
    };
  }
  return { tileUrl, attribution };
}

/** All three of issuer and client id, or none: a half-set provider is a mistake, said at start. */
function ssoOf(e: z.infer<typeof EnvSchema>): SsoSettings | undefined {
  if (!e.OIDC_ISSUER && !e.OIDC_CLIENT_ID) return undefined;
  if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID)
    throw new ConfigError(
      `Invalid configuration:\n  ${e.OIDC_ISSUER ? 'OIDC_CLIENT_ID' : 'OIDC_ISSUER'}: required with ${e.OIDC_ISSUER ? 'OIDC_ISSUER' : 'OIDC_CLIENT_ID'}`,
    );
  const scopes = new Set(e.OIDC_SCOPES.split(' '));
  scopes.add('openid');
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    emailClaim: e.OIDC_EMAIL_CLAIM,
    emailVerifiedClaim: e.OIDC_EMAIL_VERIFIED_CLAIM,
    buttonLabel: e.OIDC_BUTTON_LABEL,
    scopes: [...scopes].join(' '),
    requiredAmr: e.OIDC_REQUIRED_AMR ?? [],
    requiredAcr: e.OIDC_REQUIRED_ACR ?? [],
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The only reader of process.env: a bad setting stops the start and names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = e.DATA_DIR === ':memory:' ? undefined : path.resolve(e.DATA_DIR);
  // Several processes sharing one PostgreSQL server must sign links with one secret.
  if (e.NODE_ENV === 'production' && e.DATABASE_URL && !e.LINK_SIGNING_SECRET)
    throw new ConfigError(
      'Invalid configuration:\n  LINK_SIGNING_SECRET: required in production with DATABASE_URL',
    );
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL,
    database: e.DATABASE_URL
      ? { kind: 'server', url: e.DATABASE_URL }
      : { kind: 'embedded', dataDir },
    demoData: e.DEMO_DATA,
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === 'production',
    trustProxy: e.TRUST_PROXY,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS },
    signIn: {
      maxFailures: e.SIGN_IN_MAX_FAILURES,
      lockMinutes: e.SIGN_IN_LOCK_MINUTES,
      ratePerMinute: e.SIGN_IN_RATE_PER_MINUTE,
    },
    map: mapTilesOf(e.MAP_TILE_URL, e.MAP_ATTRIBUTION),
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, pollMs: e.MAIL_POLL_MS },
    sms: smsOf(e),
    links: {
      signingSecret: e.LINK_SIGNING_SECRET,
      secretFile: dataDir ? path.join(dataDir, 'link-signing-secret') : undefined,
    },
    publicForms: { ratePerMinute: e.PUBLIC_FORM_RATE_PER_MINUTE },
    actionLinks: { ratePerMinute: e.ACTION_LINK_RATE_PER_MINUTE },
    directory: { staleAfterDays: e.DIRECTORY_STALE_AFTER_DAYS },
    reports: { refreshMs: e.REPORTS_REFRESH_MS },
    fhirNotify: {
      everyMs: e.FHIR_NOTIFY_MS,
      allowLoopback: e.FHIR_SUBSCRIPTION_LOOPBACK && e.NODE_ENV !== 'production',
    },
    metrics: { token: e.METRICS_TOKEN },
    sso: ssoOf(e),
  };
}
