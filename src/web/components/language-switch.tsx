import { Button, Group } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import type { CurrentAccount } from '../../shared/contracts/auth';
import { type Locale, locales } from '../../shared/locale';
import { apiRequest } from '../api';
import { switchLocale, useT } from '../i18n';
import { storeCurrentAccount, useSessionQuery } from '../session';

// Each language names itself, whatever the interface language.
const endonyms: Record<Locale, string> = { fr: 'Français', en: 'English' };

export function LanguageSwitch(): ReactElement {
  const { t, locale: active } = useT();
  const choose = useChooseLocale();
  return (
    <Group gap={4} wrap="nowrap" role="group" aria-label={t('language.switchLabel')}>
      {locales.map((locale) => (
        <Button
          key={locale}
          size="compact-sm"
          variant={locale === active ? 'filled' : 'subtle'}
          lang={locale}
          aria-label={endonyms[locale]}
          aria-pressed={locale === active}
          onClick={() => choose(locale)}
        >
          {locale.toUpperCase()}
        </Button>
      ))}
    </Group>
  );
}

/** Switches the interface at once and, when signed in, saves the choice on the account. */
function useChooseLocale(): (locale: Locale) => void {
  const queryClient = useQueryClient();
  const { data: session } = useSessionQuery();
  const save = useMutation({
    mutationFn: (locale: Locale) =>
      apiRequest<CurrentAccount>('PATCH', '/api/me', { body: { locale } }),
    onSuccess: (account) => storeCurrentAccount(queryClient, account),
  });
  return (locale) => {
    void switchLocale(locale);
    // The server answers signed-in requests in the account's saved language, so save it at once.
    if (session && session.account.locale !== locale) save.mutate(locale);
  };
}
