import { Button, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import type { FailedEmail } from '../../../shared/contracts/emails';
import { FormAlert } from '../../components/form-alert';
import { usePageTitle } from '../../components/page-title';
import { QueryContent } from '../../components/query-content';
import { ActionsColumnHeader } from '../../components/row-actions';
import { StatusMessage, type Words, useNotice } from '../../components/status-message';
import { TableScroll } from '../../components/table-scroll';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { failedEmailsKey, retryEmail, useFailedEmails } from './emails-api';

/** The emails given up on after their retries, each of which can be sent again. */
export function FailedEmailsPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('emails.title'));
  const query = useFailedEmails();
  const [message, setMessage] = useNotice();
  return (
    <Stack gap="lg">
      <Title order={1}>{t('emails.title')}</Title>
      <Text>{t('emails.intro')}</Text>
      <StatusMessage message={message} />
      <QueryContent query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <Text>{t('emails.none')}</Text>
          ) : (
            <FailedEmailsTable emails={data.items} onSent={setMessage} />
          )
        }
      </QueryContent>
    </Stack>
  );
}

function FailedEmailsTable({
  emails,
  onSent,
}: {
  emails: FailedEmail[];
  onSent: (message: Words) => void;
}): ReactElement {
  const { t } = useT();
  return (
    <TableScroll label={t('emails.title')}>
      <Table striped miw={760} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('emails.written')}</Table.Th>
            <Table.Th scope="col">{t('emails.recipient')}</Table.Th>
            <Table.Th scope="col">{t('emails.subject')}</Table.Th>
            <Table.Th scope="col">{t('emails.why')}</Table.Th>
            <ActionsColumnHeader />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {emails.map((email) => (
            <FailedEmailRow key={email.id} email={email} onSent={onSent} />
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function FailedEmailRow({
  email,
  onSent,
}: {
  email: FailedEmail;
  onSent: (message: Words) => void;
}): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: () => retryEmail(email.id),
    onSuccess: async () => {
      onSent((t) => t('emails.queued', { recipient: email.recipient }));
      await queryClient.invalidateQueries({ queryKey: failedEmailsKey });
    },
  });
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={email.createdAt}>{format.dateTime(email.createdAt)}</time>
      </Table.Td>
      <Table.Td style={{ wordBreak: 'break-all' }}>{email.recipient}</Table.Td>
      <Table.Td>{email.subject}</Table.Td>
      <Table.Td>
        <Text size="sm">{t('emails.attempts', { count: email.attempts })}</Text>
        {email.lastError && (
          <Text size="xs" ff="monospace" style={{ wordBreak: 'break-word' }}>
            {email.lastError}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="default"
          loading={send.isPending}
          onClick={() => send.mutate()}
          aria-label={t('emails.sendAgainTo', { recipient: email.recipient })}
        >
          {t('emails.sendAgain')}
        </Button>
        <FormAlert error={send.error} fields={[]} />
      </Table.Td>
    </Table.Tr>
  );
}
