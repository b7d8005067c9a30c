/**
 * The README screenshot's shrinking (test/support/png-palette.mjs): PNGs read through every row
 * filter, and an indexed PNG of the 256 most common colours written, the rest drawn as the
 * nearest of them.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { palettePng, pngPixels } from './support/png-palette.mjs';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG of `rows` (each a filter byte, then the filtered bytes), `colourType` 2 (RGB) or 6 (RGBA). CRCs are left 0: the reader does not check them. */
function png(width: number, colourType: number, rows: readonly (readonly number[])[]): Buffer {
  const chunk = (type: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body, Buffer.alloc(4)]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(rows.length, 4);
  header[8] = 8;
  header[9] = colourType;
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.from(rows.flat()))), chunk('IEND', Buffer.alloc(0))]);
}

const rgb = (r: number, g: number, b: number): number => (r << 16) | (g << 8) | b;

describe('png-palette', () => {
  // Two pixels a row, one row a filter, the filtered bytes worked out by hand.
  const FILTERED = png(2, 2, [
    [0, 10, 20, 30, 40, 50, 60], // none
    [1, 11, 22, 33, 33, 33, 33], // sub: (11,22,33) (44,55,66)
    [2, 1, 2, 3, 4, 5, 6], // up: (12,24,36) (48,60,72)
    [3, 14, 18, 22, 16, 15, 14], // average: (20,30,40) (50,60,70)
    [4, 5, 5, 5, 211, 5, 130], // Paeth: (25,35,45) (5,65,200)
  ]);
  const PIXELS = [
    [10, 20, 30, 40, 50, 60],
    [11, 22, 33, 44, 55, 66],
    [12, 24, 36, 48, 60, 72],
    [20, 30, 40, 50, 60, 70],
    [25, 35, 45, 5, 65, 200],
  ].flatMap((row) => [rgb(row[0]!, row[1]!, row[2]!), rgb(row[3]!, row[4]!, row[5]!)]);

  it('reads every row filter; with 256 colours or fewer the indexed PNG has the same pixels', () => {
    expect(pngPixels(FILTERED)).toEqual({ width: 2, height: 5, pixels: Uint32Array.from(PIXELS) });
    const small = palettePng(FILTERED);
    expect(small[25]).toBe(3);
    expect(pngPixels(small)).toEqual({ width: 2, height: 5, pixels: Uint32Array.from(PIXELS) });
    // RGBA: the alpha is dropped.
    expect(pngPixels(png(1, 6, [[0, 1, 2, 3, 128]])).pixels).toEqual(Uint32Array.from([rgb(1, 2, 3)]));
  });

  it('keeps the 256 most common colours and draws each other one as the nearest of them', () => {
    // Every grey twice, then 44 colours once each, each a step from a grey.
    const greys = Array.from({ length: 256 }, (_, i) => [i, i, i, i, i, i]);
    const others = Array.from({ length: 44 }, (_, i) => [i * 5, i * 5, i * 5 + 1]);
    const image = png(1, 2, [
      ...greys.flatMap((g) => [
        [0, ...g.slice(0, 3)],
        [0, ...g.slice(3)],
      ]),
      ...others.map((o) => [0, ...o]),
    ]);
    const { pixels } = pngPixels(palettePng(image));
    expect(pixels.length).toBe(512 + 44);
    expect([...pixels.subarray(0, 512)]).toEqual(greys.flatMap((g) => [rgb(g[0]!, g[0]!, g[0]!), rgb(g[0]!, g[0]!, g[0]!)]));
    expect([...pixels.subarray(512)]).toEqual(others.map((o) => rgb(o[0]!, o[0]!, o[0]!)));
  });

  it('refuses what it cannot read', () => {
    expect(() => pngPixels(Buffer.from('GIF89a'))).toThrow('not a PNG');
    const sixteenBit = png(1, 2, [[0, 0, 0, 0, 0, 0, 0]]);
    sixteenBit[24] = 16;
    expect(() => pngPixels(sixteenBit)).toThrow('expected an 8-bit RGB, RGBA or indexed PNG, not interlaced');
  });
});
