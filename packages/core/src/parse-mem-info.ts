/**
 * Reads the text of `micropython.mem_info()` / `mem_info(1)` (format: `docs/probe-snapshots.md`)
 * back into numbers and block maps, as pasted from a device: REPL noise around it, CRLF line ends
 * and a BOM are fine.
 * The table dump may also come alone (a bare map from its first `GC memory layout` header on,
 * without the lines above it). The first block found is read; anything after it is ignored.
 * Lines pasted into the middle of the map (a log line, a traceback) are skipped and listed in
 * `strayLines`, so the reader can tell the map was interrupted. The map goes on after them at a
 * `(k lines all free)` line or a dump line at the offset that comes next (and, after an area, at
 * a header), as long as the `GC:` total, when printed, says blocks are still missing.
 */
import { HeapInputError } from './errors.js';
import { DUMP_BLOCKS_PER_LINE } from './mem-info.js';
import { BLOCKS_LINE, COLLAPSE_LINE, DUMP_LINE, GC_LINE, HEADER_LINE, MEM_LINE, memInfoLineKind, STACK_LINE } from './mem-info-lines.js';
import type { GcInfo } from './stats.js';

/** One area of the table dump, in registration order. */
export interface MemInfoArea {
  /** Pool start, as printed after `from`. */
  readonly address: number;
  /** Blocks in the area, reconstructed from its lines and `(k lines all free)` collapses. */
  readonly blocks: number;
  /** One character a block: `.` free, `=` tail, a head's letter (`hTLDSAFBM`, `m` = marked). */
  readonly map: string;
  /** 1-based line of the area's `GC memory layout` header. */
  readonly line: number;
}

/** 1-based line numbers of a block's parts in the text it was read from. */
export interface MemInfoLines {
  /** First line of the block (`mem:` or `stack:`; a bare map's first header). */
  readonly first: number;
  /** The `GC: total:` line; absent for a bare map. */
  readonly gc?: number;
  /** The ` No. of 1-blocks:` line; absent for a bare map. */
  readonly blocks?: number;
  /** Last line of the block: its last dump line, or the `No. of` line without a dump. */
  readonly last: number;
}

/** What one `mem_info()` block says. */
export interface MemInfoDump {
  /** The `mem:` line (`MICROPY_MEM_STATS` builds only). */
  readonly memStats?: { readonly total: number; readonly current: number; readonly peak: number };
  /** The `stack:` line; `limit` when the build checks the stack (`out of M`). Absent for a bare map. */
  readonly stack?: { readonly used: number; readonly limit?: number };
  /**
   * The two GC lines, as `gc_info` fields (bytes for total/used/free, blocks for the rest).
   * Absent for a bare map: its statistics are the map's own.
   */
  readonly gc?: GcInfo;
  /** `, max new split: N` (SPLIT_HEAP_AUTO builds only). */
  readonly maxNewSplit?: number;
  /** The table dump's areas; empty for plain `mem_info()`, never empty for a bare map. */
  readonly areas: readonly MemInfoArea[];
  /**
   * Bytes per block: the size that fits the dump's line offsets (and the GC total, when that is
   * 16 or 32 × the dump's blocks); absent when neither shows it, e.g. without a dump.
   */
  readonly blockBytes?: 16 | 32;
  /** Hex digits of the dump's line offsets: 5 on v1.19, 8 later; absent without a dump. */
  readonly offsetDigits?: 5 | 8;
  readonly lines: MemInfoLines;
  /**
   * 1-based lines inside the table dump that are not part of it (text pasted into the middle of
   * the map), skipped; empty for an uninterrupted dump.
   */
  readonly strayLines: readonly number[];
}

/** Characters a dump line may hold. */
const DUMP_CHARS = '.=hTLDSAFBMm';
/** Most blocks a dump may describe: 4 GiB of 16-byte blocks, the largest heap heaplab accepts. */
const MAX_DUMP_BLOCKS = 2 ** 28;
const BLOCK_SIZES = [16, 32] as const;

