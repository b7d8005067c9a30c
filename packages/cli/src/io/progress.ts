/**
 * A progress bar on standard error for long work (cli-progress), shown only on a terminal: when
 * standard error is a file or a pipe nothing is drawn.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { Output } from './output.js';

export interface Progress {
  /** The share done, from 0 to 1. */
  update(done: number): void;
  stop(): void;
}

const NONE: Progress = { update: () => undefined, stop: () => undefined };

/** A bar labelled `label`, or a stand-in that does nothing when there is no terminal. */
export function startProgress(output: Output, label: string): Progress {
  const stream = output.progressStream;
  if (stream === null) return NONE;
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% {eta_formatted}`, stream, hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  bar.start(1000, 0);
  return {
    update: (done) => bar.update(Math.round(Math.min(1, Math.max(0, done)) * 1000)),
    stop: () => bar.stop(),
  };
}
