/**
 * Spec errors placed in the file: a schema issue or a heap-configuration error becomes one
 * `HeapInputError` naming the file, the line of the offending YAML node and its field path
 * (`kinds[2].size.uniform`).
 */
import { isMap, isNode, isScalar, stringify, type Document, type LineCounter, type Node } from 'yaml';
import type * as z from 'zod';
import { HeapInputError } from '@heaplab/core';

/** A parsed spec file: its name, YAML document and line table. */
export interface SpecSource {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/** A field path: mapping keys and list indexes from the top of the document. */
export type FieldPath = readonly PropertyKey[];

type Issue = z.core.$ZodIssue;

/**
 * The one issue worth reporting, as an error: an unknown field first (a typo there often causes
 * the others), else the first in the file. A union's issues are those of the form the value
 * was meant to take, when its type shows one.
 */
export function specIssueError(issues: readonly Issue[], source: SpecSource): HeapInputError {
  const located = issues.flatMap((issue) => leaves(issue, [])).map((issue) => ({ issue, node: issueNode(issue, source) }));
  const rank = (issue: Issue): number => (issue.code === 'unrecognized_keys' ? 0 : 1);
  located.sort((a, b) => rank(a.issue) - rank(b.issue) || offset(a.node) - offset(b.node));
  const { issue, node } = located[0]!;
  return new HeapInputError(issue.message, { file: source.file, line: lineOf(node, source), ...fieldOption(issue.path) });
}

/**
 * An error about a field found after the schema (e.g. by the heap's own checks): reported at
 * the deepest part of `path` the file has.
 */
export function specFieldError(detail: string, path: FieldPath, source: SpecSource): HeapInputError {
  const { node, depth } = deepestNode(source, path);
  return new HeapInputError(detail, { file: source.file, line: lineOf(node, source), ...fieldOption(path.slice(0, depth)) });
}

/** `areas[0].blocks` as a path: `['areas', 0, 'blocks']`. */
export function parseFieldPath(field: string): FieldPath {
  return [...field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? m[1]! : Number(m[2])));
}

/** A path as messages write it: `kinds[2].size.max`. */
function formatFieldPath(path: FieldPath): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
}

function leaves(issue: Issue, prefix: FieldPath): Issue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    const meant = issue.errors.find((branch) => !branch.every((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')));
    if (meant !== undefined) return meant.flatMap((i) => leaves(i, path));
  }
  return [{ ...issue, path: [...path] }];
}

/** The node an issue is about: an unknown field's key, else the deepest node on its path. */
function issueNode(issue: Issue, source: SpecSource): Node | null {
  const { node } = deepestNode(source, issue.path);
  if (issue.code === 'unrecognized_keys' && isMap(node)) {
    // A key that is itself a list or a mapping reaches the schema as its flow-style text.
    const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : stringify(p.key, { collectionStyle: 'flow' }).trim()) === issue.keys[0]);
    if (pair !== undefined && isNode(pair.key)) return pair.key;
  }
  return node;
}

function deepestNode(source: SpecSource, path: FieldPath): { node: Node | null; depth: number } {
  for (let depth = path.length; depth > 0; depth--) {
    const node = source.doc.getIn(path.slice(0, depth), true);
    if (isNode(node)) return { node, depth };
  }
  return { node: isNode(source.doc.contents) ? source.doc.contents : null, depth: 0 };
}

function offset(node: Node | null): number {
  return node?.range?.[0] ?? 0;
}

function lineOf(node: Node | null, source: SpecSource): number {
  return source.lineCounter.linePos(offset(node)).line;
}

function fieldOption(path: FieldPath): { field?: string } {
  return path.length === 0 ? {} : { field: formatFieldPath(path) };
}
