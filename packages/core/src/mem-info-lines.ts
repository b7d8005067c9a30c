/**
 * The lines of `micropython.mem_info()` / `mem_info(1)` output (spec §7), in one place: the
 * exact shape of each line, which `parseMemInfo` reads the numbers from, and the way each line
 * starts, which tells a line of that kind (well-formed or mangled) from other text. The dump
 * parser and the capture extractor both go by these, so a line one of them takes for part of
 * a `mem_info` block the other does too.
 */

const NUM = '(\\d{1,16})';

/** `mem: total=N, current=N, peak=N` (`MICROPY_MEM_STATS` builds only). */
export const MEM_LINE = new RegExp(`^mem: total=${NUM}, current=${NUM}, peak=${NUM}$`);
/** `stack: N`, or `stack: N out of M` when the build checks the stack. */
export const STACK_LINE = new RegExp(`^stack: ${NUM}(?: out of ${NUM})?$`);
/** `GC: total: N, used: N, free: N`, with `, max new split: N` on SPLIT_HEAP_AUTO builds. */
export const GC_LINE = new RegExp(`^GC: total: ${NUM}, used: ${NUM}, free: ${NUM}(?:, max new split: ${NUM})?$`);
/** ` No. of 1-blocks: N, 2-blocks: N, max blk sz: N, max free sz: N`; the leading space is optional. */
export const BLOCKS_LINE = new RegExp(`^ ?No\\. of 1-blocks: ${NUM}, 2-blocks: ${NUM}, max blk sz: ${NUM}, max free sz: ${NUM}$`);
/** `GC memory layout; from <pool address>:`, the header of each area's table dump. */
export const HEADER_LINE = /^GC memory layout; from ([0-9a-fA-F]{1,13}):$/;
/** A table dump line: a 5-digit (v1.19) or 8-digit hex offset, `:`, a space and the block characters. */
export const DUMP_LINE = /^([0-9a-fA-F]{5}|[0-9a-fA-F]{8}):(?: (.*))?$/;
/** `(k lines all free)`: gc.c's collapse of a free run of k dump lines. */
export const COLLAPSE_LINE = /^\s*\((\d{1,16}) lines all free\)$/;

/** The kinds of line in `mem_info` output, in printed order. */
export type MemInfoLineKind = 'mem' | 'stack' | 'gc' | 'blocks' | 'header' | 'dump' | 'collapse';

/** How each kind of line starts; a line that starts so and does not match its shape is mangled. */
const LEADS: readonly (readonly [MemInfoLineKind, RegExp])[] = [
  ['mem', /^mem:/],
  ['stack', /^stack:/],
  ['gc', /^GC:/],
  ['blocks', /^\s?No\. of /],
  ['header', /^GC memory layout/],
  ['dump', /^(?:[0-9a-fA-F]{5}|[0-9a-fA-F]{8}):/],
  ['collapse', /^\s*\(\d+ lines all free\)/],
];

/**
 * The kind of `mem_info` line `line` starts like (whether or not it is well-formed), or null
 * for a line that cannot be part of `mem_info` output. `line` is one line, its line end removed.
 */
export function memInfoLineKind(line: string): MemInfoLineKind | null {
  for (const [kind, lead] of LEADS) if (lead.test(line)) return kind;
  return null;
}
