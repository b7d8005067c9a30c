/**
 * heaplab's dependency rules (`pnpm check` runs them): no import cycles, packages import only
 * downward (cli → replay → analysis → core, cli → workloads → core, cli → record → core, web →
 * replay, analysis and core; benchmarks on core, replay and workloads), the web page imports no
 * Node built-in, never across packages by a relative path (only tests import test-support/), and
 * neither the engine nor analysis nor the workloads import RxJS.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    error('no-circular', 'Modules that depend on each other belong in one module; a cycle makes load order matter.', {}, { circular: true }),
    onlyImports('core-imports-no-package', 'core', [], 'core is the bottom layer: it imports no other heaplab package and no RxJS.'),
    onlyImports(
      'analysis-imports-core-only',
      'analysis',
      ['core'],
      'analysis reads what the engine gives: it sits on core alone, and knows no stream or trace format.',
    ),
    onlyImports('replay-imports-core-and-analysis', 'replay', ['core', 'analysis'], 'replay sits on core and analysis; the CLI and the benchmarks sit on it.', {
      rxjs: true,
    }),
    onlyImports(
      'workloads-imports-core-only',
      'workloads',
      ['core'],
      'workloads sits on core alone (no RxJS, no replay, no CLI): the CLI, the benchmarks and a web page all use it.',
    ),
    error(
      'record-imports-core-only',
      'record runs the interpreter and writes device traces: it sits on core alone (no RxJS, no replay, no CLI); its tests replay what it records.',
      { path: '^packages/record/src/' },
      { path: ['^packages/(?!core/|record/)', '(^|/)rxjs(/|$)', '^benchmarks/'] },
    ),
    error(
      'workloads-source-imports-no-node-builtin',
      'workloads runs in a browser too: a spec file is read by the caller (ReadText), never by node:fs.',
      { path: '^packages/workloads/src/' },
      { dependencyTypes: ['core'] },
    ),
    onlyImports(
      'web-imports-core-analysis-replay',
      'web',
      ['core', 'analysis', 'replay'],
      'the web page is built from the same core, analysis and replay as the CLI, and from nothing else of heaplab.',
      { rxjs: true },
    ),
    error(
      'web-source-imports-no-node-builtin',
      'the web page runs in a browser: a Node built-in cannot be bundled (the build fails on one too).',
      { path: '^packages/web/src/' },
      { dependencyTypes: ['core'] },
    ),
    error(
      'packages-never-import-web',
      'The web page is an application on top of the packages, never under them.',
      { path: '^(packages/(?!web/)|benchmarks|recorder)' },
      { path: '^packages/web/' },
    ),
    error(
      'not-to-unresolvable',
      'Every import resolves: a package that is not a dependency of the importing package fails here.',
      {},
      { couldNotResolve: true },
    ),
    error(
      'only-tests-import-test-support',
      'test-support/ is for the tests (the fast-check seed and runs); the packages never depend on it.',
      { pathNot: ['\\.test\\.ts$', '^(packages/[^/]+|benchmarks|recorder/[^/]+)/test/', '^test-support/'] },
      { path: '^test-support/' },
    ),
    error('packages-never-import-benchmarks', 'The benchmarks sit on the packages, never under them.', { path: '^packages/' }, { path: '^benchmarks/' }),
    error(
      'no-relative-imports-across-packages',
      'Another package is imported by its name (@heaplab/...), never by a relative path into its folder; tests may import test-support/, shared by every test.',
      { path: '^(packages/[^/]+|benchmarks|recorder/[^/]+)/' },
      { dependencyTypes: ['local'], dependencyTypesNot: ['aliased'], pathNot: ['^$1/', '^test-support/'] },
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['/dist/', '^packages/cli/bundle/', 'node_modules'] },
    tsConfig: { fileName: 'tsconfig.test.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'], extensions: ['.ts', '.js'] },
  },
};

/**
 * A rule whose breach fails the check: no module matching `from` may import one matching `to`.
 * @param {string} name
 * @param {string} comment
 * @param {import('dependency-cruiser').IFromRestriction} from
 * @param {import('dependency-cruiser').IToRestriction} to
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
function error(name, comment, from, to) {
  return { name, severity: 'error', comment, from, to };
}

/**
 * A rule named `name`: a file of packages/<pkg> imports no heaplab package but itself and
 * `allowed`, nothing from benchmarks, and (unless `rxjs` is true) no RxJS.
 * @param {string} name
 * @param {string} pkg
 * @param {string[]} allowed
 * @param {string} comment
 * @param {{ rxjs?: boolean }} [options]
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
function onlyImports(name, pkg, allowed, comment, { rxjs = false } = {}) {
  const own = [...allowed, pkg].map((p) => `${p}/`).join('|');
  return error(name, comment, { path: `^packages/${pkg}/` }, { path: [`^packages/(?!${own})`, ...(rxjs ? [] : ['(^|/)rxjs(/|$)']), '^benchmarks/'] });
}
