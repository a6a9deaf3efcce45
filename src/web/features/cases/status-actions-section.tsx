import { Alert, Anchor, Button, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, type ReactElement, useState } from 'react';
import { Link } from '../../navigation';
import type { CaseDetail, ChangeCaseStatusBody } from '../../../shared/contracts/cases';
import { declineReasons, dischargeReasons } from '../../../shared/pathway';
import { AppModal } from '../../components/app-modal';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { PageSection } from '../../components/page-section';
import { StatusMessage } from '../../components/status-message';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { useCaseLabels } from './case-labels';
import { caseSectionPath } from './case-sections';
import { changeCaseStatus } from './cases-api';
import { useCaseMutation } from './case-mutation';
import { ReReferButton } from './re-refer-button';

type Move = 'active' | 'declined' | 'unreachable' | 'discharged';

/** The person's answer and the case's closure: each move in a dialog that asks what it needs. */
export function StatusActionsSection({ detail }: { detail: CaseDetail }): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const format = useFormat();
  const [open, setOpen] = useState<Move | null>(null);
  const [done, setDone] = useState(false);
  const { permissions } = detail;
  const moves: { move: Move; allowed: boolean; label: string; color?: string }[] = [
    { move: 'active', allowed: permissions.canAccept, label: t('cases.actions.accept') },
    {
      move: 'declined',
      allowed: permissions.canDecline,
      label: t('cases.actions.decline'),
      color: 'gray',
    },
    {
      move: 'unreachable',
      allowed: permissions.canCloseUnreachable,
      label: t('cases.actions.unreachable'),
      color: 'gray',
    },
    {
      move: 'discharged',
      allowed: permissions.canDischarge,
      label: t('cases.actions.discharge'),
      color: 'gray',
    },
  ];
  const available = moves.filter((m) => m.allowed);
  return (
    <PageSection id="case-actions" title={t('cases.actions.heading')}>
      {detail.closedAt && (
        <Alert color="gray">
          {t('cases.actions.closed', {
            when: format.date(detail.closedAt),
            reason: detail.closureReason ? labels.closureReason(detail.closureReason) : '',
          })}
        </Alert>
      )}
      {available.length > 0 ? (
        <Group gap="sm" wrap="wrap">
          {available.map((m) => (
            <Button
              key={m.move}
              variant={m.move === 'active' ? 'filled' : 'default'}
              onClick={() => {
                setDone(false);
                setOpen(m.move);
              }}
            >
              {m.label}
            </Button>
          ))}
        </Group>
      ) : (
        !detail.closedAt && <Text c="dimmed">{t('cases.actions.none')}</Text>
      )}
      {permissions.nextStatuses.includes('unreachable') && !permissions.canCloseUnreachable && (
        <Text size="sm" c="dimmed">
          {t('cases.actions.unreachableHelp', { count: detail.maxContactAttempts })}
        </Text>
      )}
      {permissions.canReRefer && <ReReferButton detail={detail} />}
      <StatusMessage message={done ? t('cases.actions.done') : null} />
      {open && (
        <StatusDialog
          detail={detail}
          move={open}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            setDone(true);
          }}
        />
      )}
    </PageSection>
  );
}

type DialogProps = { detail: CaseDetail; move: Move; onClose: () => void; onDone: () => void };

function StatusDialog({ detail, move, onClose, onDone }: DialogProps): ReactElement {
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
