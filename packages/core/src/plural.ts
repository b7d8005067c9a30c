/** A count with its noun, singular only for exactly 1: `1 byte`, `2 bytes` (for messages). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
