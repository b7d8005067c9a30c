/**
 * Heap configuration: what the user may give (`HeapConfigInput`, every field optional) and the
 * fully resolved, validated form the engine runs on (`HeapConfig`).
 */
import { HeapInputError } from './errors.js';
import { layoutArea, regionBytesForBlocks, type AreaGeometry } from './geometry.js';
import { DEFAULT_MPY_VERSION, unknownVersionMessage, versionProfile, type VersionProfile } from './profile.js';
import { plural } from './plural.js';

/** One memory region handed to the GC, by its size in bytes or by the block count it must yield. */
export type AreaInput = { readonly bytes: number; readonly start?: number } | { readonly blocks: number; readonly start?: number };

/** A heap configuration as a user writes it. Defaults: the 32-bit v1.27 build, one 64 KiB area. */
export interface HeapConfigInput {
  /** Machine word size in bytes: 4 (16-byte blocks) or 8 (32-byte blocks). Default 4. */
  readonly wordBytes?: 4 | 8;
  /** `MICROPY_ENABLE_FINALISER`. Default true. */
  readonly finaliser?: boolean;
  /** `MICROPY_PY_WEAKREF` (v1.28+ only). Default false. */
  readonly weakref?: boolean;
  /** MicroPython version, e.g. `1.27`, `v1.19.1`. Default `1.27`. */
  readonly mpyVersion?: string;
  /** `MICROPY_GC_SPLIT_HEAP`. Default: true when there is more than one area. */
  readonly splitHeap?: boolean;
  /** Areas in registration order: the first is `gc_init`, the rest `gc_add`. Default one 64 KiB area. */
  readonly areas?: readonly AreaInput[];
  /** Name of the placement strategy. Default `micropython`. */
  readonly strategy?: string;
  /** The strategy's numeric parameters by name (e.g. TLSF's `sli`); each strategy checks its own. */
  readonly strategyParams?: Readonly<Record<string, number>>;
  /** Which areas a request tries, in which order. Default `in-order`. */
  readonly areaPolicy?: AreaPolicyInput;
}

/**
 * How a multi-area heap routes requests: every request tries the areas in registration order
 * (`in-order`, as MicroPython does), or by size (`by-size`): requests up to `smallBytes` try the
 * smallest area first, larger ones the largest first, each falling back to the others by size.
 */
export type AreaPolicy = { readonly kind: 'in-order' } | { readonly kind: 'by-size'; readonly smallBytes: number };

/** An area policy as a user writes it: a name (by-size then routes up to 256 bytes as small) or the full form. */
export type AreaPolicyInput = 'in-order' | 'by-size' | AreaPolicy;

/** Requests up to this many bytes count as small under `by-size` unless told otherwise. */
export const DEFAULT_SMALL_BYTES = 256;

/** A resolved configuration. Immutable; equal inputs resolve to deeply equal configs. */
export interface HeapConfig {
  readonly wordBytes: 4 | 8;
  /** Bytes per block: 4 × the word size. */
  readonly blockBytes: 16 | 32;
  readonly finaliser: boolean;
  readonly weakref: boolean;
  readonly profile: VersionProfile;
  readonly splitHeap: boolean;
  readonly strategy: string;
  readonly strategyParams: Readonly<Record<string, number>>;
  readonly areaPolicy: AreaPolicy;
  /** Bytes of the struct that `gc_add` places at the start of an added region. */
  readonly areaStructBytes: number;
  readonly areas: readonly AreaGeometry[];
}

/** A configuration input that resolves to `config` again (to write it into a trace header). */
export function configInput(config: HeapConfig): HeapConfigInput {
  return {
    wordBytes: config.wordBytes,
    finaliser: config.finaliser,
    weakref: config.weakref,
    mpyVersion: config.profile.version,
    splitHeap: config.splitHeap,
    strategy: config.strategy,
    strategyParams: config.strategyParams,
    areaPolicy: config.areaPolicy,
    areas: config.areas.map((area) => ({ bytes: area.regionBytes, start: area.regionStart })),
  };
}

