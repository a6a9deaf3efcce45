import { Checkbox, NativeSelect, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { useNavigate } from '../../navigation';
import type { CaseDetail } from '../../../shared/contracts/cases';
import {
  type ReferralReason,
  type Urgency,
  referralReasons,
  urgencies,
} from '../../../shared/pathway';
import { AppModal } from '../../components/app-modal';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useT } from '../../i18n';
import { ConsentFields, consentFieldNames, consentInput, emptyConsent } from '../referrals';
import { useCaseLabels } from './case-labels';
import { casesQueryKey, reReferCase } from './cases-api';

export type ReReferDialogProps = { detail: CaseDetail; opened: boolean; onClose: () => void };

/** A new episode for the person of a closed case: its reasons, urgency and consent. */
export function ReReferDialog({ detail, opened, onClose }: ReReferDialogProps): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [reasons, setReasons] = useState<ReferralReason[]>([]);
  const [urgency, setUrgency] = useState<Urgency>('routine');
  const [context, setContext] = useState('');
  // A new referral needs the person's agreement again: nothing is carried over from the last.
  const [consent, setConsent] = useState(() => emptyConsent(false));
  const save = useMutation({
    mutationFn: () =>
      reReferCase(detail.id, {
        reasons,
        urgency,
        ...(context.trim() ? { context: context.trim() } : {}),
        consent: consentInput(consent),
      }),
    onSuccess: (opened) => {
      void queryClient.invalidateQueries({ queryKey: casesQueryKey });
      onClose();
      navigate(`/cases/${opened.id}`);
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <AppModal opened={opened} onClose={onClose} title={t('cases.reRefer.title')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <FormAlert
            error={save.error}
            fields={['reasons', 'urgency', 'context', ...consentFieldNames]}
          />
          <Checkbox.Group
            label={t('cases.reRefer.reasons')}
            required
            value={reasons}
            onChange={(value) => setReasons(referralReasons.filter((r) => value.includes(r)))}
            error={fieldError(save.error, 'reasons')}
          >
            <Stack gap={6} mt="xs">
              {referralReasons.map((r) => (
                <Checkbox key={r} value={r} label={labels.reason(r)} />
              ))}
            </Stack>
          </Checkbox.Group>
          <NativeSelect
            label={t('cases.reRefer.urgency')}
            data={urgencies.map((u) => ({ value: u, label: labels.urgency(u) }))}
            value={urgency}
            onChange={(event) => {
              const value = urgencies.find((u) => u === event.currentTarget.value);
              if (value) setUrgency(value);
            }}
          />
          <Textarea
            label={t('cases.reRefer.context')}
            autosize
            minRows={2}
            value={context}
            onChange={(event) => setContext(event.currentTarget.value)}
            error={fieldError(save.error, 'context')}
          />
          <ConsentFields
            value={consent}
            onChange={setConsent}
            error={save.error}
            askReferrerUpdates
          />
          <FormActions
            submitLabel={t('cases.reRefer.submit')}
            pending={save.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </AppModal>
  );
}
