/**
 * Replays the benchmark's engine-churn stream a few times through one case, for profiling:
 * `pnpm cpu-profile [applyAll|apply|draft] [rounds]` in benchmarks/ writes a .cpuprofile to dist/profiles/.
 */
import { apply, applyAll, createHeap, openDraft, type HeapState } from '@heaplab/core';
import { ENGINE_CHURN_HEAP, engineChurnEvents } from '@heaplab/workloads';

const mode = process.argv[2] ?? 'applyAll';
const rounds = Number(process.argv[3] ?? 10);
const events = engineChurnEvents('heaplab', 200_000);
const initial = createHeap(ENGINE_CHURN_HEAP);

const replay: Record<string, () => HeapState> = {
  applyAll: () => applyAll(initial, events).state,
  apply: () => {
    let state = initial;
    for (const event of events) state = apply(state, event).state;
    return state;
  },
  draft: () => {
    const draft = openDraft(initial);
    for (const event of events) draft.apply(event);
    return draft.snapshot();
  },
};

const run = replay[mode];
if (run === undefined) throw new Error(`unknown mode ${mode}: expected ${Object.keys(replay).join(', ')}`);
const start = performance.now();
for (let i = 0; i < rounds; i++) run();
const seconds = (performance.now() - start) / 1000;
console.log(
  `${mode}: ${rounds} × ${events.length} events in ${seconds.toFixed(2)} s = ${Math.round((rounds * events.length) / seconds).toLocaleString('en-US')} events/s`,
);
