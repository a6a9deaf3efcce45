/*
 * A tagged table drawn straight onto a pdfkit page. pdfkit's own table lays each cell's text
 * out about four times and writes a layout attribute object per cell, which made most of a
 * national report's render time; this measures each cell once and draws it once. The head
 * row repeats at the top of each page the table continues on, as an artifact: a screen
 * reader meets it once, in the structure (Table > THead/TBody/TFoot > TR > TH/TD, heads
 * scoped, each figure naming its heads).
 */

/** A cell spanning columns: the page's "not shown" across a row's figures. */
export type SpanningCell = { text: string; span: number };

export type TableLayout = {
  head: string[];
  /** The first cell of each row names it (a row head). */
  rows: (string | SpanningCell)[][];
  /** Totals, in bold. */
  foot?: string[];
  /** Each column's width in points. */
  widths: number[];
  /** Figures (every column past the first) stand right. */
  alignFigures?: 'right';
};

export type TableFrame = {
  left: number;
  /** Where a page's content starts and must end. */
  top: () => number;
  bottom: () => number;
  fontSize: number;
  ruleColour: string;
  headFill: string;
};

type Cell = {
  text: string;
  scope: 'Column' | 'Row' | null;
  bold: boolean;
  column: number;
  span: number;
  id: string;
};
type Row = { cells: Cell[]; height: number; shaded: boolean };
type RowKind = 'head' | 'body' | 'foot';

const padding = { top: 5, right: 4, bottom: 3, left: 4 };

/** Tables drawn in each document: their cells' IDs must be unique in it. */
const tablesDrawn = new WeakMap<PDFKit.PDFDocument, number>();

/** Draws the table from doc.y down, across pages as needed; doc.y ends below it. */
export function drawTable(doc: PDFKit.PDFDocument, layout: TableLayout, frame: TableFrame): void {
  const number = (tablesDrawn.get(doc) ?? 0) + 1;
  tablesDrawn.set(doc, number);
  const tableId = `table-${number}`;
  const row = (texts: (string | SpanningCell)[], index: number, kind: RowKind): Row =>
    measured(doc, layout, frame, cellsOf(texts, `${tableId}-${index}`, kind), kind);
  const head = row(layout.head, 0, 'head');
  const body = layout.rows.map((texts, index) => row(texts, index + 1, 'body'));
  const foot = layout.foot ? row(layout.foot, body.length + 1, 'foot') : undefined;

  const painter = new RowPainter(doc, layout, frame, head);
  const table = doc.struct('Table');
  doc.addStructure(table);
  // The head stays with the first row: never alone at the foot of a page.
  if (doc.y + head.height + (body[0]?.height ?? 0) > frame.bottom()) painter.newPage(false);
  const group = (type: 'THead' | 'TBody' | 'TFoot', rows: Row[]): void => {
    const element = doc.struct(type);
    table.add(element);
    for (const one of rows) {
      if (type !== 'THead' && doc.y + one.height > frame.bottom()) painter.newPage(true);
      painter.tagged(element, one);
    }
    element.end();
  };
  group('THead', [head]);
  group('TBody', body);
  if (foot) group('TFoot', [foot]);
  table.end();
  doc.x = frame.left;
}

function cellsOf(texts: (string | SpanningCell)[], rowId: string, kind: RowKind): Cell[] {
  const cells: Cell[] = [];
  let column = 0;
  for (const content of texts) {
    const text = typeof content === 'string' ? content : content.text;
    const span = typeof content === 'string' ? 1 : content.span;
    const scope = kind === 'head' ? 'Column' : column === 0 ? 'Row' : null;
    const bold = kind !== 'body';
    cells.push({ text, scope, bold, column, span, id: `${rowId}-${column}` });
    column += span;
  }
  return cells;
}

