/**
 * The engine's outcome of a step against what the device recorded for it, and both put in
 * words for a divergence report.
 */
import { plural, type CollectReport, type Outcome } from '@heaplab/core';
import type { Recorded } from './replay-step.js';

/**
 * Why the engine's outcome differs from the recording, or null when it agrees. A threshold
 * collection the trace dictated but the engine's counter did not call for is a difference only
 * with `verify`: the trace says when collections ran, and the engine takes it as given.
 */
export function compareOutcome(recorded: Recorded, outcome: Outcome, verify = false): string | null {
  switch (recorded.kind) {
    case 'placed':
      if (outcome.kind !== 'placed') return describeOutcome(outcome);
      if (outcome.at.area !== recorded.area || outcome.at.block !== recorded.block || outcome.at.blocks !== recorded.blocks) return describeOutcome(outcome);
      return sameCollection(recorded.collection, outcome.collection, verify);
    case 'failed':
      if (outcome.kind !== 'memory-error') return describeOutcome(outcome);
      return sameCollection(recorded.collection, outcome.facts.collection, verify);
    case 'realloc':
      if (outcome.kind !== 'realloc' || outcome.result !== recorded.result) return describeOutcome(outcome);
      if (outcome.to.area !== recorded.area || outcome.to.block !== recorded.block || outcome.to.blocks !== recorded.blocks) return describeOutcome(outcome);
      return sameCollection(recorded.collection, outcome.collection, verify);
    case 'realloc-failed':
      return outcome.kind === 'realloc-failed' ? null : describeOutcome(outcome);
    case 'freed':
      return outcome.kind === 'freed' ? null : describeOutcome(outcome);
    case 'zero':
      return outcome.kind === 'zero' ? null : describeOutcome(outcome);
    case 'collected':
      return outcome.kind === 'collected' ? null : describeOutcome(outcome);
    default:
      return null;
  }
}

function sameCollection(recorded: string | null, collection: CollectReport | null, verify: boolean): string | null {
  const engine = collection?.reason ?? null;
  if (recorded !== engine) return engine === null ? 'no collection ran' : `a ${engine} collection ran`;
  if (verify && collection?.unexpected === true) return "the engine's threshold did not call for this threshold collection";
  return null;
}

export function describeRecorded(recorded: Recorded): string {
  switch (recorded.kind) {
    case 'placed':
      return `placed at area ${recorded.area} block ${recorded.block} (${blocksText(recorded.blocks)})${collectionText(recorded.collection)}`;
    case 'failed':
      return `the request for ${plural(recorded.bytes, 'byte')} failed${collectionText(recorded.collection)}`;
    case 'realloc':
      return `realloc ${recorded.result}: area ${recorded.area} block ${recorded.block} (${blocksText(recorded.blocks)})${collectionText(recorded.collection)}`;
    default:
      return recorded.kind;
  }
}

function blocksText(blocks: number): string {
  return `${blocks} block${blocks === 1 ? '' : 's'}`;
}

function collectionText(reason: string | null): string {
  return reason === null ? '' : ` after a ${reason} collection`;
}

function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'placed':
      return `placed at area ${outcome.at.area} block ${outcome.at.block} (${blocksText(outcome.at.blocks)})`;
    case 'realloc':
      return `realloc ${outcome.result}: area ${outcome.to.area} block ${outcome.to.block} (${blocksText(outcome.to.blocks)})`;
    case 'memory-error':
      return `the request for ${plural(outcome.facts.bytes, 'byte')} failed`;
    default:
      return outcome.kind;
  }
}
