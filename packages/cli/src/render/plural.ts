/** A count with its noun: `1 byte`, `0 bytes`, `2 bytes`; `many` for irregular plurals. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
