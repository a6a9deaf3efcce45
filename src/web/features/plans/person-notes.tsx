import { List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import type { PersonNoteList } from '../../../shared/contracts/person-space';
import { apiRequest } from '../../api';
import { useFormat } from '../../format';
import { useT } from '../../i18n';

/**
 * The notes the person wrote to their link worker from their own space (/me), the newest
 * first; nothing shows while there are none.
 */
export function PersonNotes({ caseId }: { caseId: string }): ReactElement | null {
  const { t } = useT();
  const format = useFormat();
  const query = useQuery({
    queryKey: ['plans', caseId, 'person-notes'],
    queryFn: () => apiRequest<PersonNoteList>('GET', `/api/cases/${caseId}/person-notes`),
  });
  const notes = query.data?.items ?? [];
  if (notes.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('plans.personNotes.title')}
      </Title>
      <List listStyleType="none" spacing="sm">
        {notes.map((note) => (
          <List.Item key={note.id}>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{note.body}</Text>
            <Text size="sm" c="dimmed">
              {t('plans.personNotes.written', { when: format.dateTime(note.createdAt) })}
            </Text>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
