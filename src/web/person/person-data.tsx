import { type FormEvent, type ReactElement, useEffect, useId, useState } from 'react';
import type {
  PersonConsents,
  PersonConsentScope,
  PersonRecordAccess,
  PersonRecordAccessList,
  PersonRequest,
} from '../../shared/contracts/person-space';
import {
  PersonApiError,
  readAccesses,
  readConsents,
  readRequests,
  sendRequest,
  withdrawConsent,
} from './person-api';
import { formatMomentDay, listOf, type PersonLocale, type PersonTranslate } from './person-i18n';

type Props = { caseId: string | null; locale: PersonLocale; t: PersonTranslate };
type Said = { kind: 'status' | 'alert'; text: string } | null;

function failure(error: unknown, t: PersonTranslate): string {
  return error instanceof PersonApiError && error.message ? error.message : t('actionFailed');
}

function Message({ said }: { said: Said }): ReactElement {
  return (
    <p role={said?.kind === 'alert' ? 'alert' : 'status'} className="said">
      {said?.text ?? ''}
    </p>
  );
}

/** The person's rights over their data: consents, who opened their record, corrections. */
export function YourData({ caseId, locale, t }: Props): ReactElement {
  return (
    <section aria-labelledby="your-data" className="your-data">
      <h2 id="your-data">{t('yourData')}</h2>
      <Download t={t} />
      <Consents locale={locale} t={t} />
      {caseId && <Requests caseId={caseId} locale={locale} t={t} />}
      <Accesses locale={locale} t={t} />
    </section>
  );
}

/** Everything Passerelle holds about the person: a page in their language, or the JSON file. */
function Download({ t }: { t: PersonTranslate }): ReactElement {
  return (
    <>
      <h3>{t('downloadData')}</h3>
      <p className="help">{t('downloadHelp')}</p>
      <p className="downloads">
        <a
          className="button-link"
          href="/api/person/record?format=html"
          target="_blank"
          rel="noopener"
        >
          {t('readablePage')}
        </a>
        <a className="button-link" href="/api/person/record?format=json" download>
          {t('jsonFile')}
        </a>
      </p>
    </>
  );
}

const scopes: { scope: PersonConsentScope; key: keyof PersonConsents }[] = [
  { scope: 'referrer_updates', key: 'referrerUpdates' },
  { scope: 'partner_sharing', key: 'partnerSharing' },
];

