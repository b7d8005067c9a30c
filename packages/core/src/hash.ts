/**
 * A stable hash of a heap state: SHA-256 over a canonical encoding of everything that decides
 * what later events do (configuration, collector settings, counters, strategy state, every
 * block's kind and every object in id order). Equal states hash equal on any machine and run.
 */
import { createHash } from 'node:crypto';
import { forEachLeaf } from './block-table/index.js';
import { idMapValues } from './id-map.js';
import type { HeapState } from './state.js';
import { strategySpec } from './strategies/spec.js';

/** Hex SHA-256 of the state. */
export function stateHash(state: HeapState): string {
  const hash = createHash('sha256');
  const { config } = state;
  hash.update(
    JSON.stringify({
      format: 1,
      config: {
        wordBytes: config.wordBytes,
        finaliser: config.finaliser,
        weakref: config.weakref,
        profile: config.profile.name,
        splitHeap: config.splitHeap,
        strategy: strategySpec(config),
        areas: config.areas.map((a) => [a.regionStart, a.regionBytes, a.blocks]),
      },
      control: [state.control.thresholdBlocks, state.control.autoCollect, state.control.lockDepth],
      counters: [state.allocAmount, state.collections, state.events, state.serial, state.objectCount],
      strategy: state.strategyState,
    }),
  );
  for (const table of state.tables) forEachLeaf(table, (cells) => hash.update(cells));
  const objects = idMapValues(state.objects, state.objectCount).sort((a, b) => a.id - b.id);
  for (const o of objects) {
    hash.update(
      JSON.stringify([o.id, o.area, o.block, o.blocks, o.bytes, o.fin, o.rooted, o.longLived, o.kind, o.born, o.serial, o.refs.map((r) => [r.id, r.serial])]),
    );
  }
  return hash.digest('hex');
}
