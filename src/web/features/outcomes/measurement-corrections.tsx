import {
  Alert,
  Button,
  Group,
  List,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactElement, useState } from 'react';
import {
  type CorrectedMeasurement,
  type MeasurementView,
  type SafeguardingAlert,
  type VoidReason,
  voidReasons,
} from '../../../shared/contracts/outcomes';
import { type InstrumentDefinition, instruments } from '../../../shared/instruments';
import { type Timepoint, timepoints } from '../../../shared/pathway';
import { AppModal } from '../../components/app-modal';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { caseQueryKey } from '../cases/cases-api';
import { useSectionSave } from '../plans/section-save';
import { ItemFieldset } from './item-fieldset';
import { TimepointSelect } from './timepoint-select';
import { amendMeasurement, outcomesKey, voidMeasurement } from './outcomes-api';

function isVoidReason(value: string): value is VoidReason {
  return (voidReasons as readonly string[]).includes(value);
}

/** 'Baseline, 12 Jan 2026: score 9 (Lonely)', in the reader's language. */
function useDescribe(definition: InstrumentDefinition): (m: MeasurementView) => string {
  const { t, locale } = useT();
  const format = useFormat();
  return (measurement) => {
    const scores = measurement.scores.map((score) => {
      const scale = definition.scales.find((candidate) => candidate.id === score.scale);
      if (score.value === null) return t('outcomes.chart.noScore');
      const band = scale?.bands.find((candidate) => candidate.code === score.band);
      const value = format.number(score.value);
      return band
        ? t('outcomes.corrections.scoreBand', { value, band: band.label[locale] })
        : t('outcomes.corrections.score', { value });
    });
    return t('outcomes.corrections.summary', {
      timepoint: t(`outcomes.timepoints.${measurement.timepoint}`),
      date: format.date(measurement.takenOn),
      scores: scores.join(', '),
    });
  };
}

/**
 * The answers recorded for one questionnaire, each with its corrections (answers entered
 * again, or voided with a reason), and the voided ones kept below, struck through, with
 * who set them aside, when and why.
 */
export function MeasurementRecords({
  caseId,
  definition,
  measurements,
  corrected,
  canCorrect,
  availableTimepoints,
  onAlerts,
}: {
  caseId: string;
  definition: InstrumentDefinition;
  measurements: MeasurementView[];
  corrected: CorrectedMeasurement[];
  canCorrect: boolean;
  availableTimepoints: Timepoint[];
  onAlerts: (alerts: SafeguardingAlert[]) => void;
}): ReactElement {
  const { t, locale } = useT();
  const describe = useDescribe(definition);
  const [amending, setAmending] = useState<MeasurementView | null>(null);
  const [voiding, setVoiding] = useState<MeasurementView | null>(null);
  const [done, setDone] = useState<'amended' | 'voided' | null>(null);
  const title = definition.title[locale];
  return (
    <Stack gap="xs">
      <Title order={4}>{t('outcomes.corrections.recorded', { instrument: title })}</Title>
      {done && (
        <Alert color="teal" role="status">
          {t(`outcomes.corrections.${done}`)}
        </Alert>
      )}
      {measurements.length === 0 ? (
        <Text c="dimmed">{t('outcomes.corrections.noneCounting')}</Text>
      ) : (
        <List spacing="xs" listStyleType="none" ml={0} pl={0}>
          {measurements.map((measurement) => (
            <List.Item key={measurement.id}>
              <Stack gap={4}>
                <Text>{describe(measurement)}</Text>
                {canCorrect && (
                  <Group gap="xs" wrap="wrap">
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t('outcomes.corrections.amendNamed', {
                        what: describe(measurement),
                      })}
                      onClick={() => {
                        setDone(null);
                        setAmending(measurement);
                      }}
                    >
                      {t('outcomes.corrections.amend')}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      color="red"
                      aria-label={t('outcomes.corrections.voidNamed', {
                        what: describe(measurement),
                      })}
                      onClick={() => {
                        setDone(null);
                        setVoiding(measurement);
                      }}
                    >
                      {t('outcomes.corrections.void')}
                    </Button>
                  </Group>
                )}
              </Stack>
            </List.Item>
          ))}
        </List>
      )}
      {corrected.length > 0 && <CorrectionsHistory definition={definition} corrected={corrected} />}
      {amending && (
        <AmendDialog
          caseId={caseId}
          definition={definition}
          measurement={amending}
          availableTimepoints={availableTimepoints}
          onClose={() => setAmending(null)}
          onDone={(alerts) => {
            setAmending(null);
            setDone('amended');
            onAlerts(alerts);
          }}
        />
      )}
      {voiding && (
        <VoidDialog
          caseId={caseId}
          measurement={voiding}
          describe={describe}
          onClose={() => setVoiding(null)}
          onDone={() => {
            setVoiding(null);
            setDone('voided');
          }}
        />
      )}
    </Stack>
  );
}

