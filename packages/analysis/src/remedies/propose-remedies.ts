/**
 * Remedies for a diagnosed failure, each proven by replay: the recorded event stream is changed
 * as the remedy would change the program (or the heap, or the firmware), the whole recording is
 * replayed on the same engine, and the replay says whether it then survives, with the headroom
 * left. A remedy whose replay still fails is kept, marked so, as "tried". Which remedies are
 * tried follows the causes found: a request series (`preallocate`, `cap-growth` for a growing
 * one), pins (`allocate-early`), an accumulation (`bound-accumulation`); collections
 * (`collect-before`, `threshold`) on workloads only; a larger heap, another layout and another
 * strategy always. Changed streams share the recorded run's prefix (`replayer.ts`). On a device
 * trace, a changed run that must collect before the device did may take the drops of the
 * device's next collection early, and its check says how often (`assumedGarbage`).
 */
import type { HeapConfig, HeapEvent } from '@heaplab/core';
import type { Diagnosis } from '../diagnosis/diagnosis.js';
import { allocateEarly } from './allocate-early.js';
import { boundAccumulation } from './bound-accumulation.js';
import { capGrowth } from './cap-growth.js';
import { collectBefore } from './collect-before.js';
import { gcThreshold } from './gc-threshold.js';
import { largerHeap } from './larger-heap.js';
import { policyAsks, policyRemedies } from './other-policy.js';
import { preallocate } from './preallocate.js';
import { rankRemedies } from './rank-remedies.js';
import type { Remedy, RemedyKind, RemedyOptions } from './remedy.js';
import type { RemedyContext } from './remedy-context.js';
import { Replayer } from './replayer.js';
import { requestSeries } from './request-series.js';

/** Why a trace of recorded sweeps cannot check a remedy that adds collections, by what recorded it. */
const NO_REACHABILITY = {
  device: { on: 'a device trace', why: 'the recording only knows when the device swept an object, not what was reachable' },
  engine: { on: 'this engine trace', why: 'its collections free the objects it lists (sweep, freed), not what is unreachable' },
} as const;

/** The remedies for `diagnosis` (of `events` on `config`), fixes first (see `rank-remedies.ts`). */
export function proposeRemedies(config: HeapConfig, events: readonly HeapEvent[], diagnosis: Diagnosis, options: RemedyOptions): Remedy[] {
  const lines = options.lines ?? null;
  const context: RemedyContext = {
    config,
    events,
    diagnosis,
    replayer: new Replayer(config, events, { lines, earlyDrops: options.source === 'trace' }),
    lines,
    earlyDrops: options.source === 'trace',
    marks: options.marks ?? null,
  };
  const wanted = (kind: RemedyKind): boolean => options.kinds === undefined || options.kinds.includes(kind);
  const remedies: Remedy[] = [];
  const series = requestSeries(context);
  if (series !== null && wanted('preallocate')) remedies.push(preallocate(context, series));
  const pins = diagnosis.allocations.pinning;
  if (pins !== undefined && wanted('allocate-early')) {
    const early = allocateEarly(
      context,
      pins.map((event) => event - 1),
    );
    if (early !== null) remedies.push(early);
  }
  if (series?.kind === 'growing' && wanted('cap-growth')) {
    const capped = capGrowth(context, series);
    if (capped !== null) remedies.push(capped);
  }
  const holders = diagnosis.allocations.accumulation;
  if (holders !== undefined && holders.length > 0 && wanted('bound-accumulation')) {
    const bounded = boundAccumulation(
      context,
      holders.map((event) => event - 1),
    );
    if (bounded !== null) remedies.push(bounded);
  }
  if (options.source === 'workload') {
    if (wanted('collect-before')) remedies.push(collectBefore(context, series));
    if (wanted('threshold')) remedies.push(gcThreshold(context));
  } else {
    const recording = options.recording ?? 'device';
    if (wanted('collect-before')) remedies.push(unchecked('collect-before', 'A collection (gc.collect()) before the large requests', recording));
    if (wanted('threshold')) remedies.push(unchecked('threshold', 'A collection threshold (gc.threshold())', recording));
  }
  if (wanted('larger-heap')) remedies.push(largerHeap(context));
  const asks = policyAsks(config, options.strategies).filter((ask) => wanted(ask.kind));
  remedies.push(...policyRemedies(config, events, asks, options.trials ?? [], { source: options.source, lines }));
  return rankRemedies(remedies);
}

function unchecked(kind: 'collect-before' | 'threshold', what: string, recording: 'device' | 'engine'): Remedy {
  const { on, why } = NO_REACHABILITY[recording];
  return { kind, summary: `${what} cannot be checked on ${on}: ${why}.`, change: null, verified: null, reason: why };
}
