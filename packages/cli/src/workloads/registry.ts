/** The built-in workloads, by name. */
import { HeapInputError } from '@heaplab/core';
import { cameraFrames } from './camera-frames.js';
import { churn } from './churn.js';
import { growth } from './growth.js';
import { preallocVsAlloc } from './prealloc-vs-alloc.js';
import { seedMemFree } from './seed-mem-free.js';
import type { Workload } from './workload.js';

const workloads: readonly Workload[] = [cameraFrames, churn, growth, preallocVsAlloc, seedMemFree];

/** Every built-in workload, sorted by name. */
export function allWorkloads(): readonly Workload[] {
  return workloads;
}

/** The workload with this name, or undefined. */
export function findWorkload(name: string): Workload | undefined {
  return workloads.find((w) => w.name === name);
}

/** The workload with this name. Throws `HeapInputError` naming the known ones. */
export function workloadNamed(name: string): Workload {
  const workload = findWorkload(name);
  if (workload === undefined) throw new HeapInputError(`unknown workload ${JSON.stringify(name)}; known: ${workloads.map((w) => w.name).join(', ')}`, { field: 'WORKLOAD' });
  return workload;
}
