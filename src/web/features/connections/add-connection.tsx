import {
  Button,
  Group,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import type { CreateConnectionBody } from '../../../shared/contracts/connections';
import type { DirectorySearchHit } from '../../../shared/contracts/search';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useT } from '../../i18n';
import { emptyFilters, ReferralStatusBadge, useDirectorySearch } from '../directory-search';
import { caseConnectionsKey, proposeConnection } from './connections-api';

type Source = 'directory' | 'described';
const fields = ['serviceId', 'organisationName', 'activity', 'partnerEmail', 'personWants'];

type Props = {
  caseId: string;
  /** Once the connection is proposed: the form closes and the section says so. */
  onCreated: () => void;
  onCancel: () => void;
};

/** Proposes a connection: a listing found in the directory, or an activity described by hand. */
export function AddConnection({ caseId, onCreated, onCancel }: Props): ReactElement {
  const { t } = useT();
  const queryClient = useQueryClient();
  const [source, setSource] = useState<Source>('directory');
  const [chosen, setChosen] = useState<DirectorySearchHit | null>(null);
  const [organisationName, setOrganisationName] = useState('');
  const [activity, setActivity] = useState('');
  const [partnerEmail, setPartnerEmail] = useState('');
  const [personWants, setPersonWants] = useState('');
  const [missingChoice, setMissingChoice] = useState(false);
  const create = useMutation({
    mutationFn: (body: CreateConnectionBody) => proposeConnection(caseId, body),
    onSuccess: async () => {
      setChosen(null);
      setOrganisationName('');
      setActivity('');
      setPartnerEmail('');
      setPersonWants('');
      await queryClient.invalidateQueries({ queryKey: caseConnectionsKey(caseId) });
      onCreated();
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (source === 'directory') {
      setMissingChoice(!chosen);
      if (!chosen) return;
      create.mutate({ serviceId: chosen.id, personWants });
      return;
    }
    create.mutate({
      organisationName,
      activity,
      ...(partnerEmail.trim() ? { partnerEmail: partnerEmail.trim() } : {}),
      personWants,
    });
  };

  return (
    <Paper component="section" aria-labelledby="add-connection-title" withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h4" id="add-connection-title">
          {t('connections.add.title')}
        </Title>
        <Radio.Group
          label={t('connections.add.source')}
          value={source}
          onChange={(value) => setSource(value === 'described' ? 'described' : 'directory')}
        >
          <Group gap="md" mt={6}>
            <Radio value="directory" label={t('connections.add.fromDirectory')} />
            <Radio value="described" label={t('connections.add.describe')} />
          </Group>
        </Radio.Group>
        {source === 'directory' && (
          <DirectoryPicker
            chosen={chosen}
            onChoose={(hit) => {
              setChosen(hit);
              setMissingChoice(false);
            }}
          />
        )}
        <form onSubmit={submit} noValidate aria-labelledby="add-connection-title">
          <Stack gap="sm">
            <FormAlert error={create.error} fields={fields} />
            {source === 'directory' ? (
              <Text
                size="sm"
                role={missingChoice ? 'alert' : undefined}
                c={missingChoice ? 'red.9' : undefined}
              >
                {chosen
                  ? t('connections.add.chosen', { name: chosen.name })
                  : t('connections.add.chooseFirst')}
              </Text>
            ) : (
              <>
                <TextInput
                  label={t('connections.add.organisationName')}
                  required
                  value={organisationName}
                  maxLength={200}
                  onChange={(e) => setOrganisationName(e.currentTarget.value)}
                  error={fieldError(create.error, 'organisationName')}
                />
                <TextInput
                  label={t('connections.add.activity')}
                  required
                  value={activity}
                  maxLength={300}
                  onChange={(e) => setActivity(e.currentTarget.value)}
                  error={fieldError(create.error, 'activity')}
                />
                <TextInput
                  type="email"
                  label={t('connections.add.partnerEmail')}
                  value={partnerEmail}
                  onChange={(e) => setPartnerEmail(e.currentTarget.value)}
                  error={fieldError(create.error, 'partnerEmail')}
                />
              </>
            )}
            <Textarea
              label={t('connections.add.personWants')}
              required
              autosize
              minRows={2}
              maxLength={2000}
              value={personWants}
              onChange={(e) => setPersonWants(e.currentTarget.value)}
              error={fieldError(create.error, 'personWants')}
            />
            <FormActions
              submitLabel={t('connections.add.submit')}
              pending={create.isPending}
              onCancel={onCancel}
            />
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

function DirectoryPicker({
  chosen,
  onChoose,
}: {
  chosen: DirectorySearchHit | null;
  onChoose: (hit: DirectorySearchHit) => void;
}): ReactElement {
  const { t } = useT();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const search = useDirectorySearch({ ...emptyFilters, q });
  const hits = search.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="sm">
      <form
        role="search"
        aria-label={t('connections.add.searchLabel')}
        onSubmit={(event) => {
          event.preventDefault();
          setQ(draft.trim());
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput
            type="search"
            label={t('connections.add.searchLabel')}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            style={{ flex: '1 1 12rem' }}
          />
          <Button type="submit" variant="default" loading={search.isFetching}>
            {t('connections.add.search')}
          </Button>
        </Group>
      </form>
      {q !== '' && search.isSuccess && (
        <section aria-label={t('connections.add.results')}>
          {hits.length === 0 ? (
            <Text size="sm">{t('connections.add.noResults')}</Text>
          ) : (
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {hits.slice(0, 10).map((hit) => (
                <li key={hit.id}>
                  <Group justify="space-between" gap="xs" wrap="wrap">
                    <Group gap="xs" style={{ flex: '1 1 12rem' }}>
                      <Text fw={600} lang={hit.language ?? undefined}>
                        {hit.name}
                      </Text>
                      <ReferralStatusBadge status={hit.referralStatus} />
                    </Group>
                    <Button
                      size="xs"
                      variant={chosen?.id === hit.id ? 'filled' : 'default'}
                      aria-pressed={chosen?.id === hit.id}
                      onClick={() => onChoose(hit)}
                    >
                      {t('connections.add.choose', { name: hit.name })}
                    </Button>
                  </Group>
                </li>
              ))}
            </Stack>
          )}
        </section>
      )}
    </Stack>
  );
}
