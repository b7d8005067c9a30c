/**
 * What a block of a `mem_info(1)` map holds: the object it belongs to (its head, length and
 * kind by the head's letter), or the free run it lies in.
 */

/** The kinds the head's letter tells (docs/engine-trace.md, `kind`). */
const KIND_NAMES: Readonly<Record<string, string>> = {
  T: 'tuple',
  L: 'list',
  D: 'dict',
  S: 'str or bytes',
  A: 'bytearray or array',
  F: 'float',
  B: 'bytecode function',
  M: 'module',
  h: 'object',
  m: 'object (marked)',
};

/** A run of blocks of one area: an object, or free blocks. */
export interface MapRun {
  readonly free: boolean;
  /** First block (an object's head), area-relative. */
  readonly block: number;
  readonly blocks: number;
  /** The head's letter (`.` for free blocks). */
  readonly letter: string;
  /** What the letter means: `list`, `dict`…; `free` for free blocks. */
  readonly kind: string;
}

/** The run `block` of `map` (one character a block: `.` free, `=` tail, a letter a head) lies in. */
export function runAt(map: string, block: number): MapRun {
  if (map[block] === '.') {
    let first = block;
    while (first > 0 && map[first - 1] === '.') first--;
    let end = block + 1;
    while (end < map.length && map[end] === '.') end++;
    return { free: true, block: first, blocks: end - first, letter: '.', kind: 'free' };
  }
  let head = block;
  while (head > 0 && map[head] === '=') head--;
  let end = head + 1;
  while (end < map.length && map[end] === '=') end++;
  const letter = map[head]!;
  return { free: false, block: head, blocks: end - head, letter, kind: KIND_NAMES[letter] ?? 'object' };
}