function CorrectionsHistory({
  definition,
  corrected,
}: {
  definition: InstrumentDefinition;
  corrected: CorrectedMeasurement[];
}): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const describe = useDescribe(definition);
  return (
    <details>
      <summary>
        <Text span fw={600}>
          {t('outcomes.corrections.history', { n: corrected.length })}
        </Text>
      </summary>
      <List spacing="xs" mt="xs">
        {corrected.map((measurement) => {
          const { correction } = measurement;
          const params = {
            name: correction.by ?? t('outcomes.corrections.someone'),
            date: format.dateTime(correction.at),
          };
          const why =
            correction.kind === 'amended'
              ? t('outcomes.corrections.amendedBy', params)
              : t('outcomes.corrections.voidedBy', {
                  ...params,
                  reason:
                    correction.reason === 'other' && correction.note
                      ? correction.note
                      : t(`outcomes.corrections.reasons.${correction.reason ?? 'other'}`),
                });
          return (
            <List.Item key={measurement.id}>
              <Text>
                <del>{describe(measurement)}</del>
              </Text>
              <Text size="sm" c="dimmed">
                {why}
              </Text>
            </List.Item>
          );
        })}
      </List>
    </details>
  );
}

function AmendDialog({
  caseId,
  definition,
  measurement,
  availableTimepoints,
  onClose,
  onDone,
}: {
  caseId: string;
  definition: InstrumentDefinition;
  measurement: MeasurementView;
  availableTimepoints: Timepoint[];
  onClose: () => void;
  onDone: (alerts: SafeguardingAlert[]) => void;
}): ReactElement {
  const { t, locale } = useT();
  const [timepoint, setTimepoint] = useState<Timepoint>(measurement.timepoint);
  const [takenOn, setTakenOn] = useState(measurement.takenOn);
  const [answers, setAnswers] = useState<Record<string, number | null>>(measurement.answers);
  const save = useSectionSave([outcomesKey(caseId), caseQueryKey(caseId)], () =>
    amendMeasurement(caseId, measurement.id, { timepoint, takenOn, answers }),
  );
  // Its own timepoint, or one not recorded yet for this questionnaire.
  const offered = timepoints.filter(
    (value) => value === measurement.timepoint || availableTimepoints.includes(value),
  );
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate(undefined, { onSuccess: (result) => onDone(result.safeguarding) });
  };
  const title = t('outcomes.corrections.amendTitle', {
    instrument: instruments[measurement.instrumentId].title[locale],
    timepoint: t(`outcomes.timepoints.${measurement.timepoint}`),
  });
  return (
    <AppModal opened onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack gap="md">
          <Text size="sm">{t('outcomes.corrections.amendIntro')}</Text>
          <FormAlert
            error={save.error}
            fields={['timepoint', 'takenOn', ...definition.items.map((i) => `answers.${i.id}`)]}
          />
          <TimepointSelect
            options={offered}
            value={timepoint}
            onChange={setTimepoint}
            error={fieldError(save.error, 'timepoint')}
          />
          <TextInput
            type="date"
            label={t('outcomes.record.takenOn')}
            required
            value={takenOn}
            onChange={(event) => setTakenOn(event.currentTarget.value)}
            error={fieldError(save.error, 'takenOn')}
          />
          {definition.items.map((item, index) => (
            <ItemFieldset
              key={item.id}
              name={`amend-${measurement.id}-${item.id}`}
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
            submitLabel={t('outcomes.corrections.amendSubmit')}
            pending={save.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </AppModal>
  );
}

function VoidDialog({
  caseId,
  measurement,
  describe,
  onClose,
  onDone,
}: {
  caseId: string;
  measurement: MeasurementView;
  describe: (m: MeasurementView) => string;
  onClose: () => void;
  onDone: () => void;
}): ReactElement {
  const { t, locale } = useT();
  const [reason, setReason] = useState<VoidReason | null>(null);
  const [note, setNote] = useState('');
  const save = useSectionSave([outcomesKey(caseId), caseQueryKey(caseId)], () =>
    voidMeasurement(caseId, measurement.id, {
      ...(reason ? { reason } : {}),
      ...(reason === 'other' ? { note } : {}),
    }),
  );
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate(undefined, { onSuccess: onDone });
  };
  const title = t('outcomes.corrections.voidTitle', {
    instrument: instruments[measurement.instrumentId].title[locale],
    timepoint: t(`outcomes.timepoints.${measurement.timepoint}`),
  });
  return (
    <AppModal opened onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack gap="md">
          <Text>{describe(measurement)}</Text>
          <Text size="sm">{t('outcomes.corrections.voidIntro')}</Text>
          <FormAlert error={save.error} fields={['reason', 'note']} />
          <Radio.Group
            label={t('outcomes.corrections.reason')}
            required
            value={reason ?? ''}
            onChange={(value) => {
              if (isVoidReason(value)) setReason(value);
            }}
            error={fieldError(save.error, 'reason')}
          >
            <Stack gap="xs" mt={4}>
              {voidReasons.map((value) => (
                <Radio
                  key={value}
                  value={value}
                  label={t(`outcomes.corrections.reasons.${value}`)}
                />
              ))}
            </Stack>
          </Radio.Group>
          {reason === 'other' && (
            <Textarea
              label={t('outcomes.corrections.note')}
              required
              autosize
              minRows={2}
              maxLength={500}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              error={fieldError(save.error, 'note')}
            />
          )}
          <FormActions
            submitLabel={t('outcomes.corrections.voidSubmit')}
            pending={save.isPending}
            onCancel={onClose}
            color="red"
          />
        </Stack>
      </form>
    </AppModal>
  );
}
