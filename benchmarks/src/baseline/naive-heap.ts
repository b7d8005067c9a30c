/**
 * The baseline issue 6 asks heaplab to beat: the straightforward engine the design card's
 * packages invite. The heap is one plain array of block kinds and a record of objects; every
 * event is one immer `produce`; first fit scans the array from block 0; a collection marks from
 * the roots through the references and sweeps every object. It follows MicroPython's rules as
 * far as the engine-churn stream needs them (threshold and on-failure collections, realloc in place
 * or by moving), so it places objects where heaplab does — the benchmark's test checks that.
 */
import { produce } from 'immer';
import type { HeapEvent } from '@heaplab/core';

const FREE = 0;
const HEAD = 1;
const TAIL = 2;

interface NaiveObject {
  block: number;
  blocks: number;
  rooted: boolean;
  refs: number[];
}

export interface NaiveHeap {
  blocks: number[];
  objects: Record<number, NaiveObject>;
  thresholdBlocks: number;
  allocAmount: number;
}

/** What an allocation did, to compare with heaplab's outcomes. */
export type NaiveOutcome = { kind: 'placed' | 'moved' | 'grown' | 'same'; block: number } | { kind: 'failed' } | { kind: 'other' };

export function naiveHeap(blocks: number): NaiveHeap {
  return { blocks: new Array<number>(blocks).fill(FREE), objects: {}, thresholdBlocks: -1, allocAmount: 0 };
}

function firstFit(heap: NaiveHeap, n: number): number {
  let run = 0;
  for (let b = 0; b < heap.blocks.length; b++) {
    run = heap.blocks[b] === FREE ? run + 1 : 0;
    if (run === n) return b - n + 1;
  }
  return -1;
}

function mark(heap: NaiveHeap, block: number, n: number, kind: number): void {
  for (let i = 0; i < n; i++) heap.blocks[block + i] = i === 0 ? kind : kind === HEAD ? TAIL : kind;
}

function collect(heap: NaiveHeap, pinned: number | null): void {
  const live = new Set<number>();
  const stack = Object.keys(heap.objects)
    .map(Number)
    .filter((id) => heap.objects[id]!.rooted || id === pinned);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (live.has(id) || heap.objects[id] === undefined) continue;
    live.add(id);
    stack.push(...heap.objects[id]!.refs);
  }
  for (const key of Object.keys(heap.objects)) {
    const id = Number(key);
    if (live.has(id)) continue;
    const o = heap.objects[id]!;
    mark(heap, o.block, o.blocks, FREE);
    delete heap.objects[id];
    for (const other of Object.values(heap.objects)) other.refs = other.refs.filter((r) => r !== id);
  }
  heap.allocAmount = 0;
}

function allocate(heap: NaiveHeap, n: number, pinned: number | null): number {
  let collected = false;
  if (heap.thresholdBlocks >= 0 && heap.allocAmount >= heap.thresholdBlocks) {
    collect(heap, pinned);
    collected = true;
  }
  let block = firstFit(heap, n);
  if (block < 0 && !collected) {
    collect(heap, pinned);
    block = firstFit(heap, n);
  }
  if (block >= 0) {
    mark(heap, block, n, HEAD);
    heap.allocAmount += n;
  }
  return block;
}

/** One event, one `produce`. */
export function naiveApply(heap: NaiveHeap, event: HeapEvent): { heap: NaiveHeap; outcome: NaiveOutcome } {
  let outcome: NaiveOutcome = { kind: 'other' };
  const next = produce(heap, (draft) => {
    switch (event.op) {
      case 'alloc': {
        const n = Math.ceil(event.bytes / 16);
        if (n === 0) return;
        const block = allocate(draft, n, null);
        if (block < 0) {
          outcome = { kind: 'failed' };
          return;
        }
        draft.objects[event.id] = { block, blocks: n, rooted: event.root !== false, refs: [] };
        outcome = { kind: 'placed', block };
        return;
      }
      case 'free': {
        const o = draft.objects[event.id];
        if (o === undefined) return;
        mark(draft, o.block, o.blocks, FREE);
        delete draft.objects[event.id];
        return;
      }
      case 'realloc': {
        const o = draft.objects[event.id];
        if (o === undefined) return;
        const want = Math.ceil(event.bytes / 16);
        if (want === o.blocks) outcome = { kind: 'same', block: o.block };
        else if (want < o.blocks) {
          mark(draft, o.block + want, o.blocks - want, FREE);
          o.blocks = want;
          outcome = { kind: 'same', block: o.block };
        } else {
          let free = 0;
          while (o.block + o.blocks + free < draft.blocks.length && draft.blocks[o.block + o.blocks + free] === FREE && free < want - o.blocks) free++;
          if (free === want - o.blocks) {
            mark(draft, o.block + o.blocks, free, TAIL);
            o.blocks = want;
            outcome = { kind: 'grown', block: o.block };
          } else if (event.move === true) {
            const block = allocate(draft, want, event.id);
            const current = draft.objects[event.id]!;
            if (block < 0) outcome = { kind: 'failed' };
            else {
              mark(draft, current.block, current.blocks, FREE);
              current.block = block;
              current.blocks = want;
              outcome = { kind: 'moved', block };
            }
          } else outcome = { kind: 'failed' };
        }
        return;
      }
      case 'root':
      case 'unroot': {
        const o = draft.objects[event.id];
        if (o !== undefined) o.rooted = event.op === 'root';
        return;
      }
      case 'ref':
      case 'unref': {
        const o = draft.objects[event.from];
        if (o === undefined) return;
        if (event.op === 'ref') o.refs.push(event.to);
        else {
          const at = o.refs.indexOf(event.to);
          if (at >= 0) o.refs.splice(at, 1);
        }
        return;
      }
      case 'collect':
        collect(draft, null);
        return;
      case 'threshold':
        draft.thresholdBlocks = event.bytes < 0 ? -1 : Math.floor(event.bytes / 16);
        return;
      default:
        return;
    }
  });
  return { heap: next, outcome };
}
