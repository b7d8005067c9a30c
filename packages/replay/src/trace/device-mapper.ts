/**
 * Turning device trace lines into engine events.
 *
 * The device names objects by address (area, head block); the engine by id. The mapper gives
 * each object the device allocates a fresh id and keeps the device's address and length of every
 * live one (`DeviceObjects`), so a divergence in placement never confuses which object a later
 * line means, and a line that gives an object another length than its own is caught there.
 *
 * Some calls span several lines. A collection run inside gc_alloc (`collect_start` …
 * `collect_end`) is remembered and handed to the request that ran it, as the set its
 * collection frees; a moving realloc's nested `alloc` and `free` lines wait for the `realloc`
 * summary that says what they were.
 *
 * For what-ifs (another heap, another strategy) the recorded sweeps cannot be replayed as they
 * are: collections come at other times. With `sweeps: 'drops'`, what a collection swept is
 * dropped (unrooted) when the device found it garbage, and the engine collects when it must.
 * On the device's own heap that gives the same states as the recorded sweeps.
 *
 * A `gap` line says the recorder lost events. Without `resync` it ends the replay. With it the
 * mapper stops trusting its heap: it skips every line (noting MemoryErrors and checkpoints) until a sync, whose
 * map it turns into a `resync` step and one `synced` placement per object, and goes on from
 * there. A sync on a replay that lost nothing becomes a `map` checkpoint.
 *
 * A `mark` line becomes a `mark` step wherever it comes: between events, inside a collection or
 * a sync, and between a gap and the sync after it (the label was recorded; only the heap is not
 * known there).
 *
 * A line that cannot have happened (see `checkPossible`) is an error, like a line that does not
 * decode: with `onBadLine` upstream it is skipped before it changes anything here. Once a line has
 * been skipped, the mapper's heap may be stale (it keeps an object the device freed on that line):
 * a later placement on a live object's blocks is then believed, and the stale object dropped,
 * instead of being refused as well (see `distrust`).
 */
import { HeapInputError, plural, type AllocEvent, type CollectReason, type HeapConfigInput, type ObjectId } from '@heaplab/core';
import type { AllocLine, CollectStartLine, DeviceEvent, GapLine, HeapLine, ReallocLine, SyncLine, ThresholdLine } from './device-event.js';
import { DeviceObjects, type DeviceObject } from './device-objects.js';
import { checkPossible } from './possible-line.js';
import type { Recorded, ReplayStep } from './replay-step.js';
import { SyncReader, type SyncObject } from './sync-reader.js';

/**
 * A collection seen in the trace and not yet given to the request that ran it; `freed` is
 * what it swept, or null when the sweep went in as drops.
 */
interface PendingCollection {
  readonly reason: CollectReason;
  readonly freed: ObjectId[] | null;
}

/** A collection being read: what it freed (sweeps and finaliser frees), and its sweeps' count and blocks. */
interface Collecting {
  readonly reason: CollectStartLine['reason'];
  readonly freed: ObjectId[];
  swept: number;
  sweptBlocks: number;
}

/** How collections recorded in the trace reach the engine (see the module comment). */
export type SweepMode = 'recorded' | 'drops';

export class DeviceMapper {
  private readonly heapLines: HeapLine[] = [];
  private configDone = false;
  /** The device's live objects, as the lines read so far have placed, resized and freed them. */
  private readonly objects = new DeviceObjects();
  private nextId = 0;
  /** The collection in progress. */
  private collecting: Collecting | null = null;
  private pending: PendingCollection | null = null;
  /** The nested `alloc` of a realloc, until its summary line. */
  private reallocAlloc: AllocLine | null = null;
  /** Events were lost and no sync has come since: lines are skipped. */
  private lost = false;
  /** The sync being read, if any. */
  private sync: SyncReader | null = null;
  /** The line before was a request the heap lock refused (its MemoryError is not modelled either). */
  private lockedRequest = false;
  /** The nested `gc_alloc` of the realloc being read was refused by the heap lock. */
  private nestedLocked = false;
  /** No line has been skipped since the heap was last known whole (the start, or a sync after a gap). */
  private trusted = true;

  constructor(
    private readonly file: string | undefined,
    private readonly sweeps: SweepMode = 'recorded',
    /** Go on after a `gap` line, from the next sync (see the module comment); otherwise a gap is an error. */
    private readonly resync = false,
    /** What the error at a `gap` line (without `resync`) tells the user to do; without it the error says only that events were lost. */
    private readonly gapAdvice?: string,
  ) {}

