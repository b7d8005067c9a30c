/** The empty heap every history starts from. */
import { emptyTable } from './block-table/index.js';
import { type HeapConfig, type HeapConfigInput, resolveConfig } from './config.js';
import { emptyIdMap } from './id-map.js';
import type { HeapObject, HeapState } from './state.js';
import { strategyFor } from './strategies/registry.js';

/** A new, empty heap. Throws `HeapInputError` for a bad configuration. */
export function createHeap(input: HeapConfigInput | HeapConfig = {}): HeapState {
  const config = isResolved(input) ? input : resolveConfig(input);
  const strategy = strategyFor(config);
  return {
    config,
    tables: config.areas.map((area) => emptyTable(area.blocks)),
    objects: emptyIdMap<HeapObject>(),
    objectCount: 0,
    control: { thresholdBlocks: -1, autoCollect: true, lockDepth: 0 },
    allocAmount: 0,
    collections: 0,
    events: 0,
    serial: 0,
    strategyState: strategy.initial(config),
  };
}

function isResolved(input: HeapConfigInput | HeapConfig): input is HeapConfig {
  return 'profile' in input && 'blockBytes' in input;
}
