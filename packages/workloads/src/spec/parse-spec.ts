/**
 * Reading a user-defined workload: parse the spec's text (JSON is YAML, so one parser reads both,
 * keeping every node's place), check it against the schema and the engine's heap rules, and
 * make the workload. Every problem is one `HeapInputError` naming file, line and field.
 */
import { LineCounter, parseDocument, visit, type Alias } from 'yaml';
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
  if (syntax !== undefined) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    if (syntax.code === 'MULTIPLE_DOCS')
      throw new HeapInputError(`expected one YAML document; this file has more than one (a second begins at line ${line})`, { file, line });
    throw new HeapInputError(`not valid YAML or JSON: ${syntax.message}`, { file, line });
  }
  const source: SpecSource = { file, doc, lineCounter };
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    throw aliasError(source, error);
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

/**
 * The error for a document whose aliases cannot be read: too many (an alias "bomb", which would
 * expand past what the parser allows) or one naming no anchor before it. Reported at the first
 * alias that fails on its own.
 */
function aliasError(source: SpecSource, error: unknown): HeapInputError {
  const { doc, file, lineCounter } = source;
  let failing: Alias | undefined;
  visit(doc, {
    Alias: (_key, alias) => {
      try {
        alias.toJS(doc);
        return undefined;
      } catch {
        failing = alias;
        return visit.BREAK;
      }
    },
  });
  const line = failing?.range === undefined || failing.range === null ? undefined : lineCounter.linePos(failing.range[0]).line;
  const name = failing === undefined ? 'an alias' : `*${failing.source}`;
  const tooMany = error instanceof Error && error.message.startsWith('Excessive alias count');
  const detail = tooMany
    ? `too many aliases: ${name} expands to more copies than heaplab reads (a file that repeats itself this way would fill the memory)`
    : `${name} names no anchor before it (write &${failing?.source ?? 'name'} on the value first)`;
  return new HeapInputError(detail, { file, ...(line === undefined ? {} : { line }) });
}
