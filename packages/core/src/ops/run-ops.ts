/**
 * Runs an `.ops` script and prints the transcript format of the conformance `.expected` files.
 *
 * Slots are the script's names for pointers. A slot holds a root: allocating into a slot drops
 * the object it held (after the call, as a C harness's `slot = gc_alloc(...)` would), `drop`
 * drops it without emptying the slot, and after every collection the slots whose objects were
 * swept are forgotten.
 */
import { openDraft, type EngineDraft } from '../apply.js';
import { defaultAreaStart, resolveConfig, type HeapConfig } from '../config.js';
import { HeapInputError } from '../errors.js';
import type { HeapEvent, ObjectId } from '../events.js';
import { dumpAllocTable, gcDumpInfo } from '../mem-info.js';
import type { Outcome } from '../outcomes.js';
import { collectionOf } from '../collection-of.js';
import { createHeap } from '../create-heap.js';
import { gcNbytes } from '../ftb-overrun.js';
import { getObject } from '../objects.js';
import type { HeapState } from '../state.js';
import { gcInfo } from '../stats.js';
import type { MicroPythonHints } from '../strategies/micropython.js';
import type { OpsCommand, OpsScript } from './parse-ops.js';

export interface OpsOptions {
  /** MicroPython version to model. Default `1.27`. */
  readonly mpyVersion?: string;
  /** Model a split-heap build even with one area. Scripts with `add` lines always are. */
  readonly splitHeap?: boolean;
  /** File name for error messages. */
  readonly file?: string;
}

/** The transcript and the heap at the end of the script. */
export interface OpsRun {
  readonly transcript: string;
  readonly state: HeapState;
  readonly config: HeapConfig;
}

/** Runs a parsed script. Throws `HeapInputError` (with the line) when a command cannot run. */
export function runOps(script: OpsScript, options: OpsOptions = {}): OpsRun {
  const file = options.file;
  const setup = script.commands.filter((c) => c.op === 'init' || c.op === 'add');
  const config = configFor(setup, options);
  const runner = new OpsRunner(openDraft(createHeap(config)), config, file);
  for (const command of script.commands) runner.run(command);
  return { transcript: runner.out.join(''), state: runner.state(), config };
}

function configFor(setup: readonly OpsCommand[], options: OpsOptions): HeapConfig {
  const areas = setup.map((c, index) => {
    const { size, offset } = c as { size: number; offset: number };
    return { bytes: size, start: defaultAreaStart(index) + offset };
  });
  try {
    return resolveConfig({ mpyVersion: options.mpyVersion, splitHeap: options.splitHeap === true || areas.length > 1, areas });
  } catch (error) {
    // Problems with a region belong to its init/add line; others (the version) to the options.
    const field = error instanceof HeapInputError ? (error.location.field ?? '') : '';
    if (error instanceof HeapInputError && (field.startsWith('areas') || field === 'splitHeap')) {
      // A build without gc_add fails at the first add line.
      const index = field === 'splitHeap' ? 1 : Number(/^areas\[(\d+)\]/.exec(field)?.[1] ?? 0);
      throw new HeapInputError(error.detail, { file: options.file, line: setup[index]?.line ?? 1 });
    }
    throw error;
  }
}

class OpsRunner {
  readonly out: string[] = [];
  private readonly slots = new Map<number, ObjectId>();
  private readonly slotOf = new Map<ObjectId, number>();
  private nextId = 0;

  constructor(
    private readonly draft: EngineDraft,
    private readonly config: HeapConfig,
    private readonly file: string | undefined,
  ) {}

  state(): HeapState {
    return this.draft.snapshot();
  }

