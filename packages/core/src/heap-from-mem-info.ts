/**
 * A heap state rebuilt from a `mem_info(1)` dump: every printed object is placed exactly where
 * the dump shows it, so `gcInfo` gives the printed statistics and `dumpAllocTable` prints the
 * same map (a marked head `m` comes back as `h`).
 */
import { applyAll } from './apply.js';
import { resolveConfig, type HeapConfig, type HeapConfigInput } from './config.js';
import { HeapInputError } from './errors.js';
import type { AllocEvent, DumpKind } from './events.js';
import { regionBytesForBlocks } from './geometry.js';
import { parseMemInfo, type MemInfoArea, type MemInfoDump } from './parse-mem-info.js';
import { createHeap } from './create-heap.js';
import type { HeapState } from './state.js';
import { gcInfo, type GcInfo } from './stats.js';
import { DEFAULT_MPY_VERSION } from './profile.js';

/** Build settings a dump does not show. Block size and version are inferred when left out. */
export interface HeapFromMemInfoOptions extends Pick<HeapConfigInput, 'wordBytes' | 'mpyVersion' | 'finaliser' | 'weakref' | 'splitHeap' | 'strategy'> {
  /** File name for error messages. */
  readonly file?: string;
  /**
   * Fail when the printed statistics disagree with the map (default true). With false the heap
   * is the map's; `statsDisagreements` lists what disagrees.
   */
  readonly checkStats?: boolean;
}

/**
 * The heap a `mem_info(1)` dump shows: one rooted object per printed head (ids 0, 1, 2… in
 * address order, `kind` = its letter), areas at the printed pool addresses. The block size is
 * the dump's (16 unless it shows 32), the version 1.19 for 5-digit offsets and 1.27 otherwise.
 * A bare map (no `GC:` lines) has no statistics to check. Throws `HeapInputError` for text
 * without a dump, or whose statistics disagree with its map (unless `checkStats` is false).
 */
export function heapFromMemInfo(input: string | MemInfoDump, options: HeapFromMemInfoOptions = {}): HeapState {
  const { file } = options;
  const dump = typeof input === 'string' ? parseMemInfo(input, file) : input;
  const fail = (message: string, line: number, field?: string): never => {
    throw new HeapInputError(message, { file, line, ...(field === undefined ? {} : { field }) });
  };
  const { areas } = dump;
  if (areas.length === 0) {
    fail('this is micropython.mem_info() without the table dump, so it shows no block map: use micropython.mem_info(1)', dump.lines.last);
  }
  const config = dumpConfig(dump, options, fail);
  const events: AllocEvent[] = [];
  for (const [index, area] of areas.entries()) headEvents(area, index, config.blockBytes, events);
  // The runs are disjoint and inside their areas, so every event places its object.
  const { state } = applyAll(createHeap(config), events);
  if (options.checkStats !== false) {
    const [first] = statsDisagreements(dump, gcInfo(state), config.blockBytes);
    if (first !== undefined) fail(`${first.detail}: the statistics and the map disagree (a corrupt or mixed-up paste?)`, first.line, first.field);
  }
  return state;
}

type Fail = (message: string, line: number, field?: string) => never;

/** The configuration whose areas have the dump's block counts at the dump's pool addresses. */
function dumpConfig(dump: MemInfoDump, options: HeapFromMemInfoOptions, fail: Fail): HeapConfig {
  const { areas } = dump;
  const { file } = options;
  const firstLine = areas[0]!.line;
  let mpyVersion = options.mpyVersion;
  if (mpyVersion === undefined) mpyVersion = dump.offsetDigits === 5 ? '1.19' : DEFAULT_MPY_VERSION;
  const base: HeapConfigInput = {
    wordBytes: options.wordBytes ?? (dump.blockBytes === 32 ? 8 : 4),
    mpyVersion,
    ...(options.finaliser === undefined ? {} : { finaliser: options.finaliser }),
    ...(options.weakref === undefined ? {} : { weakref: options.weakref }),
    ...(options.splitHeap === undefined ? {} : { splitHeap: options.splitHeap }),
    ...(options.strategy === undefined ? {} : { strategy: options.strategy }),
  };
  // The build settings alone fix the block size and the struct size: resolve them on stand-in areas.
  const shape = located(() => resolveConfig({ ...base, areas: areas.map(() => ({ blocks: 4 })) }), dump, file);
  const { blockBytes } = shape;
  if (dump.blockBytes !== undefined && dump.blockBytes !== blockBytes) {
    fail(
      `the dump's line offsets show ${dump.blockBytes}-byte blocks, but wordBytes ${shape.wordBytes} means ${blockBytes}-byte blocks`,
      firstLine,
      'wordBytes',
    );
  }
  if (dump.offsetDigits !== undefined && dump.offsetDigits !== shape.profile.dumpOffsetDigits) {
    fail(
      `the dump has ${dump.offsetDigits}-digit offsets, which v${shape.profile.version} does not print (v1.19 prints 5, later versions 8)`,
      firstLine + 1,
      'mpyVersion',
    );
  }
  const inputs = areas.map((area, index) => {
    if (area.blocks % 4 !== 0) fail(`expected a multiple of 4 blocks in an area (4 to an allocation-table byte), got ${area.blocks}`, area.line, 'blocks');
    if (area.address % blockBytes !== 0)
      fail(`pool address ${area.address.toString(16)} is not a multiple of the ${blockBytes}-byte block`, area.line, 'address');
    const layout = {
      index,
      regionStart: 0,
      structBytes: index === 0 ? 0 : shape.areaStructBytes,
      blockBytes,
      gapBytes: shape.profile.gapBytes,
      finaliser: shape.finaliser,
      weakref: shape.weakref,
    };
    // Bytes from the region start to the pool when the pool follows the tables directly.
    const head = regionBytesForBlocks(area.blocks, layout) - area.blocks * blockBytes;
    if (area.address < head)
      fail(`pool address ${area.address.toString(16)} leaves no room for the area's ${head} bytes of tables before it`, area.line, 'address');
    return { blocks: area.blocks, start: area.address - head };
  });
  // A region starting `head` bytes before the printed address has its pool exactly there.
  return located(() => resolveConfig({ ...base, areas: inputs }), dump, file);
}

