import {
  type CorrectedMeasurement,
  type MeasurementView,
  type VoidReason,
  voidReasons,
} from '../../../shared/contracts/outcomes';
import { isInstrumentId } from '../../../shared/instruments';
import {
  type AnswerRow,
  amendedReason,
  type MeasurementRow,
  type ScoreRow,
  type StoredMeasurement,
} from './outcomes-queries';

export function presentMeasurement(
  row: MeasurementRow,
  scores: Omit<ScoreRow, 'measurementId'>[],
  answers: Pick<AnswerRow, 'itemId' | 'value'>[],
): MeasurementView {
  if (!isInstrumentId(row.instrumentId)) {
    throw new Error(`measurement ${row.id} names an unknown instrument ${row.instrumentId}`);
  }
  return {
    id: row.id,
    instrumentId: row.instrumentId,
    instrumentVersion: row.instrumentVersion,
    timepoint: row.timepoint,
    takenOn: row.takenOn,
    answeredBy: row.answeredBy,
    complete: row.complete,
    scores: scores.map((score) => ({
      scale: score.scale,
      value: score.value,
      band: score.band,
      reason: score.reason,
    })),
    answers: Object.fromEntries(answers.map((answer) => [answer.itemId, answer.value])),
  };
}

function readVoidReason(
  stored: string | null,
  note: string | null,
): { reason: VoidReason | null; note: string | null } {
  const known = voidReasons.find((reason) => reason === stored);
  return { reason: known ?? null, note: known === 'other' ? note : null };
}

/** A voided measurement as history; null for one that still counts. */
export function presentCorrected(
  stored: StoredMeasurement,
  all: readonly StoredMeasurement[],
): CorrectedMeasurement | null {
  const { measurement } = stored;
  if (!measurement.voidedAt) return null;
  const replacement = all.find((other) => other.measurement.amendsId === measurement.id);
  const amended = measurement.voidReason === amendedReason;
  return {
    ...presentMeasurement(measurement, stored.scores, stored.answers),
    correction: {
      kind: amended ? 'amended' : 'voided',
      ...(amended
        ? { reason: null, note: null }
        : readVoidReason(measurement.voidReason, measurement.voidNote)),
      at: measurement.voidedAt.toISOString(),
      by: stored.voidedByName,
      replacedBy: replacement?.measurement.id ?? null,
    },
  };
}
