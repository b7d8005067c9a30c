#!/usr/bin/env node
// The heaplab command. All logic lives in the compiled package; this only starts it.
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
