/**
 * A strategy's numeric parameters: declared with their defaults and ranges, read from the
 * configuration once, and rejected by name when unknown or out of range.
 */
import type { HeapConfig } from '../config.js';
import { HeapInputError } from '../errors.js';

/** One parameter: its default and the whole numbers it may take. */
export interface ParamSpec {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** One line on what it sets. */
  readonly doc: string;
}

/** The configuration's values for `specs`, defaults filled in. */
export function readParams<K extends string>(config: HeapConfig, specs: Readonly<Record<K, ParamSpec>>): Record<K, number> {
  const known = Object.keys(specs) as K[];
  for (const key of Object.keys(config.strategyParams)) {
    if (!known.includes(key as K)) {
      const expected = known.length === 0 ? 'it takes none' : `known: ${known.join(', ')}`;
      throw new HeapInputError(`strategy ${config.strategy} has no parameter ${JSON.stringify(key)}; ${expected}`, { field: `strategyParams.${key}` });
    }
  }
  const values = {} as Record<K, number>;
  for (const key of known) {
    const spec = specs[key];
    const value = config.strategyParams[key] ?? spec.default;
    if (!Number.isSafeInteger(value) || value < spec.min || value > spec.max) {
      throw new HeapInputError(`strategy ${config.strategy}: ${key} must be a whole number from ${spec.min} to ${spec.max}, got ${value}`, {
        field: `strategyParams.${key}`,
      });
    }
    values[key] = value;
  }
  return values;
}
