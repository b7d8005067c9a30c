/**
 * Trying the rebuilt heap with objects dropped. A dropped object stays where it was, as garbage
 * (a program that drops a reference does not free the blocks; the request's collection does),
 * so dropping objects never moves the others, and a candidate only needs its dropped objects
 * unrooted before the request.
 *
 * Each candidate starts from the cached state of the list of objects kept last (an immutable
 * state: the rebuild with everything dropped so far already unrooted) and unroots only what it
 * drops on top. Delta debugging only ever tries lists that the list it holds contains, and it
 * holds the last list that failed, so a trial costs the objects it drops and one request.
 */
import { openDraft, type HeapState, type Outcome } from '@heaplab/core';
import type { FailureLayout } from './failure-layout.js';

export class DropTrial {
  /** The objects kept last (indices into the layout's objects, ascending), and their heap before the request. */
  private kept: readonly number[];
  private state: HeapState;
  /** Trials run. */
  trials = 0;

  /** `state`: the rebuild with every object of `kept` rooted, before the request. */
  constructor(
    private readonly layout: FailureLayout,
    kept: readonly number[],
    state: HeapState,
  ) {
    this.kept = kept;
    this.state = state;
  }

  /**
   * Whether the request still fails the same way with only `candidate` (a sublist of the list
   * kept last) kept. When it does, `candidate` becomes the list kept last.
   */
  fails(candidate: readonly number[]): boolean {
    this.trials++;
    const draft = openDraft(this.state);
    let next = 0;
    for (const index of this.kept) {
      if (candidate[next] === index) next++;
      else draft.apply({ op: 'unroot', id: this.layout.objects[index]!.id });
    }
    const state = draft.snapshot();
    if (this.layout.facts.locked) draft.apply({ op: 'lock' });
    if (!sameFailure(this.layout, draft.apply(this.layout.request))) return false;
    this.kept = candidate;
    this.state = state;
    return true;
  }
}

/** A MemoryError for the same request: the same operation and bytes, on a heap locked or not as before. */
export function sameFailure(layout: FailureLayout, outcome: Outcome): boolean {
  return (
    outcome.kind === 'memory-error' &&
    outcome.op === layout.request.op &&
    outcome.facts.bytes === layout.facts.bytes &&
    outcome.facts.locked === layout.facts.locked
  );
}
