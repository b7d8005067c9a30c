/**
 * Writes a generated device trace (see `device-trace.ts`):
 * `node dist/write-device-trace.js OUT LINES [SEED] [HEAP_BYTES] [--camera]` (gzip-compressed when
 * OUT ends in `.gz`; by default the seed `heaplab` and one 64 KiB area). `--camera` writes the
 * camera script of issue 15 (128 KiB unless HEAP_BYTES is given), ending at its MemoryError (before
 * LINES when the error comes first).
 */
import { writeDeviceTrace } from './device-trace.js';

const args = process.argv.slice(2);
const camera = args.includes('--camera');
const [file, lines, seed, heapBytes] = args.filter((arg) => arg !== '--camera');
if (file === undefined || lines === undefined || !(Number(lines) > 0) || (heapBytes !== undefined && !(Number(heapBytes) > 0)))
  throw new Error('usage: node dist/write-device-trace.js OUT LINES [SEED] [HEAP_BYTES] [--camera]');
const bytes = heapBytes === undefined ? (camera ? 131072 : undefined) : Number(heapBytes);
const heap = bytes === undefined ? undefined : { wordBytes: 4 as const, mpyVersion: '1.27', finaliser: true, areas: [{ bytes }] };
const summary = await writeDeviceTrace(file, {
  lines: Number(lines),
  gzip: file.endsWith('.gz'),
  seed,
  heap,
  ...(camera ? { program: 'camera' as const, untilMemoryError: true } : {}),
});
console.log(`${file}: ${summary.lines.toLocaleString('en-US')} lines, ${summary.events.toLocaleString('en-US')} engine events`);