  run(c: OpsCommand): void {
    switch (c.op) {
      case 'init':
      case 'add':
        this.print(`${c.op} size=${c.size} off=${c.offset}`);
        return;
      case 'alloc': {
        const id = this.nextId++;
        const outcome = this.apply({ op: 'alloc', id, bytes: c.bytes, fin: c.fin }, c);
        this.drop(c.slot, c);
        this.release(c.slot);
        if (outcome.kind === 'placed') {
          this.hold(c.slot, id);
          const { area, block } = outcome.at;
          this.print(`alloc ${c.slot} ${c.bytes} -> ${this.where(area, block)} nbytes=${this.nbytes(id)}`);
          return;
        }
        this.print(`alloc ${c.slot} ${c.bytes} -> NULL`);
        return;
      }
      case 'free': {
        const id = this.slots.get(c.slot);
        if (id !== undefined) {
          const outcome = this.apply({ op: 'free', id }, c);
          // A free ignored under the lock still empties the slot: the object becomes garbage.
          if (outcome.kind === 'free-ignored') this.apply({ op: 'unroot', id }, c);
          this.release(c.slot);
        }
        this.print(`free ${c.slot}`);
        return;
      }
      case 'drop': {
        const id = this.slots.get(c.slot);
        if (id !== undefined) this.apply({ op: 'unroot', id }, c);
        this.print(`drop ${c.slot}`);
        return;
      }
      case 'realloc':
        this.print(`realloc ${c.slot} ${c.bytes} move=${c.move ? 1 : 0} -> ${this.realloc(c)}`);
        return;
      case 'collect':
        this.apply({ op: 'collect' }, c);
        return;
      case 'threshold':
        this.apply({ op: 'threshold', bytes: c.bytes }, c);
        this.print(`threshold ${c.bytes}`);
        return;
      case 'disable':
      case 'enable':
      case 'lock':
      case 'unlock':
        this.apply({ op: c.op }, c);
        this.print(c.op);
        return;
      case 'info': {
        const i = gcInfo(this.state());
        this.print(`info total=${i.total} used=${i.used} free=${i.free} max_free=${i.maxFree} n1=${i.n1} n2=${i.n2} max_block=${i.maxBlock}`);
        return;
      }
      case 'dumpinfo':
        this.out.push(gcDumpInfo(this.state()));
        return;
      case 'dump':
        this.out.push(dumpAllocTable(this.state(), { address: () => '<ADDR>' }));
        return;
      case 'hint':
        this.hints(c);
        return;
    }
  }

  /** gc_realloc on a slot; returns the transcript's result text. */
  private realloc(c: Extract<OpsCommand, { op: 'realloc' }>): string {
    const id = this.slots.get(c.slot);
    if (id === undefined) {
      // realloc(NULL, n) is gc_alloc(n) without a finaliser.
      const fresh = this.nextId++;
      const outcome = this.apply({ op: 'alloc', id: fresh, bytes: c.bytes }, c);
      if (outcome.kind !== 'placed') return 'NULL';
      this.hold(c.slot, fresh);
      return `moved nbytes=${this.nbytes(fresh)}`;
    }
    const outcome = this.apply({ op: 'realloc', id, bytes: c.bytes, move: c.move }, c);
    switch (outcome.kind) {
      case 'realloc':
        return `${outcome.result === 'moved' ? 'moved' : 'same'} nbytes=${this.nbytes(id)}`;
      case 'freed':
        this.release(c.slot);
        return 'NULL';
      case 'free-ignored':
        this.apply({ op: 'unroot', id }, c);
        this.release(c.slot);
        return 'NULL';
      default:
        return 'NULL';
    }
  }

  private hints(c: OpsCommand): void {
    if (this.config.strategy !== 'micropython') throw this.error(c, 'hint needs the micropython strategy');
    const hints = this.state().strategyState as MicroPythonHints;
    const { profile, splitHeap } = this.config;
    this.config.areas.forEach((area, k) => {
      let line = `hint area${k} last_free_atb=${hints.lastFreeAtb[k]}`;
      if (profile.tracksLastUsed) line += ` last_used=${hints.lastUsed[k]}`;
      if (profile.name !== '1.19') line += ` blocks=${area.blocks}`;
      if (splitHeap && hints.lastFreeArea === k) line += ' <-last_free_area';
      this.print(line);
    });
  }

  /** Applies an event, prints the collections it ran and forgets the slots they swept. */
  private apply(event: HeapEvent, c: OpsCommand): Outcome {
    const outcome = this.draft.apply(event);
    if (outcome.kind === 'rejected') throw this.error(c, outcome.message);
    const report = collectionOf(outcome);
    if (report !== null) {
      this.print(`# collect #${report.number}`);
      for (const freed of report.freed) {
        const slot = this.slotOf.get(freed.id);
        if (slot !== undefined) this.release(slot);
      }
    }
    return outcome;
  }

  /** Unroots the object a slot holds (it stays in the slot until swept). */
  private drop(slot: number, c: OpsCommand): void {
    const id = this.slots.get(slot);
    if (id !== undefined) this.apply({ op: 'unroot', id }, c);
  }

  private hold(slot: number, id: ObjectId): void {
    this.slots.set(slot, id);
    this.slotOf.set(id, slot);
  }

  private release(slot: number): void {
    const id = this.slots.get(slot);
    if (id === undefined) return;
    this.slots.delete(slot);
    if (this.slotOf.get(id) === slot) this.slotOf.delete(id);
  }

  /** What the harness printed as `nbytes`: `gc_nbytes` of the live object. */
  private nbytes(id: ObjectId): number {
    const state = this.state();
    return gcNbytes(state, getObject(state, id)!);
  }

  private where(area: number, block: number): string {
    const geometry = this.config.areas[area]!;
    return `area${area}+${geometry.poolOffset + block * this.config.blockBytes}`;
  }

  private print(line: string): void {
    this.out.push(`${line}\n`);
  }

  private error(c: OpsCommand, message: string): HeapInputError {
    return new HeapInputError(message, { file: this.file, line: c.line });
  }
}
