/**
 * A screenshot made small for the README: an 8-bit RGB or RGBA PNG (what chromium writes) as an
 * indexed PNG of its 256 most common colours, every other colour drawn as the nearest of them.
 * A page is mostly flat colours; the rest are the edges of antialiased text and lines, where the
 * nearest colour cannot be told from the first. Alpha is dropped (a screenshot is opaque).
 */
import { deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** `png` with a palette of at most 256 colours; it throws for a PNG `pngPixels` does not read. */
export function palettePng(png) {
  const { width, height, pixels } = pngPixels(png);
  const counts = new Map();
  for (const colour of pixels) counts.set(colour, (counts.get(colour) ?? 0) + 1);
  const palette = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 256)
    .map(([colour]) => colour);
  const index = new Map(palette.map((colour, i) => [colour, i]));
  const nearest = (colour) => {
    let best = 0;
    let distance = Number.POSITIVE_INFINITY;
    palette.forEach((p, i) => {
      const d = ((colour >> 16) - (p >> 16)) ** 2 + (((colour >> 8) & 255) - ((p >> 8) & 255)) ** 2 + ((colour & 255) - (p & 255)) ** 2;
      if (d < distance) {
        distance = d;
        best = i;
      }
    });
    index.set(colour, best);
    return best;
  };
  // One filter byte (0, none) a row, then one index a pixel.
  const rows = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const colour = pixels[y * width + x];
      rows[y * (width + 1) + 1 + x] = index.get(colour) ?? nearest(colour);
    }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 3;
  const plte = Buffer.alloc(palette.length * 3);
  palette.forEach((colour, i) => {
    plte[i * 3] = colour >> 16;
    plte[i * 3 + 1] = (colour >> 8) & 255;
    plte[i * 3 + 2] = colour & 255;
  });
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('PLTE', plte), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** The pixels of an 8-bit PNG, RGB, RGBA or indexed and not interlaced, each as 0xRRGGBB (alpha dropped), row by row. */
export function pngPixels(png) {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  let palette = Buffer.alloc(0);
  const data = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      channels = { 2: 3, 3: 1, 6: 4 }[body[9]] ?? 0;
      if (body[8] !== 8 || channels === 0 || body[12] !== 0) throw new Error('expected an 8-bit RGB, RGBA or indexed PNG, not interlaced');
    }
    if (type === 'PLTE') palette = body;
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const filtered = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const bytes = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = filtered[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? bytes[y * stride + x - channels] : 0;
      const up = y > 0 ? bytes[(y - 1) * stride + x] : 0;
      const corner = x >= channels && y > 0 ? bytes[(y - 1) * stride + x - channels] : 0;
      bytes[y * stride + x] = (filtered[y * (stride + 1) + 1 + x] + predict(filter, left, up, corner)) & 255;
    }
  }
  const rgb = channels === 1 ? palette : bytes;
  const pixels = new Uint32Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const at = channels === 1 ? bytes[i] * 3 : i * channels;
    pixels[i] = (rgb[at] << 16) | (rgb[at + 1] << 8) | rgb[at + 2];
  }
  return { width, height, pixels };
}

/** What PNG's row filter `filter` predicts a byte from: its left, upper and upper-left neighbours. */
function predict(filter, left, up, corner) {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - corner;
      const [a, b, c] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
      return a <= b && a <= c ? left : b <= c ? up : corner;
    }
    default:
      throw new Error(`unknown PNG row filter ${filter}`);
  }
}

function chunk(type, body) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, tail]);
}

/** PNG's CRC-32 (zlib's crc32 is not in every Node 20). */
function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
