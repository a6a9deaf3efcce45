import { type ReactElement, useId } from 'react';
import type { PersonScoreHistory } from '../../shared/contracts/person-space';
import { formatDay, type PersonLocale, type PersonTranslate } from './person-i18n';
import { outcomesTranslator } from './person-outcomes-i18n';

type Props = { history: PersonScoreHistory[]; locale: PersonLocale };

/** The person's own scores over time, when they open them: a small chart and its table each. */
export function Scores({ history, locale }: Props): ReactElement {
  const t = outcomesTranslator(locale);
  return (
    <>
      <h3>{t('scores')}</h3>
      {history.length === 0 && <p>{t('noScores')}</p>}
      {history.map((scale) => (
        <ScaleScores
          key={`${scale.instrumentId}-${scale.scale}`}
          scale={scale}
          locale={locale}
          t={t}
        />
      ))}
    </>
  );
}

function ScaleScores({
  scale,
  locale,
  t,
}: {
  scale: PersonScoreHistory;
  locale: PersonLocale;
  t: PersonTranslate;
}): ReactElement {
  const id = useId();
  const name = `${scale.title}, ${scale.scaleLabel}`;
  return (
    <div className="scale" role="group" aria-labelledby={`${id}-name`}>
      <h4 id={`${id}-name`}>{name}</h4>
      <p className="help">
        {scale.measures}. {t(`direction.${scale.direction}`)}{' '}
        {t('range', { min: scale.range.min, max: scale.range.max })}
      </p>
      <Chart scale={scale} label={t('scoreChart', { scale: name })} />
      <table>
        <caption className="visually-hidden">{t('scoreTable', { scale: name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('takenOn')}</th>
            <th scope="col">{t('score')}</th>
            <th scope="col">{t('band')}</th>
          </tr>
        </thead>
        <tbody>
          {scale.points.map((point) => (
            <tr key={`${point.timepoint}-${point.takenOn}`}>
              <td>{formatDay(point.takenOn, locale)}</td>
              <td>{point.score ?? t('noScore')}</td>
              <td>{point.band ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const width = 320;
const height = 140;
const pad = { left: 28, right: 12, top: 10, bottom: 14 };

/** The scores as dots joined in time order, the scale's range top to bottom; no library. */
function Chart({ scale, label }: { scale: PersonScoreHistory; label: string }): ReactElement {
  const { min, max } = scale.range;
  const scored = scale.points.flatMap((point, index) =>
    point.score === null ? [] : [{ index, score: point.score }],
  );
  const x = (index: number): number =>
    scale.points.length === 1
      ? (pad.left + width - pad.right) / 2
      : pad.left + (index * (width - pad.left - pad.right)) / (scale.points.length - 1);
  const y = (score: number): number =>
    pad.top + ((max - score) * (height - pad.top - pad.bottom)) / Math.max(1, max - min);
  const line = scored.map((point) => `${x(point.index)},${y(point.score)}`).join(' ');
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      focusable="false"
    >
      {[min, max].map((value) => (
        <g key={value} aria-hidden="true">
          <line x1={pad.left} x2={width - pad.right} y1={y(value)} y2={y(value)} />
          <text x={pad.left - 6} y={y(value) + 4} textAnchor="end">
            {value}
          </text>
        </g>
      ))}
      {scored.length > 1 && <polyline points={line} fill="none" />}
      {scored.map((point) => (
        <circle key={point.index} cx={x(point.index)} cy={y(point.score)} r={5} />
      ))}
    </svg>
  );
}
