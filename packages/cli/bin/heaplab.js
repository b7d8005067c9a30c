#!/usr/bin/env node
// The heaplab command. All logic lives in the bundle (bundle/, built by scripts/build-bundle.mjs
// from the sources); this only starts it. CommonJS, like the bundle (bin/package.json): Node
// starts that faster than an ES module.

// Node 22.1 and later keep V8's compiled code of the bundle between runs (in the system's temp
// folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off); Node 20 has no such cache.
require('node:module').enableCompileCache?.();
const { main } = require('../bundle/main.js');

// Run as a package script named heaplab (the checkout's `pnpm heaplab`), heaplab starts in the
// package's folder; the paths the user typed are relative to where they typed them.
if (process.env.npm_lifecycle_event === 'heaplab' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

// A reader that goes away (heaplab … | head) ends the output quietly, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
