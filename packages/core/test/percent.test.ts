import { describe, expect, it } from 'vitest';
import { percent } from '../src/index.js';

describe('percent', () => {
  it('gives a share with one decimal by default, or as many as asked', () => {
    expect(percent(0.1234)).toBe('12.3%');
    expect(percent(0)).toBe('0.0%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(0.125, 0)).toBe('13%');
    expect(percent(0.994, 0)).toBe('99%');
  });
});
