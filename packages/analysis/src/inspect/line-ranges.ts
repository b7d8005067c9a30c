/**
 * Line numbers written short: `line 12`, `lines 12-14, 20`.
 */

/** `lines` (ascending) with runs of consecutive numbers written as ranges, after `line` or `lines`. */
export function lineRanges(lines: readonly number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    ranges.push(j === i ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return `${lines.length === 1 ? 'line' : 'lines'} ${ranges.join(', ')}`;
}