  /** The heap configuration from the `heap` lines (call once, after the first other line). */
  config(mpyVersion: string): HeapConfigInput {
    if (this.heapLines.length === 0) throw this.error(1, 'the trace has no heap line; it must start with one per area');
    const first = this.heapLines[0]!;
    return {
      mpyVersion,
      wordBytes: first.word_bytes === 8 ? 8 : 4,
      finaliser: first.ftb_bytes > 0,
      weakref: first.wtb_bytes > 0,
      splitHeap: this.heapLines.length > 1,
      areas: this.heapLines.map((h) => ({ bytes: h.bytes })),
    };
  }

  /** The heap lines read so far. */
  get heaps(): readonly HeapLine[] {
    return this.heapLines;
  }

  /** Feeds one line; returns the steps it completes (often none or one). */
  feed(event: DeviceEvent, line: number): ReplayStep[] {
    if (event.op === 'heap') {
      if (this.configDone) throw this.error(line, 'a heap line after the first event; all heap lines come first', 'op');
      if (event.area !== this.heapLines.length) throw this.error(line, `expected area ${this.heapLines.length} (heap lines come in area order)`, 'area');
      this.heapLines.push(event);
      return [];
    }
    this.configDone = true;
    checkPossible(event, this.heapLines, this.file, line);
    if (event.op === 'mark') return [this.step(line, null, { kind: 'mark', label: event.label })];
    const afterLockedRequest = this.lockedRequest;
    this.lockedRequest =
      (event.op === 'alloc_fail' && event.stage === 'locked' && event.in_realloc === 0) ||
      (event.op === 'realloc' && (event.reason === 'locked' || (event.reason === 'alloc_null' && this.nestedLocked)));
    if (this.sync !== null) {
      const steps = this.syncLine(event, line);
      if (steps !== null) return steps;
    }
    if (this.lost) return this.blind(event, line);
    switch (event.op) {
      case 'gap':
        return this.gap(event, line);
      case 'sync':
        this.openSync(event, line);
        return [];
      case 'sync_map':
      case 'sync_end':
        throw this.error(line, `a ${event.op} line outside a sync (no sync line before it)`, 'op');
      case 'collect_start':
        if (this.collecting !== null) throw this.error(line, 'collect_start inside a collection', 'op');
        this.collecting = { reason: event.reason, freed: [], swept: 0, sweptBlocks: 0 };
        return [];
      case 'sweep_free': {
        const collection = this.inCollection(line);
        collection.freed.push(this.take(event.area, event.block, event.blocks, line));
        collection.swept++;
        collection.sweptBlocks += event.blocks;
        return [];
      }
      case 'collect_end': {
        const collection = this.inCollection(line);
        this.collecting = null;
        if (collection.swept !== event.freed_objs) {
          throw this.error(
            line,
            `collect_end counts ${plural(event.freed_objs, 'object')} but ${plural(collection.swept, 'sweep_free line')} came before it`,
            'freed_objs',
          );
        }
        // The firmware sums the blocks of its sweep_free calls; finaliser frees are not among them.
        if (collection.sweptBlocks !== event.freed_blocks) {
          throw this.error(
            line,
            `collect_end counts ${plural(event.freed_blocks, 'block')} but its ${plural(collection.swept, 'sweep_free line')} freed ${plural(collection.sweptBlocks, 'block')}`,
            'freed_blocks',
          );
        }
        const explicit = collection.reason === 'explicit' || collection.reason === 'sweep_all';
        const recorded: Recorded = { kind: 'collected', objects: event.freed_objs, blocks: event.freed_blocks };
        const reason: CollectReason = collection.reason === 'threshold' ? 'threshold' : 'alloc-fail';
        if (this.sweeps === 'drops') {
          const drops = collection.freed.map((id) => this.step(line, { op: 'unroot', id }, { kind: 'dropped' }));
          if (explicit) return [...drops, this.step(line, { op: 'collect' }, recorded)];
          this.pending = { reason, freed: null };
          return drops;
        }
        if (explicit) return [this.step(line, { op: 'collect', freed: collection.freed }, recorded)];
        this.pending = { reason, freed: collection.freed };
        return [];
      }
      case 'alloc':
        if (event.in_realloc === 1) {
          // The new copy is placed while the old one is still live: it cannot overlap that one either.
          this.placeable(event.area, event.block, event.blocks, line);
          this.reallocAlloc = event;
          return [];
        }
        return [this.allocate(event, line)];
      case 'alloc_fail':
        if (event.stage === 'locked') {
          if (event.in_realloc === 1) this.nestedLocked = true;
          return [this.step(line, null, { kind: 'skipped', why: 'the heap was locked (not modelled)' })];
        }
        if (event.stage === 'pre_collect' || event.in_realloc === 1) return [];
        return [this.step(line, this.allocEvent(event.bytes, event.fin), { kind: 'failed', bytes: event.bytes, collection: this.takePendingReason() })];
      case 'memory_error':
        if (afterLockedRequest && event.heap_locked === 1)
          return [this.step(line, null, { kind: 'skipped', why: 'a MemoryError raised while the heap was locked (not modelled)' })];
        return [this.step(line, null, { kind: 'memory-error', bytes: event.bytes })];
      case 'alloc_zero':
        return [this.step(line, { op: 'alloc', id: this.nextId++, bytes: 0 }, { kind: 'zero' })];
      case 'free': {
        // A realloc's own free: the realloc line that follows says what happened to the object.
        if (event.in_realloc === 1) {
          this.sameLength(event.area, event.block, event.blocks, 'blocks', line);
          return [];
        }
        const id = this.take(event.area, event.block, event.blocks, line);
        if (event.in_collect === 1) {
          // A finaliser freed it during a collection: it goes with that collection's sweep.
          this.inCollection(line).freed.push(id);
          return [];
        }
        return [this.step(line, { op: 'free', id }, { kind: 'freed' })];
      }
      case 'threshold':
        return [this.threshold(event, line)];
      case 'free_ignored':
        return [this.step(line, null, { kind: 'skipped', why: 'a free while the heap was locked (not modelled)' })];
      case 'realloc': {
        const step = this.realloc(event, line);
        return step === null ? [] : [step];
      }
      case 'info':
        return [
          this.step(line, null, {
            kind: 'info',
            info: {
              total: event.total,
              used: event.used,
              free: event.free,
              maxFree: event.max_free_blocks,
              n1: event.n_1block,
              n2: event.n_2block,
              maxBlock: event.max_block,
            },
          }),
        ];
    }
  }

