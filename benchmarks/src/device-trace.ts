/**
 * Device traces for benchmarks: runs the seeded device program (`deviceProgram` of
 * @heaplab/workloads) on the engine and writes, for each outcome, the lines an instrumented
 * firmware would have written (see `docs/device-trace.md`), in the firmware's own key order:
 * `alloc`, `free`, `alloc_fail` and `memory_error` for failed requests, `collect_start` /
 * `sweep_free` / `collect_end` for collections (inside gc_alloc after a `pre_collect` failure, or
 * explicit), `realloc` summaries after their nested `alloc` and `free`, and an `info` checkpoint
 * every so often. A replay of the trace finds no divergence and matches every checkpoint.
 *
 * Lines are made one event at a time and written as they come, so a trace of any length takes
 * bounded memory.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import {
  createHeap,
  FREE,
  gcInfo,
  getObject,
  kindAt,
  openDraft,
  type CollectReport,
  type EngineDraft,
  type HeapConfigInput,
  type HeapEvent,
  type HeapState,
  type ObjectId,
  type Outcome,
  type Placement,
} from '@heaplab/core';
import { deviceProgram } from '@heaplab/workloads';
import { cameraProgram } from './camera-program.js';

/** What to generate. */
export interface DeviceTraceOptions {
  /** Lines to write at least: the trace ends with the first whole event at or after this many. */
  readonly lines: number;
  /** Seed of the device program. Default `heaplab`. */
  readonly seed?: string;
  /**
   * The device's heap. Default: 32-bit v1.27 with finalisers, one 64 KiB area (4000 blocks).
   * Region start addresses must be left to their defaults, as a replay assumes them.
   */
  readonly heap?: HeapConfigInput;
  /** An `info` line after about this many lines. Default 1000 (the real traces have one in 900). */
  readonly infoEvery?: number;
  /** Compress the file with gzip. Default false. */
  readonly gzip?: boolean;
  /** The program: the device program (default), or the camera script of issue 15 (`camera-program.ts`). */
  readonly program?: 'device' | 'camera';
  /** End the trace at the first MemoryError, as a device that dies of it does, even before `lines`. Default false. */
  readonly untilMemoryError?: boolean;
}

/** What a generated trace holds, by line kind. */
export interface DeviceTraceSummary {
  readonly lines: number;
  /** Engine events the program made (root and reference changes write no line). */
  readonly events: number;
  /** Lines per `op`. */
  readonly ops: Readonly<Record<string, number>>;
}

const DEFAULT_HEAP: HeapConfigInput = { wordBytes: 4, mpyVersion: '1.27', finaliser: true, areas: [{ bytes: 65536 }] };

/** Writes a trace of about `options.lines` lines to `file`. */
export async function writeDeviceTrace(file: string, options: DeviceTraceOptions): Promise<DeviceTraceSummary> {
  const trace = new DeviceTraceWriter(options);
  const chunks = Readable.from(trace.chunks());
  const out = createWriteStream(file);
  if (options.gzip === true) await pipeline(chunks, createGzip(), out);
  else await pipeline(chunks, out);
  return trace.summary();
}

/** Text the writer hands to the file stream at a time. */
const CHUNK_CHARS = 1 << 20;

class DeviceTraceWriter {
  private readonly state: HeapState;
  private readonly draft: EngineDraft;
  private readonly target: number;
  private readonly infoEvery: number;
  private readonly seed: string;
  private readonly program: 'device' | 'camera';
  private readonly untilMemoryError: boolean;
  private readonly ops: Record<string, number> = {};
  private written = 0;
  private events = 0;
  /** Lines since the last `info` line. */
  private sinceInfo = 0;
  /** Lines of the current event (the heap lines at first). */
  private pending: string[] = [];

  constructor(options: DeviceTraceOptions) {
    this.state = createHeap(options.heap ?? DEFAULT_HEAP);
    this.draft = openDraft(this.state);
    this.target = options.lines;
    this.infoEvery = options.infoEvery ?? 1000;
    this.seed = options.seed ?? 'heaplab';
    this.program = options.program ?? 'device';
    this.untilMemoryError = options.untilMemoryError ?? false;
  }

