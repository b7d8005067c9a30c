/**
 * `strategy` and `layout`: firmware changes, each a whole replay on another configuration.
 * `strategy` tries other placement policies (every registered strategy but the heap's own, or
 * the specs given), keeping the heap's area policy; `layout`, on a heap of more than one area,
 * the other area policy (`by-size` routing, or `in-order` when the heap routes by size). Each is
 * replayed once, with its figures (a trial); trials need no diagnosis and are independent, so
 * they may run anywhere, in any share (`tryPolicies`). Of each kind's trials, the best `KEEP` (3)
 * that survive are kept, most headroom first, ties in the order tried; when none survives, the
 * one that got furthest, as tried.
 */
import {
  configInput,
  DEFAULT_SMALL_BYTES,
  parseStrategySpec,
  resolveConfig,
  strategyNames,
  strategySpec,
  type AreaPolicy,
  type HeapConfig,
  type HeapEvent,
  type NumberSequence,
} from '@heaplab/core';
import { Replayer } from './replayer.js';
import type { PolicyAsk, PolicyTrial, Remedy, RemedySource } from './remedy.js';
import { checkText } from './remedy-wording.js';
import { StreamEdit } from './stream-edit.js';

const KEEP = 3;

/** Which policies to try and how the stream is replayed. */
export interface PolicyTrialOptions {
  readonly source: RemedySource;
  /** The trace line of each event. */
  readonly lines?: NumberSequence | null;
  /** Strategy specs to try; default every registered strategy but the heap's own. */
  readonly strategies?: readonly string[];
  /** Try only every `parts`-th policy from the `part`-th on (from 0), so two threads can share the trials. Default all. */
  readonly share?: { readonly part: number; readonly parts: number };
}

/** The policies tried, in order: the other layout (if the heap has more than one area), then the other strategies. */
export function policyAsks(config: HeapConfig, strategies?: readonly string[]): PolicyAsk[] {
  return [
    ...otherLayouts(config).map((spec) => ({ kind: 'layout' as const, spec })),
    ...(strategies ?? otherStrategies(config)).map((spec) => ({ kind: 'strategy' as const, spec })),
  ];
}

/** Replays the stream under each policy of `policyAsks` in the share asked for. */
export function tryPolicies(config: HeapConfig, events: readonly HeapEvent[], options: PolicyTrialOptions): PolicyTrial[] {
  const { part, parts } = options.share ?? { part: 0, parts: 1 };
  return policyAsks(config, options.strategies)
    .filter((_, i) => i % parts === part)
    .map((ask) => tryPolicy(config, events, ask, options));
}

/** The remedies kept from the trials of every ask (run here unless found in `done`), in order. */
export function policyRemedies(
  config: HeapConfig,
  events: readonly HeapEvent[],
  asks: readonly PolicyAsk[],
  done: readonly PolicyTrial[],
  options: PolicyTrialOptions,
): Remedy[] {
  const current = strategySpec(config);
  const trials = asks.map((ask) => done.find((t) => t.kind === ask.kind && t.spec === ask.spec) ?? tryPolicy(config, events, ask, options));
  return (['layout', 'strategy'] as const).flatMap((kind) => kept(trials.filter((t) => t.kind === kind)).map((t) => remedyOf(t, current)));
}

/** The strategy specs `strategy` tries by default: the registered ones but the heap's own, with its area policy. */
function otherStrategies(config: HeapConfig): string[] {
  return strategyNames()
    .filter((name) => name !== config.strategy)
    .map((name) => strategySpec({ strategy: name, strategyParams: {}, areaPolicy: config.areaPolicy }));
}

/** The specs `layout` tries: the heap's strategy under the other area policy; none for a heap of one area. */
function otherLayouts(config: HeapConfig): string[] {
  if (config.areas.length < 2) return [];
  const policy: AreaPolicy = config.areaPolicy.kind === 'in-order' ? { kind: 'by-size', smallBytes: DEFAULT_SMALL_BYTES } : { kind: 'in-order' };
  return [strategySpec({ ...config, areaPolicy: policy })];
}

function tryPolicy(config: HeapConfig, events: readonly HeapEvent[], ask: PolicyAsk, options: PolicyTrialOptions): PolicyTrial {
  const changed = resolveConfig({ ...configInput(config), ...parseStrategySpec(ask.spec) });
  const replayer = new Replayer(changed, events, { lines: options.lines ?? null, earlyDrops: options.source === 'trace', once: true });
  return { ...ask, resolved: strategySpec(changed), verified: replayer.run(new StreamEdit()).check };
}

/** The best `KEEP` that survive, most headroom first; else the one that got furthest, alone. */
function kept(trials: readonly PolicyTrial[]): PolicyTrial[] {
  const surviving = trials.filter((t) => t.verified.survives);
  if (surviving.length > 0) return [...surviving].sort((a, b) => b.verified.headroomBytes - a.verified.headroomBytes).slice(0, KEEP);
  const best = trials.reduce<PolicyTrial | null>((a, b) => (a === null || b.verified.eventsRun > a.verified.eventsRun ? b : a), null);
  return best === null ? [] : [best];
}

function remedyOf(trial: PolicyTrial, current: string): Remedy {
  const { kind, resolved, verified } = trial;
  const change = kind === 'strategy' ? `Place objects with ${resolved} instead of ${current}` : `Lay the areas out as ${resolved} instead of ${current}`;
  return { kind, summary: `${change} (a firmware change): ${checkText(verified)}.`, change: { strategy: resolved }, verified };
}
