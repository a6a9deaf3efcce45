import { Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactElement, useState } from 'react';
import type { TermCategory } from '../../../shared/contracts/directory';
import { type CategoryKey, categories, isCategoryKey } from '../../../shared/directory-categories';
import { badgeLooks } from '../../components/badge-looks';
import { FormAlert } from '../../components/form-alert';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { StatusMessage, type Words, useNotice } from '../../components/status-message';
import { TableScroll } from '../../components/table-scroll';
import { useT } from '../../i18n';
import { decideTermCategory, termCategoriesKey, useTermCategories } from './listings-api';

/** The select's value for "none of our categories". */
const none = 'none';

/**
 * Terms of imported feeds' own taxonomies and the category of ours each stands for: the
 * vocabulary suggested most of them on import; an administrator confirms or changes them.
 */
export function TermCategoriesPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('listings.termCategories.title'));
  const query = useTermCategories();
  const [message, setMessage] = useNotice();
  return (
    <Stack gap="lg">
      <Title order={1}>{t('listings.termCategories.title')}</Title>
      <Text>{t('listings.termCategories.intro')}</Text>
      <StatusMessage message={message} />
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Text>{t('listings.termCategories.none')}</Text>
      ) : (
        <TableScroll label={t('listings.termCategories.title')}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('listings.termCategories.term')}</Table.Th>
                <Table.Th scope="col">{t('listings.termCategories.services')}</Table.Th>
                <Table.Th scope="col">{t('listings.termCategories.state')}</Table.Th>
                <Table.Th scope="col">{t('listings.termCategories.category')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.items.map((term) => (
                <TermRow
                  key={`${term.termId}:${String(term.version)}`}
                  term={term}
                  onDone={setMessage}
                />
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Stack>
  );
}

function TermRow({
  term,
  onDone,
}: {
  term: TermCategory;
  onDone: (message: Words) => void;
}): ReactElement {
  const { t, locale } = useT();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<string>(term.category ?? none);
  const save = useMutation({
    mutationFn: (category: CategoryKey | null) =>
      decideTermCategory(term.termId, { category, version: term.version }),
    onSuccess: async (saved) => {
      onDone((t) => t('listings.termCategories.saved', { term: saved.name }));
      await queryClient.invalidateQueries({ queryKey: termCategoriesKey });
    },
  });
  const selectId = `term-category-${term.termId}`;
  const unchanged = choice === (term.category ?? none);
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600}>{term.name}</Text>
        <Text size="sm">{[term.taxonomy, term.code].filter(Boolean).join(' · ')}</Text>
      </Table.Td>
      <Table.Td>{term.services}</Table.Td>
      <Table.Td>
        <Badge {...badgeLooks[stateLook[term.state]]}>
          {t(`listings.termCategories.states.${term.state}`)}
        </Badge>
        {term.matchedWords.length > 0 && (
          <Text size="sm">
            {t('listings.termCategories.matched', { words: term.matchedWords.join(', ') })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="wrap" align="end">
          <NativeSelect
            id={selectId}
            aria-label={t('listings.termCategories.categoryOf', { term: term.name })}
            value={choice}
            onChange={(event) => setChoice(event.currentTarget.value)}
            data={[
              ...categories.map((c) => ({ value: c.key, label: c[locale] })),
              { value: none, label: t('listings.termCategories.noneOfOurs') },
            ]}
          />
          <Button
            variant={unchanged ? 'default' : 'filled'}
            loading={save.isPending}
            disabled={unchanged && term.state === 'confirmed'}
            onClick={() => save.mutate(isCategoryKey(choice) ? choice : null)}
          >
            {unchanged && term.state === 'suggested'
              ? t('listings.termCategories.confirm')
              : t('listings.termCategories.save')}
          </Button>
        </Group>
        {save.isError && <FormAlert error={save.error} />}
      </Table.Td>
    </Table.Tr>
  );
}

const stateLook = { suggested: 'info', undecided: 'warning', confirmed: 'success' } as const;
