import { Button, Group, Paper, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { type FormEvent, type ReactElement, useId, useState } from 'react';
import { useT } from '../../i18n';
import {
  countActiveFilters,
  emptyFilters,
  isPostalCode,
  type SearchFilters,
} from './search-filters';
import { SearchFilterFields } from './search-filter-fields';

type Props = { initial: SearchFilters; onSubmit: (filters: SearchFilters) => void };

/** The words and the filters; nothing is searched until the person submits. */
export function SearchForm({ initial, onSubmit }: Props): ReactElement {
  const { t } = useT();
  const filtersId = useId();
  const isWide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const activeFilters = countActiveFilters(initial);
  const [draft, setDraft] = useState(initial);
  const [filtersOpen, setFiltersOpen] = useState(isWide || activeFilters > 0);
  const [postalCodeError, setPostalCodeError] = useState<string | null>(null);
  const update = (patch: Partial<SearchFilters>): void =>
    setDraft((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (draft.postalCode.trim() !== '' && !isPostalCode(draft.postalCode)) {
      setFiltersOpen(true);
      setPostalCodeError(t('directorySearch.postalCodeInvalid'));
      return;
    }
    setPostalCodeError(null);
    onSubmit(draft);
  };

  return (
    <Paper
      component="form"
      role="search"
      aria-label={t('directorySearch.formLabel')}
      onSubmit={submit}
      noValidate
      withBorder
      p="md"
    >
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          type="search"
          label={t('directorySearch.words')}
          description={t('directorySearch.wordsHint')}
          value={draft.q}
          onChange={(event) => update({ q: event.currentTarget.value })}
          maxLength={200}
          style={{ flex: '1 1 16rem' }}
        />
        <Group gap="sm" wrap="nowrap">
          <Button type="submit">{t('directorySearch.submit')}</Button>
          <Button
            variant="default"
            aria-expanded={filtersOpen}
            aria-controls={filtersId}
            onClick={() => setFiltersOpen((open) => !open)}
          >
            {activeFilters > 0
              ? t('directorySearch.filters', { count: activeFilters })
              : t('directorySearch.filtersNone')}
          </Button>
        </Group>
      </Group>
      <div id={filtersId} hidden={!filtersOpen}>
        {filtersOpen && (
          <SearchFilterFields
            filters={draft}
            onChange={update}
            postalCodeError={postalCodeError}
            onClear={() => onSubmit(emptyFilters)}
          />
        )}
      </div>
    </Paper>
  );
}
