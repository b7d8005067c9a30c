// Given to node with --require: when the process exits, the files it loaded as modules (the
// bundle is CommonJS) are written, one a line, to the file that HEAPLAB_LOAD_LOG names.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  writeFileSync(process.env.HEAPLAB_LOAD_LOG, `${Object.keys(require.cache).join('\n')}\n`);
});
