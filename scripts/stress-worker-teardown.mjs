/**
 * Reproduces a Node 20 crash as worker threads end: an optimising compile still running in the
 * background for a thread's isolate aborts the whole process (`NodePlatform::ForIsolate …
 * Assertion failed: (data.first) != nullptr`, exit 134). Each round starts a thread that keeps
 * compiling fresh functions (folding string constants) on a small heap, and ends it mid-work.
 *
 *   node scripts/stress-worker-teardown.mjs as-is 4000   # Node's own behaviour
 *   node scripts/stress-worker-teardown.mjs fixed 4000   # what heaplab does: no background compiles
 *
 * On 2026-12-02 (Node 20.20.2, 2 cores, loaded): as-is, one run of 3000 rounds passed and one of
 * 4000 aborted at round 3,4xx (an earlier form of this script aborted at round 850); fixed, 2 runs
 * of 4000 rounds (and 2 of 3000 of the earlier form) all passed.
 *
 * Exit 0 after every round, 134 (with V8's report) at a crash. The rounds are fixed: the end
 * points come from a seeded generator; only the threads' timing varies.
 */
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';

const [mode = 'as-is', roundsText = '1000'] = process.argv.slice(2);
if (mode !== 'as-is' && mode !== 'fixed') {
  console.error('usage: node scripts/stress-worker-teardown.mjs as-is|fixed [ROUNDS]');
  process.exit(2);
}
if (mode === 'fixed') setFlagsFromString('--no-concurrent-recompilation');

const THREAD = `
const { parentPort } = require('node:worker_threads');
let kept = [];
let made = 0;
function round() {
  for (let j = 0; j < 20; j++) {
    made++;
    const a = JSON.stringify('A'.repeat(300) + made);
    const b = JSON.stringify('B'.repeat(300) + made);
    const f = new Function('x', 'const p = ' + a + '; const q = ' + b + '; let s = 0; for (let k = 0; k < 30; k++) s += (p + q + "c" + k).length + x; return s;');
    let total = 0;
    for (let i = 0; i < 400; i++) total += f(i);
    kept.push(new Array(2000).fill(total));
    if (kept.length > 300) kept = [];
  }
  parentPort.postMessage(made);
  setImmediate(round);
}
round();
`;

let state = 12345;
const next = () => {
  state = (state * 1103515245 + 12345) & 0x7fffffff;
  return state;
};
const rounds = Number(roundsText);
for (let r = 1; r <= rounds; r++) {
  const worker = new Worker(THREAD, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 } });
  const messages = 1 + (next() % 5);
  await new Promise((resolve) => {
    let seen = 0;
    worker.on('message', () => {
      if (++seen === messages) resolve();
    });
    worker.on('exit', resolve);
    worker.on('error', resolve);
  });
  await worker.terminate();
  if (r % 100 === 0) console.log(`${mode}: ${r} threads ended`);
}
console.log(`${mode}: all ${rounds} threads ended`);
