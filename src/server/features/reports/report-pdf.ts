import PDFDocument from 'pdfkit';
import type {
  CountTable,
  Dashboard,
  InstrumentChange,
  OutcomeGroupCell,
  OutcomesReport,
  ReportCount,
} from '../../../shared/contracts/reports';
import type { Locale } from '../../../shared/locale';
import {
  type RowKind,
  countText,
  hasHidden,
  methodsNote,
  methodsParts,
  pValueText,
  rowName,
} from '../../../shared/report-notation';
import {
  decimal,
  formatDate,
  intlLocale,
  labelValue,
  percent,
  semicolonList,
  wholeNumber,
} from '../../../shared/typography';
import { translatorFor } from '../../platform/i18n';
import { type SpanningCell, drawTable } from './pdf-table';

/*
 * The programme report as a PDF (A4 portrait): the page /reports/programme shows, from the
 * same two answers (the dashboard and the outcomes), in the same words and notation
 * (shared/report-notation.ts), in the requester's language. Tagged: headings, paragraphs,
 * tables and the chart are structure elements; the footer is an artifact.
 */

type Translate = (key: string, values?: Record<string, string | number>) => string;

const page = { margin: 48, bottom: 56 };
const fontSize = { title: 18, heading: 13, caption: 10, body: 9, table: 8, footer: 7.5 };
const ink = '#1c3f8c';
const rule = '#b8bec9';
const muted = '#4a4f57';

/**
 * The standard fonts speak WinAnsi (Windows-1252): French letters, « », œ, the dashes and
 * quotes all in it. What is not is written as its nearest there, never as a wrong glyph:
 * French's narrow no-break space (before : ; ? ! % and inside « ») as a no-break space.
 */
const outsideWinAnsi: Record<string, string> = {
  '\u202f': '\u00a0',
  '\u2009': ' ',
  '\u2212': '-',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2192': '->',
};
const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export function inWinAnsi(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) out += char;
    else if (winAnsiExtras.has(char) || char === '\n') out += char;
    else out += outsideWinAnsi[char] ?? '?';
  }
  return out;
}

export type ProgrammeReportInput = {
  dashboard: Dashboard;
  outcomes: OutcomesReport;
  locale: Locale;
  generatedAt: Date;
};

/** A table as the page lays it out: caption, head, rows (the first cell a row header), foot. */
type TableSpec = {
  title: string;
  head: string[];
  rows: (string | SpanningCell)[][];
  foot?: string[];
  /** Relative widths of the columns; the first (names) is wider by default. */
  widths?: number[];
  /** Counts stand right, as on the page. */
  alignFigures?: 'right';
  note?: string[];
};

