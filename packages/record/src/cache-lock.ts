/**
 * The lock two processes take before one of them builds the cached binary: a directory (its
 * creation is atomic), holding the pid of the process that took it. A lock whose process is gone
 * (stopped by Ctrl-C mid-build, say) is taken over at once; one with no pid to read (its holder
 * died between the two steps) after `STALE_LOCK_MS`. Taking over moves the lock aside first, so two
 * processes doing it at once cannot remove each other's.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RecordSetupError } from './record-setup-error.js';

/** A lock with no holder to ask is taken over after this long. */
const STALE_LOCK_MS = 120_000;

/** Takes the lock; false while another live process holds it (a lock left by a dead one is removed, so the next try takes it). */
export async function takeLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new RecordSetupError(`cannot write in the cache directory: ${reason(error)}`);
    if (await abandoned(lock)) await removeStale(lock);
    return false;
  }
  await writeFile(join(lock, 'pid'), `${process.pid}\n`);
  return true;
}

/** The process holding `lock`, when it says; null when it does not (yet). */
export async function lockHolder(lock: string): Promise<number | null> {
  const text = await readFile(join(lock, 'pid'), 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Moves an abandoned lock aside under a name of this process's own, then removes it: of two
 * processes that found it abandoned at once, only one moves it, so a lock the other has since
 * taken is never removed in its place.
 */
async function removeStale(lock: string): Promise<void> {
  const aside = `${lock}.stale.${process.pid}`;
  try {
    await rename(lock, aside);
  } catch {
    return;
  }
  // Moved between another process's takeover and this one: that lock is live; put it back.
  const holder = await lockHolder(aside);
  if (holder !== null && processAlive(holder)) {
    await rename(aside, lock).catch(() => undefined);
    return;
  }
  await rm(aside, { recursive: true, force: true });
}

async function abandoned(lock: string): Promise<boolean> {
  const pid = await lockHolder(lock);
  if (pid !== null) return !processAlive(pid);
  const since = await stat(lock).then(
    (s) => Date.now() - s.mtimeMs,
    () => 0,
  );
  return since > STALE_LOCK_MS;
}

/** Whether process `pid` runs on this machine (signal 0 only asks). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
