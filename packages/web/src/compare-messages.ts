/**
 * What the page and a compare worker say to each other.
 */
import type { CellResult, CompareCell } from '@heaplab/analysis';

/** Page → worker: which cells to run on this trace; or run this one. */
export type CompareRequest =
  | { readonly kind: 'plan'; readonly file: File }
  | { readonly kind: 'cell'; readonly file: File; readonly index: number; readonly cell: CompareCell };

/** Worker → page: the cells and what the trace is; a cell's result; or why there is none. */
export type CompareMessage =
  | { readonly kind: 'plan'; readonly plan: ComparePlan }
  | { readonly kind: 'cell'; readonly index: number; readonly result: CellResult }
  | { readonly kind: 'error'; readonly message: string };

/** The cells a trace is compared on, and what its rows need. */
export interface ComparePlan {
  /** Every strategy on the trace's heap; on a multi-area heap, each also on one area as large. */
  readonly cells: readonly CompareCell[];
  /** The trace's own layout's name (a cell's layout when it has none). */
  readonly ownLayout: string;
  /** The trace's length in lines. */
  readonly length: number;
  /** Where the trace was cut short, or null. */
  readonly truncated: { readonly afterLine: number; readonly reason: string } | null;
}