/** Spacing of the default start addresses: area i starts at 0x20000000 + i × 256 MiB. */
const AREA_SPACING = 0x10000000;

/** Default start address of area i's region when none is given (and the areas before it are at most 256 MiB). */
export function defaultAreaStart(index: number): number {
  return 0x20000000 + index * AREA_SPACING;
}

/**
 * The start of area i's region when none is given: its default start, or, when the area
 * before it reaches past that, the next 256 MiB boundary after that area's end.
 */
function nextAreaStart(index: number, previous: AreaGeometry | undefined): number {
  const after = previous === undefined ? 0 : Math.ceil((previous.regionStart + previous.regionBytes) / AREA_SPACING) * AREA_SPACING;
  return Math.max(defaultAreaStart(index), after);
}

/** Largest region heaplab accepts (4 GiB): anything bigger is a typo, not a device. */
export const MAX_REGION_BYTES = 2 ** 32;

/** Resolves and validates a configuration; throws `HeapInputError` naming the bad field. */
export function resolveConfig(input: HeapConfigInput = {}): HeapConfig {
  const wordBytes = input.wordBytes ?? 4;
  if (wordBytes !== 4 && wordBytes !== 8) fail('wordBytes', `expected 4 or 8, got ${show(wordBytes)}`);
  const blockBytes = (wordBytes * 4) as 16 | 32;
  const finaliser = bool(input.finaliser, true, 'finaliser');
  const weakref = bool(input.weakref, false, 'weakref');
  const versionText = input.mpyVersion ?? DEFAULT_MPY_VERSION;
  const profile = typeof versionText === 'string' ? versionProfile(versionText) : undefined;
  if (profile === undefined) fail('mpyVersion', unknownVersionMessage(versionText));
  if (weakref && !profile.supportsWeakref) fail('weakref', `the weakref table exists from v1.28 on, not in v${profile.version}`);
  const areaInputs = input.areas ?? [{ bytes: 65536 }];
  if (!Array.isArray(areaInputs) || areaInputs.length === 0) fail('areas', 'expected at least one area');
  const splitHeap = bool(input.splitHeap, areaInputs.length > 1, 'splitHeap');
  if (areaInputs.length > 1 && !splitHeap) fail('splitHeap', 'more than one area needs a split-heap build');
  if (splitHeap && !profile.supportsSplitHeap) fail('splitHeap', `v${profile.version} has no split heap (gc_add came in v1.20)`);
  const strategy = input.strategy ?? 'micropython';
  if (typeof strategy !== 'string' || strategy === '') fail('strategy', `expected a strategy name, got ${show(strategy)}`);
  const strategyParams = resolveParams(input.strategyParams);
  const areaPolicy = resolveAreaPolicy(input.areaPolicy);

  // Area struct fields, one word each: next (split), ATB start, ATB length, FTB start, WTB start,
  // pool start, pool end, last-free ATB index, last-used block (v1.21+).
  const structWords = (splitHeap ? 1 : 0) + 2 + (finaliser ? 1 : 0) + (weakref ? 1 : 0) + 3 + (profile.tracksLastUsed ? 1 : 0);
  const areaStructBytes = structWords * wordBytes;

  const areas: AreaGeometry[] = [];
  for (const [index, area] of areaInputs.entries()) {
    const flags = { blockBytes, gapBytes: profile.gapBytes, finaliser, weakref, structBytes: index === 0 ? 0 : areaStructBytes };
    areas.push(resolveArea(area, index, nextAreaStart(index, areas[index - 1]), flags));
  }
  checkNoOverlap(areas);
  return { wordBytes, blockBytes, finaliser, weakref, profile, splitHeap, strategy, strategyParams, areaPolicy, areaStructBytes, areas };
}

