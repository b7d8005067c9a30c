/**
 * `strategy` and `layout`: firmware changes, each a whole replay on another configuration.
 * `strategy` tries other placement policies (every registered strategy but the heap's own, or
 * the specs given), keeping the heap's area policy; `layout`, on a heap of more than one area,
 * the other area policy (`by-size` routing, or `in-order` when the heap routes by size). The
 * best `KEEP` (3) that survive are kept, most headroom first; when none survives, the one that
 * got furthest, as tried. Each is replayed once, with its figures.
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
} from '@heaplab/core';
import { Replayer } from './replayer.js';
import type { RemedyCheck, Remedy } from './remedy.js';
import type { RemedyContext } from './remedy-context.js';
import { checkText } from './remedy-wording.js';
import { StreamEdit } from './stream-edit.js';

const KEEP = 3;

/** The strategy specs `strategy` tries by default: the registered ones but the heap's own, with its area policy. */
export function otherStrategies(config: HeapConfig): string[] {
  return strategyNames()
    .filter((name) => name !== config.strategy)
    .map((name) => strategySpec({ strategy: name, strategyParams: {}, areaPolicy: config.areaPolicy }));
}

/** The specs `layout` tries: the heap's strategy under the other area policy; none for a heap of one area. */
export function otherLayouts(config: HeapConfig): string[] {
  if (config.areas.length < 2) return [];
  const policy: AreaPolicy = config.areaPolicy.kind === 'in-order' ? { kind: 'by-size', smallBytes: DEFAULT_SMALL_BYTES } : { kind: 'in-order' };
  return [strategySpec({ ...config, areaPolicy: policy })];
}

export function otherPolicies(
  context: Pick<RemedyContext, 'config' | 'events' | 'lines' | 'earlyDrops'>,
  kind: 'strategy' | 'layout',
  specs: readonly string[],
): Remedy[] {
  const current = strategySpec(context.config);
  const tried = specs.map((spec) => {
    const config = resolveConfig({ ...configInput(context.config), ...parseStrategySpec(spec) });
    const verified = new Replayer(config, context.events, { lines: context.lines, earlyDrops: context.earlyDrops, once: true }).run(new StreamEdit()).check;
    return { spec: strategySpec(config), verified };
  });
  const surviving = tried.filter((t) => t.verified.survives);
  const kept = (surviving.length > 0 ? surviving : furthest(tried)).sort((a, b) => b.verified.headroomBytes - a.verified.headroomBytes).slice(0, KEEP);
  return kept.map(({ spec, verified }) => ({ kind, summary: sentence(kind, spec, current, verified), change: { strategy: spec }, verified }));
}

/** The tried policy whose replay got furthest, alone (none when nothing was tried). */
function furthest<T extends { readonly verified: RemedyCheck }>(tried: readonly T[]): T[] {
  const best = tried.reduce<T | null>((a, b) => (a === null || b.verified.eventsRun > a.verified.eventsRun ? b : a), null);
  return best === null ? [] : [best];
}

function sentence(kind: 'strategy' | 'layout', spec: string, current: string, verified: RemedyCheck): string {
  const change = kind === 'strategy' ? `Place objects with ${spec} instead of ${current}` : `Lay the areas out as ${spec} instead of ${current}`;
  return `${change} (a firmware change): ${checkText(verified)}.`;
}
