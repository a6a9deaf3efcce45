import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { ReactElement } from 'react';
import { categories, categoryKeys } from '../../../shared/directory-categories';
import { useT } from '../../i18n';
import { distanceChoices, type SearchFilters, weekDays } from './search-filters';

type Props = {
  filters: SearchFilters;
  onChange: (patch: Partial<SearchFilters>) => void;
  postalCodeError: string | null;
  onClear: () => void;
};

function only<T extends string>(allowed: readonly T[], values: string[]): T[] {
  return allowed.filter((candidate) => values.includes(candidate));
}

export function SearchFilterFields({
  filters,
  onChange,
  postalCodeError,
  onClear,
}: Props): ReactElement {
  const { t, locale } = useT();
  return (
    <Stack gap="md" mt="md">
      <Checkbox.Group
        label={t('directorySearch.categories')}
        value={filters.categories}
        onChange={(values) => onChange({ categories: only(categoryKeys, values) })}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing="xs" mt="xs">
          {categories.map((category) => (
            <Checkbox key={category.key} value={category.key} label={category[locale]} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>

      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <TextInput
          label={t('directorySearch.postalCode')}
          description={t('directorySearch.postalCodeHint')}
          value={filters.postalCode}
          onChange={(event) => onChange({ postalCode: event.currentTarget.value })}
          error={postalCodeError}
          autoComplete="postal-code"
          maxLength={7}
        />
        <NativeSelect
          label={t('directorySearch.km')}
          data={distanceChoices.map((km) => ({
            value: km,
            label: t('directorySearch.kmOption', { km }),
          }))}
          value={filters.km}
          onChange={(event) => onChange({ km: event.currentTarget.value })}
        />
        <NativeSelect
          label={t('directorySearch.language')}
          data={[
            { value: '', label: t('directorySearch.anyLanguage') },
            { value: 'fr', label: t('directorySearch.languages.fr') },
            { value: 'en', label: t('directorySearch.languages.en') },
          ]}
          value={filters.language}
          onChange={(event) =>
            onChange({
              language: only(['fr', 'en'] as const, [event.currentTarget.value])[0] ?? '',
            })
          }
        />
        <NativeSelect
          label={t('directorySearch.cost')}
          data={[
            { value: '', label: t('directorySearch.anyCost') },
            { value: 'free', label: t('directorySearch.costs.free') },
            { value: 'low', label: t('directorySearch.costs.low') },
          ]}
          value={filters.cost}
          onChange={(event) =>
            onChange({ cost: only(['free', 'low'] as const, [event.currentTarget.value])[0] ?? '' })
          }
        />
      </SimpleGrid>

      <Checkbox.Group
        label={t('directorySearch.days')}
        value={filters.days}
        onChange={(values) => onChange({ days: only(weekDays, values) })}
      >
        <Group gap="md" mt="xs">
          {weekDays.map((day) => (
            <Checkbox key={day} value={day} label={t(`directorySearch.dayNames.${day}`)} />
          ))}
        </Group>
      </Checkbox.Group>

      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <TextInput
          type="time"
          label={t('directorySearch.openFrom')}
          value={filters.openFrom}
          onChange={(event) => onChange({ openFrom: event.currentTarget.value })}
        />
        <TextInput
          type="time"
          label={t('directorySearch.openUntil')}
          value={filters.openUntil}
          onChange={(event) => onChange({ openUntil: event.currentTarget.value })}
        />
        <TextInput
          type="number"
          inputMode="numeric"
          min={0}
          max={120}
          label={t('directorySearch.age')}
          value={filters.age}
          onChange={(event) => onChange({ age: event.currentTarget.value })}
        />
        <TextInput
          label={t('directorySearch.accessibility')}
          description={t('directorySearch.accessibilityHint')}
          value={filters.accessibility}
          onChange={(event) => onChange({ accessibility: event.currentTarget.value })}
          maxLength={100}
        />
      </SimpleGrid>

      <Group justify="space-between" align="center">
        <Checkbox
          label={t('directorySearch.openToReferrals')}
          checked={filters.openToReferrals}
          onChange={(event) => onChange({ openToReferrals: event.currentTarget.checked })}
        />
        <Button variant="subtle" onClick={onClear}>
          {t('directorySearch.clear')}
        </Button>
      </Group>
    </Stack>
  );
}
