// `pnpm test:fuzz`: the property tests, longer and from a seed of their own. Every fast-check
// property runs HEAPLAB_FC_RUNS times as often as in CI (10 unless set), from HEAPLAB_FC_SEED
// (a random one unless set); CI keeps its fixed seed. The seed is printed before and after the
// run, with the command that runs the same again, and a failing property prints the command that
// replays it alone. Arguments go to vitest in place of the list of property test files.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const seed = process.env.HEAPLAB_FC_SEED ?? String(randomInt(1, 2 ** 31));
const runs = process.env.HEAPLAB_FC_RUNS ?? '10';

function* testFiles(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'dist') yield* testFiles(path);
    else if (entry.name.endsWith('.test.ts')) yield path;
  }
}

const roots = ['packages', 'benchmarks', 'recorder'];
const properties = roots.flatMap((root) => [...testFiles(root)]).filter((file) => readFileSync(file, 'utf8').includes("from 'fast-check'"));
const files = process.argv.length > 2 ? process.argv.slice(2) : properties.sort();
const again = `HEAPLAB_FC_SEED=${seed} HEAPLAB_FC_RUNS=${runs} pnpm test:fuzz${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;

console.log(`fast-check seed ${seed}, every property ${runs} times as often as in CI (${files.length} files); the same again: ${again}\n`);
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
// Tests of properties that name a time limit scale it themselves (fcTimeout); the rest get this.
const { status } = spawnSync(process.execPath, [vitest, 'run', ...files, `--testTimeout=${30_000 * Number(runs)}`], {
  stdio: 'inherit',
  env: { ...process.env, HEAPLAB_FC_SEED: seed, HEAPLAB_FC_RUNS: runs },
});
console.log(
  `\nfast-check seed ${seed}, ${runs} times the runs: ${status === 0 ? 'every property held' : 'a property failed (its replay command is above)'}; the same again: ${again}`,
);
process.exit(status ?? 1);
