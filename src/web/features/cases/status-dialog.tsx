import { Anchor, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, type ReactElement, useState } from 'react';
import { Link } from '../../navigation';
import type { CaseDetail, ChangeCaseStatusBody } from '../../../shared/contracts/cases';
import { declineReasons, dischargeReasons } from '../../../shared/pathway';
import { AppModal } from '../../components/app-modal';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useT } from '../../i18n';
import { useCaseLabels } from './case-labels';
import { caseSectionPath } from './case-sections';
import { changeCaseStatus } from './cases-api';
import { useCaseMutation } from './case-mutation';

export type CaseMove = 'active' | 'declined' | 'unreachable' | 'discharged';

type DialogProps = { detail: CaseDetail; move: CaseMove; onClose: () => void; onDone: () => void };

/** A move of the case's status: what it needs asked (a reason, a note), then confirmed. */
export function StatusDialog({ detail, move, onClose, onDone }: DialogProps): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const save = useCaseMutation(
    detail.id,
    (body: ChangeCaseStatusBody) => changeCaseStatus(detail.id, body),
    onDone,
  );
  const reasons =
    move === 'declined'
      ? declineReasons.map((r) => ({ value: r, label: labels.declineReason(r) }))
      : move === 'discharged'
        ? dischargeReasons.map((r) => ({ value: r, label: labels.dischargeReason(r) }))
        : null;
  const title = {
    active: t('cases.actions.acceptTitle'),
    declined: t('cases.actions.declineTitle'),
    unreachable: t('cases.actions.unreachableTitle'),
    discharged: t('cases.actions.dischargeTitle'),
  }[move];
  const help = {
    active: t('cases.actions.acceptHelp'),
    declined: t('cases.actions.declineHelp'),
    unreachable: t('cases.actions.unreachableHelp', { count: detail.maxContactAttempts }),
    discharged: null,
  }[move];

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const common = { version: detail.version, ...(note.trim() ? { note: note.trim() } : {}) };
    const declined = declineReasons.find((r) => r === reason);
    const discharged = dischargeReasons.find((r) => r === reason);
    const body: ChangeCaseStatusBody =
      move === 'declined'
        ? { to: 'declined', ...common, ...(declined ? { reason: declined } : {}) }
        : move === 'discharged'
          ? { to: 'discharged', ...common, ...(discharged ? { reason: discharged } : {}) }
          : { to: move, ...common };
    save.mutate(body);
  };

  return (
    <AppModal opened onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {help && <Text size="sm">{help}</Text>}
          {move === 'discharged' && detail.acceptance === 'accepted' && (
            // The outcomes section asks for the closing timepoint when opened with closing=true;
            // a person who never said yes has no questionnaires to close.
            <Anchor component={Link} to={`${caseSectionPath(detail.id, 'outcomes')}?closing=true`}>
              {t('cases.actions.dischargeQuestionnaire')}
            </Anchor>
          )}
          <FormAlert error={save.error} fields={['reason', 'note']} />
          {reasons && (
            <NativeSelect
              label={t('cases.actions.reason')}
              required
              data={[{ value: '', label: t('cases.actions.chooseReason') }, ...reasons]}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={fieldError(save.error, 'reason')}
            />
          )}
          <Textarea
            label={t('cases.actions.note')}
            autosize
            minRows={2}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            error={fieldError(save.error, 'note')}
          />
          <FormActions
            submitLabel={t('cases.actions.confirm')}
            pending={save.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </AppModal>
  );
}
