import { lazy, type ReactElement, Suspense, useEffect, useState } from 'react';
import type {
  PersonDueQuestionnaire,
  PersonQuestionnaires,
} from '../../shared/contracts/person-space';
import { readQuestionnaires } from './person-api';
import type { PersonLocale, PersonTranslate } from './person-i18n';

// The form, the thanks and the chart come when the person opens them: the first load stays small.
const Later = lazy(() => import('./person-questionnaire-form'));

type Props = { caseId: string; locale: PersonLocale; t: PersonTranslate };

/**
 * The questionnaires due on one case, answered here in the words written for the person
 * (those of the emailed questionnaire), and their own scores over time if they want them.
 */
export function Questionnaires({ caseId, locale, t }: Props): ReactElement {
  const [data, setData] = useState<PersonQuestionnaires | 'failed' | null>(null);
  const [sent, setSent] = useState<{ crisis: boolean } | null>(null);
  const [showScores, setShowScores] = useState(false);
  const load = (): void => {
    readQuestionnaires(caseId, locale).then(setData, () => setData('failed'));
  };
  // Read again in the language the person switches to: the questions are worded in it.
  useEffect(load, [caseId, locale]);
  const id = `questionnaires-${caseId}`;
  const loading = <p role="status">{t('loading')}</p>;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{t('questionnaires')}</h2>
      {sent && (
        <Suspense fallback={loading}>
          <Later show="thanks" crisis={sent.crisis} locale={locale} />
        </Suspense>
      )}
      {data === null && loading}
      {data === 'failed' && <p role="alert">{t('loadFailed')}</p>}
      {data !== null && data !== 'failed' && (
        <>
          {data.due.length === 0 && <p>{t('noQuestionnaires')}</p>}
          {data.due.map((due) => (
            <Due
              key={due.timepoint}
              caseId={caseId}
              due={due}
              locale={locale}
              t={t}
              onSent={(crisis) => {
                setSent({ crisis });
                load();
              }}
            />
          ))}
          <details className="scores" onToggle={(event) => setShowScores(event.currentTarget.open)}>
            <summary>{t('scoresShow')}</summary>
            {showScores && (
              <Suspense fallback={loading}>
                <Later show="scores" history={data.history} locale={locale} />
              </Suspense>
            )}
          </details>
        </>
      )}
    </section>
  );
}

function Due({
  caseId,
  due,
  locale,
  t,
  onSent,
}: {
  caseId: string;
  due: PersonDueQuestionnaire;
  locale: PersonLocale;
  t: PersonTranslate;
  onSent: (crisis: boolean) => void;
}): ReactElement {
  const [open, setOpen] = useState(false);
  const id = `due-${caseId}-${due.timepoint}`;
  return (
    <article className="goal" aria-labelledby={id}>
      <h3 id={id}>{t(`questionnaireAt.${due.timepoint}`)}</h3>
      {open ? (
        <Suspense fallback={<p role="status">{t('loading')}</p>}>
          <Later
            show="form"
            caseId={caseId}
            due={due}
            labelledBy={id}
            locale={locale}
            t={t}
            onSent={onSent}
          />
        </Suspense>
      ) : (
        <button type="button" onClick={() => setOpen(true)}>
          {t('answer')}
        </button>
      )}
    </article>
  );
}