  /** Newline-terminated lines, about `CHUNK_CHARS` characters at a time. */
  *chunks(): Generator<string> {
    let chunk = '';
    for (const line of this.lines()) {
      chunk += `${line}\n`;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk !== '') yield chunk;
  }

  /** The lines, without line ends, made as they are asked for. */
  private *lines(): Generator<string> {
    this.state.config.areas.forEach((area, index) => {
      this.line({
        op: 'heap',
        area: index,
        bytes: area.regionBytes,
        pool_bytes: area.poolBytes,
        total_blocks: area.blocks,
        block_bytes: this.state.config.blockBytes,
        word_bytes: this.state.config.wordBytes,
        atb_bytes: area.atbBytes,
        ftb_bytes: area.ftbBytes,
        wtb_bytes: area.wtbBytes,
        pool_offset: area.poolOffset,
        // One-area firmware builds write no struct_bytes.
        ...(this.state.config.areas.length > 1 ? { struct_bytes: area.structBytes } : {}),
      });
    });
    const program =
      this.program === 'camera'
        ? cameraProgram(this.seed)
        : deviceProgram(
            this.seed,
            this.state.tables.reduce((sum, table) => sum + table.blocks, 0),
          );
    let event = program.next().value;
    while (this.written < this.target) {
      // Reallocs that fail or move report the free blocks after the object before the call.
      const before = event.op === 'realloc' ? this.draft.snapshot() : null;
      const outcome = this.draft.apply(event);
      this.events++;
      this.write(event, outcome, before);
      if (this.sinceInfo >= this.infoEvery) this.info();
      yield* this.pending;
      this.written += this.pending.length;
      this.pending = [];
      if (this.untilMemoryError && outcome.kind === 'memory-error') return;
      event = program.next(outcome).value;
    }
  }

  summary(): DeviceTraceSummary {
    return { lines: this.written, events: this.events, ops: { ...this.ops } };
  }

  /** The lines the firmware writes for one event and its outcome. */
  private write(event: HeapEvent, outcome: Outcome, before: HeapState | null): void {
    switch (outcome.kind) {
      case 'placed': {
        const { bytes, fin } = event as Extract<HeapEvent, { op: 'alloc' }>;
        this.collection(outcome.collection, bytes, outcome.at.blocks, fin === true, false);
        this.alloc(bytes, outcome.at, fin === true, false, outcome.collection !== null);
        return;
      }
      case 'memory-error': {
        const { facts } = outcome;
        const fin = event.op === 'alloc' && event.fin === true;
        const inRealloc = outcome.op === 'realloc';
        this.collection(facts.collection, facts.bytes, facts.blocks, fin, inRealloc);
        this.line({
          op: 'alloc_fail',
          bytes: facts.bytes,
          blocks: facts.blocks,
          stage: 'final',
          fin: flag(fin),
          in_realloc: flag(inRealloc),
          in_collect: 0,
          after_collect: flag(facts.collection !== null),
        });
        if (inRealloc) {
          const object = objectBefore(before!, outcome.id);
          this.realloc('fail', object, facts.bytes, facts.blocks, true, { reason: 'oom', free_after: freeAfter(before!, object) });
        }
        this.line({ op: 'memory_error', bytes: facts.bytes, heap_locked: 0 });
        return;
      }
      case 'zero':
        this.line({ op: 'alloc_zero' });
        return;
      case 'freed':
        this.free(outcome.at, false);
        return;
      case 'realloc': {
        const { bytes, move } = event as Extract<HeapEvent, { op: 'realloc' }>;
        if (outcome.result !== 'moved') {
          this.realloc(outcome.result, outcome.from, bytes, outcome.to.blocks, move, {});
          return;
        }
        this.collection(outcome.collection, bytes, outcome.to.blocks, false, true);
        this.alloc(bytes, outcome.to, false, true, outcome.collection !== null);
        this.free(outcome.from, true);
        this.realloc('moved', outcome.from, bytes, outcome.to.blocks, true, {
          new_area: outcome.to.area,
          new_block: outcome.to.block,
          free_after: freeAfter(before!, outcome.from),
        });
        return;
      }
      case 'realloc-failed': {
        const { bytes, move } = event as Extract<HeapEvent, { op: 'realloc' }>;
        const blocks = Math.ceil(bytes / this.state.config.blockBytes);
        this.realloc('fail', outcome.from, bytes, blocks, move, {
          reason: outcome.reason === 'no-move' ? 'no_move' : 'locked',
          free_after: freeAfter(before!, outcome.from),
        });
        return;
      }
      case 'collected':
        this.collection(outcome.report, 0, 0, false, false);
        return;
      case 'ok':
        return;
      case 'free-ignored':
      case 'rejected':
        throw new Error(`device trace: the program made an event the trace cannot show (${outcome.kind})`);
    }
  }

