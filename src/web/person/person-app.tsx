import { lazy, type ReactElement, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { PersonSession } from '../../shared/contracts/person-space';
import { PersonApiError, readSession, saveLanguage, signInWithToken, signOut } from './person-api';
import { Activities } from './person-activities';
import { YourData } from './person-data';
import {
  browserLocale,
  formatMoment,
  type PersonLocale,
  type PersonTranslate,
  loadTranslator,
} from './person-i18n';
import { CasePlan } from './person-plan';
import { Questionnaires } from './person-questionnaires';

// Only a signed-out person meets it: a signed-in page does not load it.
const CodeSignIn = lazy(() =>
  import('./person-code-sign-in').then((module) => ({ default: module.CodeSignIn })),
);

/** How long an emailed sign-in link works (the server's personSignInLinkMinutes). */
const linkMinutes = 15;
const signInPath = '/me/sign-in';

type Phase =
  | { kind: 'loading' }
  | { kind: 'signed-out' }
  | { kind: 'link-failed'; message: string }
  | { kind: 'failed' }
  | { kind: 'ready'; session: PersonSession; savedAt?: string | null };

/**
 * The person's own space: signs in with the emailed link's token (from the address's
 * fragment, which no request carries, dropped from the address at once), then shows their
 * plan and how to reach their link worker.
 */
export function PersonApp(): ReactElement {
  const [locale, setLocale] = useState<PersonLocale>(browserLocale);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const t = useTranslator(locale);

  useEffect(() => {
    void start(locale).then((next) => {
      if (next.kind === 'ready') setLocale(next.session.locale);
      setPhase(next);
    });
    // Once, on opening: the language chosen later changes nothing of the session.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
    if (t) document.title = `${t('title')} · Passerelle`;
  }, [locale, t]);

  const leave = useCallback(async () => {
    await signOut(locale).catch(() => undefined);
    setPhase({ kind: 'signed-out' });
  }, [locale]);

  const other: PersonLocale = locale === 'fr' ? 'en' : 'fr';
  const switchLanguage = (): void => {
    setLocale(other);
    // Signed in, the choice is kept on their record: their emails follow it too.
    if (phase.kind === 'ready') void saveLanguage(other).catch(() => undefined);
  };
  // The first language's strings are a moment away: nothing to say until they come.
  if (!t) return <div className="shell" aria-busy="true" />;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('skipToContent')}
      </a>
      <header className="bar">
        <p className="brand">
          Passerelle <span className="space-name">{t('title')}</span>
        </p>
        <div className="actions">
          <button type="button" lang={other} onClick={switchLanguage}>
            {t('otherLanguage')}
          </button>
          {phase.kind === 'ready' && (
            <button type="button" onClick={() => void leave()}>
              {t('signOut')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <PhaseView
          phase={phase}
          locale={locale}
          t={t}
          onSignedIn={(session) => {
            setLocale(session.locale);
            setPhase({ kind: 'ready', session });
          }}
        />
      </main>
      <footer className="foot">
        <p>{t('sessionEnds')}</p>
      </footer>
    </div>
  );
}

/** The translator of the language shown; the previous one while a new language loads. */
function useTranslator(locale: PersonLocale): PersonTranslate | null {
  const [loaded, setLoaded] = useState<PersonTranslate | null>(null);
  useEffect(() => {
    let current = true;
    void loadTranslator(locale).then((t) => {
      if (current) setLoaded(() => t);
    });
    return () => {
      current = false;
    };
  }, [locale]);
  return loaded;
}

async function start(locale: PersonLocale): Promise<Phase> {
  if (window.location.pathname === signInPath) {
    const token = window.location.hash.slice(1);
    // The token leaves the address bar and the history before anything else happens.
    window.history.replaceState(null, '', '/me');
    if (!token) return { kind: 'signed-out' };
    try {
      return { kind: 'ready', session: await signInWithToken(token, locale) };
    } catch (error) {
      if (error instanceof PersonApiError && error.status < 500)
        return { kind: 'link-failed', message: error.message };
      return { kind: 'failed' };
    }
  }
  try {
    const read = await readSession(locale);
    return read ? { kind: 'ready', ...read } : { kind: 'signed-out' };
  } catch {
    return { kind: 'failed' };
  }
}

function PhaseView({
  phase,
  locale,
  t,
  onSignedIn,
}: {
  phase: Phase;
  locale: PersonLocale;
  t: PersonTranslate;
  onSignedIn: (session: PersonSession) => void;
}): ReactElement {
  switch (phase.kind) {
    case 'loading':
      return (
        <p role="status">{t(window.location.pathname === signInPath ? 'signingIn' : 'loading')}</p>
      );
    case 'signed-out':
      return (
        <Message title={t('signedOut')}>
          <p>{t('signedOutHelp', { minutes: linkMinutes })}</p>
          <Suspense fallback={null}>
            <CodeSignIn locale={locale} t={t} onSignedIn={onSignedIn} />
          </Suspense>
        </Message>
      );
    case 'link-failed':
      return (
        <Message title={t('linkFailed')}>
          <p>{phase.message}</p>
          <p>{t('linkFailedHelp', { minutes: linkMinutes })}</p>
          <Suspense fallback={null}>
            <CodeSignIn locale={locale} t={t} onSignedIn={onSignedIn} />
          </Suspense>
        </Message>
      );
    case 'failed':
      return (
        <Message title={t('loadFailed')}>
          <button type="button" onClick={() => window.location.reload()}>
            {t('retry')}
          </button>
        </Message>
      );
    case 'ready':
      return <Space session={phase.session} savedAt={phase.savedAt} locale={locale} t={t} />;
  }
}

function Message({
  title,
  children,
}: {
  title: string;
  children: (ReactElement | null)[] | ReactElement;
}): ReactElement {
  return (
    <>
      <Heading>{title}</Heading>
      {children}
    </>
  );
}

/** A page's one heading, focused when it appears so a screen reader starts there. */
function Heading({ children }: { children: string }): ReactElement {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

function Space({
  session,
  savedAt,
  locale,
  t,
}: {
  session: PersonSession;
  /** When the page shows the copy kept for offline reading: when it was read. */
  savedAt?: string | null;
  locale: PersonLocale;
  t: PersonTranslate;
}): ReactElement {
  return (
    <>
      <Heading>{t('hello', { name: session.givenName })}</Heading>
      {savedAt && (
        <p className="offline" role="status">
          {t('offline', { time: formatMoment(savedAt, locale) })}
        </p>
      )}
      {session.cases.length === 0 && <p>{t('noCases')}</p>}
      {session.cases.map((item) => (
        <div key={item.id}>
          <CasePlan caseId={item.id} locale={locale} t={t} />
          <Activities caseId={item.id} locale={locale} t={t} />
          <Questionnaires caseId={item.id} locale={locale} t={t} />
        </div>
      ))}
      <YourData caseId={session.cases[0]?.id ?? null} locale={locale} t={t} />
    </>
  );
}
