import type { MeasurementView } from '../../../shared/contracts/outcomes';
import { isInstrumentId } from '../../../shared/instruments';
import type { MeasurementRow, ScoreRow } from './outcomes-queries';

export function presentMeasurement(row: MeasurementRow, scores: ScoreRow[]): MeasurementView {
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
  };
}
