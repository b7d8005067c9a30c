/**
 * Where the engine's time goes: replays the benchmark's engine-churn stream under V8's CPU profiler
 * (through `node:inspector`, the same profiler as `node --cpu-prof`), once through `applyAll`
 * (every outcome kept) and once through an `openDraft` handle (each outcome dropped after its
 * event), and shares the samples out over the engine's parts. The gap between the two columns'
 * garbage collector shares is what keeping 200k outcome objects costs.
 *
 * Run from the repository root: `npx tsc -b && pnpm --filter @heaplab/benchmarks profile`.
 */
import { Session } from 'node:inspector/promises';
import { applyAll, createHeap, openDraft } from '@heaplab/core';
import { ENGINE_CHURN_HEAP, engineChurnEvents } from '@heaplab/workloads';
import { factsHeader, runFacts } from './run-facts.js';
import { publishPage } from './results.js';

const EVENTS = 200_000;
const ROUNDS = 30;
const COMMAND = 'npx tsc -b && pnpm --filter @heaplab/benchmarks profile   # from the repository root';

/** The subset of V8's CPU profile format read here. */
interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: { functionName: string; url: string }; children?: readonly number[] }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Parts of the engine, in the order the page lists them. */
const PARTS = [
  'collections (mark and sweep, with the trie and table work they do)',
  'placement: strategy search and block-table writes',
  'object map (trie) outside collections',
  'event handling: checks, records, outcomes',
  'V8 garbage collector',
  'other (the replay loop, the profiler)',
] as const;
type Part = (typeof PARTS)[number];

/** The part a sample belongs to, from its stack (leaf first). */
function partOf(stack: readonly { functionName: string; url: string }[]): Part {
  const leaf = stack[0]!;
  if (leaf.functionName === '(garbage collector)') return PARTS[4];
  if (stack.some((frame) => frame.functionName === 'collect' && frame.url.endsWith('/collect.js'))) return PARTS[0];
  const file = leaf.url.slice(leaf.url.lastIndexOf('/') + 1);
  if (leaf.url.includes('/block-table/') || leaf.url.includes('/strategies/')) return PARTS[1];
  if (file === 'id-map.js') return PARTS[2];
  if (['step.js', 'alloc.js', 'draft.js', 'apply.js', 'object-record.js'].includes(file)) return PARTS[3];
  return PARTS[5];
}

/** Milliseconds per part over the profile. */
function shares(profile: CpuProfile): Map<Part, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<Part, number>(PARTS.map((part) => [part, 0]));
  profile.samples.forEach((id, i) => {
    const stack = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!.callFrame);
    const part = partOf(stack);
    totals.set(part, totals.get(part)! + profile.timeDeltas[i]! / 1000);
  });
  return totals;
}

const events = engineChurnEvents('heaplab', EVENTS);
const initial = createHeap(ENGINE_CHURN_HEAP);
const cases = {
  'applyAll (outcomes kept)': () => applyAll(initial, events),
  'openDraft (outcomes dropped)': () => {
    const draft = openDraft(initial);
    for (const event of events) draft.apply(event);
    return draft.snapshot();
  },
};

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
const columns: { name: string; perRound: number; parts: Map<Part, number> }[] = [];
for (const [name, run] of Object.entries(cases)) {
  for (let i = 0; i < 3; i++) run();
  await session.post('Profiler.start');
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) run();
  const elapsed = performance.now() - start;
  const { profile } = await session.post('Profiler.stop');
  columns.push({ name, perRound: elapsed / ROUNDS, parts: shares(profile as unknown as CpuProfile) });
  console.log(`${name}: ${(elapsed / ROUNDS).toFixed(1)} ms a replay of ${EVENTS.toLocaleString('en-US')} events (profiled)`);
}
session.disconnect();

const percent = (part: Part, column: (typeof columns)[number]): string => {
  const total = [...column.parts.values()].reduce((sum, ms) => sum + ms, 0);
  return `${((column.parts.get(part)! / total) * 100).toFixed(1)}%`;
};
const page = [
  ...factsHeader('Where the engine time goes', runFacts(COMMAND, new Date())),
  `- Stream: the engine benchmark's ${EVENTS.toLocaleString('en-US')} engine-churn events, replayed ${ROUNDS} times per case under V8's sampling CPU profiler (200 µs)`,
  '',
  `| part | ${columns.map((c) => c.name).join(' | ')} |`,
  `|---|${columns.map(() => '---:').join('|')}|`,
  ...PARTS.map((part) => `| ${part} | ${columns.map((c) => percent(part, c)).join(' | ')} |`),
  `| **ms a replay, profiled** | ${columns.map((c) => c.perRound.toFixed(1)).join(' | ')} |`,
  '',
  'A sample counts for collections when `collect` is on its stack; otherwise it goes by the file of',
  'the function running. Garbage collector samples cannot be split by cause: the difference between',
  'the columns is the cost of keeping every outcome, which the scavenger copies once or twice',
  'before it promotes them.',
  '',
].join('\n');
publishPage('engine-profile', page);