  /**
   * A collection's lines; one run inside gc_alloc (`alloc-fail`) follows the `pre_collect`
   * failure of the request (`bytes`, `blocks`) that ran it.
   */
  private collection(report: CollectReport | null, bytes: number, blocks: number, fin: boolean, inRealloc: boolean): void {
    if (report === null) return;
    if (report.reason === 'alloc-fail') {
      this.line({ op: 'alloc_fail', bytes, blocks, stage: 'pre_collect', fin: flag(fin), in_realloc: flag(inRealloc), in_collect: 0, after_collect: 0 });
    }
    this.line({ op: 'collect_start', reason: report.reason === 'alloc-fail' ? 'alloc_fail' : report.reason });
    for (const object of report.freed) this.line({ op: 'sweep_free', area: object.area, block: object.block, blocks: object.blocks });
    this.line({ op: 'collect_end', freed_objs: report.freed.length, freed_blocks: report.freedBlocks });
  }

  private alloc(bytes: number, at: Placement, fin: boolean, inRealloc: boolean, afterCollect: boolean): void {
    this.line({
      op: 'alloc',
      bytes,
      blocks: at.blocks,
      area: at.area,
      block: at.block,
      fin: flag(fin),
      in_realloc: flag(inRealloc),
      after_collect: flag(afterCollect),
    });
  }

  private free(at: Placement, inRealloc: boolean): void {
    this.line({ op: 'free', area: at.area, block: at.block, blocks: at.blocks, in_realloc: flag(inRealloc), in_collect: 0 });
  }

  private realloc(result: string, from: Placement, bytes: number, newBlocks: number, move: boolean, rest: Readonly<Record<string, number | string>>): void {
    this.line({
      op: 'realloc',
      result,
      area: from.area,
      block: from.block,
      old_blocks: from.blocks,
      bytes,
      new_blocks: newBlocks,
      allow_move: flag(move),
      ...rest,
    });
  }

  /** A `gc_info()` checkpoint of the heap as it is now. */
  private info(): void {
    const info = gcInfo(this.draft.snapshot());
    this.line({
      op: 'info',
      total: info.total,
      used: info.used,
      free: info.free,
      max_free_blocks: info.maxFree,
      n_1block: info.n1,
      n_2block: info.n2,
      max_block: info.maxBlock,
    });
    this.sinceInfo = 0;
  }

  private line(fields: { readonly op: string } & Readonly<Record<string, number | string>>): void {
    this.ops[fields.op] = (this.ops[fields.op] ?? 0) + 1;
    this.sinceInfo++;
    this.pending.push(JSON.stringify(fields));
  }
}

function flag(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

/** Where a live object lay in `state`. */
function objectBefore(state: HeapState, id: ObjectId): Placement {
  const object = getObject(state, id);
  if (object === undefined) throw new Error(`device trace: object ${id} was not live before its realloc`);
  return { area: object.area, block: object.block, blocks: object.blocks };
}

/** Free blocks right after the object, up to the next used block or the end of its area. */
function freeAfter(state: HeapState, at: Placement): number {
  const table = state.tables[at.area]!;
  let block = at.block + at.blocks;
  while (block < table.blocks && kindAt(table, block) === FREE) block++;
  return block - (at.block + at.blocks);
}
