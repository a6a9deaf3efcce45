import { Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent, ReactElement, ReactNode } from 'react';
import type { ProposeChangeBody } from '../../../shared/contracts/listings';
import { FormActions } from '../../components/form-actions';
import { FormAlert } from '../../components/form-alert';
import { useT } from '../../i18n';
import { myListingsKey, proposeChange } from './listings-api';

type Props = {
  /** Builds the request from the fields at submit time. */
  build: () => ProposeChangeBody;
  onSent: () => void;
  onCancel: () => void;
  children: (error: unknown) => ReactNode;
};

/** One edit form of a listing: it sends a proposal for review rather than changing the listing. */
export function ProposalForm({ build, onSent, onCancel, children }: Props): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: proposeChange,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: myListingsKey });
      onSent();
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    send.mutate(build());
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {children(send.error)}
        <FormAlert error={send.error} />
        <FormActions
          submitLabel={t('listings.mine.sendForReview')}
          pending={send.isPending}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
