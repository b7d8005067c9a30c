/**
 * heaplab's dependency rules (`pnpm check` runs them): no import cycles, packages import only
 * downward (cli → replay → analysis → core, cli → workloads → core; benchmarks on core, replay and
 * workloads), never across packages by a relative path, and neither the engine nor analysis
 * nor the workloads import RxJS.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that depend on each other belong in one module; a cycle makes load order matter.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-no-package',
      severity: 'error',
      comment: 'core is the bottom layer: it imports no other heaplab package and no RxJS.',
      from: { path: '^packages/core/' },
      to: { path: ['^packages/(?!core/)', '(^|/)rxjs(/|$)', '^benchmarks/'] },
    },
    {
      name: 'analysis-imports-core-only',
      severity: 'error',
      comment: 'analysis reads what the engine gives: it sits on core alone, and knows no stream or trace format.',
      from: { path: '^packages/analysis/' },
      to: { path: ['^packages/(?!core/|analysis/)', '(^|/)rxjs(/|$)', '^benchmarks/'] },
    },
    {
      name: 'replay-imports-core-and-analysis',
      severity: 'error',
      comment: 'replay sits on core and analysis; the CLI and the benchmarks sit on it.',
      from: { path: '^packages/replay/' },
      to: { path: ['^packages/(?!core/|analysis/|replay/)', '^benchmarks/'] },
    },
    {
      name: 'workloads-imports-core-only',
      severity: 'error',
      comment: 'workloads sits on core alone (no RxJS, no replay, no CLI): the CLI, the benchmarks and a web page all use it.',
      from: { path: '^packages/workloads/' },
      to: { path: ['^packages/(?!core/|workloads/)', '(^|/)rxjs(/|$)', '^benchmarks/'] },
    },
    {
      name: 'workloads-source-imports-no-node-builtin',
      severity: 'error',
      comment: 'workloads runs in a browser too: a spec file is read by the caller (ReadText), never by node:fs.',
      from: { path: '^packages/workloads/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves: a package that is not a dependency of the importing package fails here.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'packages-never-import-benchmarks',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^benchmarks/' },
    },
    {
      name: 'no-relative-imports-across-packages',
      severity: 'error',
      comment: 'Another package is imported by its name (@heaplab/...), never by a relative path into its folder.',
      from: { path: '^(packages/[^/]+|benchmarks|recorder/[^/]+)/' },
      to: { dependencyTypes: ['local'], dependencyTypesNot: ['aliased'], pathNot: ['^$1/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['/dist/', 'node_modules'] },
    tsConfig: { fileName: 'tsconfig.test.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'], extensions: ['.ts', '.js'] },
  },
};