/** A row's height: its tallest cell, each measured once (one line, unwrapped, when it fits). */
function measured(
  doc: PDFKit.PDFDocument,
  layout: TableLayout,
  frame: TableFrame,
  cells: Cell[],
  kind: RowKind,
): Row {
  let height = 0;
  for (const cell of cells) {
    const inner = innerWidth(layout, cell);
    doc.font(cell.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(frame.fontSize);
    const lines = fitsOneLine(doc, cell.text, inner)
      ? doc.currentLineHeight(true)
      : doc.heightOfString(cell.text, { width: inner });
    height = Math.max(height, lines);
  }
  return { cells, height: height + padding.top + padding.bottom, shaded: kind === 'head' };
}

const fitsOneLine = (doc: PDFKit.PDFDocument, text: string, width: number): boolean =>
  !text.includes('\n') && doc.widthOfString(text) <= width;

function cellLeft(layout: TableLayout, frame: TableFrame, column: number): number {
  let x = frame.left;
  for (let index = 0; index < column; index += 1) x += layout.widths[index] ?? 0;
  return x;
}

function innerWidth(layout: TableLayout, cell: Cell): number {
  let width = 0;
  for (let column = cell.column; column < cell.column + cell.span; column += 1) {
    width += layout.widths[column] ?? 0;
  }
  return width - padding.left - padding.right;
}

/**
 * A structure element's own dictionary: pdfkit's types leave it out, and its API has no way
 * to give an element the ID and table attributes (Scope, Headers) that its own table writes.
 * A String object, not a string, is how pdfkit writes a PDF string rather than a name.
 */
function dictionaryOf(element: PDFKit.PDFStructureElement): Record<string, unknown> {
  return (element as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data;
}

/** Draws rows at doc.y: their rules and shading as artifacts, their text as structure. */
class RowPainter {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly layout: TableLayout,
    private readonly frame: TableFrame,
    private readonly head: Row,
  ) {}

  /** A new page; the head again at its top when the table continues there (not read twice). */
  newPage(withHead: boolean): void {
    const doc = this.doc;
    doc.addPage();
    doc.y = this.frame.top();
    if (!withHead) return;
    const top = doc.y;
    doc.markContent('Artifact', { type: 'Pagination' });
    this.rules(this.head);
    for (const cell of this.head.cells) this.text(cell, top);
    doc.endMarkedContent();
    doc.y = top + this.head.height;
  }

  /** A row in the structure: each cell its TH or TD, the figures naming their heads. */
  tagged(group: PDFKit.PDFStructureElement, row: Row): void {
    const doc = this.doc;
    const top = doc.y;
    doc.markContent('Artifact', { type: 'Layout' });
    this.rules(row);
    doc.endMarkedContent();
    const tr = doc.struct('TR');
    group.add(tr);
    const rowHead = row.cells[0]?.scope === 'Row' ? row.cells[0] : undefined;
    for (const cell of row.cells) {
      const element = doc.struct(cell.scope ? 'TH' : 'TD');
      Object.assign(dictionaryOf(element), {
        ID: new String(cell.id),
        A: this.attributes(cell, rowHead),
      });
      tr.add(element);
      element.add(() => this.text(cell, top));
      element.end();
    }
    tr.end();
    doc.x = this.frame.left;
    doc.y = top + row.height;
  }

  /** The table attributes: a head's scope, and the heads a cell is read with. */
  private attributes(cell: Cell, rowHead: Cell | undefined): Record<string, unknown> {
    const span = cell.span > 1 ? { ColSpan: cell.span } : {};
    if (cell.scope === 'Column') return { O: 'Table', Scope: 'Column', ...span };
    const columnHeads = this.head.cells
      .filter((h) => h.column < cell.column + cell.span && h.column + h.span > cell.column)
      .map((h) => new String(h.id));
    const heads = rowHead && rowHead !== cell ? [new String(rowHead.id)] : [];
    const scope = cell.scope === 'Row' ? { Scope: 'Row' } : {};
    return { O: 'Table', ...scope, Headers: [...columnHeads, ...heads], ...span };
  }

  private rules(row: Row): void {
    const { doc, frame, layout } = this;
    const width = layout.widths.reduce((sum, w) => sum + w, 0);
    const top = doc.y;
    doc.save();
    if (row.shaded) doc.rect(frame.left, top, width, row.height).fill(frame.headFill);
    doc.lineWidth(0.5).strokeColor(frame.ruleColour);
    doc.rect(frame.left, top, width, row.height).stroke();
    for (const cell of row.cells.slice(1)) {
      const x = cellLeft(layout, frame, cell.column);
      doc
        .moveTo(x, top)
        .lineTo(x, top + row.height)
        .stroke();
    }
    doc.restore();
  }

  private text(cell: Cell, top: number): void {
    const { doc, frame, layout } = this;
    const inner = innerWidth(layout, cell);
    const left = cellLeft(layout, frame, cell.column) + padding.left;
    const y = top + padding.top;
    const right = layout.alignFigures === 'right' && cell.column > 0;
    doc.font(cell.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(frame.fontSize);
    doc.fillColor('black');
    if (fitsOneLine(doc, cell.text, inner)) {
      const x = right ? left + inner - doc.widthOfString(cell.text) : left;
      doc.text(cell.text, x, y, { lineBreak: false });
    } else {
      doc.text(cell.text, left, y, { width: inner, align: right ? 'right' : 'left' });
    }
  }
}
