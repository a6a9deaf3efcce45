import { Anchor, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, type ReactElement, useState } from 'react';
import type { CaseNote, CaseNoteList } from '../../../shared/contracts/case-records';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { PageSection } from '../../components/page-section';
import { QueryContent } from '../../components/query-content';
import { StatusMessage } from '../../components/status-message';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { addNote, editNote, notesKey, useCaseNotes } from './case-records-api';
import { useRecordSave } from './record-save';

/** The case's notes, newest first; a form to add one opens when asked. */
export function CaseNotesSection({ caseId }: { caseId: string }): ReactElement {
  const { t } = useT();
  const query = useCaseNotes(caseId);
  return (
    <PageSection id="case-notes-title" title={t('caseRecords.notes.title')}>
      <QueryContent query={query}>{(data) => <Notes caseId={caseId} list={data} />}</QueryContent>
    </PageSection>
  );
}

/** What the form is doing: a new note, or a correction of an earlier one. */
type Writing = { amends: CaseNote | null } | null;

function Notes({ caseId, list }: { caseId: string; list: CaseNoteList }): ReactElement {
  const { t } = useT();
  const [writing, setWriting] = useState<Writing>(null);
  const [saved, setSaved] = useState(false);
  const byId = new Map(list.items.map((note) => [note.id, note]));
  return (
    <Stack>
      {list.permissions.canAdd && writing === null && (
        <Group>
          <Button
            variant="default"
            onClick={() => {
              setSaved(false);
              setWriting({ amends: null });
            }}
          >
            {t('caseRecords.notes.add')}
          </Button>
        </Group>
      )}
      {writing !== null && (
        <NoteForm
          caseId={caseId}
          amends={writing.amends}
          onClose={(done) => {
            setWriting(null);
            setSaved(done);
          }}
        />
      )}
      <StatusMessage message={saved ? t('caseRecords.notes.saved') : null} />
      {list.items.length === 0 ? (
        <Text c="dimmed">{t('caseRecords.notes.empty')}</Text>
      ) : (
        <Stack
          gap="xs"
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label={t('caseRecords.notes.listLabel')}
        >
          {list.items.map((note) => (
            <NoteItem
              key={note.id}
              note={note}
              amended={note.amends ? (byId.get(note.amends.id) ?? null) : null}
              canAmend={list.permissions.canAdd && writing === null}
              onAmend={() => {
                setSaved(false);
                setWriting({ amends: note });
              }}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function NoteItem({
  note,
  amended,
  canAmend,
  onAmend,
}: {
  note: CaseNote;
  amended: CaseNote | null;
  canAmend: boolean;
  onAmend: () => void;
}): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  const when = format.dateTime(note.createdAt);
  return (
    <Paper component="li" withBorder p="sm" id={`note-${note.id}`}>
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {t('caseRecords.notes.byline', { date: when, name: note.authorName })}
          {note.version > 1 && ` · ${t('caseRecords.notes.edited')}`}
        </Text>
        {note.amends && (
          <Text size="sm">
            {amended ? (
              <Anchor href={`#note-${note.amends.id}`}>
                {t('caseRecords.notes.amendsNote', {
                  date: format.dateTime(note.amends.createdAt),
                })}
              </Anchor>
            ) : (
              t('caseRecords.notes.amendsNote', { date: format.dateTime(note.amends.createdAt) })
            )}
          </Text>
        )}
        {editing ? (
          <EditNoteForm note={note} onClose={() => setEditing(false)} />
        ) : (
          <>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{note.body}</Text>
            <Group gap="xs">
              {note.canEdit && (
                <Button
                  variant="default"
                  size="compact-sm"
                  aria-label={t('caseRecords.notes.editNamed', { date: when })}
                  onClick={() => setEditing(true)}
                >
                  {t('caseRecords.notes.edit')}
                </Button>
              )}
              {!note.canEdit && canAmend && (
                <Button
                  variant="default"
                  size="compact-sm"
                  aria-label={t('caseRecords.notes.amendNamed', { date: when })}
                  onClick={onAmend}
                >
                  {t('caseRecords.notes.amend')}
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function NoteForm({
  caseId,
  amends,
  onClose,
}: {
  caseId: string;
  amends: CaseNote | null;
  onClose: (saved: boolean) => void;
}): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const [body, setBody] = useState(amends?.body ?? '');
  const save = useRecordSave(
    [notesKey(caseId)],
    (text: string) => addNote(caseId, { body: text, ...(amends ? { amendsId: amends.id } : {}) }),
    () => onClose(true),
  );
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate(body);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={640} gap="sm">
        <FormAlert error={save.error} fields={['body', 'amendsId']} />
        {amends && (
          <Text size="sm">
            {t('caseRecords.notes.amendsNote', { date: format.dateTime(amends.createdAt) })}
          </Text>
        )}
        <Textarea
          label={amends ? t('caseRecords.notes.correction') : t('caseRecords.notes.body')}
          autosize
          minRows={3}
          required
          data-autofocus
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          error={fieldError(save.error, 'body')}
        />
        <FormActions
          submitLabel={t('caseRecords.notes.save')}
          pending={save.isPending}
          onCancel={() => onClose(false)}
        />
      </Stack>
    </form>
  );
}

function EditNoteForm({ note, onClose }: { note: CaseNote; onClose: () => void }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const [body, setBody] = useState(note.body);
  const save = useRecordSave(
    [notesKey(note.caseId)],
    (text: string) => editNote(note.id, { body: text, version: note.version }),
    onClose,
  );
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate(body);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormAlert error={save.error} fields={['body', 'version']} />
        <Textarea
          label={t('caseRecords.notes.body')}
          description={t('caseRecords.notes.editableUntil', {
            time: format.dateTime(note.editableUntil),
          })}
          autosize
          minRows={3}
          required
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          error={fieldError(save.error, 'body')}
        />
        <FormActions
          submitLabel={t('caseRecords.notes.save')}
          pending={save.isPending}
          onCancel={onClose}
        />
      </Stack>
    </form>
  );
}
