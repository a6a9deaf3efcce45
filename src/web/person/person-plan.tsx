import { type FormEvent, type ReactElement, useEffect, useId, useState } from 'react';
import type { PersonPlan } from '../../shared/contracts/person-space';
import { addNote, markStepDone, PersonApiError, readPlan } from './person-api';
import { formatDay, formatMomentDay, type PersonLocale, type PersonTranslate } from './person-i18n';

type Props = { caseId: string; locale: PersonLocale; t: PersonTranslate };
type Said = { kind: 'status' | 'alert'; text: string } | null;

/** What went wrong, in words: the server's message when it gave one. */
function failure(error: unknown, t: PersonTranslate): string {
  return error instanceof PersonApiError && error.message ? error.message : t('actionFailed');
}

/** One case of the person's: their plan, steps they can mark done, their link worker, their notes. */
export function CasePlan({ caseId, locale, t }: Props): ReactElement {
  const [plan, setPlan] = useState<PersonPlan | 'failed' | null>(null);
  const [said, say] = useState<Said>(null);
  useEffect(() => {
    readPlan(caseId, locale).then(setPlan, () => setPlan('failed'));
    // The plan reads the same in either language: fetched once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseId]);
  if (plan === null) return <p role="status">{t('loading')}</p>;
  if (plan === 'failed') return <p role="alert">{t('loadFailed')}</p>;

  const done = async (stepId: string): Promise<void> => {
    say(null);
    try {
      setPlan(await markStepDone(caseId, stepId, locale));
      say({ kind: 'status', text: t('stepMarkedDone') });
    } catch (error) {
      say({ kind: 'alert', text: failure(error, t) });
    }
  };

  return (
    <>
      <p>{t('intro', { site: plan.siteName })}</p>
      <section aria-labelledby={`plan-${caseId}`}>
        <h2 id={`plan-${caseId}`}>{t('plan')}</h2>
        {plan.agreedOn && <p>{t('agreedOn', { date: formatDay(plan.agreedOn, locale) })}</p>}
        {!plan.canChange && <p>{t('closed')}</p>}
        {plan.goals.length === 0 && <p>{t('noGoals')}</p>}
        {plan.goals.map((goal, index) => (
          <Goal
            key={goal.id}
            goal={goal}
            number={index + 1}
            canChange={plan.canChange}
            onDone={(stepId) => void done(stepId)}
            locale={locale}
            t={t}
          />
        ))}
        <p role={said?.kind === 'alert' ? 'alert' : 'status'} className="said">
          {said?.text ?? ''}
        </p>
      </section>
      <LinkWorker plan={plan} t={t} />
      <Notes plan={plan} onAdded={setPlan} locale={locale} t={t} />
    </>
  );
}

function Goal({
  goal,
  number,
  canChange,
  onDone,
  locale,
  t,
}: {
  goal: PersonPlan['goals'][number];
  number: number;
  canChange: boolean;
  onDone: (stepId: string) => void;
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
              {canChange && !step.done && (
                <button type="button" onClick={() => onDone(step.id)}>
                  {t('markDone')}
                  <span className="visually-hidden">{t('markDoneWhich', { step: step.text })}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

function LinkWorker({ plan, t }: { plan: PersonPlan; t: PersonTranslate }): ReactElement {
  const id = `worker-${plan.caseId}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{t('linkWorker')}</h2>
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
  );
}

/** A note for the link worker, and the notes sent before. */
function Notes({
  plan,
  onAdded,
  locale,
  t,
}: {
  plan: PersonPlan;
  onAdded: (plan: PersonPlan) => void;
  locale: PersonLocale;
  t: PersonTranslate;
}): ReactElement {
  const id = useId();
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [said, say] = useState<Said>(null);
  const send = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    say(null);
    setSending(true);
    try {
      const note = await addNote(plan.caseId, body, locale);
      onAdded({ ...plan, notes: [note, ...plan.notes] });
      setBody('');
      say({ kind: 'status', text: t('noteSent') });
    } catch (error) {
      say({ kind: 'alert', text: failure(error, t) });
    } finally {
      setSending(false);
    }
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('noteHeading')}</h2>
      {plan.canChange && (
        <form onSubmit={(event) => void send(event)}>
          <label htmlFor={`${id}-body`}>{t('noteLabel')}</label>
          <p id={`${id}-help`} className="help">
            {t('noteHelp')}
          </p>
          <textarea
            id={`${id}-body`}
            aria-describedby={`${id}-help`}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            maxLength={2000}
            rows={4}
            required
          />
          <button type="submit" disabled={sending}>
            {t('sendNote')}
          </button>
        </form>
      )}
      <p role={said?.kind === 'alert' ? 'alert' : 'status'} className="said">
        {said?.text ?? ''}
      </p>
      {plan.notes.length > 0 && (
        <>
          <h3>{t('notesSent')}</h3>
          <ul className="notes">
            {plan.notes.map((note) => (
              <li key={note.id}>
                <p>{note.body}</p>
                <p className="help">
                  {t('sentOn', { date: formatMomentDay(note.createdAt, locale) })}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
