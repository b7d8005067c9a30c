/**
 * Writes a generated device trace (see `device-trace.ts`):
 * `node dist/write-device-trace.js OUT LINES [--camera]` (gzip-compressed when OUT ends in `.gz`).
 * `--camera` writes the camera script of issue 15 on a 128 KiB heap, ending at its MemoryError
 * (before LINES when the error comes first).
 */
import { writeDeviceTrace } from './device-trace.js';

const [file, lines, flag] = process.argv.slice(2);
if (file === undefined || lines === undefined || !(Number(lines) > 0) || (flag !== undefined && flag !== '--camera')) {
  throw new Error('usage: node dist/write-device-trace.js OUT LINES [--camera]');
}
const camera = flag === '--camera';
const summary = await writeDeviceTrace(file, {
  lines: Number(lines),
  gzip: file.endsWith('.gz'),
  ...(camera ? { program: 'camera', untilMemoryError: true, heap: { wordBytes: 4, mpyVersion: '1.27', finaliser: true, areas: [{ bytes: 131072 }] } } : {}),
});
console.log(`${file}: ${summary.lines.toLocaleString('en-US')} lines, ${summary.events.toLocaleString('en-US')} engine events`);