  /**
   * A line was skipped as bad (`onBadLine`): from here the mapper's heap may differ from the
   * device's, which went on from that line. A later line that contradicts it corrects it: it is
   * the skipped line that was wrong, and the engine, which missed it too, shows the difference as
   * divergences and checkpoint mismatches. Without this one skipped line would make every later
   * line that reuses its blocks a bad line too.
   */
  distrust(): void {
    this.trusted = false;
  }

  /** Checks the trace ended cleanly (no collection, realloc or sync left open). */
  finish(line: number): void {
    if (this.sync !== null && !this.sync.broken) throw this.error(line, `the trace ends inside the sync that starts at line ${this.sync.line} (no sync_end)`);
    if (this.collecting !== null) throw this.error(line, 'the trace ends inside a collection (no collect_end)');
    if (this.reallocAlloc !== null) throw this.error(line, 'the trace ends inside a realloc (no realloc line after its alloc)');
  }

  /** Events were lost: an error, or (with `resync`) the start of a blind stretch. */
  private gap(event: GapLine, line: number): ReplayStep[] {
    if (!this.resync) {
      const events = `${event.lost} event${event.lost === 1 ? ' was' : 's were'}`;
      const advice = this.gapAdvice === undefined ? '' : `; ${this.gapAdvice}`;
      throw this.error(line, `${events} lost here (the recorder's buffer overflowed)${advice}`, 'lost');
    }
    this.lost = true;
    // Whatever was open when the events were lost will not be closed by lines the replay can use.
    this.collecting = null;
    this.pending = null;
    this.reallocAlloc = null;
    return [this.step(line, null, { kind: 'gap', lost: event.lost })];
  }

