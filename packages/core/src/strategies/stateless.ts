/**
 * A strategy that keeps no state between requests: it places from the block tables alone.
 * Most textbook policies are of this kind once free space is read from the tables.
 */
import type { BlockTable } from '../block-table/index.js';
import type { Placement } from '../outcomes.js';
import type { FreeRuns, PlacementRequest, Strategy } from './strategy.js';

/** What a stateless strategy defines; the rest of `Strategy` is filled in. */
export interface StatelessPolicy {
  readonly name: string;
  readonly summary: string;
  /** Defaults to no rounding beyond whole blocks. */
  readonly blocksFor?: (blocks: number) => number;
  /** Defaults to always. */
  readonly growsInPlace?: (block: number, blocks: number, to: number) => boolean;
  /** Whether `place` reads `runs` (see `Strategy.searchesRuns`). */
  readonly searchesRuns?: boolean;
  readonly place: (tables: readonly BlockTable[], request: PlacementRequest, runs: FreeRuns) => Placement | null;
}

const nothing = (): null => null;

/** A full strategy from a stateless policy. */
export function statelessStrategy(policy: StatelessPolicy): Strategy<null, null> {
  return {
    name: policy.name,
    summary: policy.summary,
    blocksFor: policy.blocksFor ?? ((blocks) => blocks),
    growsInPlace: policy.growsInPlace ?? (() => true),
    initial: nothing,
    begin: nothing,
    finish: nothing,
    searchesRuns: policy.searchesRuns === true,
    place: (_work, tables, request, runs) => policy.place(tables, request, runs),
    claimed: () => {},
    grown: () => {},
    released: () => {},
    collected: () => {},
  };
}
