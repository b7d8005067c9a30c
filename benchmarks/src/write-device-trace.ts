/**
 * Writes a generated device trace (see `device-trace.ts`):
 * `node dist/write-device-trace.js OUT LINES` (gzip-compressed when OUT ends in `.gz`).
 */
import { writeDeviceTrace } from './device-trace.js';

const [file, lines] = process.argv.slice(2);
if (file === undefined || lines === undefined || !(Number(lines) > 0)) throw new Error('usage: node dist/write-device-trace.js OUT LINES');
const summary = await writeDeviceTrace(file, { lines: Number(lines), gzip: file.endsWith('.gz') });
console.log(`${file}: ${summary.lines.toLocaleString('en-US')} lines, ${summary.events.toLocaleString('en-US')} engine events`);
