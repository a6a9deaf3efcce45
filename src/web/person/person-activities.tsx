import { type FormEvent, type ReactElement, useEffect, useId, useState } from 'react';
import type { PersonActivity, PersonSays } from '../../shared/contracts/person-space';
import { costsInWords, scheduleInWords } from '../../shared/listing-words';
import { semicolonList } from '../../shared/typography';
import { PersonApiError, readActivities, sayOfActivity } from './person-api';
import { formatDay, formatMomentDay, type PersonLocale, type PersonTranslate } from './person-i18n';

type Props = { caseId: string; locale: PersonLocale; t: PersonTranslate };
type Said = { kind: 'status' | 'alert'; text: string } | null;
const sayings: readonly PersonSays[] = ['went', 'stopped', 'something_else'];

/** The person's activities on one case: what, where, when, cost, contact, where it stands. */
export function Activities({ caseId, locale, t }: Props): ReactElement {
  const [items, setItems] = useState<PersonActivity[] | 'failed' | null>(null);
  useEffect(() => {
    readActivities(caseId, locale).then(
      (list) => setItems(list.items),
      () => setItems('failed'),
    );
    // Schedules and costs are worded on the page; the listing's own text comes once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseId]);
  const id = `activities-${caseId}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{t('activities')}</h2>
      {items === null && <p role="status">{t('loading')}</p>}
      {items === 'failed' && <p role="alert">{t('loadFailed')}</p>}
      {Array.isArray(items) && items.length === 0 && <p>{t('noActivities')}</p>}
      {Array.isArray(items) &&
        items.map((activity) => (
          <Activity
            key={activity.id}
            caseId={caseId}
            activity={activity}
            onChanged={setItems}
            locale={locale}
            t={t}
          />
        ))}
    </section>
  );
}

function costWords(activity: PersonActivity, locale: PersonLocale, t: PersonTranslate): string {
  const costs = costsInWords(activity.costs, locale, t('free'));
  return costs.length > 0 ? semicolonList(locale, costs) : (activity.feesDescription ?? '');
}

function Activity({
  caseId,
  activity,
  onChanged,
  locale,
  t,
}: {
  caseId: string;
  activity: PersonActivity;
  onChanged: (items: PersonActivity[]) => void;
  locale: PersonLocale;
  t: PersonTranslate;
}): ReactElement {
  const id = useId();
  const where = activity.places
    .map((place) => [place.name, place.address].filter(Boolean).join(', '))
    .filter(Boolean);
  const scheduleWords = {
    say: t,
    hours: (opens: string, closes: string) => t('hours', { opens, closes }),
  };
  const when = activity.schedules
    .map((schedule) => scheduleInWords(schedule, scheduleWords, locale, ', '))
    .filter((words): words is string => Boolean(words));
  const cost = costWords(activity, locale, t);
  const { phones, email, url } = activity.contact;
  const rows: [string, ReactElement | string][] = [];
  if (where.length > 0) rows.push([t('where'), semicolonList(locale, where)]);
  if (activity.startsOn) rows.push([t('startsOn'), formatDay(activity.startsOn, locale)]);
  if (when.length > 0) rows.push([t('when'), semicolonList(locale, when)]);
  if (cost) rows.push([t('cost'), cost]);
  if (phones.length > 0 || email || url)
    rows.push([
      t('contact'),
      <>
        {phones.map((phone) => (
          <a key={phone} href={`tel:${phone.replace(/[^\d+]/g, '')}`}>
            {phone}
          </a>
        ))}
        {email && <a href={`mailto:${email}`}>{email}</a>}
        {url && (
          <a href={url} rel="noreferrer noopener" target="_blank">
            {url}
          </a>
        )}
      </>,
    ]);
  return (
    <article className="goal activity" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>
        {activity.activity}
        <span className="goal-number">{activity.organisationName}</span>
      </h3>
      <p className="badge">{t(`activityStatus.${activity.status}`)}</p>
      {activity.description && <p>{activity.description}</p>}
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {activity.partnerMessage && (
        <p>
          <strong>{t('theySaid')}</strong> {activity.partnerMessage}
        </p>
      )}
      {activity.said.length > 0 && (
        <ul className="notes">
          {activity.said.map((said) => (
            <li key={said.at}>
              <p>
                {t('youSaid', {
                  date: formatMomentDay(said.at, locale),
                  said: t(`saidWords.${said.said}`),
                })}
              </p>
              {said.reason && <p className="help">{said.reason}</p>}
            </li>
          ))}
        </ul>
      )}
      {activity.canSay && (
        <SayForm caseId={caseId} activity={activity} onChanged={onChanged} locale={locale} t={t} />
      )}
    </article>
  );
}

/** "I went", "I stopped" (why) or "I'd like something else": told to the link worker. */
function SayForm({
  caseId,
  activity,
  onChanged,
  locale,
  t,
}: {
  caseId: string;
  activity: PersonActivity;
  onChanged: (items: PersonActivity[]) => void;
  locale: PersonLocale;
  t: PersonTranslate;
}): ReactElement {
  const id = useId();
  const [said, setSaid] = useState<PersonSays>('went');
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [message, say] = useState<Said>(null);
  const send = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    say(null);
    setSending(true);
    try {
      const trimmed = reason.trim();
      const list = await sayOfActivity(
        caseId,
        activity.id,
        { said, ...(trimmed ? { reason: trimmed } : {}) },
        locale,
      );
      setReason('');
      onChanged(list.items);
      say({ kind: 'status', text: t('saidSent') });
    } catch (error) {
      say({
        kind: 'alert',
        text: error instanceof PersonApiError && error.message ? error.message : t('actionFailed'),
      });
    } finally {
      setSending(false);
    }
  };
  return (
    <form onSubmit={(event) => void send(event)}>
      <fieldset>
        <legend>
          {t('tellUs')}
          <span className="visually-hidden">: {activity.activity}</span>
        </legend>
        {sayings.map((saying) => (
          <label key={saying} className="choice">
            <input
              type="radio"
              name={`${id}-said`}
              value={saying}
              checked={said === saying}
              onChange={() => setSaid(saying)}
            />
            {t(`saidWords.${saying}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-reason`}>{t('why')}</label>
      <textarea
        id={`${id}-reason`}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        maxLength={1000}
        rows={3}
        required={said === 'stopped'}
      />
      <button type="submit" disabled={sending}>
        {t('send')}
      </button>
      <p role={message?.kind === 'alert' ? 'alert' : 'status'} className="said">
        {message?.text ?? ''}
      </p>
    </form>
  );
}
