/**
 * Words in a cause's sentence: lists joined with "and", and where something happened. (Counts
 * are `plural` of @heaplab/core: "1 byte", "2 bytes".)
 */

/** "a", "a and b", "a, b and c". */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Where something happened: its trace line when known ("line 40"), else its event ("event 12").
 * A trace's positions are its lines (docs/events-and-lines.md): a what-if stream's event numbers
 * are its own, and only the line means the same in every command.
 */
export function eventAt(event: number, line: number | null): string {
  return line === null ? `event ${event}` : `line ${line}`;
}
