/**
 * Progress for long work when standard error is not a terminal (a pipe, a CI log): one line
 * every so often saying what is being done and how far it got, instead of a bar nobody sees.
 */
import type { Heartbeat, Output } from './output.js';
import type { Progress } from './progress-handle.js';

/**
 * A progress that writes `heaplab: LABEL: DETAIL, ELAPSED so far` to `err` at most once per
 * `heartbeat.everyMs`. It checks the clock on every update, so work that keeps the event loop busy
 * (a long synchronous search) still reports, and on a timer, so a quiet wait does too.
 */
export function startHeartbeat(output: Pick<Output, 'err'>, label: string, heartbeat: Heartbeat): Progress {
  const started = heartbeat.now();
  let last = started;
  let done = 0;
  let detail: string | undefined;
  const beat = (): void => {
    const now = heartbeat.now();
    if (now - last < heartbeat.everyMs) return;
    last = now;
    output.err(`heaplab: ${label}: ${detail ?? `${Math.floor(done * 100)}% done`}, ${elapsed(now - started)} so far\n`);
  };
  const timer = setInterval(beat, heartbeat.everyMs);
  timer.unref?.();
  return {
    update: (share, text) => {
      done = Math.min(1, Math.max(0, share));
      detail = text;
      beat();
    },
    stop: () => clearInterval(timer),
  };
}

/** `45s`, `3m 05s`, `1h 02m`. */
function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
