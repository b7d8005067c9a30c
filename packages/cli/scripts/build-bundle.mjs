/**
 * Builds the bundle that `bin/heaplab.js` runs (packages/cli/bundle/) with rolldown: the CLI with
 * the heaplab packages and the libraries it uses, from the TypeScript sources, tree-shaken, as
 * CommonJS (Node 20 loads that faster than ES modules). The entry (main.js) holds the command
 * table; each command's code loads when it runs, from the chunks that only it and the commands
 * sharing them load. The worker threads' entries sit beside it. RxJS, zod and yaml each get a
 * chunk named after them, so a test can tell which commands load them. Source maps carry the
 * sources (sourcesContent), those of the other packages included.
 *
 * `pnpm build` and the package's prepack run it; so do the tests, when a source is newer than the
 * bundle (test-support/cli-bundle.ts).
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const cli = fileURLToPath(new URL('..', import.meta.url));
const packages = join(cli, '..');
// RxJS's ES module build, which tree-shakes (Node's condition picks its CommonJS build, all of it).
const rxjs = join(dirname(createRequire(join(packages, 'replay', 'package.json')).resolve('rxjs/package.json')), 'dist', 'esm', 'index.js');

const bundle = await rolldown({
  input: {
    main: join(cli, 'src', 'main.ts'),
    'fuzz-worker': join(cli, 'src', 'commands', 'fuzz', 'fuzz-worker.ts'),
    'compare-worker': join(cli, 'src', 'commands', 'compare', 'compare-worker.ts'),
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
  // piscina starts its threads from a file of its own package: it stays an installed dependency.
  external: ['piscina'],
  resolve: {
    alias: {
      // The other heaplab packages from their sources, as the tests see them.
      ...Object.fromEntries(['core', 'analysis', 'replay', 'workloads'].map((name) => [`@heaplab/${name}`, join(packages, name, 'src', 'index.ts')])),
      rxjs,
    },
  },
});
try {
  await bundle.write({
    dir: join(cli, 'bundle'),
    cleanDir: true,
    format: 'cjs',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    codeSplitting: {
      groups: ['rxjs', 'zod', 'yaml'].map((name) => ({ name, test: new RegExp(`[\\\\/]node_modules[\\\\/]${name}[\\\\/]`) })),
    },
  });
} finally {
  await bundle.close();
}
// The package is "type": "module"; the bundle's .js files are CommonJS.
writeFileSync(join(cli, 'bundle', 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