/** Runs a config resolution, placing a bad-configuration error at the area it names. */
function located<T>(make: () => T, dump: MemInfoDump, file: string | undefined): T {
  try {
    return make();
  } catch (error) {
    if (!(error instanceof HeapInputError)) throw error;
    const field = error.location.field ?? '';
    const index = /^areas\[(\d+)\]/.exec(field);
    const area: MemInfoArea | undefined = index === null ? (field === 'splitHeap' ? dump.areas[1] : undefined) : dump.areas[Number(index[1])];
    throw new HeapInputError(`cannot build this heap: ${error.detail}`, { file, line: area?.line ?? dump.lines.first, field: error.location.field });
  }
}

/** Appends one rooted `alloc … at` event per head in the area's map. */
function headEvents(area: MemInfoArea, index: number, blockBytes: number, events: AllocEvent[]): void {
  const { map } = area;
  let b = 0;
  while (b < map.length) {
    const ch = map[b]!;
    if (ch === '.') {
      b++;
      continue;
    }
    let end = b + 1;
    while (end < map.length && map[end] === '=') end++;
    const kind = (ch === 'm' ? 'h' : ch) as DumpKind;
    events.push({ op: 'alloc', id: events.length, bytes: (end - b) * blockBytes, kind, root: true, at: { area: index, block: b } });
    b = end;
  }
}

/** A printed statistic that the map does not give. */
export interface StatDisagreement {
  /** The `gc_info` field. */
  readonly key: keyof GcInfo;
  /** Its name as printed (`used`, `max free sz`…). */
  readonly field: string;
  readonly printed: number;
  /** What the map gives. */
  readonly computed: number;
  /** 1-based line of the `GC:` or ` No. of` line that prints it. */
  readonly line: number;
  /** `printed X, but the dump's map gives Y <unit>`. */
  readonly detail: string;
}

const STAT_FIELDS: readonly { key: keyof GcInfo; field: string; unit: string; gcLine: boolean }[] = [
  { key: 'total', field: 'total', unit: 'bytes', gcLine: true },
  { key: 'used', field: 'used', unit: 'bytes', gcLine: true },
  { key: 'free', field: 'free', unit: 'bytes', gcLine: true },
  { key: 'n1', field: '1-blocks', unit: 'one-block objects', gcLine: false },
  { key: 'n2', field: '2-blocks', unit: 'two-block objects', gcLine: false },
  { key: 'maxBlock', field: 'max blk sz', unit: 'blocks', gcLine: false },
  { key: 'maxFree', field: 'max free sz', unit: 'blocks', gcLine: false },
];

/**
 * The dump's printed statistics that disagree with `fromMap` (`gcInfo` of the heap built from
 * its map, with `blockBytes`-byte blocks), in printed order; none for a bare map.
 */
export function statsDisagreements(dump: MemInfoDump, fromMap: GcInfo, blockBytes: number): StatDisagreement[] {
  const { gc, lines } = dump;
  if (gc === undefined) return [];
  return STAT_FIELDS.filter(({ key }) => gc[key] !== fromMap[key]).map(({ key, field, unit, gcLine }) => {
    const blocks = key === 'total' ? ` (${fromMap.total / blockBytes} blocks of ${blockBytes} bytes)` : '';
    return {
      key,
      field,
      printed: gc[key],
      computed: fromMap[key],
      // A block with GC lines has both line numbers.
      line: (gcLine ? lines.gc : lines.blocks)!,
      detail: `printed ${gc[key]}, but the dump's map gives ${fromMap[key]} ${unit}${blocks}`,
    };
  });
}
