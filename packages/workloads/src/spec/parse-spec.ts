/**
 * Reading a user-defined workload: parse the spec's text (JSON is YAML, so one parser reads both,
 * keeping every node's place), check it against the schema and the engine's heap rules, and
 * make the workload. Every problem is one `HeapInputError` naming file, line and field.
 */
import { LineCounter, parseDocument } from 'yaml';
import { HeapInputError } from '@heaplab/core';
import type { Workload } from '../workload.js';
import { parseFieldPath, specFieldError, specIssueError, type SpecSource } from './spec-errors.js';
import { specWorkload } from './spec-workload.js';
import { workloadSpecSchema } from './workload-spec.js';

/** The workload that `text`, the spec read from `file` (JSON or YAML), describes. Throws `HeapInputError` for bad input. */
export function parseWorkloadSpec(text: string, file: string): Workload {
  const lineCounter = new LineCounter();
  // Warnings (a list used as a mapping key, say) are not printed: the schema reports the key.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: 'error' });
  const syntax = doc.errors[0];
  if (syntax !== undefined) throw new HeapInputError(`not valid YAML or JSON: ${syntax.message}`, { file, line: lineCounter.linePos(syntax.pos[0]).line });
  const source: SpecSource = { file, doc, lineCounter };
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // Aliases that expand too far, or name no anchor.
    throw new HeapInputError(`not valid YAML: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  const parsed = workloadSpecSchema.safeParse(data);
  if (!parsed.success) throw specIssueError(parsed.error.issues, source);
  try {
    return specWorkload(parsed.data, file);
  } catch (error) {
    if (!(error instanceof HeapInputError)) throw error;
    throw specFieldError(error.detail, ['heap', ...parseFieldPath(error.location.field ?? '')], source);
  }
}
