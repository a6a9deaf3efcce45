import { type ReactElement, useCallback, useEffect, useRef, useState } from 'react';
import type { PersonPlan, PersonSession } from '../../shared/contracts/person-space';
import { PersonApiError, readPlan, readSession, signInWithToken, signOut } from './person-api';
import {
  browserLocale,
  formatDay,
  type PersonLocale,
  type PersonTranslate,
  translatorFor,
} from './person-i18n';

/** How long an emailed sign-in link works (the server's personSignInLinkMinutes). */
const linkMinutes = 15;
const signInPath = '/me/sign-in';

type Phase =
  | { kind: 'loading' }
  | { kind: 'signed-out' }
  | { kind: 'link-failed'; message: string }
  | { kind: 'failed' }
  | { kind: 'ready'; session: PersonSession };

/**
 * The person's own space: signs in with the emailed link's token (from the address's
 * fragment, which no request carries, dropped from the address at once), then shows their
 * plan and how to reach their link worker.
 */
export function PersonApp(): ReactElement {
  const [locale, setLocale] = useState<PersonLocale>(browserLocale);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const t = translatorFor(locale);

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
    document.title = `${t('title')} · Passerelle`;
  }, [locale, t]);

  const leave = useCallback(async () => {
    await signOut(locale).catch(() => undefined);
    setPhase({ kind: 'signed-out' });
  }, [locale]);

  const other: PersonLocale = locale === 'fr' ? 'en' : 'fr';
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
          <button type="button" lang={other} onClick={() => setLocale(other)}>
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
        <PhaseView phase={phase} locale={locale} t={t} />
      </main>
      <footer className="foot">
        <p>{t('sessionEnds')}</p>
      </footer>
    </div>
  );
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
    const session = await readSession(locale);
    return session ? { kind: 'ready', session } : { kind: 'signed-out' };
  } catch {
    return { kind: 'failed' };
  }
}

function PhaseView({
  phase,
  locale,
  t,
}: {
  phase: Phase;
  locale: PersonLocale;
  t: PersonTranslate;
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
        </Message>
      );
    case 'link-failed':
      return (
        <Message title={t('linkFailed')}>
          <p>{phase.message}</p>
          <p>{t('linkFailedHelp', { minutes: linkMinutes })}</p>
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
      return <Space session={phase.session} locale={locale} t={t} />;
  }
}

/** A page's one heading, focused when it appears so a screen reader starts there. */
function Message({
  title,
  children,
}: {
  title: string;
  children: ReactElement | ReactElement[];
}): ReactElement {
  return (
    <>
      <Heading>{title}</Heading>
      {children}
    </>
  );
}

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
  locale,
  t,
}: {
  session: PersonSession;
  locale: PersonLocale;
  t: PersonTranslate;
}): ReactElement {
  return (
    <>
      <Heading>{t('hello', { name: session.givenName })}</Heading>
      {session.cases.length === 0 && <p>{t('noCases')}</p>}
      {session.cases.map((item) => (
        <CasePlan key={item.id} caseId={item.id} locale={locale} t={t} />
      ))}
    </>
  );
}

function CasePlan({
  caseId,
  locale,
  t,
}: {
  caseId: string;
  locale: PersonLocale;
  t: PersonTranslate;
}): ReactElement {
  const [plan, setPlan] = useState<PersonPlan | 'failed' | null>(null);
  useEffect(() => {
    readPlan(caseId, locale).then(setPlan, () => setPlan('failed'));
    // The plan reads the same in either language: fetched once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseId]);
  if (plan === null) return <p role="status">{t('loading')}</p>;
  if (plan === 'failed') return <p role="alert">{t('loadFailed')}</p>;
  return (
    <>
      <p>{t('intro', { site: plan.siteName })}</p>
      <section aria-labelledby={`plan-${caseId}`}>
        <h2 id={`plan-${caseId}`}>{t('plan')}</h2>
        {plan.agreedOn && <p>{t('agreedOn', { date: formatDay(plan.agreedOn, locale) })}</p>}
        {plan.goals.length === 0 && <p>{t('noGoals')}</p>}
        {plan.goals.map((goal, index) => (
          <Goal key={goal.id} goal={goal} number={index + 1} locale={locale} t={t} />
        ))}
      </section>
      <section aria-labelledby={`worker-${caseId}`}>
        <h2 id={`worker-${caseId}`}>{t('linkWorker')}</h2>
        {plan.linkWorker ? (
          <>
            <p>
              {t('linkWorkerAt', {
                name: plan.linkWorker.name,
                site: plan.siteName,
                organisation: plan.organisationName,
              })}
            </p>
            <p>
              <a href={`mailto:${plan.linkWorker.email}`}>
                {t('writeTo', { name: plan.linkWorker.name, email: plan.linkWorker.email })}
              </a>
            </p>
          </>
        ) : (
          <p>{t('noLinkWorker', { site: plan.siteName })}</p>
        )}
      </section>
    </>
  );
}

function Goal({
  goal,
  number,
  locale,
  t,
}: {
  goal: PersonPlan['goals'][number];
  number: number;
  locale: PersonLocale;
  t: PersonTranslate;
}): ReactElement {
  return (
    <article className="goal" aria-labelledby={`goal-${goal.id}`}>
      <h3 id={`goal-${goal.id}`}>
        <span className="goal-number">{t('goal', { number })}</span> {goal.text}
      </h3>
      {goal.steps.length === 0 ? (
        <p>{t('noSteps')}</p>
      ) : (
        <ul className="steps" aria-label={t('steps')}>
          {goal.steps.map((step) => (
            <li key={step.id} className={step.done ? 'step done' : 'step'}>
              <p className="step-text">{step.text}</p>
              <dl>
                <div>
                  <dt>{t('who')}</dt>
                  <dd>{t(`owners.${step.owner}`)}</dd>
                </div>
                {step.dueOn && (
                  <div>
                    <dt>{t('byWhen')}</dt>
                    <dd>{formatDay(step.dueOn, locale)}</dd>
                  </div>
                )}
                <div>
                  <dt>{t('status')}</dt>
                  <dd className="status">{step.done ? `✓ ${t('done')}` : t('toDo')}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
