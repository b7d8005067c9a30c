/** Workloads as the CLI takes them: a built-in name, or a spec file read with the CLI's own file reader. */
import { findWorkload, resolveWorkload as resolveWith, type Workload } from '@heaplab/workloads';
import { readInputText } from './io/read-input.js';

/**
 * A built-in workload by name, or the workload a spec file describes (read once per thread).
 * Throws `HeapInputError` for an unknown name, a file that cannot be read or a bad spec.
 */
export function resolveWorkload(nameOrFile: string): Promise<Workload> {
  return resolveWith(nameOrFile, readInputText);
}

/** The files an argument that may name a built-in workload reads: none for a built-in's name, else the argument itself (a spec file or a trace). */
export function workloadFiles(nameOrFile: string): string[] {
  return findWorkload(nameOrFile) === undefined ? [nameOrFile] : [];
}
