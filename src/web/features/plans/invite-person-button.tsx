import { Button, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import type { PersonInvitation } from '../../../shared/contracts/person-space';
import { personSignInLinkMinutes } from '../../../shared/contracts/person-space';
import { apiRequest } from '../../api';
import { FormAlert } from '../../components/form-alert';
import { StatusMessage, useNotice } from '../../components/status-message';
import { useT } from '../../i18n';

/**
 * Emails the person a one-use link to their own space, where they read their plan: in their
 * language, working for a few minutes. Says where it went; a record without an email says so.
 */
export function InvitePersonButton({ caseId }: { caseId: string }): ReactElement {
  const { t } = useT();
  const [sent, say] = useNotice();
  const invite = useMutation({
    mutationFn: () =>
      apiRequest<PersonInvitation>('POST', `/api/cases/${caseId}/person-invitations`),
    onSuccess: (invitation) =>
      say((tr) =>
        tr('plans.invite.sent', { email: invitation.sentTo, minutes: personSignInLinkMinutes }),
      ),
  });
  return (
    <Stack gap="xs">
      <Button
        variant="default"
        loading={invite.isPending}
        onClick={() => {
          say(null);
          invite.mutate();
        }}
      >
        {t('plans.invite.button')}
      </Button>
      <FormAlert error={invite.error} />
      <StatusMessage message={sent} />
    </Stack>
  );
}
