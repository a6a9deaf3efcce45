import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.PLAYWRIGHT_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;
/** A port `step` above the app's, wrapped to stay a valid unprivileged port. */
const portAbove = (step: number): number => ((port - 1024 + step) % (65_536 - 1024)) + 1024;
// The mail catcher's ports follow the app's, so two runs on different ports do not clash
// (npm test picks free ones and passes them).
const smtpPort = Number(process.env.PLAYWRIGHT_SMTP_PORT ?? portAbove(10_000));
const mailPort = Number(process.env.PLAYWRIGHT_MAIL_PORT ?? portAbove(20_000));
process.env.PLAYWRIGHT_MAIL_PORT = String(mailPort);
// Journeys that start app processes of their own send mail to the same catcher.
process.env.PLAYWRIGHT_SMTP_PORT = String(smtpPort);
// The text-message provider the app sends to (sms-catcher.ts, person-code-sign-in.spec.ts).
const smsPort = Number(process.env.PLAYWRIGHT_SMS_PORT ?? portAbove(40_000));
process.env.PLAYWRIGHT_SMS_PORT = String(smsPort);
const sms = {
  SMS_PROVIDER: 'twilio',
  SMS_API_URL: `http://127.0.0.1:${smsPort}`,
  SMS_ACCOUNT_SID: 'AC00000000000000000000000000000test',
  SMS_AUTH_TOKEN: 'catcher-auth-token',
  SMS_FROM: '+15145550100',
};
// The OpenID provider the app signs in through (single-sign-on.spec.ts).
const idpPort = Number(process.env.PLAYWRIGHT_IDP_PORT ?? portAbove(30_000));
const sso = {
  OIDC_ISSUER: `http://127.0.0.1:${idpPort}`,
  OIDC_CLIENT_ID: 'passerelle',
  OIDC_CLIENT_SECRET: 'browser-suite-client-secret',
  OIDC_BUTTON_LABEL: 'Test Health ID',
  OIDC_REQUIRED_AMR: 'mfa',
};
// The app's log of this run (serve:test's standard output), which log-scan.spec.ts reads last.
const appLog = `.test-output/app-${port}.log`;
process.env.PLAYWRIGHT_APP_LOG = appLog;

export default defineConfig({
  testDir: 'test/browser',
  outputDir: '.test-output/playwright-artifacts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Two shared cores: a journey that signs in several times can take a minute under load.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.test-output/playwright.json' }]],
  projects: [
    { name: 'journeys', testIgnore: 'log-scan.spec.ts', teardown: 'log scan' },
    // After every journey, passed or failed: no secret of the run may be in the app's log.
    { name: 'log scan', testMatch: 'log-scan.spec.ts' },
  ],
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    locale: 'en-CA',
    timezoneId: 'America/Toronto',
    actionTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium: `npx playwright install` cannot download browsers here.
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: [
    {
      // A real SMTP server on loopback that the app sends to; tests read it over HTTP.
      command: 'npx tsx test/browser/mail-catcher.ts',
      url: `http://127.0.0.1:${mailPort}/health`,
      env: { PLAYWRIGHT_SMTP_PORT: String(smtpPort), PLAYWRIGHT_MAIL_PORT: String(mailPort) },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: 'npx tsx test/browser/sms-catcher.ts',
      url: `http://127.0.0.1:${smsPort}/health`,
      env: { PLAYWRIGHT_SMS_PORT: String(smsPort) },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: 'npx tsx test/browser/identity-provider.ts',
      url: `${sso.OIDC_ISSUER}/.well-known/openid-configuration`,
      env: { PLAYWRIGHT_PORT: String(port), PLAYWRIGHT_IDP_PORT: String(idpPort) },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `mkdir -p .test-output && npm run serve:test > ${appLog}`,
      url: `${baseURL}/readyz`,
      env: {
        PLAYWRIGHT_PORT: String(port),
        PLAYWRIGHT_SMTP_PORT: String(smtpPort),
        ...sso,
        ...sms,
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
