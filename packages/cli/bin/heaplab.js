#!/usr/bin/env node
// The heaplab command. All logic lives in the bundle (bundle/, built by scripts/build-bundle.mjs
// from the sources); this only starts it. CommonJS, like the bundle (bin/package.json): Node
// starts that faster than an ES module.
const { main } = require('../bundle/main.js');

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
