/**
 * Whether a trace's stream knows garbage only where a device swept it. A device trace records
 * which objects each collection swept, never what was reachable: a remedy that adds collections
 * cannot be replayed on it, and another strategy that must collect sooner finds less garbage than
 * the program had (`compare` says so). An engine trace (docs/engine-trace.md) is a program's own
 * events: the engine runs its collections, marking from the roots, as it does for a workload;
 * unless the trace itself lists what its collections free (`sweep`, `freed`: one made from a
 * device trace), which is a device's recording again.
 */
import type { RemedySource } from '@heaplab/analysis';
import type { HeapEvent } from '@heaplab/core';

/** True but for an engine trace whose collections the engine runs itself. */
export function sweptOnly(engineTrace: boolean, events: readonly HeapEvent[]): boolean {
  return !engineTrace || events.some(listsSweep);
}

/** How a trace's remedies are checked: as on a workload, unless its stream knows garbage only where a device swept it. */
export function remedySource(engineTrace: boolean, events: readonly HeapEvent[]): RemedySource {
  return sweptOnly(engineTrace, events) ? 'trace' : 'workload';
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