const EXPECT_STACK = 'expected a `stack: N` or `stack: N out of M` line right before the `GC: total:` line';
const EXPECT_GC = 'expected `GC: total: N, used: N, free: N` (optionally `, max new split: N`)';
const EXPECT_GC_PART = `found part of mem_info() output but no \`GC: total:\` line: ${EXPECT_GC}`;
const EXPECT_BLOCKS = 'expected ` No. of 1-blocks: N, 2-blocks: N, max blk sz: N, max free sz: N` right after the `GC: total:` line';

/**
 * Parses the first `mem_info()` block in `text`, or the first bare table dump when that comes
 * before any `GC: total:` line. (A map right after a `stack:`, `mem:` or ` No. of` line is a
 * block that lost its `GC: total:` line, not a bare map.) Throws `HeapInputError` (with `file`
 * and the 1-based line) when there is none or it is malformed; never throws anything else.
 */
export function parseMemInfo(text: string, file?: string): MemInfoDump {
  if (typeof text !== 'string') throw new HeapInputError('expected the text of micropython.mem_info() output', { file });
  return new Reader(text, file).read();
}

/**
 * Whether a dump of `blocks` blocks so far is still short of a printed GC total of `total` bytes:
 * less than the total in 16-byte blocks, and not exactly it in 32-byte blocks.
 */
function wantsMoreBlocks(blocks: number, total: number): boolean {
  return blocks * 16 < total && blocks * 32 !== total;
}

/** One dump line's offset, checked once the block size is known. */
interface OffsetRecord {
  readonly line: number;
  /** Line number within its area, in 64-block lines. */
  readonly index: number;
  readonly printed: string;
}

class Reader {
  private readonly lines: string[];
  /** Indices of the lines skipped inside the map so far. */
  private readonly strays: number[] = [];

  constructor(
    text: string,
    private readonly file: string | undefined,
  ) {
    this.lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n').map((l) => l.trimEnd());
  }

  read(): MemInfoDump {
    const headerAt = this.lines.findIndex((l) => HEADER_LINE.test(l));
    const gcAt = this.findGcLine(headerAt >= 0);
    // A block's own header follows its GC line, so one before it starts a bare map.
    return headerAt >= 0 && (gcAt < 0 || headerAt < gcAt) ? this.readBareMap(headerAt) : this.readBlock(gcAt);
  }

  /** A table dump without the lines above it, from its first header at `headerAt`. */
  private readBareMap(headerAt: number): MemInfoDump {
    const before = headerAt > 0 ? this.lines[headerAt - 1]! : '';
    if (STACK_LINE.test(before) || BLOCKS_LINE.test(before) || MEM_LINE.test(before)) {
      this.fail(headerAt - 1, EXPECT_GC_PART, 'GC');
    }
    const dump = this.readAreas(headerAt, undefined);
    return {
      areas: dump.areas,
      ...(dump.blockBytes === undefined ? {} : { blockBytes: dump.blockBytes }),
      ...(dump.offsetDigits === undefined ? {} : { offsetDigits: dump.offsetDigits }),
      lines: { first: headerAt + 1, last: dump.last + 1 },
      strayLines: this.strays.map((at) => at + 1),
    };
  }

