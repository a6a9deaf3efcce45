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
  /** Its type size: the table's, or a little smaller for a head that must fit. */
  size: number;
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
export function drawTable(doc: PDFKit.PDFDocument, given: TableLayout, frame: TableFrame): void {
  const number = (tablesDrawn.get(doc) ?? 0) + 1;
  tablesDrawn.set(doc, number);
  const { layout, head, body, foot } = laidOut(doc, given, frame, `table-${number}`);

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

/** The table's rows measured, in widths that keep each word whole where there is room. */
function laidOut(doc: PDFKit.PDFDocument, given: TableLayout, frame: TableFrame, id: string) {
  const cells = (texts: (string | SpanningCell)[], index: number, kind: RowKind) =>
    ({ kind, cells: cellsOf(texts, `${id}-${index}`, kind, frame.fontSize) }) as const;
  const rows = [
    cells(given.head, 0, 'head'),
    ...given.rows.map((texts, index) => cells(texts, index + 1, 'body')),
    ...(given.foot ? [cells(given.foot, given.rows.length + 1, 'foot')] : []),
  ];
  const fitted = wordsKeptWhole(
    doc,
    frame,
    given.widths,
    rows.map((row) => row.cells),
  );
  for (const cell of rows[0]?.cells ?? []) cell.size = fitted.headSize;
  const layout = { ...given, widths: fitted.widths };
  const measuredRows = rows.map((row) => measured(doc, layout, frame, row.cells, row.kind));
  return {
    layout,
    head: measuredRows[0] as Row,
    body: measuredRows.slice(1, given.rows.length + 1),
    foot: given.foot ? measuredRows.at(-1) : undefined,
  };
}

function cellsOf(
  texts: (string | SpanningCell)[],
  rowId: string,
  kind: RowKind,
  size: number,
): Cell[] {
  const cells: Cell[] = [];
  let column = 0;
  for (const content of texts) {
    const text = typeof content === 'string' ? content : content.text;
    const span = typeof content === 'string' ? 1 : content.span;
    const scope = kind === 'head' ? 'Column' : column === 0 ? 'Row' : null;
    const bold = kind !== 'body';
    cells.push({ text, scope, bold, size, column, span, id: `${rowId}-${column}` });
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
    doc.font(cell.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(cell.size);
    const lines = fitsOneLine(doc, cell.text, inner)
      ? doc.currentLineHeight(true)
      : doc.heightOfString(cell.text, { width: inner });
    height = Math.max(height, lines);
  }
  return { cells, height: height + padding.top + padding.bottom, shaded: kind === 'head' };
}

/**
 * The widths given, widened where a column's longest word would not fit (a narrow column
 * would break "Personnes" into "Perso nnes"), taking the room from columns that have some
 * to spare, in proportion; the head's type a little smaller when that is what it takes.
 * The given widths stand when even that leaves no room for every word.
 */
function wordsKeptWhole(
  doc: PDFKit.PDFDocument,
  frame: TableFrame,
  widths: number[],
  rows: Cell[][],
): { widths: number[]; headSize: number } {
  for (let headSize = frame.fontSize; headSize >= frame.fontSize - 1.5; headSize -= 0.5) {
    const least = columnFloors(doc, rows, widths.length, (cell) =>
      cell.scope === 'Column' ? headSize : cell.size,
    );
    const gap = (index: number, width: number) => (least[index] ?? 0) - width;
    const short = widths.reduce((sum, width, index) => sum + Math.max(0, gap(index, width)), 0);
    const spare = widths.reduce((sum, width, index) => sum + Math.max(0, -gap(index, width)), 0);
    if (short > spare) continue;
    const fitted = widths.map((width, index) => {
      const floor = least[index] ?? 0;
      return width <= floor ? floor : width - ((width - floor) / spare) * short;
    });
    return { widths: fitted, headSize };
  }
  return { widths, headSize: frame.fontSize };
}

/** Each column's narrowest width that keeps its longest word whole (a no-break space joins two). */
function columnFloors(
  doc: PDFKit.PDFDocument,
  rows: Cell[][],
  columns: number,
  sizeOf: (cell: Cell) => number,
): number[] {
  const least = Array.from({ length: columns }, () => 0);
  for (const cell of rows.flat()) {
    if (cell.span !== 1) continue;
    doc.font(cell.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(sizeOf(cell));
    // pdfkit measures a word with the space after it when it decides where to break.
    const words = cell.text.split(/[ \t\n]+/);
    const longest = Math.max(...words.map((word) => doc.widthOfString(`${word} `)));
    least[cell.column] = Math.max(least[cell.column] ?? 0, longest + padding.left + padding.right);
  }
  return least;
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
    doc.font(cell.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(cell.size);
    doc.fillColor('black');
    if (fitsOneLine(doc, cell.text, inner)) {
      const x = right ? left + inner - doc.widthOfString(cell.text) : left;
      doc.text(cell.text, x, y, { lineBreak: false });
    } else {
      doc.text(cell.text, left, y, { width: inner, align: right ? 'right' : 'left' });
    }
  }
}
