import { Alert, Anchor, Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import type { PersonRecordActions } from '../../../shared/contracts/person-record';
import { type ErasureReason, erasureReasons } from '../../../shared/erasure-reasons';
import { AppModal } from '../../components/app-modal';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { PageSection } from '../../components/page-section';
import { StatusMessage, useNotice } from '../../components/status-message';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { eraseRecord, recordUrl, useRecordActions } from './person-record-api';

/**
 * The person's whole record from their case: downloaded for them (JSON, or a page in their
 * language), or erased on their request once every case of theirs is closed.
 */
export function PersonRecordSection({ caseId }: { caseId: string }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const query = useRecordActions(caseId);
  const [notice, say] = useNotice();
  const [erasing, setErasing] = useState(false);
  return (
    <PageSection id="person-record" title={t('personRecord.title')}>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          {query.data.anonymisedAt && (
            <Alert color="gray">
              {t('personRecord.anonymised', { when: format.date(query.data.anonymisedAt) })}
            </Alert>
          )}
          {query.data.canExport && (
            <Stack gap="xs">
              <Text size="sm">{t('personRecord.exportIntro')}</Text>
              <Group gap="md" wrap="wrap">
                <Anchor href={recordUrl(caseId, 'html')} target="_blank" rel="noopener">
                  {t('personRecord.openPage')}
                </Anchor>
                <Anchor href={recordUrl(caseId, 'json')} download>
                  {t('personRecord.downloadJson')}
                </Anchor>
              </Group>
            </Stack>
          )}
          <StatusMessage message={notice} />
          {query.data.canErase && (
            <Stack gap="xs">
              {query.data.openCases > 0 && (
                <Text size="sm" id="erase-help">
                  {t('personRecord.eraseWhenClosed', { count: query.data.openCases })}
                </Text>
              )}
              <Button
                color="red"
                variant="outline"
                w="fit-content"
                disabled={query.data.openCases > 0}
                aria-describedby={query.data.openCases > 0 ? 'erase-help' : undefined}
                onClick={() => setErasing(true)}
              >
                {t('personRecord.erase')}
              </Button>
            </Stack>
          )}
          {erasing && (
            <EraseDialog
              caseId={caseId}
              actions={query.data}
              onClose={() => setErasing(false)}
              onErased={(cases) => {
                setErasing(false);
                say((t) => t('personRecord.erased', { count: cases }));
              }}
            />
          )}
        </>
      )}
    </PageSection>
  );
}

function EraseDialog({
  caseId,
  actions,
  onClose,
  onErased,
}: {
  caseId: string;
  actions: PersonRecordActions;
  onClose: () => void;
  onErased: (cases: number) => void;
}): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<ErasureReason | ''>('');
  const [requestReference, setRequestReference] = useState('');
  const [confirmReference, setConfirmReference] = useState('');
  const erase = useMutation({
    mutationFn: () =>
      eraseRecord(caseId, {
        reason,
        confirmReference,
        ...(requestReference.trim() ? { requestReference: requestReference.trim() } : {}),
      }),
    onSuccess: async (erased) => {
      onErased(erased.cases);
      // Every screen that showed the person shows them anonymised now.
      await queryClient.invalidateQueries();
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    erase.mutate();
  };
  return (
    <AppModal opened onClose={onClose} title={t('personRecord.eraseTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Alert color="red" title={t('personRecord.irreversible')}>
            {t('personRecord.eraseExplained')}
          </Alert>
          <FormAlert
            error={erase.error}
            fields={['reason', 'requestReference', 'confirmReference']}
          />
          <NativeSelect
            label={t('personRecord.reason')}
            required
            data={[
              { value: '', label: t('personRecord.chooseReason') },
              ...erasureReasons.map((r) => ({ value: r, label: t(`personRecord.reasons.${r}`) })),
            ]}
            value={reason}
            onChange={(event) =>
              setReason(erasureReasons.find((r) => r === event.currentTarget.value) ?? '')
            }
            error={fieldError(erase.error, 'reason')}
          />
          <TextInput
            label={t('personRecord.requestReference')}
            description={t('personRecord.requestReferenceHelp')}
            value={requestReference}
            onChange={(event) => setRequestReference(event.currentTarget.value)}
            error={fieldError(erase.error, 'requestReference')}
          />
          <TextInput
            label={t('personRecord.confirmReference', { reference: actions.reference })}
            required
            autoComplete="off"
            value={confirmReference}
            onChange={(event) => setConfirmReference(event.currentTarget.value)}
            error={fieldError(erase.error, 'confirmReference')}
          />
          <FormActions
            submitLabel={t('personRecord.eraseConfirm')}
            color="red"
            pending={erase.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </AppModal>
  );
}
