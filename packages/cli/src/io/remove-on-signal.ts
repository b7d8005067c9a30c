/**
 * A temporary file that a signal does not leave behind: an atomic write (a result file, a trace
 * being recorded) registers its temporary file here, and Ctrl-C (SIGINT), SIGTERM or SIGHUP
 * while it is registered removes the file, says so in one line on standard error and ends
 * heaplab with the usual status, 128 + the signal's number. With nothing registered a signal
 * does what it always does.
 */
import { rmSync } from 'node:fs';
import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Until the returned function is called, a SIGINT, SIGTERM or SIGHUP removes `temporary` (the
 * unfinished `target`) and ends the process. Every file registered when the signal comes is
 * removed before the process ends.
 */
export function removeOnSignal(temporary: string, target: string): () => void {
  const stop = (signal: NodeJS.Signals): void => {
    release();
    rmSync(temporary, { force: true });
    process.stderr.write(`heaplab: stopped by ${signal}; ${target} was not written\n`);
    // After the signal's other handlers, each removing its own file.
    process.nextTick(() => process.exit(128 + constants.signals[signal]));
  };
  const release = (): void => {
    for (const signal of SIGNALS) process.off(signal, stop);
  };
  for (const signal of SIGNALS) process.on(signal, stop);
  return release;
}
