/**
 * The text of `micropython.mem_info()` and `mem_info(1)` (gc.c's `gc_dump_info` and
 * `gc_dump_alloc_table`; the format is in `docs/probe-snapshots.md`), byte for byte.
 */
import { forEachFreeRun, kindAt, FREE, HEAD, TAIL, type BlockTable } from './block-table/index.js';
import type { DumpKind } from './events.js';
import { idMapValues } from './id-map.js';
import type { HeapState } from './state.js';
import { gcInfo } from './stats.js';

/** Blocks per dump line (gc.c's DUMP_BYTES_PER_LINE). */
export const DUMP_BLOCKS_PER_LINE = 64;

export interface DumpOptions {
  /**
   * Text printed for an area's pool address in the dump header. Default: the pool's absolute
   * address in lowercase hex, as `%p` prints it.
   */
  readonly address?: (area: number, poolStart: number) => string;
}

export interface MemInfoOptions extends DumpOptions {
  /** Append the allocation-table dump (`mem_info(1)`). */
  readonly verbose?: boolean;
  /** The `stack:` line's figures (not part of the heap model). Default: 0 used, no limit. */
  readonly stack?: { readonly used: number; readonly limit?: number };
  /** The `mem:` line (`MICROPY_MEM_STATS` builds only). Omitted when not given. */
  readonly memStats?: { readonly total: number; readonly current: number; readonly peak: number };
}

/** The two GC lines of `gc_dump_info`, each ending in a newline. */
export function gcDumpInfo(state: HeapState): string {
  const info = gcInfo(state);
  return (
    `GC: total: ${info.total}, used: ${info.used}, free: ${info.free}\n` +
    ` No. of 1-blocks: ${info.n1}, 2-blocks: ${info.n2}, max blk sz: ${info.maxBlock}, max free sz: ${info.maxFree}\n`
  );
}

/** The full `micropython.mem_info()` text (with the table dump when `verbose`). */
export function memInfoText(state: HeapState, options: MemInfoOptions = {}): string {
  let text = '';
  if (options.memStats !== undefined) {
    const { total, current, peak } = options.memStats;
    text += `mem: total=${total}, current=${current}, peak=${peak}\n`;
  }
  const stack = options.stack ?? { used: 0 };
  text += stack.limit === undefined ? `stack: ${stack.used}\n` : `stack: ${stack.used} out of ${stack.limit}\n`;
  text += gcDumpInfo(state);
  if (options.verbose === true) text += dumpAllocTable(state, options);
  return text;
}

/**
 * `gc_dump_alloc_table`: every area's map, one character a block, 64 to a line, a stretch of
 * two or more free lines printed as one "(N lines all free)". Long free runs come from the
 * table's summaries, so the work grows with the lines printed, not with the heap's size.
 */
export function dumpAllocTable(state: HeapState, options: DumpOptions = {}): string {
  const { config } = state;
  const bpb = config.blockBytes;
  const digits = config.profile.dumpOffsetDigits;
  const letters = headLetters(state);
  const address = options.address ?? ((_area: number, poolStart: number) => poolStart.toString(16));
  let out = '';
  state.tables.forEach((table, area) => {
    const n = table.blocks;
    const longRuns: number[] = [];
    forEachFreeRun(table, 2 * DUMP_BLOCKS_PER_LINE, (start, length) => {
      longRuns.push(start, start + length);
    });
    let run = 0;
    out += `GC memory layout; from ${address(area, config.areas[area]!.poolStart)}:`;
    for (let bl = 0; bl < n; bl += DUMP_BLOCKS_PER_LINE) {
      while (run < longRuns.length && longRuns[run + 1]! <= bl) run += 2;
      // Free from this line's start to the end of a long run: gc.c skips whole free lines.
      const freeEnd = run < longRuns.length && longRuns[run]! <= bl ? longRuns[run + 1]! : bl;
      if (freeEnd - bl >= 2 * DUMP_BLOCKS_PER_LINE) {
        out += `\n       (${Math.floor((freeEnd - bl) / DUMP_BLOCKS_PER_LINE)} lines all free)`;
        bl = freeEnd - (freeEnd % DUMP_BLOCKS_PER_LINE);
        if (bl >= n) break;
      }
      out += `\n${offsetPrefix(bl * bpb, digits)}: ${lineChars(table, bl, Math.min(n, bl + DUMP_BLOCKS_PER_LINE), letters[area]!)}`;
    }
    out += '\n';
  });
  return out;
}

/** The characters of blocks [from, to). */
function lineChars(table: BlockTable, from: number, to: number, letters: Map<number, DumpKind>): string {
  let line = '';
  for (let b = from; b < to; b++) {
    const kind = kindAt(table, b);
    line += kind === FREE ? '.' : kind === TAIL ? '=' : kind === HEAD ? (letters.get(b) ?? 'h') : '?';
  }
  return line;
}

function offsetPrefix(offset: number, digits: 5 | 8): string {
  // v1.19 prints `%05x` of the offset masked to 20 bits; later versions `%08x`.
  const value = digits === 5 ? offset & 0xfffff : offset >>> 0;
  return value.toString(16).padStart(digits, '0');
}

/** Per area, the letters of heads whose kind is not `h`. */
function headLetters(state: HeapState): Map<number, DumpKind>[] {
  const maps = state.tables.map(() => new Map<number, DumpKind>());
  for (const object of idMapValues(state.objects, state.objectCount)) {
    if (object.kind !== 'h') maps[object.area]!.set(object.block, object.kind);
  }
  return maps;
}
