import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Image,
  List,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactElement, useState } from 'react';
import { useSearchParams } from '../../navigation';
import type {
  CaseOutcomes,
  MeasurementLink,
  SafeguardingAlert,
} from '../../../shared/contracts/outcomes';
import {
  type InstrumentId,
  instrumentIds,
  instruments,
  isInstrumentId,
} from '../../../shared/instruments';
import { type Timepoint, timepoints } from '../../../shared/pathway';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { FormReveal } from '../../components/form-reveal';
import { PageSection } from '../../components/page-section';
import { StatusMessage, useNotice } from '../../components/status-message';
import { today, useFormat } from '../../format';
import { useT } from '../../i18n';
import { caseQueryKey } from '../cases/cases-api';
import { useSectionSave } from '../plans/section-save';
import { QueryContent } from '../../components/query-content';
import { ItemFieldset } from './item-fieldset';
import { MeasurementRecords } from './measurement-corrections';
import {
  createMeasurementLink,
  outcomesKey,
  recordMeasurement,
  useCaseOutcomes,
} from './outcomes-api';
import { ScaleChart } from './scale-chart';
import { TimepointSelect } from './timepoint-select';

/**
 * The case's outcome measures: what is due, each instrument's scores over time as a chart
 * and a table, recording a measurement with the link worker, and a link for the person.
 */
export function CaseOutcomesSection({ caseId }: { caseId: string }): ReactElement {
  const { t } = useT();
  // The case screen is opened with ?closing=true while the case is being closed.
  const [searchParams] = useSearchParams();
  const query = useCaseOutcomes(caseId, searchParams.get('closing') === 'true');
  return (
    <PageSection id="outcomes-title" title={t('outcomes.title')}>
      <QueryContent query={query}>
        {(data) => (
          <Outcomes
            caseId={caseId}
            outcomes={data}
            recordFirst={searchParams.get('closing') === 'true'}
          />
        )}
      </QueryContent>
    </PageSection>
  );
}

function Outcomes({
  caseId,
  outcomes,
  recordFirst,
}: {
  caseId: string;
  outcomes: CaseOutcomes;
  /** Reached to record a questionnaire (the discharge one): its form is open already. */
  recordFirst: boolean;
}): ReactElement {
  const { t, locale } = useT();
  const [alerts, setAlerts] = useState<SafeguardingAlert[]>([]);
  const [saved, setSaved] = useNotice();
  return (
    <Stack gap="lg">
      {alerts.length > 0 && <SafeguardingAlerts alerts={alerts} />}
      <DueList outcomes={outcomes} />
      {outcomes.instruments.length === 0 ? (
        <Text c="dimmed">{t('outcomes.none')}</Text>
      ) : (
        outcomes.instruments.map(({ instrumentId, measurements, corrected }) => {
          const definition = instruments[instrumentId];
          return (
            <Stack
              key={instrumentId}
              component="section"
              aria-labelledby={`outcomes-${instrumentId}`}
              gap="md"
            >
              <Title order={3} id={`outcomes-${instrumentId}`}>
                {definition.title[locale]}
              </Title>
              {measurements.length > 0 &&
                definition.scales.map((scale) => (
                  <ScaleChart
                    key={scale.id}
                    definition={definition}
                    scale={scale}
                    measurements={measurements}
                    headingId={`outcomes-${instrumentId}-${scale.id}`}
                  />
                ))}
              <MeasurementRecords
                caseId={caseId}
                definition={definition}
                measurements={measurements}
                corrected={corrected}
                canCorrect={outcomes.permissions.canCorrect}
                availableTimepoints={recordingOf(outcomes, instrumentId).available}
                onAlerts={setAlerts}
              />
            </Stack>
          );
        })
      )}
      {outcomes.permissions.canRecord && (
        <Stack gap="xs">
          <FormReveal label={t('outcomes.record.open')} initiallyOpen={recordFirst}>
            {(close) => (
              <RecordForm
                caseId={caseId}
                outcomes={outcomes}
                onAlerts={setAlerts}
                onSaved={() => {
                  setSaved((t) => t('outcomes.record.saved'));
                  close();
                }}
                onCancel={close}
              />
            )}
          </FormReveal>
          <StatusMessage message={saved} />
        </Stack>
      )}
      {outcomes.permissions.canSendLink && <LinkForm caseId={caseId} outcomes={outcomes} />}
    </Stack>
  );
}

function SafeguardingAlerts({ alerts }: { alerts: SafeguardingAlert[] }): ReactElement {
  const { t } = useT();
  return (
    <Alert color="red" variant="filled" role="alert" title={t('outcomes.safeguarding.title')}>
      <Stack gap="xs">
        {alerts.map((alert) => (
          <Stack key={`${alert.instrumentId}-${alert.triggerId}`} gap={4}>
            <Text fw={700}>{alert.message}</Text>
            <Text fw={600}>{t('outcomes.safeguarding.nextStep')}</Text>
            <Text>{alert.action}</Text>
          </Stack>
        ))}
        <Text size="sm">{t('outcomes.safeguarding.notified')}</Text>
      </Stack>
    </Alert>
  );
}