  /** The block whose `GC: total:` line is at `gcAt`. */
  private readBlock(gcAt: number): MemInfoDump {
    const gcMatch = GC_LINE.exec(this.lines[gcAt]!)!;
    const stackAt = gcAt - 1;
    const stackMatch = stackAt >= 0 ? STACK_LINE.exec(this.lines[stackAt]!) : null;
    if (stackMatch === null) {
      if (stackAt >= 0 && memInfoLineKind(this.lines[stackAt]!) === 'stack') this.fail(stackAt, EXPECT_STACK, 'stack');
      this.fail(gcAt, EXPECT_STACK, 'stack');
    }
    const memMatch = stackAt >= 1 ? MEM_LINE.exec(this.lines[stackAt - 1]!) : null;
    if (memMatch === null && stackAt >= 1 && memInfoLineKind(this.lines[stackAt - 1]!) === 'mem') {
      this.fail(stackAt - 1, 'expected `mem: total=N, current=N, peak=N`', 'mem');
    }
    const blocksAt = gcAt + 1;
    const blocksMatch = blocksAt < this.lines.length ? BLOCKS_LINE.exec(this.lines[blocksAt]!) : null;
    if (blocksMatch === null) this.fail(Math.min(blocksAt, this.lines.length - 1), EXPECT_BLOCKS, 'No. of 1-blocks');

    const num = (m: RegExpExecArray, group: number, at: number, field: string): number => this.number(m[group]!, at, field);
    const stack =
      stackMatch[2] === undefined
        ? { used: num(stackMatch, 1, stackAt, 'stack') }
        : { used: num(stackMatch, 1, stackAt, 'stack'), limit: num(stackMatch, 2, stackAt, 'stack') };
    const gc: GcInfo = {
      total: num(gcMatch, 1, gcAt, 'total'),
      used: num(gcMatch, 2, gcAt, 'used'),
      free: num(gcMatch, 3, gcAt, 'free'),
      maxFree: num(blocksMatch, 4, blocksAt, 'max free sz'),
      n1: num(blocksMatch, 1, blocksAt, '1-blocks'),
      n2: num(blocksMatch, 2, blocksAt, '2-blocks'),
      maxBlock: num(blocksMatch, 3, blocksAt, 'max blk sz'),
    };
    const dump = this.readAreas(blocksAt + 1, gc.total);
    const first = memMatch === null ? stackAt : stackAt - 1;
    return {
      ...(memMatch === null
        ? {}
        : { memStats: { total: num(memMatch, 1, first, 'mem'), current: num(memMatch, 2, first, 'mem'), peak: num(memMatch, 3, first, 'mem') } }),
      stack,
      gc,
      ...(gcMatch[4] === undefined ? {} : { maxNewSplit: num(gcMatch, 4, gcAt, 'max new split') }),
      areas: dump.areas,
      ...(dump.blockBytes === undefined ? {} : { blockBytes: dump.blockBytes }),
      ...(dump.offsetDigits === undefined ? {} : { offsetDigits: dump.offsetDigits }),
      lines: { first: first + 1, gc: gcAt + 1, blocks: blocksAt + 1, last: dump.areas.length === 0 ? blocksAt + 1 : dump.last + 1 },
      strayLines: this.strays.map((at) => at + 1),
    };
  }

  /**
   * Index of the first well-formed `GC: total:` line, or -1 when there is none but the text has
   * a table dump header (`hasHeader`); fails on a malformed one, or when there is neither.
   */
  private findGcLine(hasHeader: boolean): number {
    const at = this.lines.findIndex((l) => GC_LINE.test(l));
    if (at >= 0) return at;
    const near = this.lines.findIndex((l) => memInfoLineKind(l) === 'gc');
    if (near >= 0) this.fail(near, EXPECT_GC, 'GC');
    if (hasHeader) return -1;
    const other = this.lines.findIndex((l) => STACK_LINE.test(l) || BLOCKS_LINE.test(l));
    if (other >= 0) this.fail(other, EXPECT_GC_PART, 'GC');
    this.fail(0, `no micropython.mem_info() output found: ${EXPECT_GC}`, 'GC');
  }

  /**
   * Reads the table dump from line index `start` on (nothing there for plain `mem_info()`);
   * `total` is the printed GC total, absent for a bare map.
   */
  private readAreas(start: number, total: number | undefined): { areas: MemInfoArea[]; last: number; blockBytes?: 16 | 32; offsetDigits?: 5 | 8 } {
    const areas: MemInfoArea[] = [];
    const offsets: OffsetRecord[] = [];
    const digits: { value?: 5 | 8 } = {};
    let totalBlocks = 0;
    let at = start;
    let last = start - 1;
    while (at < this.lines.length) {
      const line = this.lines[at]!;
      const header = HEADER_LINE.exec(line);
      if (header === null) {
        if (memInfoLineKind(line) === 'header') this.fail(at, 'expected `GC memory layout; from <hex address>:`', 'address');
        // Text pasted between two areas: the next area is this dump's only while its total wants
        // more blocks. (Before the first area, it ends plain mem_info() output.)
        const next = areas.length > 0 && total !== undefined && wantsMoreBlocks(totalBlocks, total) ? this.afterStrays(at) : -1;
        if (next < 0 || memInfoLineKind(this.lines[next]!) !== 'header') break;
        this.skip(at, next);
        at = next;
        continue;
      }
      const area = this.readArea(at, offsets, digits, totalBlocks, total);
      totalBlocks += area.blocks;
      areas.push({ address: parseInt(header[1]!, 16), blocks: area.blocks, map: area.map, line: at + 1 });
      last = area.last;
      at = area.last + 1;
    }
    const blockBytes = this.blockBytes(offsets, digits.value ?? 8, total, totalBlocks);
    return {
      areas,
      last,
      ...(blockBytes === undefined ? {} : { blockBytes }),
      ...(digits.value === undefined ? {} : { offsetDigits: digits.value }),
    };
  }

