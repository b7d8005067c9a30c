#!/usr/bin/env node
// The heaplab command. All logic lives in the compiled package; this only starts it.
import { main } from '../dist/main.js';

// A reader that goes away (heaplab … | head) ends the output quietly, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