function DueList({ outcomes }: { outcomes: CaseOutcomes }): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const day = (iso: string): string => format.date(iso);
  return (
    <Stack gap="xs" component="section" aria-labelledby="outcomes-due-title">
      <Title order={3} id="outcomes-due-title">
        {t('outcomes.due.heading')}
      </Title>
      {outcomes.due.length === 0 ? (
        <Text c="dimmed">{t('outcomes.due.nothing')}</Text>
      ) : (
        <List>
          {outcomes.due.map((due) => {
            const when =
              due.dueOn === null
                ? due.timepoint === 'discharge'
                  ? t('outcomes.due.atDischarge')
                  : t('outcomes.due.afterAcceptance')
                : due.overdue
                  ? t('outcomes.due.overdue', { date: day(due.dueOn) })
                  : t('outcomes.due.dueOn', { date: day(due.dueOn) });
            return (
              <List.Item key={due.timepoint}>
                <Text span fw={600}>
                  {t(`outcomes.timepoints.${due.timepoint}`)}
                </Text>{' '}
                ({when}): {due.instrumentIds.map((id) => instruments[id].title[locale]).join(', ')}
              </List.Item>
            );
          })}
        </List>
      )}
    </Stack>
  );
}

function firstDueTimepoint(outcomes: CaseOutcomes): Timepoint {
  return outcomes.due[0]?.timepoint ?? 'baseline';
}

/** What the server offers for recording an instrument (the due rule is the server's). */
function recordingOf(
  outcomes: CaseOutcomes,
  instrumentId: InstrumentId,
): { due: Timepoint | null; available: Timepoint[] } {
  return (
    outcomes.recording.find((entry) => entry.instrumentId === instrumentId) ?? {
      due: null,
      available: [],
    }
  );
}

