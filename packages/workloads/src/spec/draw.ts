/** Drawing numbers from a spec's distributions with a seeded random function. */
import { pickInt, pickOf } from '../seeded-choices.js';
import type { Distribution } from './spec-values.js';

/** One value of `distribution`, using `random` (uniform in [0, 1)); `fixed` draws nothing. */
export function draw(distribution: Distribution, random: () => number): number {
  switch (distribution.kind) {
    case 'fixed':
      return distribution.value;
    case 'uniform':
      return pickInt(distribution.min, distribution.max, random);
    case 'logUniform': {
      const { min, max } = distribution;
      return Math.min(max, Math.floor(min * ((max + 1) / min) ** random()));
    }
    case 'choice':
      return pickOf(distribution.values, random);
  }
}
