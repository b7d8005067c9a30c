/**
 * Strategies by name. Each entry builds the strategy for a configuration; strategies are cached
 * per configuration object so the engine pays for resolving their switches once.
 */
import type { HeapConfig } from '../config.js';
import { HeapInputError } from '../errors.js';
import { bestFitStrategy, worstFitStrategy } from './best-fit.js';
import { buddyStrategy } from './buddy.js';
import { firstFitStrategy } from './first-fit.js';
import { micropythonStrategy } from './micropython.js';
import { nextFitStrategy } from './next-fit.js';
import { segregatedStrategy } from './segregated.js';
import type { Strategy } from './strategy.js';
import { tlsfStrategy } from './tlsf.js';
import { twoEndedStrategy } from './two-ended.js';

type StrategyFactory = (config: HeapConfig) => Strategy;

const factories = new Map<string, StrategyFactory>([
  ['micropython', micropythonStrategy as StrategyFactory],
  ['first-fit', firstFitStrategy as StrategyFactory],
  ['next-fit', nextFitStrategy as StrategyFactory],
  ['best-fit', bestFitStrategy as StrategyFactory],
  ['worst-fit', worstFitStrategy as StrategyFactory],
  ['two-ended', twoEndedStrategy as StrategyFactory],
  ['tlsf', tlsfStrategy as StrategyFactory],
  ['buddy', buddyStrategy as StrategyFactory],
  ['segregated', segregatedStrategy as StrategyFactory],
]);

const cache = new WeakMap<HeapConfig, Strategy>();

/** Names of the registered strategies, sorted. */
export function strategyNames(): string[] {
  return [...factories.keys()].sort();
}

/** The strategy a configuration names. Throws `HeapInputError` for an unknown name or parameter. */
export function strategyFor(config: HeapConfig): Strategy {
  let strategy = cache.get(config);
  if (strategy === undefined) {
    const factory = factories.get(config.strategy);
    if (factory === undefined) {
      throw new HeapInputError(`unknown strategy ${JSON.stringify(config.strategy)}; known: ${strategyNames().join(', ')}`, { field: 'strategy' });
    }
    strategy = factory(config);
    cache.set(config, strategy);
  }
  return strategy;
}
