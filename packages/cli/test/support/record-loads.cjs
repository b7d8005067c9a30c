// Given to node with --require: when the process exits, the files it loaded as modules (the
// bundle is CommonJS), then the Node built-ins it loaded (as node:name), are written, one a line,
// to the file that HEAPLAB_LOAD_LOG names.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const builtIns = process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => `node:${entry.slice('NativeModule '.length)}`);
  writeFileSync(process.env.HEAPLAB_LOAD_LOG, `${[...Object.keys(require.cache), ...builtIns].join('\n')}\n`);
});
