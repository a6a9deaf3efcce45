import { Button, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactElement, useState } from 'react';
import type { Connection, PartnerConnectionStatus } from '../../../shared/contracts/connections';
import { midSentence } from '../../../shared/typography';
import type { Words } from '../../components/status-message';
import { useT } from '../../i18n';
import { caseConnectionsKey, recordAnswerByPhone } from './connections-api';
import { StepForm, type StepSubmission } from './step-form';

function isPartnerAnswer(
  options: readonly PartnerConnectionStatus[],
  status: string,
): status is PartnerConnectionStatus {
  return options.some((option) => option === status);
}

/**
 * A partner's answer given by phone, which the link worker records on the partner's behalf:
 * the partner's own choices (from the server), worded as what the partner said.
 */
export function PhoneAnswer({
  caseId,
  connection,
  onSaved,
}: {
  caseId: string;
  connection: Connection;
  onSaved: (words: Words) => void;
}): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const options = connection.permissions.partnerAnswers;
  const organisation = connection.organisationName;
  const record = useMutation({
    mutationFn: ({ to, reason, firstAttendedOn, startsOn, partnerMessage }: StepSubmission) => {
      if (!isPartnerAnswer(options, to)) throw new Error(`not a partner answer: ${to}`);
      return recordAnswerByPhone(connection.id, {
        to,
        version: connection.version,
        ...(reason ? { reason } : {}),
        ...(firstAttendedOn ? { firstAttendedOn } : {}),
        ...(startsOn ? { startsOn } : {}),
        ...(partnerMessage ? { partnerMessage } : {}),
      });
    },
    onSuccess: async (updated) => {
      const status = updated.status;
      setOpen(false);
      onSaved((t) =>
        t('connections.phone.saved', {
          organisation,
          status: midSentence(t(`connections.status.${status}`)),
        }),
      );
      await queryClient.invalidateQueries({ queryKey: caseConnectionsKey(caseId) });
    },
  });
  if (!open) {
    return (
      <div>
        <Button
          variant="default"
          onClick={() => {
            record.reset();
            setOpen(true);
          }}
          style={{ maxWidth: '100%', height: 'auto', minHeight: 36, whiteSpace: 'normal' }}
          styles={{ label: { whiteSpace: 'normal', textAlign: 'start' } }}
        >
          {t('connections.phone.open', { organisation })}
        </Button>
      </div>
    );
  }
  return (
    <Paper withBorder p="sm" radius="md" bg="gray.0">
      <Stack gap="xs">
        <Text size="sm">{t('connections.phone.intro')}</Text>
        <StepForm
          key={connection.version}
          activity={connection.activity}
          options={options}
          withNote={false}
          legend={t('connections.phone.legend', { organisation, activity: connection.activity })}
          labelOf={(status) => t(`connections.status.${status}`)}
          submitLabel={t('connections.phone.submit')}
          pending={record.isPending}
          error={record.error}
          onSubmit={(step) => record.mutate(step)}
        >
          <Button variant="default" onClick={() => setOpen(false)}>
            {t('connections.phone.cancel')}
          </Button>
        </StepForm>
      </Stack>
    </Paper>
  );
}
