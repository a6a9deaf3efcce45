import { Anchor, Button, Group, Input, List, NativeSelect, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useId, useState } from 'react';
import type { CaseDocument } from '../../../shared/contracts/documents';
import {
  type DocumentKind,
  documentAccept,
  documentKinds,
  maxDocumentBytes,
} from '../../../shared/documents';
import { ApiError } from '../../api';
import { AppModal } from '../../components/app-modal';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { PageSection } from '../../components/page-section';
import { StatusMessage, useNotice } from '../../components/status-message';
import { type Formatters, useFormat } from '../../format';
import { type Translate, useT } from '../../i18n';
import {
  attachDocument,
  caseDocumentsKey,
  documentContentUrl,
  removeDocument,
  useCaseDocuments,
} from './documents-api';

/** A file's size in words: '812 bytes', '240 KB', '2.4 MB' ('2,4 Mo'). */
function sizeInWords(t: Translate, format: Formatters, bytes: number): string {
  if (bytes < 1024) return t('documents.size.bytes', { size: format.number(bytes) });
  if (bytes < 1024 * 1024)
    return t('documents.size.kb', { size: format.number(Math.round(bytes / 1024)) });
  return t('documents.size.mb', { size: format.decimal(bytes / (1024 * 1024), 1) });
}

/** The case's documents (signed consents, letters, reports): listed, downloaded, attached, removed. */
export function CaseDocumentsSection({ caseId }: { caseId: string }): ReactElement {
  const { t } = useT();
  const query = useCaseDocuments(caseId);
  const [notice, say] = useNotice();
  const [attaching, setAttaching] = useState(false);
  return (
    <PageSection id="case-documents" title={t('documents.title')}>
      <Text size="sm">{t('documents.intro')}</Text>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          {query.data.items.length === 0 ? (
            <Text c="dimmed">{t('documents.none')}</Text>
          ) : (
            <List aria-label={t('documents.listLabel')} spacing="sm" listStyleType="none" ml={0}>
              {query.data.items.map((document) => (
                <DocumentItem
                  key={document.id}
                  document={document}
                  canRemove={query.data.permissions.canRemove}
                  onRemoved={(name) => say((t) => t('documents.removed', { name }))}
                />
              ))}
            </List>
          )}
          <StatusMessage message={notice} />
          {query.data.permissions.canAttach && (
            <Group>
              <Button variant="light" onClick={() => setAttaching(true)}>
                {t('documents.attach')}
              </Button>
            </Group>
          )}
          <AppModal
            opened={attaching}
            onClose={() => setAttaching(false)}
            title={t('documents.attach')}
          >
            <AttachForm
              caseId={caseId}
              onCancel={() => setAttaching(false)}
              onAttached={(name) => {
                setAttaching(false);
                say((t) => t('documents.attached', { name }));
              }}
            />
          </AppModal>
        </>
      )}
    </PageSection>
  );
}

function DocumentItem({
  document,
  canRemove,
  onRemoved,
}: {
  document: CaseDocument;
  canRemove: boolean;
  onRemoved: (name: string) => void;
}): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => removeDocument(document.id),
    onSuccess: async () => {
      setConfirming(false);
      onRemoved(document.fileName);
      await queryClient.invalidateQueries({ queryKey: caseDocumentsKey(document.caseId) });
    },
  });
  const removed = document.removedAt !== null;
  return (
    <List.Item>
      <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          {removed ? (
            <Text fw={600} td="line-through" style={{ overflowWrap: 'anywhere' }}>
              {document.fileName}
            </Text>
          ) : (
            <Anchor
              href={documentContentUrl(document.id)}
              download={document.fileName}
              fw={600}
              style={{ overflowWrap: 'anywhere' }}
            >
              {document.fileName}
            </Anchor>
          )}
          <Text size="sm">
            {t('documents.details', {
              kind: t(`documents.kinds.${document.kind}`),
              size: sizeInWords(t, format, document.sizeBytes),
              name: document.uploadedByName,
              date: format.date(document.uploadedAt),
            })}
          </Text>
          {document.removedAt && (
            <Text size="sm" c="dimmed">
              {t('documents.removedBy', {
                name: document.removedByName ?? '',
                date: format.date(document.removedAt),
              })}
            </Text>
          )}
        </Stack>
        {canRemove && !removed && (
          <Button
            variant="subtle"
            color="red"
            size="compact-sm"
            aria-label={t('documents.removeNamed', { name: document.fileName })}
            onClick={() => setConfirming(true)}
          >
            {t('documents.remove')}
          </Button>
        )}
      </Group>
      <AppModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('documents.removeTitle')}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            remove.mutate();
          }}
        >
          <Stack gap="sm">
            <FormAlert error={remove.error} />
            <Text>{t('documents.removeConfirm', { name: document.fileName })}</Text>
            <FormActions
              submitLabel={t('documents.remove')}
              color="red"
              pending={remove.isPending}
              onCancel={() => setConfirming(false)}
            />
          </Stack>
        </form>
      </AppModal>
    </List.Item>
  );
}

const fields = ['file', 'kind'];

/** The server's message for the file, whichever of its fields it named (the name's header too). */
function fileError(error: unknown): string | undefined {
  return fieldError(error, 'file') ?? fieldError(error, 'x-file-name');
}

function AttachForm({
  caseId,
  onCancel,
  onAttached,
}: {
  caseId: string;
  onCancel: () => void;
  onAttached: (name: string) => void;
}): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<DocumentKind>('consent');
  const [localError, setLocalError] = useState<ApiError | null>(null);
  const attach = useMutation({
    mutationFn: (chosen: File) => attachDocument(caseId, kind, chosen),
    onSuccess: async (document) => {
      await queryClient.invalidateQueries({ queryKey: caseDocumentsKey(caseId) });
      onAttached(document.fileName);
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    // Said here rather than after sending 10 MB for nothing.
    const problem = !file
      ? t('documents.fileRequired')
      : file.size > maxDocumentBytes
        ? t('documents.tooLarge')
        : null;
    if (problem || !file) {
      attach.reset();
      setLocalError(new ApiError(400, 'file', problem ?? '', 'file'));
      return;
    }
    setLocalError(null);
    attach.mutate(file);
  };
  const error = localError ?? attach.error;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormAlert error={attach.error} fields={fields} />
        <Input.Wrapper
          id={fileId}
          label={t('documents.file')}
          description={t('documents.fileHelp')}
          error={fileError(error)}
          required
        >
          <input
            id={fileId}
            type="file"
            accept={documentAccept}
            required
            aria-invalid={fileError(error) ? true : undefined}
            aria-describedby={
              fileError(error) ? `${fileId}-description ${fileId}-error` : `${fileId}-description`
            }
            style={{ display: 'block', maxWidth: '100%', marginTop: 4 }}
            onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
          />
        </Input.Wrapper>
        <NativeSelect
          label={t('documents.kind')}
          data={documentKinds.map((value) => ({
            value,
            label: t(`documents.kinds.${value}`),
          }))}
          value={kind}
          onChange={(event) => {
            const next = documentKinds.find((k) => k === event.currentTarget.value);
            if (next) setKind(next);
          }}
          error={fieldError(error, 'kind')}
        />
        <FormActions
          submitLabel={t('documents.submit')}
          pending={attach.isPending}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
