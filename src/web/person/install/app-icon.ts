// The person's space's icons, drawn and written as PNG by the build (person-web-app.ts): no
// image file to keep in step with the theme colour, nothing fetched from elsewhere.
import { deflateSync } from 'node:zlib';

/** The accent of the person's space (person.css, --accent): the installed app's colour. */
export const themeColour = '#0b5cad';
export const backgroundColour = '#ffffff';

/**
 * "any": a rounded square, transparent outside it. "maskable": the colour to the edges and the
 * drawing within the middle 80 % circle, which every launcher's mask keeps.
 */
export type IconPurpose = 'any' | 'maskable';

type Rgb = readonly [number, number, number];

function rgbOf(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** How far (in units of the icon's side) a point lies outside the footbridge: below 0 inside. */
function bridgeDistance(x: number, y: number): number {
  // The deck: a rounded bar across the middle.
  const deckHalfWidth = 0.3;
  const deckY = 0.6;
  const deckHalfHeight = 0.035;
  const dx = Math.max(Math.abs(x - 0.5) - deckHalfWidth, 0);
  const dy = Math.max(Math.abs(y - deckY) - deckHalfHeight, 0);
  const deck = Math.hypot(dx, dy) - 0.02;
  // The arch: a band of a circle above the deck, 0.22 high, its feet on the deck 0.27 from
  // the middle.
  const radius = 0.2757;
  const centreY = deckY + 0.0557;
  const arch = y <= deckY ? Math.abs(Math.hypot(x - 0.5, y - centreY) - radius) - 0.035 : Infinity;
  // Three hangers between arch and deck.
  let hangers = Infinity;
  for (const hx of [0.38, 0.5, 0.62]) {
    const top = centreY - Math.sqrt(radius ** 2 - (hx - 0.5) ** 2);
    const hy = Math.max(top - y, y - deckY, 0);
    hangers = Math.min(hangers, Math.hypot(Math.abs(x - hx), hy) - 0.015);
  }
  return Math.min(deck, arch, hangers);
}

/** How far a point lies outside the rounded square of an "any" icon. */
function tileDistance(x: number, y: number): number {
  const corner = 0.18;
  const qx = Math.abs(x - 0.5) - (0.5 - corner);
  const qy = Math.abs(y - 0.5) - (0.5 - corner);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - corner;
}

/** The icon's pixels, RGBA row after row, edges smoothed over one pixel. */
export function drawIcon(size: number, purpose: IconPurpose): Uint8Array {
  const [tr, tg, tb] = rgbOf(themeColour);
  const pixels = new Uint8Array(size * size * 4);
  // The maskable drawing shrinks to sit well inside the launcher's safe circle.
  const scale = purpose === 'maskable' ? 0.8 : 1;
  const coverage = (distance: number): number => Math.min(Math.max(0.5 - distance * size, 0), 1);
  for (let row = 0; row < size; row += 1) {
    for (let column = 0; column < size; column += 1) {
      const x = (column + 0.5) / size;
      const y = (row + 0.5) / size;
      const tile = purpose === 'maskable' ? 1 : coverage(tileDistance(x, y));
      const mark = coverage(
        bridgeDistance(0.5 + (x - 0.5) / scale, 0.5 + (y - 0.5) / scale) * scale,
      );
      const at = (row * size + column) * 4;
      pixels[at] = Math.round(tr + (255 - tr) * mark);
      pixels[at + 1] = Math.round(tg + (255 - tg) * mark);
      pixels[at + 2] = Math.round(tb + (255 - tb) * mark);
      pixels[at + 3] = Math.round(255 * tile);
    }
  }
  return pixels;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The CRC-32 a PNG chunk ends with (over its type and data). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 255] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A square RGBA image as a PNG file (8 bits a channel, no filtering, deflated). */
export function encodePng(size: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const rowBytes = size * 4;
  const raw = Buffer.alloc((rowBytes + 1) * size);
  for (let row = 0; row < size; row += 1) {
    // Each row starts with its filter type, 0: none.
    raw.set(pixels.subarray(row * rowBytes, (row + 1) * rowBytes), row * (rowBytes + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export function iconPng(size: number, purpose: IconPurpose): Buffer {
  return encodePng(size, drawIcon(size, purpose));
}