/** The PDF's bytes. */
export async function renderProgrammeReportPdf(input: ProgrammeReportInput): Promise<Buffer> {
  const { dashboard, outcomes, locale, generatedAt } = input;
  const serverT = translatorFor(locale);
  const t: Translate = (key, values) => serverT(key, { ns: 'web', ...values });
  const intl = intlLocale(locale);
  const date = (day: string): string => formatDate(intl, day);
  // The server has no reader's clock: times are UTC, and say so.
  const dateTime = (iso: string): string =>
    new Intl.DateTimeFormat(intl, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(new Date(iso)) + ' UTC';
  const title = t('reports.programme.title');
  const scopeName = dashboard.scope.name ?? t('reports.scopeProgramme');

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: page.margin, left: page.margin, right: page.margin, bottom: page.bottom },
    bufferPages: true,
    pdfVersion: '1.7',
    tagged: true,
    lang: intl,
    displayTitle: true,
    info: {
      // Metadata is Unicode (UTF-16): no font, no mapping.
      Title: labelValue(locale, title, `${scopeName}, ${dashboard.scope.period}`),
      Author: 'Passerelle',
      Subject: t('reports.programme.covering', {
        scope: scopeName,
        from: date(dashboard.scope.from),
        to: date(dashboard.scope.to),
      }),
      CreationDate: generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * page.margin;
  const bottomLimit = (): number => doc.page.height - page.bottom;

  const ensureSpace = (height: number): void => {
    if (doc.y + height > bottomLimit()) doc.addPage();
  };
  const tagged = (type: string, draw: () => void): void => {
    doc.addStructure(doc.struct(type, {}, draw));
  };
  const heading = (level: 1 | 2 | 3, text: string): void => {
    const size = level === 1 ? fontSize.title : level === 2 ? fontSize.heading : fontSize.caption;
    ensureSpace(size * 4);
    if (level === 2) doc.moveDown(0.8);
    tagged(`H${level}`, () => {
      doc
        .font('Helvetica-Bold')
        .fontSize(size)
        .fillColor(level === 3 ? 'black' : ink)
        .text(inWinAnsi(text), page.margin, doc.y, { width });
    });
    doc.moveDown(0.3);
  };
  const paragraph = (text: string, options: { bold?: boolean; bullet?: boolean } = {}): void => {
    ensureSpace(fontSize.body * 2.5);
    tagged(options.bullet ? 'LI' : 'P', () => {
      doc
        .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(fontSize.body)
        .fillColor('black')
        .text(inWinAnsi(options.bullet ? `•  ${text}` : text), page.margin, doc.y, {
          width,
          indent: options.bullet ? 8 : 0,
        });
    });
    doc.moveDown(0.35);
  };

  const table = (spec: TableSpec): void => {
    ensureSpace(fontSize.caption * 6);
    heading(3, spec.title);
    const columns = spec.head.length;
    const relative = spec.widths ?? [2.2, ...Array.from({ length: columns - 1 }, () => 1)];
    const total = relative.reduce((sum, w) => sum + w, 0);
    const winAnsi = (content: string | SpanningCell) =>
      typeof content === 'string'
        ? inWinAnsi(content)
        : { text: inWinAnsi(content.text), span: content.span };
    drawTable(
      doc,
      {
        head: spec.head.map(inWinAnsi),
        rows: spec.rows.map((row) => row.map(winAnsi)),
        ...(spec.foot ? { foot: spec.foot.map(inWinAnsi) } : {}),
        widths: relative.map((w) => (w / total) * width),
        ...(spec.alignFigures ? { alignFigures: spec.alignFigures } : {}),
      },
      {
        left: page.margin,
        top: () => doc.page.margins.top,
        bottom: bottomLimit,
        fontSize: fontSize.table,
        ruleColour: rule,
        headFill: '#eef1f6',
      },
    );
    doc.moveDown(0.4);
    for (const line of spec.note ?? []) {
      ensureSpace(fontSize.table * 3);
      tagged('P', () => {
        doc
          .font('Helvetica')
          .fontSize(fontSize.table)
          .fillColor(muted)
          .text(inWinAnsi(line), page.margin, doc.y, { width });
      });
    }
    doc.fillColor('black').moveDown(0.6);
  };

  const count = (value: ReportCount | null): string => countText(t, locale, value);
  const countTable = (
    caption: string,
    source: CountTable,
    kind: RowKind,
    columnKind?: RowKind,
  ): void => {
    if (source.rows.length === 0) {
      heading(3, caption);
      paragraph(t('reports.empty'));
      return;
    }
    const manyColumns = source.columns.length > 1;
    const rowTotals = manyColumns && source.rows.every((row) => row.total !== null);
    const columnName = (column: string): string =>
      columnKind
        ? rowName(t, locale, columnKind, { key: column, label: null })
        : t(`reports.columns.${column}`);
    table({
      title: caption,
      head: [
        t('reports.group'),
        ...source.columns.map(columnName),
        ...(rowTotals ? [t('reports.total')] : []),
      ],
      rows: source.rows.map((row) => [
        rowName(t, locale, kind, row),
        ...row.cells.map(count),
        ...(rowTotals ? [count(row.total)] : []),
      ]),
      ...(source.rows.length > 1
        ? {
            foot: [
              t('reports.total'),
              ...source.columnTotals.map(count),
              ...(rowTotals ? [count(source.grandTotal)] : []),
            ],
          }
        : {}),
      widths: [2, ...Array.from({ length: source.columns.length + (rowTotals ? 1 : 0) }, () => 1)],
      alignFigures: 'right',
      note: hasHidden(source) ? [t('reports.footnote')] : [],
    });
  };

  // Title and what the report covers.
  heading(1, title);
  paragraph(
    t('reports.programme.covering', {
      scope: scopeName,
      from: date(dashboard.scope.from),
      to: date(dashboard.scope.to),
    }),
    { bold: true },
  );
  paragraph(
    dashboard.scope.asOf
      ? t('reports.asOf', { time: dateTime(dashboard.scope.asOf) })
      : t('reports.notYetComputed'),
  );
  paragraph(t('reports.legend'));

  // The pathway: the funnel as a chart and a table, then time to first contact.
  heading(2, t('reports.sections.funnel'));
  const funnelRow = dashboard.funnel.rows[0];
  const stages = dashboard.funnel.columns.map((stage, index) => ({
    label: rowName(t, locale, 'stage', { key: stage, label: null }),
    count: funnelRow?.cells[index] ?? null,
  }));
  const funnelTitle = t('reports.tables.funnel');
  barChart(
    doc,
    t('reports.chart', { title: funnelTitle }),
    stages.map((stage) => ({
      label: stage.label,
      value: stage.count?.value ?? null,
      text: count(stage.count),
    })),
    width,
  );
  table({
    title: funnelTitle,
    head: [t('reports.group'), t('reports.columns.referrals')],
    rows: stages.map((stage) => [stage.label, count(stage.count)]),
    widths: [3, 1],
    alignFigures: 'right',
    note: [
      t('reports.funnelNote'),
      ...(hasHidden(dashboard.funnel) ? [t('reports.footnote')] : []),
    ],
  });
  const ttfc = dashboard.timeToFirstContact;
  const number = new Intl.NumberFormat(intl);
  const days = (value: number | null): string =>
    value === null ? t('reports.notShown') : number.format(value);
  table({
    title: t('reports.tables.timeToFirstContact'),
    head: [
      t('reports.timeToFirstContact.people'),
      t('reports.timeToFirstContact.median'),
      t('reports.timeToFirstContact.p90'),
    ],
    rows: [[count(ttfc.n), days(ttfc.medianDays), days(ttfc.p90Days)]],
    widths: [1, 1, 1],
  });

  // Reach against the people referred.
  heading(2, t('reports.programme.sections.reach'));
  paragraph(t('reports.programme.reachNote'));
  for (const kind of ['ageBand', 'sex', 'language', 'area'] as const) {
    countTable(t(`reports.tables.${kind}`), dashboard.equity[kind], kind, 'stage');
  }

  // Connections.
  heading(2, t('reports.programme.sections.connections'));
  countTable(t('reports.tables.byCategory'), dashboard.connectionsByCategory, 'category');
  countTable(t('reports.tables.partnerDeclines'), dashboard.partnerDeclines, 'declineReason');

  // Outcomes.
  heading(2, t('reports.programme.sections.outcomes'));
  outcomeTables(t, locale, outcomes, table);

  // Methods: written from the figures, then how the figures protect people.
  heading(2, t('reports.programme.sections.methods'));
  const note = methodsNote(t, locale, dashboard, outcomes, { date, dateTime });
  paragraph(note.coverage);
  paragraph(note.measuresTitle);
  if (note.measures.length === 0) paragraph(note.noMeasures);
  else {
    doc.addStructure(
      doc.struct(
        'L',
        {},
        note.measures.map((line) => doc.struct('LI', {}, () => bulletLine(line))),
      ),
    );
  }
  for (const text of [note.pairing, note.missing, note.tests, note.suppression]) paragraph(text);
  heading(2, t('reports.methods.title'));
  for (const part of methodsParts) {
    paragraph(t(`reports.methods.${part}`));
  }

  function bulletLine(line: string): void {
    ensureSpace(fontSize.body * 2.5);
    doc
      .font('Helvetica')
      .fontSize(fontSize.body)
      .fillColor('black')
      .text(inWinAnsi(`•  ${line}`), page.margin + 8, doc.y, { width: width - 8 });
    doc.moveDown(0.2);
  }

  footers(doc, {
    left: t('reports.programme.pdf.generated', { date: dateTime(generatedAt.toISOString()) }),
    right: (n, of) => t('reports.programme.pdf.page', { page: n, pages: of }),
  });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** The outcome tables, in the page's order: headline shares, change, timepoints, attrition. */
function outcomeTables(
  t: Translate,
  locale: Locale,
  report: OutcomesReport,
  table: (spec: TableSpec) => void,
): void {
  const one = (value: number | null, digits = 1): string =>
    value === null ? '—' : decimal(locale, value, digits);
  const interval = (ci: [number, number] | null): string =>
    ci ? ` (${semicolonList(locale, [one(ci[0]), one(ci[1])])})` : '';
  table({
    title: t('reports.tables.headlines'),
    head: [
      t('reports.headlines.figure'),
      t('reports.headlines.shareColumn'),
      t('reports.outcomes.n'),
      t('reports.headlines.definition'),
    ],
    rows: report.headlines.map((headline) => [
      t(`reports.headlines.keys.${headline.key}`),
      headline.share === null || headline.ci95 === null
        ? t('reports.headlines.notShown')
        : t('reports.headlines.share', {
            share: percent(locale, headline.share),
            low: percent(locale, headline.ci95[0]),
            high: percent(locale, headline.ci95[1]),
          }),
      headline.n === null ? '—' : wholeNumber(locale, headline.n),
      `${headline.definition[locale]}\n${t('reports.headlines.source', { source: headline.source })}`,
    ]),
    widths: [1.4, 1.2, 0.8, 3],
  });
  const share = (figure: ReportCount, value: number | null): string =>
    figure.value === null
      ? countText(t, locale, figure)
      : `${wholeNumber(locale, figure.value)} (${percent(locale, value ?? 0)})`;
  const measureName = (item: InstrumentChange): string =>
    `${item.label[locale]}\n${t(
      item.direction === 'lower_is_better'
        ? 'reports.outcomes.lowerIsBetter'
        : 'reports.outcomes.higherIsBetter',
    )}`;
  table({
    title: t('reports.tables.outcomes'),
    head: [
      t('reports.outcomes.measure'),
      t('reports.outcomes.n'),
      t('reports.outcomes.before'),
      t('reports.outcomes.after'),
      t('reports.outcomes.change'),
      t('reports.outcomes.tTest'),
      t('reports.outcomes.wilcoxon'),
      t('reports.outcomes.effect'),
      t('reports.outcomes.improved'),
      t('reports.outcomes.same'),
      t('reports.outcomes.worsened'),
    ],
    rows: report.items.map((item) =>
      item.suppressed
        ? [measureName(item), { text: t('reports.outcomes.suppressed'), span: 10 }]
        : [
            measureName(item),
            item.n === null ? '—' : wholeNumber(locale, item.n),
            `${one(item.meanBefore)} (${one(item.sdBefore)})`,
            `${one(item.meanAfter)} (${one(item.sdAfter)})`,
            `${one(item.meanChange)}${interval(item.ci95)}`,
            pValueText(locale, item.tTest?.pValue),
            pValueText(locale, item.wilcoxon?.pValue),
            one(item.effectSize.cohenDz, 2),
            item.shares ? share(item.shares.improved, item.shares.improvedShare) : '—',
            item.shares ? share(item.shares.same, item.shares.sameShare) : '—',
            item.shares ? share(item.shares.worsened, item.shares.worsenedShare) : '—',
          ],
    ),
    widths: [2.6, 0.8, 1, 1, 1.3, 0.8, 0.8, 0.8, 0.9, 0.9, 0.9],
  });
  const cellText = (cell: OutcomeGroupCell | undefined): string => {
    if (!cell || cell.suppressed || cell.meanChange === null || cell.n === null) return '—';
    return t('reports.timepoints.cell', {
      change: `${one(cell.meanChange)}${interval(cell.ci95)}`,
      n: wholeNumber(locale, cell.n),
    });
  };
  table({
    title: t('reports.tables.timepoints'),
    head: [
      t('reports.outcomes.measure'),
      ...report.timepoints.map((row) => t(`outcomes.timepoints.${row.timepoint}`)),
    ],
    rows: report.items.map((item, index) => [
      item.label[locale],
      ...report.timepoints.map((row) => cellText(row.cells[index])),
    ]),
    widths: [2, ...report.timepoints.map(() => 1.2)],
  });
  table({
    title: t('reports.tables.attrition'),
    head: [
      t('reports.outcomes.measure'),
      t('reports.attrition.baselines'),
      t('reports.attrition.pairs'),
      t('reports.attrition.lost'),
      t('reports.attrition.lostBaseline'),
      t('reports.attrition.completedBaseline'),
      t('reports.attrition.difference'),
      t('reports.attrition.pValue'),
    ],
    rows: report.items.map(({ label, attrition }) => {
      const comparison = attrition.comparison;
      const lost = `${countText(t, locale, attrition.lost)}${
        attrition.lostShare === null ? '' : ` (${percent(locale, attrition.lostShare)})`
      }`;
      const counts = [
        label[locale],
        countText(t, locale, attrition.baselines),
        countText(t, locale, attrition.pairs),
        lost,
      ];
      return comparison
        ? [
            ...counts,
            `${one(comparison.lostMean)} (${one(comparison.lostSd)})`,
            `${one(comparison.completedMean)} (${one(comparison.completedSd)})`,
            `${one(comparison.difference)}${interval(comparison.ci95)}`,
            pValueText(locale, comparison.pValue),
          ]
        : [...counts, { text: t('reports.attrition.noComparison'), span: 4 }];
    }),
    widths: [2, 0.9, 0.9, 1, 1.1, 1.1, 1.2, 0.8],
  });
}

type Bar = { label: string; value: number | null; text: string };

/**
 * Horizontal bars drawn with vector lines, one per stage: a hidden figure draws no bar and
 * says why, as its table does. Tagged as a figure whose alternative text names the table.
 */
function barChart(doc: PDFKit.PDFDocument, alt: string, bars: Bar[], width: number): void {
  const rowHeight = 16;
  const height = bars.length * rowHeight + 6;
  if (doc.y + height > doc.page.height - page.bottom) doc.addPage();
  const top = doc.y;
  const left = page.margin;
  doc.font('Helvetica').fontSize(fontSize.table);
  const labelWidth = Math.max(...bars.map((bar) => doc.widthOfString(inWinAnsi(bar.label)))) + 10;
  const figureWidth = 50;
  const span = Math.min(width - labelWidth - figureWidth, 300);
  const max = Math.max(1, ...bars.map((bar) => bar.value ?? 0));
  doc.addStructure(
    doc.struct('Figure', { alt: inWinAnsi(alt) }, () => {
      bars.forEach((bar, index) => {
        const y = top + index * rowHeight;
        const length = ((bar.value ?? 0) / max) * span;
        doc.fillColor('black').text(inWinAnsi(bar.label), left, y + 3, { lineBreak: false });
        if (bar.value !== null && length > 0) {
          doc.rect(left + labelWidth, y + 2, length, rowHeight - 5).fill(ink);
        }
        doc
          .fillColor('black')
          .text(inWinAnsi(bar.text), left + labelWidth + length + 4, y + 3, { lineBreak: false });
      });
      doc
        .moveTo(left + labelWidth, top)
        .lineTo(left + labelWidth, top + bars.length * rowHeight)
        .lineWidth(0.5)
        .stroke(rule);
    }),
  );
  doc.x = left;
  doc.y = top + height + 4;
}

/** Every page's footer, once the pages are known: when it was made, and page n of N. */
function footers(
  doc: PDFKit.PDFDocument,
  text: { left: string; right: (page: number, pages: number) => string },
): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    const y = doc.page.height - page.bottom + 18;
    const width = doc.page.width - 2 * page.margin;
    // The bottom margin would push text written below it onto a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font('Helvetica')
      .fontSize(fontSize.footer)
      .fillColor(muted)
      .text(inWinAnsi(text.left), page.margin, y, { width, lineBreak: false });
    doc.text(inWinAnsi(text.right(index + 1, range.count)), page.margin, y, {
      width,
      align: 'right',
      lineBreak: false,
    });
    doc.endMarkedContent();
    doc.page.margins.bottom = margin;
  }
}
