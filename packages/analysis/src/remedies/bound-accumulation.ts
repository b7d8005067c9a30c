/**
 * `bound-accumulation`: keep only the newest N of the objects an accumulation holds (the
 * diagnosis' holders, in allocation order). Right after the k-th is allocated, the (k − N)-th is
 * let go of as the program would drop it: unrooted if it is a root, and unreferenced by each
 * object that references it; every later event that names it is taken out. The bound is searched
 * down from all of them to 1 (`largestSurviving`): the largest N found at which the recording survives.
 */
import type { HeapEvent, ObjectId } from '@heaplab/core';
import { plural } from '@heaplab/core';
import { largestSurviving } from './largest-surviving.js';
import { objectLives, withoutObjects } from './object-lives.js';
import type { Remedy } from './remedy.js';
import type { RemedyContext } from './remedy-context.js';
import { checkText } from './remedy-wording.js';
import { StreamEdit } from './stream-edit.js';

/** The accumulating objects: recorded indices of their allocations, in order, and their lives. */
export interface Accumulating {
  readonly allocations: readonly number[];
  readonly lives: ReadonlyMap<number, readonly number[]>;
}

export function accumulating(events: readonly HeapEvent[], allocations: readonly number[]): Accumulating {
  return { allocations, lives: objectLives(events, allocations) };
}

/** The change for a bound of `keep` objects, and how many objects it lets go of early. */
export function boundAccumulationEdit(events: readonly HeapEvent[], series: Accumulating, keep: number): { edit: StreamEdit; released: number } {
  const edit = new StreamEdit();
  const { allocations, lives } = series;
  let released = 0;
  for (let k = keep; k < allocations.length; k++) {
    const at = allocations[k]!;
    const old = allocations[k - keep]!;
    const id = (events[old] as { id: ObjectId }).id;
    const life = lives.get(old)!;
    const drops = dropsAt(events, id, life, at);
    if (drops.length === 0) continue;
    for (const drop of drops) edit.insertBefore(at + 1, drop);
    const gone = new Set([id]);
    for (const index of life) if (index > at) edit.replace(index, withoutObjects(events[index]!, gone));
    released++;
  }
  return { edit, released };
}

/** The events that let go of object `id` just after recorded event `at`: none when its life had ended or nothing held it. */
function dropsAt(events: readonly HeapEvent[], id: ObjectId, life: readonly number[], at: number): HeapEvent[] {
  let rooted = false;
  const parents: ObjectId[] = [];
  for (const index of life) {
    if (index > at) break;
    const event = events[index]!;
    switch (event.op) {
      case 'alloc':
        if (event.id === id) rooted = event.root !== false;
        else return [];
        break;
      case 'root':
      case 'unroot':
        rooted = event.op === 'root';
        break;
      case 'ref':
        if (event.to === id) parents.push(event.from);
        break;
      case 'unref':
        if (event.to === id) parents.splice(parents.indexOf(event.from), 1);
        break;
      case 'free':
      case 'collect':
        return [];
      case 'realloc':
        if (event.id !== id || event.bytes === 0) return [];
        break;
      default:
    }
  }
  return [...(rooted ? [{ op: 'unroot', id } as const] : []), ...parents.map((from) => ({ op: 'unref', from, to: id }) as const)];
}

export function boundAccumulation(context: RemedyContext, allocations: readonly number[]): Remedy | null {
  const { events, replayer } = context;
  const series = accumulating(events, allocations);
  const total = allocations.length;
  const { best, failing } = largestSurviving(1, total, (keep) => replayer.run(boundAccumulationEdit(events, series, keep).edit));
  const chosen = best ?? failing;
  if (chosen === null) return null;
  const verified = chosen.replayed.check;
  const summary =
    best === null
      ? `Keeping only the newest of the ${plural(total, 'object')} the accumulation holds does not help, down to 1: ${checkText(verified)}.`
      : `Keep only the newest ${best.value} of the ${plural(total, 'object')} the accumulation holds, letting the oldest go as each new one comes: ${checkText(verified)}` +
        (failing === null ? '.' : `; keeping ${failing.value} still fails.`);
  return {
    kind: 'bound-accumulation',
    summary,
    change: {
      keep: chosen.value,
      objects: total,
      released: boundAccumulationEdit(events, series, chosen.value).released,
      failingKeep: best === null || failing === null ? null : failing.value,
    },
    verified,
  };
}
