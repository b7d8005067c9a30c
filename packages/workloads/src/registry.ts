/** The built-in workloads, by name. */
import { HeapInputError } from '@heaplab/core';
import { cameraFrames } from './camera-frames.js';
import { churn } from './churn.js';
import { engineChurn } from './engine-churn.js';
import { growth } from './growth.js';
import { preallocVsAlloc } from './prealloc-vs-alloc.js';
import { seedMemFree } from './seed-mem-free.js';
import type { Workload } from './workload.js';

const workloads: readonly Workload[] = [cameraFrames, churn, engineChurn, growth, preallocVsAlloc, seedMemFree];

/** Every built-in workload, sorted by name. */
export function allWorkloads(): readonly Workload[] {
  return workloads;
}

/** The workload with this name, or undefined. */
export function findWorkload(name: string): Workload | undefined {
  return workloads.find((w) => w.name === name);
}

/** Whether `text` names a workload spec file (YAML or JSON) rather than a built-in workload. */
export function isSpecFile(text: string): boolean {
  return /\.(ya?ml|json)$/i.test(text);
}

/** Whether `text` names a workload: built-in, or a spec file. */
export function isWorkload(text: string): boolean {
  return findWorkload(text) !== undefined || isSpecFile(text);
}

/**
 * Reads a spec file's text: the CLI reads the file system, a web page might fetch. Throws
 * `HeapInputError` naming the file when it cannot.
 */
export type ReadText = (file: string) => Promise<string>;

/** Spec files loaded in this thread, by path. */
const specs = new Map<string, Promise<Workload>>();

/**
 * A built-in workload by name, or the workload a spec file describes (read with `readText`, once
 * per thread). Throws `HeapInputError` for an unknown name or a bad spec.
 */
export function resolveWorkload(nameOrFile: string, readText: ReadText): Promise<Workload> {
  const builtIn = findWorkload(nameOrFile);
  if (builtIn !== undefined) return Promise.resolve(builtIn);
  if (!isSpecFile(nameOrFile)) {
    return Promise.reject(
      new HeapInputError(
        `unknown workload ${JSON.stringify(nameOrFile)}; known: ${workloads.map((w) => w.name).join(', ')}, or a spec file (.yaml, .yml, .json)`,
        { field: 'WORKLOAD' },
      ),
    );
  }
  let loaded = specs.get(nameOrFile);
  if (loaded === undefined) {
    loaded = readText(nameOrFile).then((text) => workloadFromSpec(text, nameOrFile));
    specs.set(nameOrFile, loaded);
  }
  return loaded;
}

/**
 * The workload that `text`, a spec (YAML or JSON) read from `file`, describes; `file` names it in
 * errors. Throws `HeapInputError` naming file, line and field for a bad spec.
 */
export async function workloadFromSpec(text: string, file: string): Promise<Workload> {
  // The spec reader (zod and yaml) is loaded only when a spec is read: start-up stays lean.
  const { parseWorkloadSpec } = await import('./spec/parse-spec.js');
  return parseWorkloadSpec(text, file);
}