  /** A line after a gap and before the next sync: only gaps, syncs, MemoryErrors and (to be counted, not checked) checkpoints matter. */
  private blind(event: DeviceEvent, line: number): ReplayStep[] {
    switch (event.op) {
      case 'gap':
        return [this.step(line, null, { kind: 'gap', lost: event.lost })];
      case 'sync':
        this.openSync(event, line);
        return [];
      case 'memory_error':
        return [this.step(line, null, { kind: 'unreplayed-memory-error', bytes: event.bytes })];
      case 'info':
        return [this.step(line, null, { kind: 'unchecked-info' })];
      case 'threshold':
        // The program's setting holds after the sync too.
        return [this.threshold(event, line)];
      default:
        return [];
    }
  }

  /** A `sync` line: a sync begins (broken at once if the line is bad). */
  private openSync(event: SyncLine, line: number): void {
    const sync = new SyncReader(this.heapLines, this.file, line);
    this.sync = sync;
    try {
      sync.start(event, line);
    } catch (error) {
      sync.broken = true;
      throw error;
    }
  }

  /**
   * A line while a sync is open: its steps, or null when the line is not part of the sync (the
   * sync was broken and is dropped; the line is read as usual). A bad sync line breaks the sync:
   * its error is thrown, and the rest of it is skipped. A `sync` line of area 0 always begins a
   * new sync.
   */
  private syncLine(event: DeviceEvent, line: number): ReplayStep[] | null {
    const sync = this.sync!;
    if (event.op === 'sync' && event.area === 0) {
      this.openSync(event, line);
      if (!sync.broken) throw this.error(line, `the sync that starts at line ${sync.line} has no sync_end before this one`, 'op');
      return [];
    }
    const part = event.op === 'sync' || event.op === 'sync_map' || event.op === 'sync_end';
    if (sync.broken) {
      if (!part) {
        this.sync = null;
        return null;
      }
      if (event.op === 'sync_end') this.sync = null;
      return [];
    }
    try {
      if (event.op === 'sync') sync.start(event, line);
      else if (event.op === 'sync_map') sync.map(event, line);
      else if (event.op === 'sync_end') {
        const objects = sync.end(line);
        this.sync = null;
        return this.lost ? this.rebuild(objects, line) : [this.step(line, null, { kind: 'map', objects })];
      } else throw this.error(line, `expected sync_map or sync_end inside the sync that starts at line ${sync.line}, got ${event.op}`, 'op');
    } catch (error) {
      sync.broken = true;
      if (!part || event.op === 'sync_end') this.sync = null;
      throw error;
    }
    return [];
  }

  /** After a gap: the engine's heap becomes the sync's, with fresh ids for its objects. */
  private rebuild(objects: readonly SyncObject[], line: number): ReplayStep[] {
    this.lost = false;
    this.trusted = true;
    this.objects.clear();
    const blockBytes = this.heapLines[0]!.block_bytes;
    const steps: ReplayStep[] = [this.step(line, null, { kind: 'resync' })];
    for (const { area, block, blocks, fin } of objects) {
      const id = this.nextId++;
      this.objects.add(area, block, blocks, id, line);
      steps.push(this.step(line, { op: 'alloc', id, bytes: blocks * blockBytes, fin, at: { area, block } }, { kind: 'synced' }));
    }
    return steps;
  }

  /** A `threshold` line: the engine's threshold becomes the program's. */
  private threshold(event: ThresholdLine, line: number): ReplayStep {
    return this.step(line, { op: 'threshold', bytes: event.off === 1 ? -1 : event.bytes }, { kind: 'setting' });
  }

  private allocate(event: AllocLine, line: number): ReplayStep {
    const alloc = this.allocEvent(event.bytes, event.fin);
    this.claim(event.area, event.block, event.blocks, alloc.id, line);
    return this.step(line, alloc, { kind: 'placed', area: event.area, block: event.block, blocks: event.blocks, collection: this.takePendingReason() });
  }

  private allocEvent(bytes: number, fin: 0 | 1): AllocEvent & { readonly id: ObjectId } {
    return { op: 'alloc', id: this.nextId++, bytes, fin: fin === 1, ...this.recordedSweep() };
  }

  /**
   * What the pending collection gives the request that ran it: the objects it swept, and for a
   * threshold collection that it ran (the trace says when one ran: the engine does not decide).
   * Nothing with `sweeps: 'drops'`, where the engine collects when it must.
   */
  private recordedSweep(): { readonly sweep?: readonly ObjectId[]; readonly thresholdCollect?: true } {
    const pending = this.pending;
    if (pending === null || pending.freed === null) return {};
    return pending.reason === 'threshold' ? { sweep: pending.freed, thresholdCollect: true } : { sweep: pending.freed };
  }

