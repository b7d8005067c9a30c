/**
 * Writes a generated device trace (see `device-trace.ts`):
 * `node dist/write-device-trace.js OUT LINES [SEED] [HEAP_BYTES]` (gzip-compressed when OUT ends
 * in `.gz`; by default the seed `heaplab` and one 64 KiB area).
 */
import { writeDeviceTrace } from './device-trace.js';

const [file, lines, seed, heapBytes] = process.argv.slice(2);
if (file === undefined || lines === undefined || !(Number(lines) > 0) || (heapBytes !== undefined && !(Number(heapBytes) > 0)))
  throw new Error('usage: node dist/write-device-trace.js OUT LINES [SEED] [HEAP_BYTES]');
const heap = heapBytes === undefined ? undefined : { wordBytes: 4 as const, mpyVersion: '1.27', finaliser: true, areas: [{ bytes: Number(heapBytes) }] };
const summary = await writeDeviceTrace(file, { lines: Number(lines), gzip: file.endsWith('.gz'), seed, heap });
console.log(`${file}: ${summary.lines.toLocaleString('en-US')} lines, ${summary.events.toLocaleString('en-US')} engine events`);
