/**
 * The memory of a tree of processes (a browser and its renderers, GPU and utility processes), read
 * from Linux's /proc: the proportional set size (PSS: each shared page split among the processes
 * that map it, so the sum is what the tree costs the machine) of every process under a root, and
 * the largest single process's resident set with its Chromium `--type`. A sampler reads it every
 * few milliseconds and keeps the peak.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One reading of the tree. */
export interface TreeMemory {
  /** Sum of the processes' PSS, bytes. */
  readonly pssBytes: number;
  /** The largest resident set of a single process, bytes. */
  readonly largestRssBytes: number;
  /** That process's Chromium `--type` (renderer, gpu-process, …), or `browser` for the main process. */
  readonly largestType: string;
  /** How many processes the tree held. */
  readonly processes: number;
}

/** The kB value of `field` in a /proc file's `Name:  123 kB` lines, as bytes (0 when absent). */
function kilobytes(text: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match === null ? 0 : Number(match[1]) * 1024;
}

/** The file's text, or '' when the process has gone meanwhile. */
function readGone(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Every process under `root` (not `root` itself), leaving out `skip` and what is under it. */
export function descendants(root: number, skip: ReadonlySet<number>): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readGone(`/proc/${name}/stat`);
    // The command name, in parentheses, may hold spaces: the fields after its last ')' are fixed.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isFinite(ppid)) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      if (skip.has(child)) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** The memory of `pids` now. */
export function treeMemory(pids: readonly number[]): TreeMemory {
  let pssBytes = 0;
  let largestRssBytes = 0;
  let largestType = '';
  for (const pid of pids) {
    const rollup = readGone(`/proc/${pid}/smaps_rollup`);
    pssBytes += kilobytes(rollup, 'Pss');
    const rss = kilobytes(rollup, 'Rss');
    if (rss > largestRssBytes) {
      largestRssBytes = rss;
      const type = /--type=([\w-]+)/.exec(readGone(`/proc/${pid}/cmdline`).replaceAll('\0', ' '));
      largestType = type === null ? 'browser' : type[1]!;
    }
  }
  return { pssBytes, largestRssBytes, largestType, processes: pids.length };
}

/** A sampler's peak so far, and a way to stop it. */
export interface MemorySampler {
  /** The readings with the highest PSS sum and the highest single resident set, so far. */
  peak(): { readonly pss: TreeMemory; readonly rss: TreeMemory };
  stop(): void;
}

/** Reads the tree under `root` (without `skip`) every `everyMs` milliseconds, keeping the peaks. */
export function sampleTreeMemory(root: number, skip: ReadonlySet<number>, everyMs = 100): MemorySampler {
  const none: TreeMemory = { pssBytes: 0, largestRssBytes: 0, largestType: '', processes: 0 };
  let pss = none;
  let rss = none;
  const read = (): void => {
    const now = treeMemory(descendants(root, skip));
    if (now.pssBytes > pss.pssBytes) pss = now;
    if (now.largestRssBytes > rss.largestRssBytes) rss = now;
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    peak: () => ({ pss, rss }),
    stop: () => clearInterval(timer),
  };
}