  /** Reads one area's lines after its header at `headerAt`; `total` is the printed GC total, if any. */
  private readArea(
    headerAt: number,
    offsets: OffsetRecord[],
    digits: { value?: 5 | 8 },
    blocksBefore: number,
    total: number | undefined,
  ): { blocks: number; map: string; last: number } {
    const parts: string[] = [];
    let blocks = 0;
    let index = 0;
    let ended = false;
    let previousAllFree = false;
    let previousChar = '';
    let at = headerAt + 1;
    for (; at < this.lines.length; at++) {
      const line = this.lines[at]!;
      const collapse = COLLAPSE_LINE.exec(line);
      const dump = collapse === null ? DUMP_LINE.exec(line) : null;
      if (collapse === null && dump === null) {
        const next = ended ? -1 : this.afterStrays(at);
        if (next < 0 || !this.continuesArea(next, index, blocksBefore + blocks, total)) break;
        this.skip(at, next);
        at = next - 1;
        continue;
      }
      if (ended) this.fail(at, 'expected a new `GC memory layout` header: the line before is shorter than 64 blocks, so its area ended there');
      if (collapse !== null) {
        const k = this.number(collapse[1]!, at, 'lines all free');
        if (k < 2) this.fail(at, `expected at least 2 lines in \`(k lines all free)\` (gc.c collapses runs of 128 or more free blocks), got ${k}`);
        if (previousAllFree)
          this.fail(at, 'the free run goes on from the line before, which is all free: gc.c would have collapsed both into one `(k lines all free)`');
        const run = k * DUMP_BLOCKS_PER_LINE;
        if (blocksBefore + blocks + run > MAX_DUMP_BLOCKS) this.fail(at, `expected at most ${MAX_DUMP_BLOCKS} blocks in a dump (4 GiB of 16-byte blocks)`);
        parts.push('.'.repeat(run));
        blocks += run;
        index += k;
        previousAllFree = true;
        previousChar = '.';
        continue;
      }
      const printed = dump![1]!;
      const width = printed.length as 5 | 8;
      if (digits.value === undefined) digits.value = width;
      else if (digits.value !== width) this.fail(at, `expected an offset of ${digits.value} hex digits like the dump's other lines, got ${printed}`);
      offsets.push({ line: at, index, printed });
      const chars = dump![2] ?? '';
      if (chars.length === 0) this.fail(at, 'expected 1 to 64 block characters after the offset');
      if (chars.length > DUMP_BLOCKS_PER_LINE) this.fail(at, `expected at most 64 block characters on a line, got ${chars.length}`);
      for (let c = 0; c < chars.length; c++) {
        const ch = chars[c]!;
        if (!DUMP_CHARS.includes(ch)) {
          this.fail(at, `unexpected character ${JSON.stringify(ch)} for block ${blocks + c} (column ${printed.length + 3 + c}): expected one of ${DUMP_CHARS}`);
        }
        if (ch === '=' && (previousChar === '' || previousChar === '.')) {
          this.fail(
            at,
            `a tail '=' for block ${blocks + c} (column ${printed.length + 3 + c}) must follow a head or another tail, not ${previousChar === '' ? 'the start of the area' : 'a free block'}`,
          );
        }
        previousChar = ch;
      }
      const allFree = chars.length === DUMP_BLOCKS_PER_LINE && /^\.+$/.test(chars);
      if (allFree && previousAllFree)
        this.fail(at, 'a second all-free line in a row: gc.c prints `(k lines all free)` for a run of 128 or more free blocks that starts a line');
      parts.push(chars);
      blocks += chars.length;
      index += 1;
      ended = chars.length < DUMP_BLOCKS_PER_LINE;
      previousAllFree = allFree;
    }
    if (parts.length === 0)
      this.fail(Math.min(at, this.lines.length - 1), 'expected dump lines (`%08x: ` and up to 64 block characters) after the `GC memory layout` header');
    return { blocks, map: parts.join(''), last: at - 1 };
  }

