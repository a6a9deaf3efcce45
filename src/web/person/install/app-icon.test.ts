import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, iconPng } from './app-icon';

/** A PNG read back: each chunk's CRC checked, the pixels inflated (filter 0 rows). */
function readPng(file: Buffer): {
  width: number;
  height: number;
  pixel(x: number, y: number): number[];
} {
  expect([...file.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  const types: string[] = [];
  while (at < file.length) {
    const length = file.readUInt32BE(at);
    const type = file.subarray(at + 4, at + 8).toString('ascii');
    const body = file.subarray(at + 8, at + 8 + length);
    expect(file.readUInt32BE(at + 8 + length)).toBe(crc32(file.subarray(at + 4, at + 8 + length)));
    types.push(type);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
  if (!header) throw new Error('no IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  expect([header[8], header[9]]).toEqual([8, 6]);
  const raw = inflateSync(Buffer.concat(data));
  expect(raw.length).toBe((width * 4 + 1) * height);
  return {
    width,
    height,
    pixel: (x, y) => {
      const start = y * (width * 4 + 1) + 1 + x * 4;
      return [...raw.subarray(start, start + 4)];
    },
  };
}

describe('the person space icons', () => {
  it('computes the CRC-32 PNG chunks end with', () => {
    expect(crc32(Buffer.from('IEND', 'ascii'))).toBe(0xae426082);
    expect(crc32(Buffer.from('123456789', 'ascii'))).toBe(0xcbf43926);
  });

  it('writes a valid PNG of the size asked, a rounded tile in the theme colour', () => {
    const icon = readPng(iconPng(192, 'any'));
    expect([icon.width, icon.height]).toEqual([192, 192]);
    // Outside the rounded corner: transparent; the tile's edge: the theme colour, opaque.
    expect(icon.pixel(0, 0)[3]).toBe(0);
    expect(icon.pixel(96, 4)).toEqual([0x0b, 0x5c, 0xad, 255]);
    // The footbridge's deck, across the middle: white.
    expect(icon.pixel(96, 115)).toEqual([255, 255, 255, 255]);
  });

  it('fills a maskable icon to its edges and keeps the drawing inside the safe circle', () => {
    const size = 512;
    const icon = readPng(iconPng(size, 'maskable'));
    expect([icon.width, icon.height]).toEqual([size, size]);
    expect(icon.pixel(0, 0)).toEqual([0x0b, 0x5c, 0xad, 255]);
    // Every pixel of the drawing lies within the middle 80 % circle, which any mask keeps.
    for (let y = 0; y < size; y += 2) {
      for (let x = 0; x < size; x += 2) {
        const [red] = icon.pixel(x, y);
        if (red !== 0x0b)
          expect(Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2)).toBeLessThan(0.4 * size);
      }
    }
  });
});
