import { useT } from '../i18n';
import { locales } from '../../shared/locale';

export type SelectOption = { value: string; label: string };

/** Options for a language select; `noneLabel` adds an empty choice for "no preference". */
export function useLocaleOptions(noneLabel?: string): SelectOption[] {
  const { t } = useT();
  const options = locales.map((locale) => ({ value: locale, label: t(`language.${locale}`) }));
  return noneLabel === undefined ? options : [{ value: '', label: noneLabel }, ...options];
}
