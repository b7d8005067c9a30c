/**
 * A diagnosis's causes as the `--json` outputs of replay, run and report carry them (explain
 * prints the whole diagnosis).
 */
import type { Cause, Diagnosis } from './diagnosis.js';

/** The causes as `--json` outputs other than explain's carry them: kind and sentence, most explanatory first. */
export function causesJson(diagnosis: Diagnosis | null): { readonly kind: Cause['kind']; readonly summary: string }[] {
  return diagnosis === null ? [] : diagnosis.causes.map(({ kind, summary }) => ({ kind, summary }));
}