function resolveParams(input: unknown): Readonly<Record<string, number>> {
  if (input === undefined) return {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail('strategyParams', 'expected an object of named numbers');
  const params: Record<string, number> = {};
  // Sorted, so equal inputs resolve to equal configs whatever order their keys came in.
  for (const key of Object.keys(input).sort()) {
    const value = (input as Record<string, unknown>)[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(`strategyParams.${key}`, `expected a number, got ${show(value)}`);
    params[key] = value;
  }
  return params;
}

function resolveAreaPolicy(input: unknown): AreaPolicy {
  if (input === undefined || input === 'in-order') return { kind: 'in-order' };
  if (input === 'by-size') return { kind: 'by-size', smallBytes: DEFAULT_SMALL_BYTES };
  if (typeof input === 'object' && input !== null) {
    const policy = input as { kind?: unknown; smallBytes?: unknown };
    if (policy.kind === 'in-order') return { kind: 'in-order' };
    if (policy.kind === 'by-size') {
      const small = policy.smallBytes ?? DEFAULT_SMALL_BYTES;
      if (!Number.isSafeInteger(small) || (small as number) < 0) fail('areaPolicy.smallBytes', `expected a whole number of bytes, got ${show(small)}`);
      return { kind: 'by-size', smallBytes: small as number };
    }
  }
  return fail('areaPolicy', `expected "in-order" or "by-size", got ${show(typeof input === 'object' ? JSON.stringify(input) : input)}`);
}

interface AreaFlags {
  readonly blockBytes: number;
  readonly gapBytes: number;
  readonly finaliser: boolean;
  readonly weakref: boolean;
  readonly structBytes: number;
}

function resolveArea(area: AreaInput, index: number, defaultStart: number, flags: AreaFlags): AreaGeometry {
  const field = `areas[${index}]`;
  if (typeof area !== 'object' || area === null) fail(field, 'expected an object with bytes or blocks');
  const regionStart = area.start ?? defaultStart;
  if (!Number.isSafeInteger(regionStart) || regionStart < 0) fail(`${field}.start`, `expected a non-negative whole address, got ${show(area.start)}`);
  let regionBytes: number;
  if ('blocks' in area) {
    const { blocks } = area;
    if (!Number.isSafeInteger(blocks) || blocks <= 0 || blocks % 4 !== 0) {
      fail(
        `${field}.blocks`,
        `expected a block count that is a positive multiple of 4 (the allocation table holds 4 blocks a byte, so an area's blocks come in fours), got ${show(blocks)}`,
      );
    }
    regionBytes = regionBytesForBlocks(blocks, { index, regionStart, ...flags });
  } else {
    regionBytes = (area as { bytes: unknown }).bytes as number;
    if (!Number.isSafeInteger(regionBytes) || regionBytes <= 0) fail(`${field}.bytes`, `expected a positive whole number of bytes, got ${show(regionBytes)}`);
  }
  if (regionBytes > MAX_REGION_BYTES) fail(field, `a region of ${plural(regionBytes, 'byte')} is larger than the 4 GiB heaplab accepts`);
  const geometry = layoutArea({ index, regionStart, regionBytes, ...flags });
  if (geometry.blocks === 0) fail(field, `a region of ${plural(regionBytes, 'byte')} is too small to hold a single block`);
  return geometry;
}

function checkNoOverlap(areas: readonly AreaGeometry[]): void {
  const sorted = [...areas].sort((a, b) => a.regionStart - b.regionStart);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.regionStart + prev.regionBytes > cur.regionStart) {
      fail(`areas[${cur.index}]`, `region overlaps area ${prev.index} (0x${prev.regionStart.toString(16)}+${prev.regionBytes})`);
    }
  }
}

function bool(value: unknown, fallback: boolean, field: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(field, `expected true or false, got ${show(value)}`);
  return value;
}

function fail(field: string, message: string): never {
  throw new HeapInputError(message, { field });
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
