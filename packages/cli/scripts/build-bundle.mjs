/**
 * Builds the bundle that `bin/heaplab.js` runs (packages/cli/bundle/) with rolldown: the CLI with
 * the heaplab packages and the libraries it uses, from the TypeScript sources, tree-shaken, as
 * CommonJS (Node 20 loads that faster than ES modules). The entry (main.js) holds the command
 * table; each command's code loads when it runs, from the chunks that only it and the commands
 * sharing them load. The worker threads' entries sit beside it. RxJS, zod and yaml each get a
 * chunk named after them, so a test can tell which commands load them. Source maps carry the
 * sources (sourcesContent), those of the other packages included.
 *
 * `pnpm build`, the root's `prepare` (after `pnpm install`) and the package's prepack run it; so do the tests, when a source is newer than the
 * bundle (test-support/cli-bundle.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const cli = fileURLToPath(new URL('..', import.meta.url));
const packages = join(cli, '..');
// RxJS's ES module build, which tree-shakes (Node's condition picks its CommonJS build, all of it).
const rxjs = join(dirname(createRequire(join(packages, 'replay', 'package.json')).resolve('rxjs/package.json')), 'dist', 'esm', 'index.js');

// Paths in the output are relative to the working folder: build from the package's own, so the
// bundle is the same byte for byte wherever the build is started (the root's pnpm build, prepack).
process.chdir(cli);
const bundle = await rolldown({
  input: {
    main: join(cli, 'src', 'main.ts'),
    // Each worker thread's entry: a command's src/commands/NAME/*-worker.ts, built as bundle/*-worker.js.
    ...Object.fromEntries(
      readdirSync(join(cli, 'src', 'commands'))
        .sort()
        .flatMap((command) =>
          readdirSync(join(cli, 'src', 'commands', command))
            .sort()
            .filter((file) => file.endsWith('-worker.ts'))
            .map((file) => [file.slice(0, -'.ts'.length), join(cli, 'src', 'commands', command, file)]),
        ),
    ),
  },
  platform: 'node',
  plugins: [
    {
      // commander's node:child_process, loaded only when called (src/lazy-child-process.ts).
      name: 'lazy-child-process',
      resolveId: (source, importer) =>
        source === 'node:child_process' && /[\\/]node_modules[\\/]commander[\\/]/.test(importer ?? '') ? join(cli, 'src', 'lazy-child-process.ts') : null,
    },
  ],
  // piscina starts its threads from a file of its own package, and the recorder its interpreter's
  // thread from one of its own (and builds its wasm into its folder): both stay installed dependencies.
  external: ['piscina', '@heaplab/record'],
  resolve: {
    alias: {
      // The other heaplab packages from their sources, as the tests see them.
      ...Object.fromEntries(['core', 'analysis', 'replay', 'workloads'].map((name) => [`@heaplab/${name}`, join(packages, name, 'src', 'index.ts')])),
      rxjs,
    },
  },
});
const out = join(cli, 'bundle');
let output;
try {
  ({ output } = await bundle.generate({
    dir: out,
    format: 'cjs',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    codeSplitting: {
      groups: ['rxjs', 'zod', 'yaml'].map((name) => ({ name, test: new RegExp(`[\\\\/]node_modules[\\\\/]${name}[\\\\/]`) })),
    },
  }));
} finally {
  await bundle.close();
}
// The package is "type": "module"; the bundle's .js files are CommonJS.
const files = new Map([...output.map((item) => [item.fileName, item.type === 'chunk' ? item.code : item.source]), ['package.json', '{"type":"commonjs"}\n']]);

// Written so that a heaplab running meanwhile (a test, while the package's prepack builds again)
// never reads a file half written: a file that is already the same is left alone, any other is
// written beside and renamed over; then the files of an older build go. The time of
// package.json says when the bundle was last built (test-support/cli-bundle.ts reads it).
mkdirSync(out, { recursive: true });
for (const [name, content] of files) {
  const path = join(out, name);
  const bytes = Buffer.from(content);
  if (existsSync(path) && readFileSync(path).equals(bytes)) continue;
  writeFileSync(`${path}.${process.pid}.tmp`, bytes);
  renameSync(`${path}.${process.pid}.tmp`, path);
}
for (const name of readdirSync(out)) if (!files.has(name)) rmSync(join(out, name), { force: true });
const now = new Date();
utimesSync(join(out, 'package.json'), now, now);
