import { Button, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { useNavigate } from '../../navigation';
import type { Connection, CreateConnectionBody } from '../../../shared/contracts/connections';
import { AppModal } from '../../components/app-modal';
import { fieldError, FormAlert } from '../../components/form-alert';
import { apiRequest } from '../../api';
import { useT } from '../../i18n';

export type ConnectPersonProps = {
  caseId: string;
  personName: string;
  serviceId: string;
  activity: string;
};

type Props = ConnectPersonProps & { opened: boolean; onClose: () => void };

/**
 * Proposes the connection through the case's usual API, with what the person hopes for,
 * then goes back to the case, where the new connection waits to be sent.
 */
export function ConnectPersonDialog(props: Props): ReactElement {
  const { caseId, personName, serviceId, activity, opened, onClose } = props;
  const { t } = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [personWants, setPersonWants] = useState('');
  const create = useMutation({
    mutationFn: (body: CreateConnectionBody) =>
      apiRequest<Connection>('POST', `/api/cases/${caseId}/connections`, {
        body,
        idempotent: true,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['case-connections', caseId] });
      navigate(`/cases/${caseId}/connections`);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    create.mutate({ serviceId, personWants });
  };
  return (
    <AppModal
      opened={opened}
      onClose={onClose}
      title={t('listingDetail.connectTitle', { name: personName, activity })}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <FormAlert error={create.error} fields={['personWants', 'serviceId']} />
          <Textarea
            label={t('listingDetail.personWants', { name: personName })}
            required
            autosize
            minRows={2}
            maxLength={2000}
            value={personWants}
            onChange={(e) => setPersonWants(e.currentTarget.value)}
            error={fieldError(create.error, 'personWants')}
            data-autofocus
          />
          <div>
            <Button type="submit" loading={create.isPending}>
              {t('listingDetail.connectSubmit')}
            </Button>
          </div>
        </Stack>
      </form>
    </AppModal>
  );
}