  /** The step of a `realloc` line; null when a line before it already stood for the request. */
  private realloc(event: ReallocLine, line: number): ReplayStep | null {
    const nested = this.reallocAlloc;
    const nestedLocked = this.nestedLocked;
    this.reallocAlloc = null;
    this.nestedLocked = false;
    if (event.result === 'alloc') {
      if (nested === null) throw this.error(line, 'a realloc of NULL without the alloc line before it', 'result');
      return this.allocate(nested, line);
    }
    if (event.result === 'fail' && event.reason === 'alloc_null') {
      // A realloc of NULL is an allocation: this one got nothing.
      if (nestedLocked) return this.step(line, null, { kind: 'skipped', why: 'a realloc of NULL while the heap was locked (not modelled)' });
      if (event.bytes === 0) return null; // its alloc_zero line is the request
      return this.step(line, this.allocEvent(event.bytes, 0), { kind: 'failed', bytes: event.bytes, collection: this.takePendingReason() });
    }
    if (event.area === undefined || event.block === undefined)
      throw this.error(
        line,
        `a realloc with result "${event.result}"${event.reason === undefined ? '' : ` (${event.reason})`} needs the object's area and block`,
        'area',
      );
    if (event.result === 'free') {
      const { id } = this.live(event.area, event.block, line);
      this.objects.remove(event.area, event.block);
      return this.step(line, { op: 'free', id }, { kind: 'freed' });
    }
    const id = countsOldBlocks(event)
      ? this.sameLength(event.area, event.block, event.old_blocks, 'old_blocks', line)
      : this.live(event.area, event.block, line).id;
    const base = { op: 'realloc' as const, id, bytes: event.bytes, move: event.allow_move === 1, ...this.recordedSweep() };
    if (event.result === 'fail') {
      if (event.reason === 'locked') return this.step(line, null, { kind: 'skipped', why: 'a realloc while the heap was locked (not modelled)' });
      const recorded: Recorded =
        event.reason === 'oom' ? { kind: 'failed', bytes: event.bytes, collection: this.takePendingReason() } : { kind: 'realloc-failed' };
      return this.step(line, base, recorded);
    }
    if (event.result === 'moved') {
      if (nested === null) throw this.error(line, 'a moved realloc without the alloc line of its new copy', 'result');
      if (this.trusted) this.sameCopy(event, nested, line);
      this.objects.remove(event.area, event.block);
      this.objects.add(nested.area, nested.block, event.new_blocks, id, line);
      return this.step(line, base, {
        kind: 'realloc',
        result: 'moved',
        area: nested.area,
        block: nested.block,
        blocks: event.new_blocks,
        collection: this.takePendingReason(),
      });
    }
    if (event.result === 'grow')
      this.growable(event.area, event.block, event.old_blocks ?? this.live(event.area, event.block, line).blocks, event.new_blocks, line);
    this.objects.resize(event.area, event.block, event.new_blocks, line);
    return this.step(line, base, {
      kind: 'realloc',
      result: event.result,
      area: event.area,
      block: event.block,
      blocks: event.new_blocks,
      collection: this.takePendingReason(),
    });
  }

  private takePendingReason(): CollectReason | null {
    const reason = this.pending?.reason ?? null;
    this.pending = null;
    return reason;
  }

  private inCollection(line: number): Collecting {
    if (this.collecting === null) throw this.error(line, 'sweep_free or collect_end outside a collection (no collect_start before it)', 'op');
    return this.collecting;
  }

  /** The live object whose head is here. */
  private live(area: number, block: number, line: number): DeviceObject {
    const object = this.objects.at(area, block);
    if (object === undefined) throw this.error(line, `area ${area} block ${block} is not the head of a live object`, 'block');
    return object;
  }

  /**
   * The id of the live object whose head is here, which the line says is `blocks` long (in
   * `field`). A line that gives another length cannot have happened: gc.c counts the object's
   * own blocks. After a skipped line (see `distrust`) the line is believed: the skipped one may
   * have resized the object.
   */
  private sameLength(area: number, block: number, blocks: number, field: string, line: number): ObjectId {
    const object = this.live(area, block, line);
    if (object.blocks !== blocks && this.trusted)
      throw this.error(
        line,
        `expected ${object.blocks}, the length of the live object at area ${area} block ${block} (as line ${object.line} left it), got ${blocks}`,
        field,
      );
    return object.id;
  }

