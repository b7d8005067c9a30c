// Given to node with --require (the main thread reads it, and every worker thread, which inherits
// the flag): each file loaded as a CommonJS module (the bundle is CommonJS), as it loads, and, when
// the process exits, the Node built-ins it loaded (as node:name) are appended to the file that
// HEAPLAB_LOAD_LOG names, one a line: the thread (main or worker), a tab, the file.
const { appendFileSync } = require('node:fs');
const Module = require('node:module');
const { isMainThread } = require('node:worker_threads');

const log = process.env.HEAPLAB_LOAD_LOG;
const thread = isMainThread ? 'main' : 'worker';
const loadJs = Module._extensions['.js'];
Module._extensions['.js'] = function recorded(module, filename) {
  appendFileSync(log, `${thread}\t${filename}\n`);
  return loadJs.call(this, module, filename);
};
if (isMainThread) {
  process.on('exit', () => {
    const builtIns = process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => `node:${entry.slice('NativeModule '.length)}`);
    appendFileSync(log, builtIns.map((name) => `main\t${name}\n`).join(''));
  });
}
