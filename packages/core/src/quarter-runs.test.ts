import { describe, expect, it } from 'vitest';
import { quarterRuns } from './block-table/quarter-runs.js';

/** Value v's runs of set bits, bit by bit: from bit 0 up, from bit 15 down, the longest. */
function runsOf(v: number): [number, number, number] {
  let pre = 0;
  while (pre < 16 && (v >> pre) & 1) pre++;
  let suf = 0;
  while (suf < 16 && (v >> (15 - suf)) & 1) suf++;
  let max = 0;
  let run = 0;
  for (let i = 0; i < 16; i++) {
    run = (v >> i) & 1 ? run + 1 : 0;
    max = Math.max(max, run);
  }
  return [pre, suf, max];
}

describe('the summary tables of a leaf', () => {
  it('hold the runs of set bits of every 16-bit value', () => {
    const [pre, suf, max] = quarterRuns();
    const wrong: string[] = [];
    for (let v = 0; v < 1 << 16; v++) {
      const [p, s, m] = runsOf(v);
      if (pre[v] !== p || suf[v] !== s || max[v] !== m) wrong.push(`${v.toString(2)}: ${pre[v]} ${suf[v]} ${max[v]}, not ${p} ${s} ${m}`);
    }
    expect(wrong).toEqual([]);
    expect([pre.length, suf.length, max.length]).toEqual([65536, 65536, 65536]);
  });
});