  /** A placement: object `id`'s head is here now, `blocks` long (see `placeable`). */
  private claim(area: number, block: number, blocks: number, id: ObjectId, line: number): void {
    this.placeable(area, block, blocks, line);
    this.objects.add(area, block, blocks, id, line);
  }

  /**
   * A new object cannot hold a block a live object holds, head or tail: the device places only on
   * free blocks, so this line is wrong (reported here, not where a later line finds the object
   * gone); or, after a skipped line (see `distrust`), the skipped line freed that object.
   */
  private placeable(area: number, block: number, blocks: number, line: number): void {
    this.vacate(area, block, blocks, (taken) =>
      this.error(line, `${overlapText(area, block, blocks, taken)}: the device places a new object only on free blocks`, 'block'),
    );
  }

  /** A moved realloc's line gives its new copy as the alloc line before it placed it: the same length and, when it says, the same place. */
  private sameCopy(event: ReallocLine, nested: AllocLine, line: number): void {
    if (event.new_blocks !== nested.blocks)
      throw this.error(line, `expected ${nested.blocks}, the blocks of its new copy's alloc line before it, got ${event.new_blocks}`, 'new_blocks');
    if (event.new_area !== undefined && event.new_area !== nested.area)
      throw this.error(line, `expected ${nested.area}, the area of its new copy's alloc line before it, got ${event.new_area}`, 'new_area');
    if (event.new_block !== undefined && event.new_block !== nested.block)
      throw this.error(line, `expected ${nested.block}, the block of its new copy's alloc line before it, got ${event.new_block}`, 'new_block');
  }

  /** A growth in place takes the blocks after the object, which must be free as well (see `placeable`). */
  private growable(area: number, block: number, oldBlocks: number, newBlocks: number, line: number): void {
    const where = `, where the object at block ${block} grows,`;
    this.vacate(area, block + oldBlocks, newBlocks - oldBlocks, (taken) =>
      this.error(
        line,
        `${overlapText(area, block + oldBlocks, newBlocks - oldBlocks, taken, where)}: the device grows an object in place only over free blocks`,
        'new_blocks',
      ),
    );
  }

  /**
   * The run must be free: an object in it is `refuse`'s error, or after a skipped line (see
   * `distrust`) an object the skipped line freed, which is dropped.
   */
  private vacate(area: number, block: number, blocks: number, refuse: (taken: DeviceObject & { readonly block: number }) => HeapInputError): void {
    for (let taken = this.objects.overlap(area, block, blocks); taken !== null; taken = this.objects.overlap(area, block, blocks)) {
      if (this.trusted) throw refuse(taken);
      this.objects.remove(area, taken.block);
    }
  }

  /** The id of the live object whose head is here, `blocks` long (the line's `blocks`); the device has freed it. */
  private take(area: number, block: number, blocks: number, line: number): ObjectId {
    const id = this.sameLength(area, block, blocks, 'blocks', line);
    this.objects.remove(area, block);
    return id;
  }

  private step(line: number, event: ReplayStep['event'], recorded: Recorded): ReplayStep {
    return { line, event, recorded };
  }

  private error(line: number, message: string, field?: string): HeapInputError {
    return new HeapInputError(message, { file: this.file, line, ...(field === undefined ? {} : { field }) });
  }
}

/** `area 0 blocks 88–90 overlap a live object, the one at block 82 (8 blocks, as line 24 left it)`; `where` follows the blocks. */
function overlapText(area: number, block: number, blocks: number, taken: DeviceObject & { readonly block: number }, where = ''): string {
  const run = blocks === 1 ? `area ${area} block ${block}${where} overlaps` : `area ${area} blocks ${block}–${block + blocks - 1}${where} overlap`;
  return `${run} a live object, the one at block ${taken.block} (${plural(taken.blocks, 'block')}, as line ${taken.line} left it)`;
}

/** Whether a realloc line's `old_blocks` is the object's length: gc.c counts it only past the lock and the free (see `checkPossible`). */
function countsOldBlocks(event: ReallocLine): event is ReallocLine & { readonly old_blocks: number } {
  if (event.old_blocks === undefined) return false;
  return event.result === 'fail' ? event.reason === 'no_move' || event.reason === 'oom' : event.result !== 'free' && event.result !== 'alloc';
}
