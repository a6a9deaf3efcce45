import {
  Group,
  List,
  NativeSelect,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { type FormEvent, type ReactElement, useState } from 'react';
import type { CaseDetail } from '../../../shared/contracts/cases';
import {
  type ContactChannel,
  type ContactOutcome,
  contactChannels,
  contactOutcomes,
} from '../../../shared/pathway';
import { FormActions } from '../../components/form-actions';
import { FormReveal } from '../../components/form-reveal';
import { fieldError, FormAlert } from '../../components/form-alert';
import { PageSection } from '../../components/page-section';
import { StatusMessage } from '../../components/status-message';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { useCaseLabels } from './case-labels';
import { recordContact } from './cases-api';
import { useCaseMutation } from './case-mutation';

/** The current local time as a datetime-local input value (minutes, no zone). */
function localNow(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

type Values = {
  channel: ContactChannel;
  outcome: ContactOutcome;
  occurredAt: string;
  duration: string | number;
  notes: string;
};

const fields = ['channel', 'outcome', 'occurredAt', 'durationMinutes', 'notes'];

/** Every attempt to reach the person and every conversation, with a form to add one. */
export function ContactsSection({ detail }: { detail: CaseDetail }): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const format = useFormat();
  const [saved, setSaved] = useState(false);
  return (
    <PageSection id="case-contacts" title={t('cases.contacts.heading')}>
      <Text size="sm">
        {t('cases.contacts.attempts', {
          made: detail.failedAttempts,
          max: detail.maxContactAttempts,
        })}
      </Text>
      {detail.permissions.canRecordContact && (
        <FormReveal label={t('cases.contacts.open')}>
          {(close) => (
            <ContactForm
              detail={detail}
              onCancel={close}
              onSaved={() => {
                setSaved(true);
                close();
              }}
            />
          )}
        </FormReveal>
      )}
      <StatusMessage message={saved ? t('cases.contacts.recorded') : null} />
      {detail.contacts.length === 0 ? (
        <Text c="dimmed">{t('cases.contacts.empty')}</Text>
      ) : (
        <List aria-label={t('cases.contacts.listLabel')} spacing="xs">
          {[...detail.contacts].reverse().map((contact) => (
            <List.Item key={contact.id}>
              <Text span fw={600}>
                {format.dateTime(contact.occurredAt)}
              </Text>{' '}
              · {labels.channel(contact.channel)} · {labels.outcome(contact.outcome)}
              {contact.durationMinutes !== null &&
                ` · ${t('cases.contacts.minutes', { count: contact.durationMinutes })}`}
              {contact.recordedByName &&
                ` · ${t('cases.contacts.by', { name: contact.recordedByName })}`}
              {contact.notes && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {contact.notes}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </PageSection>
  );
}

function ContactForm({
  detail,
  onSaved,
  onCancel,
}: {
  detail: CaseDetail;
  onSaved: () => void;
  onCancel: () => void;
}): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const [values, setValues] = useState<Values>(() => ({
    channel: 'phone',
    outcome: 'reached',
    occurredAt: localNow(),
    duration: '',
    notes: '',
  }));
  const save = useCaseMutation(
    detail.id,
    (body: Values) =>
      recordContact(detail.id, {
        channel: body.channel,
        outcome: body.outcome,
        occurredAt: new Date(body.occurredAt).toISOString(),
        ...(typeof body.duration === 'number' ? { durationMinutes: body.duration } : {}),
        ...(body.notes.trim() ? { notes: body.notes.trim() } : {}),
      }),
    onSaved,
  );
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate(values);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={560} gap="sm">
        <FormAlert error={save.error} fields={fields} />
        <Group grow wrap="wrap" align="flex-start">
          <NativeSelect
            label={t('cases.contacts.channel')}
            miw={140}
            data={contactChannels.map((c) => ({ value: c, label: labels.channel(c) }))}
            value={values.channel}
            onChange={(event) => {
              const channel = contactChannels.find((c) => c === event.currentTarget.value);
              if (channel) setValues((v) => ({ ...v, channel }));
            }}
            error={fieldError(save.error, 'channel')}
          />
          <NativeSelect
            label={t('cases.contacts.outcome')}
            miw={140}
            data={contactOutcomes.map((o) => ({ value: o, label: labels.outcome(o) }))}
            value={values.outcome}
            onChange={(event) => {
              const outcome = contactOutcomes.find((o) => o === event.currentTarget.value);
              if (outcome) setValues((v) => ({ ...v, outcome }));
            }}
            error={fieldError(save.error, 'outcome')}
          />
        </Group>
        <Group grow wrap="wrap" align="flex-start">
          <TextInput
            type="datetime-local"
            label={t('cases.contacts.occurredAt')}
            miw={200}
            required
            max={localNow()}
            value={values.occurredAt}
            onChange={(event) => {
              const occurredAt = event.currentTarget.value;
              setValues((v) => ({ ...v, occurredAt }));
            }}
            error={fieldError(save.error, 'occurredAt')}
          />
          <NumberInput
            label={t('cases.contacts.duration')}
            miw={140}
            min={0}
            max={600}
            allowDecimal={false}
            value={values.duration}
            onChange={(duration) => setValues((v) => ({ ...v, duration }))}
            error={fieldError(save.error, 'durationMinutes')}
          />
        </Group>
        <Textarea
          label={t('cases.contacts.notes')}
          autosize
          minRows={2}
          value={values.notes}
          onChange={(event) => {
            const notes = event.currentTarget.value;
            setValues((v) => ({ ...v, notes }));
          }}
          error={fieldError(save.error, 'notes')}
        />
        <FormActions
          submitLabel={t('cases.contacts.submit')}
          pending={save.isPending}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
