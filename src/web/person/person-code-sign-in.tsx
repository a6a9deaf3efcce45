import { type FormEvent, type ReactElement, useEffect, useState } from 'react';
import type { PersonSession } from '../../shared/contracts/person-space';
import {
  PersonApiError,
  readTextMessagesOffered,
  requestSignInCode,
  signInWithCode,
} from './person-api';
import type { PersonLocale, PersonTranslate } from './person-i18n';

/**
 * Sign-in by a 6-digit code sent by text message: the person gives their mobile number, then
 * the code. Says so when no SMS provider is set up. The page never tells whether the number
 * is known: the same words follow either way.
 */
export function CodeSignIn({
  locale,
  t,
  onSignedIn,
}: {
  locale: PersonLocale;
  t: PersonTranslate;
  onSignedIn: (session: PersonSession) => void;
}): ReactElement | null {
  const [offered, setOffered] = useState<boolean | null>(null);
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [asked, setAsked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void readTextMessagesOffered(locale)
      .then(setOffered)
      .catch(() => setOffered(false));
  }, [locale]);

  if (offered === null) return null;
  if (!offered)
    return (
      <section aria-labelledby="code-sign-in">
        <h2 id="code-sign-in">{t('code.title')}</h2>
        <p>{t('code.off')}</p>
      </section>
    );

  const run = async (event: FormEvent, action: () => Promise<void>): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(
        failure instanceof PersonApiError && failure.message ? failure.message : t('code.failed'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="code-sign-in">
      <h2 id="code-sign-in">{t('code.title')}</h2>
      {!asked ? (
        <form
          onSubmit={(event) =>
            void run(event, async () => {
              await requestSignInCode(phone, locale);
              setAsked(true);
            })
          }
        >
          <label htmlFor="sign-in-phone">{t('code.phone')}</label>
          <input
            id="sign-in-phone"
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            value={phone}
            onChange={(event) => setPhone(event.target.value)}
            required
          />
          <button type="submit" disabled={busy}>
            {t('code.send')}
          </button>
        </form>
      ) : (
        <form
          onSubmit={(event) =>
            void run(event, async () => {
              onSignedIn(await signInWithCode(phone, code, locale));
            })
          }
        >
          <p role="status">{t('code.sent')}</p>
          <label htmlFor="sign-in-code">{t('code.code')}</label>
          <input
            id="sign-in-code"
            autoComplete="one-time-code"
            inputMode="numeric"
            pattern="[0-9]{6}"
            maxLength={6}
            value={code}
            onChange={(event) => setCode(event.target.value)}
            required
          />
          <button type="submit" disabled={busy}>
            {t('code.signIn')}
          </button>
        </form>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
