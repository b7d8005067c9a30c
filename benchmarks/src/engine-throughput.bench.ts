/**
 * Engine throughput: replays 200k events of the seeded engine-churn stream (@heaplab/workloads)
 * through `applyAll`, through `apply` one immutable state at a time, and through one `openDraft`
 * handle, and reports events per second. Two anchors run beside them: the mutable-bitmap floor
 * (`baseline/mutable-heap.ts`, a plain mutable engine that places every object where heaplab does),
 * and a copy of `applyAll`'s outcomes with no engine work: what making and keeping the values it
 * returns costs alone (see `outcome-copy.ts`).
 * Results go to benchmarks/results/ (JSON from benny, and a markdown page).
 *
 * Run from the repository root: `npx tsc -b && pnpm bench`.
 */
import { apply, applyAll, createHeap, openDraft, stateHash, type HeapState } from '@heaplab/core';
import { add, complete, configure, cycle, save, suite } from 'benny';
import { ENGINE_CHURN_HEAP, engineChurnEvents } from '@heaplab/workloads';
import { MutableHeap } from './baseline/mutable-heap.js';
import { runFacts } from './run-facts.js';
import { copyOutcomes } from './outcome-copy.js';
import { outcomeMix } from './outcome-mix.js';
import { renderThroughputReport, type Target } from './throughput-report.js';
import { publishPage, RESULTS } from './results.js';

const SEED = 'heaplab';
const EVENTS = 200_000;
const COMMAND = 'npx tsc -b && pnpm bench   # from the repository root';
/** Enough replays per case for a margin of a few percent on a noisy two-core machine. */
const MIN_SAMPLES = 20;
const COPY_CASE = "applyAll's outcomes copied, no engine work (a floor under applyAll)";
const FLOOR_CASE = 'mutable-bitmap floor: a plain mutable engine, same placements, no states or outcomes kept';

interface Case {
  readonly name: string;
  /** Events per second the issues ask for (2: the core engine, 6: hardening). */
  readonly targets: readonly Target[];
  /** Replays the whole stream from the empty heap. */
  readonly run: () => HeapState;
}

const events = engineChurnEvents(SEED, EVENTS);
const initial = createHeap(ENGINE_CHURN_HEAP);

const cases: readonly Case[] = [
  {
    name: `applyAll (one draft per batch of ${EVENTS / 1000}k events)`,
    targets: [
      { issue: 2, eventsPerSecond: 3_000_000 },
      { issue: 16, eventsPerSecond: 5_000_000 },
    ],
    run: () => applyAll(initial, events).state,
  },
  {
    name: 'apply (one immutable state per event)',
    targets: [
      { issue: 2, eventsPerSecond: 1_000_000 },
      { issue: 16, eventsPerSecond: 2_000_000 },
    ],
    run: () => {
      let state = initial;
      for (const event of events) state = apply(state, event).state;
      return state;
    },
  },
  {
    name: 'openDraft().apply per event',
    targets: [{ issue: 16, eventsPerSecond: 10_000_000 }],
    run: () => {
      const draft = openDraft(initial);
      for (const event of events) draft.apply(event);
      return draft.snapshot();
    },
  },
];

// Outside the timed part: every case must end in the same state, and the stream must be valid.
const hashes = cases.map((c) => stateHash(c.run()));
if (new Set(hashes).size !== 1) throw new Error(`the cases end in different states: ${hashes.join(', ')}`);
const { outcomes } = applyAll(initial, events);
const mix = outcomeMix(
  outcomes,
  initial.tables.reduce((sum, table) => sum + table.blocks, 0),
);
if (mix.rejected > 0) throw new Error(`the engine-churn stream has ${mix.rejected} rejected events`);
const stream = `${EVENTS.toLocaleString('en-US')} events of engine-churn (seed "${SEED}") on a 32-bit v1.27 heap of one 64 KiB area (${initial.tables[0]!.blocks} blocks)`;
console.log(`Stream: ${stream}`);
console.log(
  `  ${mix.placed} placed, ${mix.allocMemoryErrors + mix.reallocMemoryErrors} MemoryErrors, ${mix.freed} gc_free, ` +
    `${mix.allocFailCollections + mix.thresholdCollections + mix.explicitCollections} collections freeing ${mix.objectsCollected} objects`,
);

await suite(
  'engine throughput',
  configure({ minDisplayPrecision: 3, cases: { minSamples: MIN_SAMPLES } }),
  ...cases.map((c) =>
    add(c.name, () => {
      c.run();
    }),
  ),
  add(FLOOR_CASE, () => {
    const floor = new MutableHeap(initial.tables[0]!.blocks, initial.config.blockBytes);
    for (const event of events) floor.apply(event);
  }),
  add(COPY_CASE, () => {
    copyOutcomes(outcomes);
  }),
  cycle(),
  complete((summary) => {
    const rows = summary.results.map((result, index) => ({
      name: result.name,
      opsPerSecond: result.ops,
      margin: result.margin,
      samples: result.samples,
      targets: cases[index]?.targets ?? [],
    }));
    const page = renderThroughputReport({
      ...runFacts(COMMAND, summary.date),
      stream,
      events: EVENTS,
      rows,
      floor: FLOOR_CASE,
      mix,
      finalStateHash: hashes[0]!,
    });
    publishPage('engine-throughput', page);
  }),
  save({ file: 'engine-throughput', folder: RESULTS, format: 'json' }),
);