  /**
   * The index of the first line from `at` on that could be part of `mem_info` output, when
   * `at` itself cannot (a stray line); -1 when `at` can, or when no such line follows.
   */
  private afterStrays(at: number): number {
    let next = at;
    while (next < this.lines.length && memInfoLineKind(this.lines[next]!) === null) next++;
    return next === at || next === this.lines.length ? -1 : next;
  }

  /**
   * Whether the line at `next` goes on with an area whose lines so far are `index` 64-block
   * lines, with `blocksSoFar` blocks in the dump: a collapse, or a dump line at the offset of
   * line `index` (for either block size), while the GC total (if printed) wants more blocks.
   */
  private continuesArea(next: number, index: number, blocksSoFar: number, total: number | undefined): boolean {
    if (total !== undefined && !wantsMoreBlocks(blocksSoFar, total)) return false;
    const line = this.lines[next]!;
    if (COLLAPSE_LINE.test(line)) return true;
    const dump = DUMP_LINE.exec(line);
    if (dump === null) return false;
    const mask = dump[1]!.length === 5 ? 2 ** 20 : 2 ** 32;
    const offset = parseInt(dump[1]!, 16);
    return BLOCK_SIZES.some((bpb) => (index * DUMP_BLOCKS_PER_LINE * bpb) % mask === offset);
  }

  /** Notes the lines from `from` up to `to` (exclusive) as stray lines inside the map. */
  private skip(from: number, to: number): void {
    for (let at = from; at < to; at++) this.strays.push(at);
  }

  /**
   * The block size that makes every line's offset equal its block index × block size, as gc.c
   * prints it (v1.19: masked to 20 bits). When the GC total is 16 or 32 bytes × the dump's
   * blocks, only that size is tried; otherwise (or without a total) both. Fails at the first
   * line that fits none.
   */
  private blockBytes(offsets: readonly OffsetRecord[], digits: 5 | 8, total: number | undefined, totalBlocks: number): 16 | 32 | undefined {
    const fromTotal = total === undefined ? undefined : total / totalBlocks;
    const mask = digits === 5 ? 2 ** 20 : 2 ** 32;
    const expected = (record: OffsetRecord, bpb: number): number => (record.index * DUMP_BLOCKS_PER_LINE * bpb) % mask;
    const firstMismatch = (bpb: number): number => offsets.findIndex((r) => parseInt(r.printed, 16) !== expected(r, bpb));
    const sizes = BLOCK_SIZES.filter((bpb) => bpb === fromTotal);
    const candidates = sizes.length > 0 ? sizes : BLOCK_SIZES;
    const misses = candidates.map(firstMismatch);
    const fits = candidates.filter((_, i) => misses[i] === -1);
    if (fits.length === 0) {
      const best = misses.length > 1 && misses[1]! > misses[0]! ? 1 : 0;
      const record = offsets[misses[best]!]!;
      const want = expected(record, candidates[best]!).toString(16).padStart(digits, '0');
      const why = sizes.length > 0 ? `, as the GC total of ${total} bytes for ${totalBlocks} blocks says` : '';
      const [stray] = this.strays;
      const lost = stray === undefined ? '' : `; line ${stray + 1}, pasted into the map, may have taken the place of a dump line`;
      this.fail(
        record.line,
        `the offset does not follow: expected ${want} (64-block line ${record.index} of this area, ${candidates[best]}-byte blocks${why}), got ${record.printed}${lost}`,
        'offset',
      );
    }
    return fits.length === 1 ? fits[0] : undefined;
  }

  private number(digits: string, at: number, field: string): number {
    const value = Number(digits);
    if (!Number.isSafeInteger(value)) this.fail(at, `expected a whole number below 2^53, got ${digits}`, field);
    return value;
  }

  private fail(at: number, message: string, field?: string): never {
    throw new HeapInputError(message, { file: this.file, line: at + 1, ...(field === undefined ? {} : { field }) });
  }
}
