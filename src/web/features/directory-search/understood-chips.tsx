import { CloseButton, Group, Paper, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { DirectorySearchResult, SearchIntentKind } from '../../../shared/contracts/search';
import { useT } from '../../i18n';

type Props = {
  understood: DirectorySearchResult['understood'];
  onRemove: (kind: SearchIntentKind) => void;
};

/**
 * The needs the search read from the words ("free", "fin de semaine", "near me") and applied
 * as filters, each a chip the person can remove: the search then runs without it.
 */
export function UnderstoodChips({ understood, onRemove }: Props): ReactElement | null {
  const { t } = useT();
  if (understood.length === 0) return null;
  return (
    <Group gap="xs" align="center">
      <Text size="sm" id="directory-understood">
        {t('directorySearch.understood')}
      </Text>
      <Group
        component="ul"
        gap="xs"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-labelledby="directory-understood"
      >
        {understood.map(({ kind, words }) => {
          const label = t(`directorySearch.intent.${kind}`);
          return (
            <Paper component="li" key={kind} withBorder radius="xl" px="sm" py={2}>
              <Group gap={4} wrap="nowrap">
                <Text size="sm" fw={600}>
                  {label}
                </Text>{' '}
                <Text size="sm" c="dimmed">
                  {t('directorySearch.intentFrom', { words })}
                </Text>
                <CloseButton
                  size="sm"
                  aria-label={t('directorySearch.intentRemove', { label })}
                  onClick={() => onRemove(kind)}
                />
              </Group>
            </Paper>
          );
        })}
      </Group>
    </Group>
  );
}
