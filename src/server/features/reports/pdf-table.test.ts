import PDFDocument from 'pdfkit';
import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { drawTable } from './pdf-table';

/*
 * The programme report's tables, read back by pdf.js as a reader (and a screen reader) gets
 * them: a long table carries its column heads onto each page it continues on, and its
 * structure holds the heads once, each figure a TD of a row whose first cell is a TH.
 */

type Node = { role?: string; children?: Node[]; type?: string };

const threeColumns = {
  head: ['Area', 'Referred', 'Connected'],
  widths: [200, 150, 150],
};

/** A PDF holding one table of `rows` rows, started `room` points above the page's foot. */
async function tablePdf(
  rows: number,
  room?: number,
  columns: { head: string[]; widths: number[] } = threeColumns,
): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, tagged: true, bufferPages: true });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => doc.on('end', resolve));
  if (room !== undefined) {
    doc.text('Before the table', 48, doc.page.height - 56 - room - 20, { lineBreak: false });
    doc.y = doc.page.height - 56 - room;
  }
  drawTable(
    doc,
    {
      head: columns.head,
      rows: Array.from({ length: rows }, (_, index) =>
        index === 3
          ? [`Area ${index}`, { text: 'Not shown: fewer than 8 people', span: 2 }]
          : [`Area ${index}`, String(index * 10), String(index * 5)],
      ),
      foot: ['Total', '999', '555'],
      widths: columns.widths,
      alignFigures: 'right',
    },
    {
      left: 48,
      top: () => 48,
      bottom: () => doc.page.height - 56,
      fontSize: 8,
      ruleColour: '#b8bec9',
      headFill: '#eef1f6',
    },
  );
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

const rolesIn = (node: Node | null, role: string): Node[] =>
  !node
    ? []
    : [
        ...(node.role === role ? [node] : []),
        ...(node.children ?? []).flatMap((child) => rolesIn(child, role)),
      ];

const contentIn = (node: Node): Node[] =>
  node.type === 'content' ? [node] : (node.children ?? []).flatMap(contentIn);

async function pages(body: Uint8Array) {
  const pdf = await getDocumentProxy(body);
  return Promise.all(
    Array.from({ length: pdf.numPages }, async (_, index) => {
      const page = await pdf.getPage(index + 1);
      const content = await page.getTextContent();
      const text = content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim();
      return { text, tree: (await page.getStructTree()) as Node | null };
    }),
  );
}

describe('a report table in the PDF', () => {
  it('repeats its column heads on every page it continues on, without reading them twice', async () => {
    const read = await pages(await tablePdf(120));
    expect(read.length).toBeGreaterThan(2);
    for (const page of read) {
      expect(page.text.startsWith('Area Referred Connected')).toBe(true);
    }
    const last = read.at(-1);
    expect(last?.text).toContain('Area 119 1190 595');
    expect(last?.text).toContain('Total 999 555');
    // The heads' words are structure on the first page only: on the others, artifacts.
    const headWords = read.map((page) => rolesIn(page.tree, 'THead').flatMap(contentIn).length);
    expect(headWords[0]).toBe(3);
    expect(headWords.slice(1)).toEqual(read.slice(1).map(() => 0));
    // Each body row: its name a TH, its figures TDs.
    expect(rolesIn(read[1]?.tree ?? null, 'TH').length).toBeGreaterThan(40);
    const firstRows = rolesIn(read[0]?.tree ?? null, 'TBody').flatMap((body) =>
      rolesIn(body, 'TR'),
    );
    expect(firstRows.length).toBeGreaterThan(40);
    const spanning = firstRows[3];
    expect(spanning?.children?.map((cell) => cell.role)).toEqual(['TH', 'TD']);
    expect(firstRows[0]?.children?.map((cell) => cell.role)).toEqual(['TH', 'TD', 'TD']);
  });

  it('keeps its head with its first row rather than alone at the foot of a page', async () => {
    // Room for the head (about 18 points) but not for the head and a row.
    const read = await pages(await tablePdf(2, 25));
    expect(read.length).toBe(2);
    expect(read[0]?.text).toBe('Before the table');
    expect(read[1]?.text).toContain('Area Referred Connected Area 0 0 0 Area 1 10 5');
  });

  it('widens a narrow column rather than break a word of its head', async () => {
    // "Améliorations" is about 55 points at 8 points bold: wider than its 40-point column.
    const narrow = { head: ['Mesure', 'Améliorations', 'Personnes'], widths: [400, 40, 60] };
    const read = await pages(await tablePdf(2, undefined, narrow));
    expect(read[0]?.text).toContain('Mesure Améliorations Personnes');
  });
});