function RecordForm({
  caseId,
  outcomes,
  onAlerts,
  onSaved,
  onCancel,
}: {
  caseId: string;
  outcomes: CaseOutcomes;
  onAlerts: (alerts: SafeguardingAlert[]) => void;
  onSaved: () => void;
  onCancel: () => void;
}): ReactElement {
  const { t, locale } = useT();
  const [instrumentId, setInstrumentId] = useState<InstrumentId>(
    outcomes.due[0]?.instrumentIds[0] ?? outcomes.schedule.instruments[0] ?? 'ucla3',
  );
  // The timepoint chosen by hand, while it is still one to record; else the one due.
  const [chosenTimepoint, setTimepoint] = useState<Timepoint | null>(null);
  const [takenOn, setTakenOn] = useState(today());
  const [answers, setAnswers] = useState<Record<string, number | null>>({});
  const definition = instruments[instrumentId];
  const recording = recordingOf(outcomes, instrumentId);
  const timepoint =
    chosenTimepoint && recording.available.includes(chosenTimepoint)
      ? chosenTimepoint
      : (recording.due ?? recording.available[0] ?? null);
  // The case itself reloads too: an answer may have raised a safeguarding concern.
  const save = useSectionSave([outcomesKey(caseId), caseQueryKey(caseId)], () =>
    recordMeasurement(caseId, {
      instrumentId,
      timepoint: timepoint ?? 'baseline',
      takenOn,
      answers,
    }),
  );
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: (result) => {
        onAlerts(result.safeguarding);
        onSaved();
      },
    });
  };
  // Instruments of the site's schedule first, then the others.
  const ordered = [
    ...outcomes.schedule.instruments,
    ...instrumentIds.filter((id) => !outcomes.schedule.instruments.includes(id)),
  ];
  const wording = definition.sources.wording[locale];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="outcomes-record-title">
      <form onSubmit={submit} noValidate aria-labelledby="outcomes-record-title">
        <Stack gap="md">
          <Title order={3} id="outcomes-record-title">
            {t('outcomes.record.heading')}
          </Title>
          <FormAlert
            error={save.error}
            fields={[
              'instrumentId',
              'timepoint',
              'takenOn',
              ...definition.items.map((i) => `answers.${i.id}`),
            ]}
          />
          <NativeSelect
            label={t('outcomes.record.instrument')}
            data={ordered.map((id) => ({ value: id, label: instruments[id].title[locale] }))}
            value={instrumentId}
            onChange={(event) => {
              const value = event.currentTarget.value;
              if (isInstrumentId(value)) {
                setInstrumentId(value);
                setTimepoint(null);
                setAnswers({});
              }
            }}
            error={fieldError(save.error, 'instrumentId')}
          />
          {timepoint === null ? (
            <Text>{t('outcomes.record.allRecorded')}</Text>
          ) : (
            <TimepointSelect
              options={recording.available}
              description={
                recording.due === timepoint ? t('outcomes.record.dueTimepoint') : undefined
              }
              value={timepoint}
              onChange={setTimepoint}
              error={fieldError(save.error, 'timepoint')}
            />
          )}
          {timepoint !== null && (
            <>
              <TextInput
                type="date"
                label={t('outcomes.record.takenOn')}
                required
                value={takenOn}
                onChange={(event) => setTakenOn(event.currentTarget.value)}
                error={fieldError(save.error, 'takenOn')}
              />
              {definition.instructions && <Text>{definition.instructions[locale]}</Text>}
              {!wording.validatedTranslation && (
                <Text size="sm" c="dimmed">
                  {t('outcomes.record.notValidated')}
                </Text>
              )}
              <Text size="sm">{t('outcomes.record.missingHelp')}</Text>
              {definition.items.map((item, index) => (
                <ItemFieldset
                  key={`${instrumentId}-${item.id}`}
                  name={`record-${instrumentId}-${item.id}`}
                  legend={`${index + 1}. ${item.text[locale]}`}
                  options={item.options.map((option) => ({
                    value: option.value,
                    label: option.label[locale],
                  }))}
                  value={answers[item.id] ?? null}
                  onChange={(value) => setAnswers((current) => ({ ...current, [item.id]: value }))}
                  error={fieldError(save.error, `answers.${item.id}`)}
                />
              ))}
              <FormActions
                submitLabel={t('outcomes.record.submit')}
                pending={save.isPending}
                onCancel={onCancel}
              />
            </>
          )}
          {timepoint === null && (
            <Group>
              <Button variant="default" onClick={onCancel}>
                {t('common.cancel')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

function LinkForm({ caseId, outcomes }: { caseId: string; outcomes: CaseOutcomes }): ReactElement {
  const { t, locale } = useT();
  const format = useFormat();
  const firstDue = outcomes.due[0];
  const [timepoint, setTimepoint] = useState<Timepoint>(firstDueTimepoint(outcomes));
  const [chosen, setChosen] = useState<InstrumentId[]>(
    firstDue?.instrumentIds ?? outcomes.schedule.instruments,
  );
  const [sendByEmail, setSendByEmail] = useState(false);
  const [link, setLink] = useState<MeasurementLink | null>(null);
  const create = useSectionSave([outcomesKey(caseId)], () =>
    createMeasurementLink(caseId, { instrumentIds: chosen, timepoint, sendByEmail }),
  );
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setLink(null);
    create.mutate(undefined, { onSuccess: setLink });
  };
  // The form stays open once the link is made: its QR code is what the person scans.
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="outcomes-link-title">
      <Stack gap="md">
        <Title order={3} id="outcomes-link-title">
          {t('outcomes.link.heading')}
        </Title>
        <Text size="sm">{t('outcomes.link.intro')}</Text>
        <FormReveal label={t('outcomes.link.open')}>
          {() => (
            <form onSubmit={submit} noValidate aria-labelledby="outcomes-link-title">
              <Stack gap="md">
                <FormAlert error={create.error} fields={['timepoint']} />
                <TimepointSelect
                  options={timepoints}
                  value={timepoint}
                  onChange={setTimepoint}
                  error={fieldError(create.error, 'timepoint')}
                />
                <Checkbox.Group
                  label={t('outcomes.link.instruments')}
                  value={chosen}
                  onChange={(values) => setChosen(values.filter(isInstrumentId))}
                  error={fieldError(create.error, 'instrumentIds')}
                >
                  <Stack gap={4} mt={4}>
                    {instrumentIds.map((id) => (
                      <Checkbox key={id} value={id} label={instruments[id].title[locale]} />
                    ))}
                  </Stack>
                </Checkbox.Group>
                {outcomes.personHasEmail ? (
                  <Checkbox
                    label={t('outcomes.link.sendByEmail')}
                    checked={sendByEmail}
                    onChange={(event) => setSendByEmail(event.currentTarget.checked)}
                  />
                ) : (
                  <Text size="sm">{t('outcomes.link.noEmail')}</Text>
                )}
                <FormActions submitLabel={t('outcomes.link.submit')} pending={create.isPending} />
                {link && (
                  <Stack gap="xs" role="status">
                    {link.emailed && <Text>{t('outcomes.link.emailed')}</Text>}
                    <Image src={link.qrCode} alt={t('outcomes.link.qrAlt')} w={220} h={220} />
                    <Text size="sm">
                      {format.label(t('outcomes.link.url'))}{' '}
                      <Anchor
                        href={link.url}
                        style={{ wordBreak: 'break-all' }}
                        data-testid="questionnaire-link"
                      >
                        {link.url}
                      </Anchor>
                    </Text>
                    <Text size="sm">
                      {t('outcomes.link.expires', { date: format.dateTime(link.expiresAt) })}
                    </Text>
                  </Stack>
                )}
              </Stack>
            </form>
          )}
        </FormReveal>
      </Stack>
    </Paper>
  );
}
