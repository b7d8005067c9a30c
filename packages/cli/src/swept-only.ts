/**
 * How a trace's remedies are checked. A device trace records which objects each collection swept,
 * never what was reachable, so a remedy that adds collections cannot be replayed on it. An engine
 * trace (docs/engine-trace.md) is a program's own events: the engine runs its collections, marking
 * from the roots, as it does for a workload, so every remedy is checked as on a workload; unless
 * the trace itself lists what its collections free (`sweep`, `freed`: one made from a device
 * trace), which is a device's recording again.
 */
import type { RemedySource } from '@heaplab/analysis';
import type { HeapEvent } from '@heaplab/core';

/** `'workload'` for an engine trace whose collections the engine runs itself, else `'trace'`. */
export function remedySource(engineTrace: boolean, events: readonly HeapEvent[]): RemedySource {
  return engineTrace && !events.some(listsSweep) ? 'workload' : 'trace';
}

function listsSweep(event: HeapEvent): boolean {
  switch (event.op) {
    case 'alloc':
    case 'realloc':
      return event.sweep !== undefined;
    case 'collect':
      return event.freed !== undefined;
    default:
      return false;
  }
}
