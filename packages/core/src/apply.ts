/**
 * The engine's public entry points: `apply` for one event, `applyAll` for a batch on one draft.
 * Both are pure: the input state is never changed, and equal inputs give equal results.
 */
import { freeBlocks, largestFreeRun } from './block-table/index.js';
import { HeapDraft } from './draft.js';
import type { HeapEvent } from './events.js';
import type { Outcome } from './outcomes.js';
import type { HeapState } from './state.js';
import { step } from './step.js';

/** The state after one event and what the event did. */
export interface Applied {
  readonly state: HeapState;
  readonly outcome: Outcome;
}

/** Applies one event. `state` stays valid and unchanged. */
export function apply(state: HeapState, event: HeapEvent): Applied {
  const draft = new HeapDraft(state);
  const outcome = step(draft, event);
  return { state: outcome.kind === 'rejected' ? state : draft.close(), outcome };
}

/** The state after a batch of events and the outcome of each. */
export interface AppliedAll {
  readonly state: HeapState;
  readonly outcomes: readonly Outcome[];
}

/** Applies events in order on a single draft. `state` stays valid and unchanged. */
export function applyAll(state: HeapState, events: Iterable<HeapEvent>): AppliedAll {
  const draft = new HeapDraft(state);
  if (Array.isArray(events)) {
    const list = events as readonly HeapEvent[];
    const outcomes = new Array<Outcome>(list.length);
    for (let i = 0; i < list.length; i++) outcomes[i] = step(draft, list[i]!);
    return { state: draft.close(), outcomes };
  }
  const outcomes: Outcome[] = [];
  for (const event of events) outcomes.push(step(draft, event));
  return { state: draft.close(), outcomes };
}

/** Opens a draft on `state` for streaming use: `draft.apply(event)` per event, `snapshot()` any time. */
export function openDraft(state: HeapState): EngineDraft {
  const draft = new HeapDraft(state);
  return {
    apply: (event) => step(draft, event),
    snapshot: () => draft.snapshot(),
    freeBlocks: () => draft.tables.reduce((sum, table) => sum + freeBlocks(table), 0),
    largestFreeRun: () => draft.tables.reduce((most, table) => Math.max(most, largestFreeRun(table)), 0),
  };
}

/** A streaming handle on a draft. */
export interface EngineDraft {
  /** Applies one event to the draft. */
  apply(event: HeapEvent): Outcome;
  /** The current state as an immutable value; the draft stays usable. */
  snapshot(): HeapState;
  /** Free blocks in all areas, as the draft is now, from the tables' summaries (no snapshot). */
  freeBlocks(): number;
  /** The longest run of free blocks in any one area, as the draft is now (no snapshot). */
  largestFreeRun(): number;
}
