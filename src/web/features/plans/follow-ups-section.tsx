import {
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactElement, useState } from 'react';
import type { CreateFollowUpBody, FollowUp, FollowUpList } from '../../../shared/contracts/plans';
import { type FollowUpKind, followUpKinds } from '../../../shared/pathway';
import { FormActions } from '../../components/form-actions';
import { FormReveal } from '../../components/form-reveal';
import { fieldError, FormAlert } from '../../components/form-alert';
import { PageSection } from '../../components/page-section';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { createFollowUp, followUpsKey, updateFollowUp, useFollowUps } from './plans-api';
import { QueryContent } from '../../components/query-content';
import { useSectionSave } from './section-save';
import { type BadgeLook, badgeLooks } from '../../components/badge-looks';

function isKind(value: string): value is FollowUpKind {
  return (followUpKinds as readonly string[]).includes(value);
}

type Standing = 'done' | 'overdue' | 'dueToday' | 'upcoming';

/** Where a follow-up stands, by the server's today so the list agrees with reminders. */
function standingOf(followUp: FollowUp, today: string): Standing {
  if (followUp.doneAt) return 'done';
  if (followUp.dueOn < today) return 'overdue';
  if (followUp.dueOn === today) return 'dueToday';
  return 'upcoming';
}

const badgeLook: Record<Standing, BadgeLook> = {
  done: badgeLooks.quiet,
  overdue: badgeLooks.alert,
  dueToday: badgeLooks.warning,
  upcoming: badgeLooks.info,
};

/** The link worker's follow-ups for the case: due and overdue ones said in words, not colour alone. */
export function FollowUpsSection({ caseId }: { caseId: string }): ReactElement {
  const { t } = useT();
  const query = useFollowUps(caseId);
  return (
    <PageSection id="follow-ups-title" title={t('plans.followUps.title')}>
      <QueryContent query={query}>
        {(data) => <FollowUps caseId={caseId} list={data} />}
      </QueryContent>
    </PageSection>
  );
}

function FollowUps({ caseId, list }: { caseId: string; list: FollowUpList }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const day = (iso: string): string => format.date(iso);
  const canEdit = list.permissions.canEdit;
  const markDone = useSectionSave([followUpsKey(caseId)], (followUp: FollowUp) =>
    updateFollowUp(followUp.id, { done: true, version: followUp.version }),
  );
  const standingLabel: Record<Standing, string> = {
    done: '',
    overdue: t('plans.followUps.overdue'),
    dueToday: t('plans.followUps.dueToday'),
    upcoming: t('plans.followUps.upcoming'),
  };

  return (
    <Stack>
      <FormAlert error={markDone.error} />
      {list.items.length === 0 ? (
        <Text c="dimmed">{t('plans.followUps.none')}</Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {list.items.map((followUp) => {
            const standing = standingOf(followUp, list.today);
            const kind = t(`plans.followUps.kinds.${followUp.kind}`);
            return (
              <Paper component="li" key={followUp.id} withBorder p="sm">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Stack gap={2}>
                    <Group gap="xs">
                      <Text fw={600}>{kind}</Text>
                      <Badge {...badgeLook[standing]}>
                        {standing === 'done' && followUp.doneAt
                          ? t('plans.followUps.doneOn', { date: format.date(followUp.doneAt) })
                          : standingLabel[standing]}
                      </Badge>
                    </Group>
                    <Text size="sm">
                      {t('plans.followUps.dueOn')} {day(followUp.dueOn)}
                    </Text>
                    {followUp.note && <Text size="sm">{followUp.note}</Text>}
                  </Stack>
                  {canEdit && standing !== 'done' && (
                    <Button
                      variant="default"
                      size="compact-sm"
                      loading={markDone.isPending && markDone.variables.id === followUp.id}
                      aria-label={t('plans.followUps.markDoneNamed', {
                        kind,
                        date: day(followUp.dueOn),
                      })}
                      onClick={() => markDone.mutate(followUp)}
                    >
                      {t('plans.followUps.markDone')}
                    </Button>
                  )}
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}
      {canEdit && (
        <FormReveal label={t('plans.followUps.addHeading')}>
          {(close) => <NewFollowUp caseId={caseId} onDone={close} />}
        </FormReveal>
      )}
    </Stack>
  );
}

function NewFollowUp({ caseId, onDone }: { caseId: string; onDone: () => void }): ReactElement {
  const { t } = useT();
  const [kind, setKind] = useState<FollowUpKind>('call');
  const [dueOn, setDueOn] = useState('');
  const [note, setNote] = useState('');
  const save = useSectionSave([followUpsKey(caseId)], (body: CreateFollowUpBody) =>
    createFollowUp(caseId, body),
  );
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate(
      { kind, dueOn, note: note || null },
      {
        onSuccess: () => {
          setDueOn('');
          setNote('');
          onDone();
        },
      },
    );
  };
  return (
    <Stack component="section" aria-labelledby="new-follow-up-title" gap="sm">
      <Title order={3} id="new-follow-up-title">
        {t('plans.followUps.addHeading')}
      </Title>
      <form onSubmit={submit} noValidate aria-labelledby="new-follow-up-title">
        <Stack gap="sm">
          <FormAlert error={save.error} fields={['kind', 'dueOn', 'note']} />
          <Group grow preventGrowOverflow={false} wrap="wrap" align="flex-start">
            <NativeSelect
              label={t('plans.followUps.kind')}
              miw={160}
              data={followUpKinds.map((value) => ({
                value,
                label: t(`plans.followUps.kinds.${value}`),
              }))}
              value={kind}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (isKind(value)) setKind(value);
              }}
            />
            <TextInput
              type="date"
              label={t('plans.followUps.dueOn')}
              required
              miw={160}
              value={dueOn}
              onChange={(event) => setDueOn(event.currentTarget.value)}
              error={fieldError(save.error, 'dueOn')}
            />
          </Group>
          <TextInput
            label={t('plans.followUps.note')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            error={fieldError(save.error, 'note')}
          />
          <FormActions
            submitLabel={t('plans.followUps.add')}
            pending={save.isPending}
            onCancel={onDone}
          />
        </Stack>
      </form>
    </Stack>
  );
}
