import { Anchor, Button, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { Link } from '../../navigation';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { useLabels } from '../../labels';
import { useCaseLabels } from './case-labels';
import { searchCases } from './cases-api';

/**
 * Finds a person or a case of the caller's sites by name, reference, date of birth or phone.
 * The words typed stay in the page: they are sent in a request's body, never in its address.
 */
export function CaseSearchForm(): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const common = useLabels();
  const format = useFormat();
  const [query, setQuery] = useState('');
  const search = useMutation({ mutationFn: searchCases });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    search.mutate({ query: query.trim() });
  };
  return (
    <Stack gap="xs">
      <form onSubmit={submit} noValidate role="search" aria-label={t('cases.search.label')}>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput
            label={t('cases.search.label')}
            description={t('cases.search.help')}
            type="search"
            autoComplete="off"
            style={{ flex: '1 1 16rem' }}
            maw={480}
            value={query}
            onChange={(event) => setQuery(event.currentTarget.value)}
            error={fieldError(search.error, 'query')}
          />
          <Button type="submit" loading={search.isPending}>
            {t('cases.search.submit')}
          </Button>
        </Group>
      </form>
      <FormAlert error={search.error} fields={['query']} />
      {search.data && (
        <Stack gap={4} role="region" aria-label={t('cases.search.results')}>
          {search.data.items.length === 0 ? (
            <Text c="dimmed">{t('cases.search.none')}</Text>
          ) : (
            <List spacing={4} listStyleType="none" ml={0} pl={0}>
              {search.data.items.map((item) => (
                <List.Item key={item.id}>
                  <Anchor component={Link} to={`/cases/${item.id}`} fw={600}>
                    {common.personName(item.personName)}
                  </Anchor>{' '}
                  <Text span size="sm">
                    ·{' '}
                    {t('cases.search.born', {
                      date: format.date(item.dateOfBirth),
                    })}{' '}
                    · {item.reference} · {labels.status(item.status)} · {item.siteName}
                    {item.assigneeName ? ` · ${item.assigneeName}` : ''}
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
          {search.data.more && (
            <Text size="sm" c="dimmed">
              {t('cases.search.more')}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}
