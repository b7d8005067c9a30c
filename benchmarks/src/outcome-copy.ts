/**
 * Fresh copies of a run's outcomes, built with the same shapes the engine builds (the same
 * fields in the same order, nested values copied, the freed records too). Timing the copy of
 * a whole `applyAll` result measures what making and keeping those values costs with no engine
 * work at all: a floor under `applyAll`'s time on the same stream.
 *
 * Shared as in the engine: the `ok` outcome, the one placement of a realloc that stays put, and
 * each record's `refs` array (records share it with the record they were made from).
 */
import type { CollectReport, HeapObject, MemoryErrorFacts, Outcome, Placement } from '@heaplab/core';

/** A new array of new outcomes equal to `outcomes`. */
export function copyOutcomes(outcomes: readonly Outcome[]): Outcome[] {
  const copies = new Array<Outcome>(outcomes.length);
  for (let i = 0; i < outcomes.length; i++) copies[i] = copyOutcome(outcomes[i]!);
  return copies;
}

function copyOutcome(o: Outcome): Outcome {
  switch (o.kind) {
    case 'placed':
      return { kind: 'placed', id: o.id, at: copyPlacement(o.at), collection: copyReport(o.collection) };
    case 'zero':
      return { kind: 'zero', id: o.id };
    case 'memory-error':
      return { kind: 'memory-error', id: o.id, op: o.op, facts: copyFacts(o.facts) };
    case 'freed':
      return { kind: 'freed', id: o.id, at: copyPlacement(o.at) };
    case 'free-ignored':
      return { kind: 'free-ignored', id: o.id, reason: o.reason };
    case 'realloc': {
      const from = copyPlacement(o.from);
      // A realloc that keeps its place gives the same placement as `from` and `to`.
      const to = o.to === o.from ? from : copyPlacement(o.to);
      return { kind: 'realloc', id: o.id, result: o.result, from, to, collection: copyReport(o.collection) };
    }
    case 'realloc-failed':
      return { kind: 'realloc-failed', id: o.id, reason: o.reason, from: copyPlacement(o.from) };
    case 'collected':
      return { kind: 'collected', report: copyReport(o.report)! };
    case 'ok':
      return o;
    case 'rejected':
      return { kind: 'rejected', code: o.code, message: o.message };
  }
}

function copyPlacement(p: Placement): Placement {
  return { area: p.area, block: p.block, blocks: p.blocks };
}

function copyReport(report: CollectReport | null): CollectReport | null {
  if (report === null) return null;
  const freed = new Array<HeapObject>(report.freed.length);
  for (let i = 0; i < freed.length; i++) freed[i] = copyRecord(report.freed[i]!);
  return { number: report.number, reason: report.reason, freed, freedBlocks: report.freedBlocks };
}

function copyRecord(o: HeapObject): HeapObject {
  return {
    id: o.id,
    area: o.area,
    block: o.block,
    blocks: o.blocks,
    bytes: o.bytes,
    fin: o.fin,
    rooted: o.rooted,
    longLived: o.longLived,
    kind: o.kind,
    refs: o.refs,
    born: o.born,
    serial: o.serial,
  };
}

function copyFacts(facts: MemoryErrorFacts): MemoryErrorFacts {
  return {
    bytes: facts.bytes,
    blocks: facts.blocks,
    locked: facts.locked,
    freeBytes: facts.freeBytes,
    largestFreeRun: facts.largestFreeRun.slice(),
    collection: copyReport(facts.collection),
  };
}
