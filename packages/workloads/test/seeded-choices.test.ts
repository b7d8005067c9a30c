import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { bytesFor, pickInt, pickOf, pickWeighted } from '../src/index.js';

describe('seeded choices', () => {
  const random = seedrandom('choices');
  const draws = <T>(draw: () => T): T[] => Array.from({ length: 2000 }, draw);

  it('pickInt draws every whole number from min to max, and nothing else', () => {
    expect(new Set(draws(() => pickInt(3, 9, random)))).toEqual(new Set([3, 4, 5, 6, 7, 8, 9]));
    expect(draws(() => pickInt(5, 5, random)).every((n) => n === 5)).toBe(true);
  });

  it('bytesFor gives a size that needs exactly that many 16-byte blocks', () => {
    for (const blocks of [1, 2, 4]) {
      const sizes = draws(() => bytesFor(blocks, random));
      expect(sizes.every((bytes) => Math.ceil(bytes / 16) === blocks)).toBe(true);
      expect(Math.min(...sizes)).toBe((blocks - 1) * 16 + 1);
      expect(Math.max(...sizes)).toBe(blocks * 16);
    }
  });

  it('pickOf and pickWeighted pick only what is there, never a weight of 0', () => {
    expect(new Set(draws(() => pickOf(['a', 'b'], random)))).toEqual(new Set(['a', 'b']));
    const picks = draws(() =>
      pickWeighted<string>(
        [
          [1, 'x'],
          [0, 'never'],
          [3, 'y'],
        ],
        random,
      ),
    );
    expect(new Set(picks)).toEqual(new Set(['x', 'y']));
    expect(picks.filter((p) => p === 'y').length).toBeGreaterThan(picks.filter((p) => p === 'x').length);
  });
});
