/**
 * A picture of one area's map that fits on a screen: at most 16 lines of 64 characters. An area
 * of up to 1024 blocks is its map as the dump prints it, one character a block; a larger one
 * shows K blocks a character, drawn by how much of them is free.
 */

/** Characters a line. */
const WIDTH = 64;
/** Most lines a picture has. */
const MAX_LINES = 16;

/** A cell of several blocks: none free, some free (under half), half or more free, all free. */
export const CELL_LEGEND = '# no free block, + some free, - half or more free, . all free';

/** The lines of one area's picture and its scale. */
export interface AreaPicture {
  /** Blocks a character (1: the dump's own characters). */
  readonly blocksPerChar: number;
  /** The lines, each `first block` (right-aligned) and its characters. */
  readonly lines: readonly string[];
}

/** The picture of an area whose map (one character a block, `.` free) is `map`. */
export function areaPicture(map: string): AreaPicture {
  const blocksPerChar = Math.max(1, Math.ceil(map.length / (WIDTH * MAX_LINES)));
  let chars = map;
  if (blocksPerChar > 1) {
    chars = '';
    for (let b = 0; b < map.length; b += blocksPerChar) chars += cellChar(map.slice(b, b + blocksPerChar));
  }
  const blocksPerLine = WIDTH * blocksPerChar;
  const prefixWidth = String(Math.floor((map.length - 1) / blocksPerLine) * blocksPerLine).length;
  const lines: string[] = [];
  for (let c = 0; c < chars.length; c += WIDTH) {
    lines.push(`${String((c / WIDTH) * blocksPerLine).padStart(prefixWidth)}  ${chars.slice(c, c + WIDTH)}`);
  }
  return { blocksPerChar, lines };
}

function cellChar(cell: string): string {
  let free = 0;
  for (const ch of cell) if (ch === '.') free++;
  if (free === 0) return '#';
  if (free === cell.length) return '.';
  return 2 * free >= cell.length ? '-' : '+';
}
