import { type FormEvent, type ReactElement, useEffect, useRef, useState } from 'react';
import type {
  PersonDueQuestionnaire,
  PersonScoreHistory,
} from '../../shared/contracts/person-space';
import { answerQuestionnaire, PersonApiError } from './person-api';
import type { PersonLocale, PersonTranslate } from './person-i18n';
import { outcomesTranslator } from './person-outcomes-i18n';
import { Scores } from './person-scores';

type Answers = Record<string, Record<string, number | null>>;

/**
 * The questions due at one timepoint, all on one page, in the words of the emailed
 * questionnaire; any may be left unanswered. Loaded when the person opens it.
 */
export function QuestionnaireForm({
  caseId,
  due,
  labelledBy,
  locale,
  t,
  onSent,
}: {
  caseId: string;
  due: PersonDueQuestionnaire;
  labelledBy: string;
  locale: PersonLocale;
  t: PersonTranslate;
  onSent: (crisis: boolean) => void;
}): ReactElement {
  const say = outcomesTranslator(locale);
  const [answers, setAnswers] = useState<Answers>({});
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const send = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setFailed(null);
    setSending(true);
    try {
      const answered = await answerQuestionnaire(caseId, due.timepoint, { answers }, locale);
      onSent(answered.showCrisisSupport);
    } catch (error) {
      setSending(false);
      setFailed(
        error instanceof PersonApiError && error.message ? error.message : t('actionFailed'),
      );
    }
  };
  const choose = (instrumentId: string, itemId: string, value: number): void =>
    setAnswers((current) => ({
      ...current,
      [instrumentId]: { ...current[instrumentId], [itemId]: value },
    }));
  return (
    <form onSubmit={(event) => void send(event)} aria-labelledby={labelledBy}>
      <p className="help">{say('answerHelp')}</p>
      {due.instruments.map((instrument) => (
        <div key={instrument.instrumentId} className="instrument">
          {instrument.instructions && <p>{instrument.instructions}</p>}
          {instrument.items.map((item) => (
            <fieldset key={item.id} className="item">
              <legend>{item.text}</legend>
              {item.options.map((option) => (
                <label key={option.value} className="choice">
                  <input
                    type="radio"
                    name={`${labelledBy}-${instrument.instrumentId}-${item.id}`}
                    value={option.value}
                    checked={answers[instrument.instrumentId]?.[item.id] === option.value}
                    onChange={() => choose(instrument.instrumentId, item.id, option.value)}
                  />
                  {option.label}
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      ))}
      <p role="alert" className="said">
        {failed ?? ''}
      </p>
      <button type="submit" disabled={sending}>
        {say('questionnaire.submit')}
      </button>
    </form>
  );
}

/** Thanks, and where to find help at once when an answer raised an alert; focused on arrival. */
export function Thanks({
  crisis,
  locale,
}: {
  crisis: boolean;
  locale: PersonLocale;
}): ReactElement {
  const say = outcomesTranslator(locale);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} className="thanks">
      {crisis && (
        <div role="alert" className="crisis">
          <h3>{say('questionnaire.crisisTitle')}</h3>
          <p>{say('questionnaire.crisis')}</p>
        </div>
      )}
      <p role="status" className="said">
        {say('questionnaire.thanks')}
      </p>
    </div>
  );
}

type FormProps = Parameters<typeof QuestionnaireForm>[0];

/** What the person's questionnaires load when opened: the form, the thanks, or their scores. */
export default function Later(
  props:
    | ({ show: 'form' } & FormProps)
    | { show: 'thanks'; crisis: boolean; locale: PersonLocale }
    | { show: 'scores'; history: PersonScoreHistory[]; locale: PersonLocale },
): ReactElement {
  switch (props.show) {
    case 'form':
      return <QuestionnaireForm {...props} />;
    case 'thanks':
      return <Thanks crisis={props.crisis} locale={props.locale} />;
    case 'scores':
      return <Scores history={props.history} locale={props.locale} />;
  }
}