/** What the person agreed to, each part withdrawable at once, after a second thought. */
function Consents({ locale, t }: { locale: PersonLocale; t: PersonTranslate }): ReactElement {
  const [consents, setConsents] = useState<PersonConsents | 'failed' | null>(null);
  const [asking, setAsking] = useState<PersonConsentScope | null>(null);
  const [said, say] = useState<Said>(null);
  useEffect(() => {
    readConsents(locale).then(setConsents, () => setConsents('failed'));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const withdraw = async (scope: PersonConsentScope): Promise<void> => {
    say(null);
    try {
      setConsents(await withdrawConsent(scope, locale));
      setAsking(null);
      say({ kind: 'status', text: t('withdrawn') });
    } catch (error) {
      say({ kind: 'alert', text: failure(error, t) });
    }
  };
  return (
    <>
      <h3 id="consents">{t('consents')}</h3>
      {consents === null && <p role="status">{t('loading')}</p>}
      {consents === 'failed' && <p role="alert">{t('loadFailed')}</p>}
      {consents !== null && consents !== 'failed' && (
        <ul className="notes" aria-labelledby="consents">
          {scopes.map(({ scope, key }) => {
            const state = consents[key];
            const what = t(`consentNames.${key}`);
            return (
              <li key={scope}>
                <p>{what}</p>
                <p className="help">
                  {state.withdrawnAt
                    ? t('consentWithdrawn', { date: formatMomentDay(state.withdrawnAt, locale) })
                    : state.given
                      ? t('consentGiven')
                      : t('consentNotGiven')}
                </p>
                {state.given && asking !== scope && (
                  <button type="button" onClick={() => setAsking(scope)}>
                    {t('withdraw')}
                    <span className="visually-hidden">{t('withdrawWhich', { what })}</span>
                  </button>
                )}
                {state.given && asking === scope && (
                  <div role="group" aria-label={what} className="confirm">
                    <p>{t('withdrawConfirm')}</p>
                    <button type="button" onClick={() => void withdraw(scope)}>
                      {t('withdrawYes')}
                    </button>
                    <button type="button" onClick={() => setAsking(null)}>
                      {t('cancel')}
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <Message said={said} />
    </>
  );
}

/** A request for correction or erasure, and the answers to those sent before. */
function Requests({
  caseId,
  locale,
  t,
}: {
  caseId: string;
  locale: PersonLocale;
  t: PersonTranslate;
}): ReactElement {
  const id = useId();
  const [items, setItems] = useState<PersonRequest[]>([]);
  const [kind, setKind] = useState<'correction' | 'erasure'>('correction');
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [said, say] = useState<Said>(null);
  useEffect(() => {
    readRequests(caseId, locale).then(
      (list) => setItems(list.items),
      () => say({ kind: 'alert', text: t('loadFailed') }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseId]);
  const send = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    say(null);
    setSending(true);
    try {
      const made = await sendRequest(caseId, { kind, body }, locale);
      setItems((before) => [made, ...before]);
      setBody('');
      say({ kind: 'status', text: t('requestSent') });
    } catch (error) {
      say({ kind: 'alert', text: failure(error, t) });
    } finally {
      setSending(false);
    }
  };
  return (
    <>
      <h3>{t('requests')}</h3>
      <p className="help">{t('requestsHelp')}</p>
      <form onSubmit={(event) => void send(event)}>
        <fieldset>
          <legend>{t('requestKind')}</legend>
          {(['correction', 'erasure'] as const).map((choice) => (
            <label key={choice} className="choice">
              <input
                type="radio"
                name={`${id}-kind`}
                value={choice}
                checked={kind === choice}
                onChange={() => setKind(choice)}
              />
              {t(`requestKinds.${choice}`)}
            </label>
          ))}
        </fieldset>
        <label htmlFor={`${id}-body`}>{t('requestBody')}</label>
        <textarea
          id={`${id}-body`}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          maxLength={2000}
          rows={4}
          required
        />
        <button type="submit" disabled={sending}>
          {t('sendRequest')}
        </button>
      </form>
      <Message said={said} />
      {items.length > 0 && (
        <>
          <h4>{t('yourRequests')}</h4>
          <ul className="notes">
            {items.map((request) => (
              <li key={request.id}>
                <p>
                  {t('requestLine', {
                    kind: t(`requestKinds.${request.kind}`),
                    date: formatMomentDay(request.createdAt, locale),
                  })}
                </p>
                <p className="help">{request.body}</p>
                <p>
                  <strong>{t(`requestStatus.${request.status}`)}</strong>
                  {request.handledAt && ` (${formatMomentDay(request.handledAt, locale)})`}
                </p>
                {request.response && <p>{request.response}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function accessWords(access: PersonRecordAccess, locale: PersonLocale, t: PersonTranslate): string {
  const place = [access.organisationName, access.siteName]
    .filter((part, index, all) => part && all.indexOf(part) === index)
    .join(', ');
  const who = [
    listOf(
      access.roles.map((role) => t(`roles.${role}`)),
      locale,
    ),
    place ? t('accessAt', { place }) : t('accessProgramme'),
    access.changed ? t('accessChanged') : '',
  ]
    .filter(Boolean)
    .join(' ');
  return t('accessLine', { date: formatMomentDay(access.firstAt, locale), roles: who });
}

/** Who opened the person's record, by role and place, newest first, a page at a time. */
function Accesses({ locale, t }: { locale: PersonLocale; t: PersonTranslate }): ReactElement {
  const [items, setItems] = useState<PersonRecordAccess[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const show = (cursor: string | null) => (page: PersonRecordAccessList) => {
    setItems((before) => [...(cursor ? (before ?? []) : []), ...page.items]);
    setNext(page.nextCursor);
    setFailed(false);
  };
  const load = (cursor: string | null): void => {
    readAccesses(cursor, locale).then(show(cursor), () => setFailed(true));
  };
  useEffect(() => {
    readAccesses(null, locale).then(show(null), () => setFailed(true));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <>
      <h3 id="accesses">{t('accesses')}</h3>
      <p className="help">{t('accessesHelp')}</p>
      {items === null && !failed && <p role="status">{t('loading')}</p>}
      {failed && <p role="alert">{t('loadFailed')}</p>}
      {items?.length === 0 && <p>{t('noAccesses')}</p>}
      {items && items.length > 0 && (
        <ul className="notes" aria-labelledby="accesses">
          {items.map((access, index) => (
            <li key={`${access.firstAt}-${index}`}>
              <p>{accessWords(access, locale, t)}</p>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" onClick={() => load(next)}>
          {t('showMore')}
        </button>
      )}
    </>
  );
}
