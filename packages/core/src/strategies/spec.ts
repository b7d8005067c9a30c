/**
 * Strategy specs: one string that names a strategy with its parameters and area policy, as the
 * CLI takes them and reports print them: `tlsf:sli=5`, `buddy:min=1:max=8`, `best-fit@by-size=512`, `micropython`.
 * Parameters are joined by colons, so a comma can separate specs in a list.
 */
import { DEFAULT_SMALL_BYTES, type AreaPolicy, type HeapConfig, type HeapConfigInput } from '../config.js';
import { HeapInputError } from '../errors.js';

/** The spec of a configuration's strategy; plain `micropython` for the default. */
export function strategySpec(config: Pick<HeapConfig, 'strategy' | 'strategyParams' | 'areaPolicy'>): string {
  const params = Object.entries(config.strategyParams).map(([key, value]) => `${key}=${value}`);
  const policy = config.areaPolicy.kind === 'by-size' ? `@by-size=${config.areaPolicy.smallBytes}` : '';
  return [config.strategy, ...params].join(':') + policy;
}

/** The configuration fields a spec sets. Throws `HeapInputError` (field `strategy`) on bad syntax. */
export function parseStrategySpec(text: string): Pick<HeapConfigInput, 'strategy' | 'strategyParams' | 'areaPolicy'> {
  const match = /^([a-z][a-z0-9-]*)(?::([^@]*))?(?:@(.*))?$/.exec(text.trim());
  if (match === null) throw bad(text, 'expected NAME[:KEY=N]...[@in-order|@by-size[=BYTES]]');
  const [, strategy, paramText, policyText] = match;
  const strategyParams: Record<string, number> = {};
  for (const pair of paramText === undefined || paramText === '' ? [] : paramText.split(':')) {
    const kv = /^([a-z][a-z0-9-]*)=(-?\d+)$/.exec(pair.trim());
    if (kv === null) throw bad(text, `parameter ${JSON.stringify(pair)} is not KEY=N`);
    strategyParams[kv[1]!] = Number(kv[2]);
  }
  return { strategy, strategyParams, areaPolicy: parsePolicy(text, policyText) };
}

function parsePolicy(text: string, policy: string | undefined): AreaPolicy {
  if (policy === undefined || policy === 'in-order') return { kind: 'in-order' };
  const bySize = /^by-size(?:=(\d+))?$/.exec(policy);
  if (bySize === null) throw bad(text, `area policy ${JSON.stringify(policy)} is not in-order or by-size[=BYTES]`);
  return bySize[1] === undefined ? { kind: 'by-size', smallBytes: DEFAULT_SMALL_BYTES } : { kind: 'by-size', smallBytes: Number(bySize[1]) };
}

function bad(text: string, detail: string): HeapInputError {
  return new HeapInputError(`bad strategy ${JSON.stringify(text)}: ${detail}`, { field: 'strategy' });
}
