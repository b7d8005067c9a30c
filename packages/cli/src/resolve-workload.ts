/** Workloads as the CLI takes them: a built-in name, or a spec file read with the CLI's own file reader. */
import { findWorkload, isSpecFile, resolveWorkload as resolveWith, type Workload, workloadFromSpec } from '@heaplab/workloads';
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

/**
 * A workload argument with its spec file's text, read once: every thread of a run builds the
 * workload from this text, so an edit to the file during the run changes nothing in it.
 */
export interface WorkloadSource {
  /** A built-in workload's name or a spec file's path. */
  readonly name: string;
  /** The spec file's text as read; null for a built-in's name (or a name that is neither). */
  readonly specText: string | null;
}

/** The argument with its spec file read (once). Throws `HeapInputError` naming the file when it cannot be read. */
export async function readWorkloadSource(nameOrFile: string): Promise<WorkloadSource> {
  const isFile = findWorkload(nameOrFile) === undefined && isSpecFile(nameOrFile);
  return { name: nameOrFile, specText: isFile ? await readInputText(nameOrFile) : null };
}

/** The last spec text parsed in this thread: a worker runs many tasks of one spec. */
let lastSpec: { readonly source: WorkloadSource; readonly workload: Promise<Workload> } | null = null;

/**
 * The workload of a source: a built-in by name, or the spec parsed from the text the source
 * carries (the file is not read again). Throws `HeapInputError` for an unknown name or a bad spec.
 */
export function workloadOf(source: WorkloadSource): Promise<Workload> {
  const { name, specText } = source;
  if (specText === null) return resolveWorkload(name);
  if (lastSpec?.source.name !== name || lastSpec.source.specText !== specText) lastSpec = { source, workload: workloadFromSpec(specText, name) };
  return lastSpec.workload;
}
