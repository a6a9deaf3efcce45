import { Button, Group, List, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactElement, useState } from 'react';
import type {
  CasePersonRequest,
  CasePersonRequestList,
} from '../../../shared/contracts/person-space';
import { apiRequest } from '../../api';
import { FormAlert, fieldError } from '../../components/form-alert';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { personRequestsKey } from './person-requests';

/** The person's requests on their record, and the form recording how each open one was handled. */
export function PersonRequestList({
  caseId,
  list,
}: {
  caseId: string;
  list: CasePersonRequestList;
}): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const items = list.items;
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('personRequests.title')}
      </Title>
      <List listStyleType="none" spacing="md">
        {items.map((request) => (
          <List.Item key={request.id}>
            <Text fw={600}>
              {t('personRequests.asked', {
                kind: t(`personRequests.kinds.${request.kind}`),
                when: format.dateTime(request.createdAt),
              })}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{request.body}</Text>
            <Text size="sm">
              {t(`personRequests.status.${request.status}`)}
              {request.handledAt &&
                ` · ${t('personRequests.handledBy', {
                  name: request.handledByName ?? '—',
                  when: format.dateTime(request.handledAt),
                })}`}
            </Text>
            {request.response && <Text size="sm">{request.response}</Text>}
            {request.status === 'open' && list.canHandle && (
              <HandleForm caseId={caseId} request={request} />
            )}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

function HandleForm({
  caseId,
  request,
}: {
  caseId: string;
  request: CasePersonRequest;
}): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<'done' | 'refused'>('done');
  const [response, setResponse] = useState('');
  const handle = useMutation({
    mutationFn: () =>
      apiRequest<CasePersonRequestList>(
        'POST',
        `/api/cases/${caseId}/person-requests/${request.id}/handling`,
        {
          body: {
            status,
            version: request.version,
            ...(response.trim() ? { response: response.trim() } : {}),
          },
        },
      ),
    onSuccess: (list) => queryClient.setQueryData(personRequestsKey(caseId), list),
  });
  return (
    <Stack gap="xs" mt="xs">
      <Radio.Group
        label={t('personRequests.handle', { kind: t(`personRequests.kinds.${request.kind}`) })}
        value={status}
        onChange={(value) => setStatus(value === 'refused' ? 'refused' : 'done')}
      >
        <Group gap="md" mt={4}>
          <Radio value="done" label={t('personRequests.status.done')} />
          <Radio value="refused" label={t('personRequests.status.refused')} />
        </Group>
      </Radio.Group>
      <Textarea
        label={status === 'refused' ? t('personRequests.reason') : t('personRequests.whatWasDone')}
        required={status === 'refused'}
        value={response}
        onChange={(event) => setResponse(event.currentTarget.value)}
        error={fieldError(handle.error, 'response')}
        maxLength={2000}
        autosize
        minRows={2}
      />
      <FormAlert error={handle.error} fields={['response']} />
      <Group>
        <Button loading={handle.isPending} onClick={() => handle.mutate()}>
          {t('personRequests.record')}
        </Button>
      </Group>
    </Stack>
  );
}
