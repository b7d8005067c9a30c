/**
 * Numbers in a cause's sentence: "1 byte", "2 bytes", and lists joined with "and".
 */

/** `count` and the word, pluralised with an s unless `plural` is given ("1 object", "3 objects"). */
export function counted(count: number, word: string, plural = `${word}s`): string {
  return `${count} ${count === 1 ? word : plural}`;
}

/** "a", "a and b", "a, b and c". */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** An event, with its line when known: "event 12 (line 40)". */
export function eventAt(event: number, line: number | null): string {
  return line === null ? `event ${event}` : `event ${event} (line ${line})`;
}
