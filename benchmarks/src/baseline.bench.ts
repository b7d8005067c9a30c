/**
 * heaplab against the obvious baseline (issue 6): the same engine-churn events through the naive
 * engine of `baseline/naive-heap.ts` (one immer `produce` per event over a plain block array,
 * first fit by a linear scan) and through heaplab's `applyAll` and `apply`, in the same run.
 * The baseline is slow, so the stream is the first 4,000 events of engine-churn; the
 * baseline's test checks it places every object where heaplab does on them.
 *
 * Run from the repository root: `npx tsc -b && pnpm --filter @heaplab/benchmarks bench:baseline`.
 */
import { apply, applyAll, createHeap } from '@heaplab/core';
import { add, complete, configure, cycle, save, suite } from 'benny';
import { ENGINE_CHURN_HEAP, engineChurnEvents } from '@heaplab/workloads';
import { naiveApply, naiveHeap } from './baseline/naive-heap.js';
import { factsHeader, runFacts } from './run-facts.js';
import { publishPage, RESULTS } from './results.js';

const EVENTS = 4000;
const TARGET_RATIO = 1000;
const COMMAND = 'npx tsc -b && pnpm --filter @heaplab/benchmarks bench:baseline';

const events = engineChurnEvents('heaplab', EVENTS);
const initial = createHeap(ENGINE_CHURN_HEAP);
const blocks = initial.tables[0]!.blocks;

const cases = [
  {
    name: 'baseline: immer produce per event, block array, linear first fit',
    run: () => {
      let heap = naiveHeap(blocks);
      for (const event of events) heap = naiveApply(heap, event).heap;
    },
  },
  { name: 'heaplab applyAll', run: () => void applyAll(initial, events) },
  {
    name: 'heaplab apply (one immutable state per event)',
    run: () => {
      let state = initial;
      for (const event of events) state = apply(state, event).state;
    },
  },
];

await suite(
  'heaplab against the naive baseline',
  configure({ minDisplayPrecision: 3, cases: { minSamples: 5, maxTime: 20 } }),
  ...cases.map((c) => add(c.name, c.run)),
  cycle(),
  complete((summary) => {
    const perSecond = summary.results.map((r) => r.ops * EVENTS);
    const baseline = perSecond[0]!;
    const page = [
      ...factsHeader('heaplab against the naive baseline', runFacts(COMMAND, summary.date)),
      '',
      `The first ${EVENTS.toLocaleString('en-US')} events of engine-churn (seed "heaplab", one 64 KiB area, ${blocks} blocks), through each engine;`,
      'the baseline places every object where heaplab does (benchmarks/test/baseline.test.ts).',
      '',
      '| engine | events/s | ± | samples | × baseline | target |',
      '|---|---:|---:|---:|---:|---:|',
      ...summary.results.map((r, i) => {
        const ratio = perSecond[i]! / baseline;
        const target = i === 1 ? `${TARGET_RATIO}× (${ratio >= TARGET_RATIO ? 'met' : 'not met'})` : '';
        return `| ${r.name} | ${Math.round(perSecond[i]!).toLocaleString('en-US')} | ${r.margin.toFixed(1)}% | ${r.samples} | ${i === 0 ? '1' : Math.round(ratio).toLocaleString('en-US')} | ${target} |`;
      }),
      '',
    ].join('\n');
    publishPage('baseline', page);
  }),
  save({ file: 'baseline', folder: RESULTS, format: 'json' }),
);
