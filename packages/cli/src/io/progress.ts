/**
 * Progress of long work on standard error: a bar (cli-progress) on a terminal; otherwise, if the
 * output asks for it, a line every so often (see heartbeat.ts); otherwise nothing.
 */
import { Presets, SingleBar } from 'cli-progress';
import { startHeartbeat } from './heartbeat.js';
import type { Output } from './output.js';
import type { Progress } from './progress-handle.js';

const NONE: Progress = { update: () => undefined, stop: () => undefined };

/** Progress labelled `label` (what the work is, e.g. `replaying`). */
export function startProgress(output: Output, label: string): Progress {
  const stream = output.progressStream;
  if (stream === null) return output.heartbeat === undefined ? NONE : startHeartbeat(output, label, output.heartbeat);
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% {eta_formatted}{detail}`, stream, hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  bar.start(1000, 0, { detail: '' });
  return {
    update: (done, detail) => bar.update(Math.round(Math.min(1, Math.max(0, done)) * 1000), { detail: detail === undefined ? '' : `  ${detail}` }),
    stop: () => bar.stop(),
  };
}
