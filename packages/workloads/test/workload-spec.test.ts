import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns, fcTimeout } from '../../../test-support/fast-check-runs.js';
import { parse, stringify } from 'yaml';
import { applyAll, createHeap, resolveConfig, type AllocEvent, type HeapEvent } from '@heaplab/core';
import { type Workload, workloadFromSpec } from '../src/index.js';
import { specWorkload } from '../src/spec/spec-workload.js';
import { workloadSpecSchema } from '../src/spec/workload-spec.js';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));

/** The workload the spec in `file` describes (the CLI's own file reader, and its errors, are tested in the CLI). */
async function loadSpec(file: string): Promise<Workload> {
  return workloadFromSpec(await readFile(file, 'utf8'), file);
}

/** A workload from a spec written inline (on a 64 KiB heap unless `heap` says otherwise). */
function workloadOf(spec: Record<string, unknown>): Workload {
  return specWorkload(workloadSpecSchema.parse({ name: 'test', heap: { areas: ['64k'] }, ...spec }), 'test');
}

function allocs(events: readonly HeapEvent[]): AllocEvent[] {
  return events.filter((e): e is AllocEvent => e.op === 'alloc');
}

/** Ids named by an event: `id`, or both ends of a reference. */
function idsOf(event: HeapEvent): number[] {
  if ('id' in event) return [event.id];
  return 'from' in event ? [event.from, event.to] : [];
}

/** Checks the events under `micropython`: only events naming an object whose own request failed may be rejected. */
function expectValid(workload: Workload, events: readonly HeapEvent[]): void {
  const { outcomes } = applyAll(createHeap(workload.heap), events);
  const failed = new Set<number>();
  outcomes.forEach((outcome, i) => {
    const event = events[i]!;
    if (outcome.kind === 'memory-error' && event.op === 'alloc') failed.add(event.id);
    if (outcome.kind === 'rejected') {
      expect(outcome.code, `event ${i}: ${outcome.message}`).toBe('unknown-id');
      expect(
        idsOf(event).some((id) => failed.has(id)),
        `event ${i} (${JSON.stringify(event)}) names no object whose request failed`,
      ).toBe(true);
    }
  });
}

/** The generator's own count of live bytes after each event: objects and their children until the object dies. */
function liveBytesAfterEach(events: readonly HeapEvent[]): number[] {
  const bytes = new Map<number, number>();
  const family = new Map<number, number>();
  let live = 0;
  return events.map((event) => {
    if (event.op === 'alloc') {
      bytes.set(event.id, event.bytes);
      live += event.bytes;
    } else if (event.op === 'ref') {
      family.set(event.from, (family.get(event.from) ?? 0) + bytes.get(event.to)!);
    } else if (event.op === 'realloc') {
      live += event.bytes - bytes.get(event.id)!;
      bytes.set(event.id, event.bytes);
    } else if (event.op === 'unroot' || event.op === 'free') {
      live -= bytes.get(event.id)! + (family.get(event.id) ?? 0);
    }
    return live;
  });
}

describe.each(['sensor-logger.yaml', 'image-pipeline.json'])('example %s', (file) => {
  it('loads, and writes the same events for the same seed, other events for another', async () => {
    const workload = await loadSpec(join(examples, file));
    expect(workload.name).toBe(file.replace(/\..*$/, ''));
    const a = workload.generate('7', 3000);
    expect(a.events).toHaveLength(3000);
    expect(workload.generate('7', 3000)).toEqual(a);
    expect(workload.generate('8', 3000).events).not.toEqual(a.events);
    expect(workload.generate('7', 1000).events).toEqual(a.events.slice(0, 1000));
  });

  it('is valid for the engine under micropython', async () => {
    const workload = await loadSpec(join(examples, file));
    for (const seed of ['1', '2', '3']) expectValid(workload, workload.generate(seed, workload.defaultLength).events);
  });

  it('keeps under its live-size cap', async () => {
    const workload = await loadSpec(join(examples, file));
    const cap = (resolveConfig(workload.heap).areas.reduce((sum, a) => sum + a.poolBytes, 0) * (file.endsWith('json') ? 80 : 70)) / 100;
    expect(Math.max(...liveBytesAfterEach(workload.generate('1', workload.defaultLength).events))).toBeLessThanOrEqual(cap);
  });
});

describe('the generator honours the spec', () => {
  const mixed = workloadOf({
    kinds: [
      { weight: 1, size: { uniform: [100, 200] }, lifetime: { uniform: [5, 50] }, longLived: true },
      { weight: 3, size: { choice: [16, 48, 80] }, lifetime: { fixed: 2 }, children: { count: { uniform: [1, 3] }, size: { fixed: 24 } } },
      { weight: 1, size: { logUniform: [1000, 2000] }, lifetime: { uniform: [1, 4] }, death: 'free' },
    ],
    collect: { threshold: '25%', every: 7 },
    marks: { every: 100 },
  });
  const events = mixed.generate('1', 5000).events;

  it('draws sizes from each kind’s distribution, and flags the long-lived kind', () => {
    const rooted = allocs(events).filter((e) => e.root !== false);
    for (const e of rooted) {
      const inKind = (e.bytes >= 100 && e.bytes <= 200) || [16, 48, 80].includes(e.bytes) || (e.bytes >= 1000 && e.bytes <= 2000);
      expect(inKind, `alloc of ${e.bytes}`).toBe(true);
      expect(e.longLived === true, `alloc of ${e.bytes}`).toBe(e.bytes >= 100 && e.bytes <= 200);
    }
    expect(new Set(rooted.filter((e) => e.bytes < 100).map((e) => e.bytes))).toEqual(new Set([16, 48, 80]));
    expect(rooted.some((e) => e.bytes > 1000 && e.bytes < 1500)).toBe(true);
  });

  it('allocates children unrooted, each referenced from its parent at once, never rooted', () => {
    expect(events.some((e) => e.op === 'root')).toBe(false);
    let parent = -1;
    let children = 0;
    const counts: number[] = [];
    events.forEach((e, i) => {
      if (e.op !== 'alloc') return;
      if (e.root !== false) {
        if (parent >= 0 && [16, 48, 80].includes(allocs([events[parent]!])[0]!.bytes)) counts.push(children);
        parent = i;
        children = 0;
        return;
      }
      children++;
      expect(e.bytes).toBe(24);
      if (i + 1 < events.length) expect(events[i + 1]).toEqual({ op: 'ref', from: (events[parent] as AllocEvent).id, to: e.id });
      expect(events.some((other) => other.op === 'unroot' && other.id === e.id)).toBe(false);
    });
    expect(new Set(counts)).toEqual(new Set([1, 2, 3]));
  });

  it('starts with the threshold, collects every N steps and marks every M', () => {
    const heapBytes = resolveConfig(mixed.heap).areas[0]!.poolBytes;
    expect(events[0]).toEqual({ op: 'threshold', bytes: Math.floor(heapBytes / 4) });
    let steps = 0;
    const between: number[] = [];
    for (const e of events) {
      if (e.op === 'alloc' && e.root !== false) steps++;
      if (e.op === 'collect') {
        between.push(steps);
        steps = 0;
      }
    }
    expect(between.length).toBeGreaterThan(10);
    expect(new Set(between)).toEqual(new Set([7]));
    expect(
      mixed
        .generate('1', 5000)
        .marks.slice(0, 2)
        .map((m) => m.label),
    ).toEqual(['after step 100', 'after step 200']);
  });

  it('writes `threshold -1` for threshold null, and no threshold when none is given', () => {
    const kinds = [{ size: { fixed: 16 }, lifetime: { fixed: 1 } }];
    expect(workloadOf({ kinds, collect: { threshold: null } }).generate('1', 10).events[0]).toEqual({ op: 'threshold', bytes: -1 });
    expect(
      workloadOf({ kinds })
        .generate('1', 10)
        .events.some((e) => e.op === 'threshold' || e.op === 'collect'),
    ).toBe(false);
  });

  it('ends objects by free or by a dropped root, as their kind says', () => {
    const deaths = (death: string, lifetime: unknown = { uniform: [0, 9] }): { free: number; unroot: number } => {
      const run = workloadOf({
        kinds: [
          { size: { fixed: 32 }, lifetime, death },
          { weight: 3, size: { fixed: 48 }, lifetime, death },
        ],
      }).generate('3', 4000).events;
      return { free: run.filter((e) => e.op === 'free').length, unroot: run.filter((e) => e.op === 'unroot').length };
    };
    expect(deaths('free').unroot).toBe(0);
    expect(deaths('free').free).toBeGreaterThan(1500);
    expect(deaths('drop').free).toBe(0);
    expect(deaths('drop').unroot).toBeGreaterThan(1500);
    const run = workloadOf({
      kinds: [
        { weight: 3, size: { fixed: 32 }, lifetime: { fixed: 3 } },
        { weight: 1, size: { fixed: 48 }, lifetime: { fixed: 3 }, death: 'free' },
      ],
    }).generate('3', 8000).events;
    const ratio = run.filter((e) => e.op === 'unroot').length / run.filter((e) => e.op === 'free').length;
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(3.5);
  });

  it('grows objects by realloc every k steps up to the maximum', () => {
    const run = workloadOf({
      kinds: [
        { size: { fixed: 32 }, lifetime: { uniform: [0, 20] }, grow: { every: 2, by: '100%', max: 200 } },
        { weight: 2, size: { fixed: 16 }, lifetime: { fixed: 1 } },
      ],
    }).generate('1', 3000).events;
    const reallocs = run.filter((e) => e.op === 'realloc');
    expect(reallocs.length).toBeGreaterThan(100);
    expect(new Set(reallocs.map((e) => e.op === 'realloc' && e.move && e.bytes))).toEqual(new Set([64, 128, 200]));
    const byBytes = workloadOf({ kinds: [{ size: { fixed: 32 }, lifetime: 'forever', grow: { every: 1, by: 100, max: '1k' } }] }).generate('1', 200).events;
    expect(byBytes.filter((e) => e.op === 'realloc').slice(0, 3)).toEqual([
      { op: 'realloc', id: 1, bytes: 132, move: true },
      { op: 'realloc', id: 1, bytes: 232, move: true },
      { op: 'realloc', id: 2, bytes: 132, move: true },
    ]);
  });

  it('makes the atStart objects first, and never exceeds the live cap', () => {
    const capped = workloadOf({
      kinds: [
        { atStart: 5, weight: 0, size: { fixed: 1000 }, lifetime: 'forever', longLived: true },
        { size: { logUniform: [16, 4096] }, lifetime: { uniform: [10, 400] }, children: { count: { uniform: [0, 4] }, size: { fixed: 64 } } },
        { weight: 0.2, size: { fixed: 64 }, lifetime: { uniform: [1, 100] }, grow: { every: 3, by: '50%', max: '2k' } },
      ],
      live: { max: 20000 },
    });
    const run = capped.generate('5', 20000).events;
    expect(allocs(run.slice(0, 5)).map((e) => [e.bytes, e.longLived])).toEqual(Array(5).fill([1000, true]));
    const live = liveBytesAfterEach(run);
    expect(Math.max(...live)).toBeLessThanOrEqual(20000);
    expect(Math.max(...live)).toBeGreaterThan(18000);
    expectValid(capped, run);
  });

  it('ends the run, with a mark, when objects that never die leave no room under the cap', () => {
    const run = workloadOf({ kinds: [{ size: { fixed: 1000 }, lifetime: 'forever' }], live: { max: '10k' } }).generate('1', 100);
    expect(run.events).toHaveLength(10);
    expect(run.marks).toEqual([
      {
        event: 10,
        label: 'live.max: no room under 10240 bytes for an object of kinds[0] and its 0 children (1000 bytes) beside 10000 bytes that never die; the run ends',
      },
    ]);
  });
});

describe('the generator streams', () => {
  const base = workloadSpecSchema.parse({ name: 'test', heap: { areas: ['64k'] }, kinds: [{ size: { fixed: 16 }, lifetime: { fixed: 1 } }] });
  const kind = base.kinds[0]!;

  it('writes only the events asked for, however many one object or the start would make (a spec past the limits, built without the schema)', () => {
    const family = specWorkload(
      { ...base, kinds: [{ ...kind, children: { count: { kind: 'fixed', value: 1e8 }, size: { kind: 'fixed', value: 16 } } }] },
      'test',
    );
    const run = family.generate('1', 1000);
    expect(run.events).toHaveLength(1000);
    expect(run.events.slice(0, 3)).toEqual([
      { op: 'alloc', id: 1, bytes: 16 },
      { op: 'alloc', id: 2, bytes: 16, root: false },
      { op: 'ref', from: 1, to: 2 },
    ]);
    const crowd = specWorkload({ ...base, kinds: [{ ...kind, atStart: 1e9 }] }, 'test').generate('1', 1000);
    expect(crowd.events).toHaveLength(1000);
    expect(crowd.events.every((e) => e.op === 'alloc')).toBe(true);
  });

  it('writes at most 1000 marks a run, and says so at the last', () => {
    const { marks } = workloadOf({ kinds: [{ size: { fixed: 16 }, lifetime: { fixed: 0 } }], marks: { every: 1 } }).generate('1', 5000);
    expect(marks).toHaveLength(1000);
    expect(marks[998]!.label).toBe('after step 999');
    expect(marks[999]!.label).toBe('after step 1000 (the last mark: a run has at most 1000)');
  });
});

describe('spec errors name file, line and field', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'heaplab-spec-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The message loading `text` (written to `name`) fails with; `FILE` stands for the file's path. */
  async function failure(name: string, text: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, text);
    const error = await loadSpec(file).then(
      () => new Error('loaded'),
      (e: unknown) => e as Error,
    );
    expect(error.name).toBe('HeapInputError');
    return error.message.replace(file, 'FILE');
  }

  const kindsYaml = (kind: string): string => `name: t\nheap:\n  areas: [64k]\nkinds:\n${kind}`;

  it('YAML syntax error', async () => {
    expect(await failure('tabs.yaml', 'name: tabs\nheap:\n\tareas: [64k]\n')).toBe('FILE:3: not valid YAML or JSON: Tabs are not allowed as indentation');
  });

  it('unknown field, with the nearest known one', async () => {
    expect(await failure('typo.yaml', kindsYaml('  - size: {fixed: 16}\n    lifetme: {fixed: 3}\n'))).toBe(
      "FILE:6: kinds[0]: unknown field 'lifetme' (did you mean 'lifetime'?); expected one of name, weight, atStart, size, lifetime, longLived, death, children, grow",
    );
    expect(await failure('top.yaml', `${kindsYaml('  - {size: {fixed: 16}, lifetime: forever}\n')}colect: {every: 5}\n`)).toBe(
      "FILE:6: unknown field 'colect' (did you mean 'collect'?); expected one of name, summary, heap, length, kinds, live, collect, marks",
    );
  });

  it('wrong type', async () => {
    expect(await failure('type.yaml', kindsYaml('  - size: {fixed: 16}\n    lifetime: forever\n    longLived: "yes"\n'))).toBe(
      'FILE:7: kinds[0].longLived: expected true or false, got "yes"',
    );
    expect(await failure('version.yaml', 'name: t\nheap:\n  areas: [64k]\n  mpyVersion: 1.20\nkinds: [{size: {fixed: 16}, lifetime: forever}]\n')).toBe(
      'FILE:4: heap.mpyVersion: expected a MicroPython version as text, e.g. "1.27" (quoted: YAML reads 1.20 as the number 1.2), got 1.2',
    );
    expect(await failure('lifetime.yaml', kindsYaml('  - size: {fixed: 16}\n    lifetime: {uniform: [3, soon]}\n'))).toBe(
      'FILE:6: kinds[0].lifetime.uniform[1]: expected a whole number from 0 to 1000000, got "soon"',
    );
    expect(await failure('forever.yaml', kindsYaml('  - size: {fixed: 16}\n    lifetime: forevr\n'))).toBe(
      'FILE:6: kinds[0].lifetime: expected "forever" or a distribution of steps such as {uniform: [1, 100]}, got "forevr"',
    );
  });

  it('negative size', async () => {
    expect(await failure('negative.yaml', kindsYaml('  - size: {fixed: -16}\n    lifetime: forever\n'))).toBe(
      'FILE:5: kinds[0].size.fixed: expected a size from 1 byte to 4 GiB (bytes, or text like "512", "4k", "2m"), got -16',
    );
  });

  it('min > max, in a JSON file', async () => {
    const kinds = [0, 1, 2].map((i) => `    {"size": {"uniform": [${i === 2 ? '512, 64' : '16, 32'}]}, "lifetime": "forever"}`).join(',\n');
    expect(await failure('range.json', `{\n  "name": "t",\n  "heap": {"areas": [65536]},\n  "kinds": [\n${kinds}\n  ]\n}\n`)).toBe(
      'FILE:7: kinds[2].size.uniform: expected [min, max] with min ≤ max, got [512, 64]',
    );
  });

  it('empty kinds list, and all weights 0', async () => {
    expect(await failure('empty.yaml', 'name: t\nheap:\n  areas: [64k]\nkinds: []\n')).toBe('FILE:4: kinds: expected at least one kind');
    expect(
      await failure(
        'weights.yaml',
        kindsYaml('  - {weight: 0, size: {fixed: 16}, lifetime: forever, atStart: 3}\n  - {weight: 0, size: {fixed: 16}, lifetime: forever}\n'),
      ),
    ).toBe('FILE:5: kinds: every kind has weight 0; at least one needs a positive weight for the program to make objects as it runs');
  });

  it('bad area string, and an area the engine refuses', async () => {
    expect(await failure('area.yaml', 'name: t\nheap:\n  areas:\n    - 64k\n    - 16q\nkinds: [{size: {fixed: 16}, lifetime: forever}]\n')).toBe(
      'FILE:5: heap.areas[1]: expected an area size (bytes, text like "64k" or "1m", or a block count like "4000blk"), got "16q"',
    );
    expect(await failure('blocks.yaml', 'name: t\nheap:\n  areas: [64k, 4001blk]\nkinds: [{size: {fixed: 16}, lifetime: forever}]\n')).toBe(
      "FILE:3: heap.areas[1]: expected a block count that is a positive multiple of 4 (the allocation table holds 4 blocks a byte, so an area's blocks come in fours), got 4001",
    );
    expect(await failure('huge.yaml', 'name: t\nheap:\n  areas: [5000m]\nkinds: [{size: {fixed: 16}, lifetime: forever}]\n')).toBe(
      'FILE:3: heap.areas[0]: expected at most 1073741824 bytes (1 GiB) in all areas together (heaplab\'s limit), got "5000m"',
    );
  });

  it('areas larger than 256 MiB, within 1 GiB in all, load and run', async () => {
    for (const areas of ['[600m, 100m]', '[512m, 512m]']) {
      const file = join(dir, 'large.yaml');
      await writeFile(file, `name: t\nheap:\n  areas: ${areas}\nkinds: [{size: {fixed: 16}, lifetime: forever}]\n`);
      expect((await loadSpec(file)).generate('1', 10).events, areas).toHaveLength(10);
    }
  });

  it('a negative weight is reported at its own line', async () => {
    expect(await failure('weight.yaml', kindsYaml('  - size: {fixed: 16}\n    lifetime: forever\n    weight: -1\n'))).toBe(
      'FILE:7: kinds[0].weight: expected a number ≥ 0, got -1',
    );
  });

  it('grow.max below the kind’s smallest size', async () => {
    expect(await failure('grow.yaml', kindsYaml('  - size: {uniform: [16, 64]}\n    lifetime: forever\n    grow: {every: 1, by: 16, max: 8}\n'))).toBe(
      "FILE:7: kinds[0].grow.max: expected at least the kind's smallest size, 16 bytes (an object never grows past grow.max, so this one would never grow), got 8",
    );
  });

  it('more than one document, and aliases that expand too far or name no anchor', async () => {
    expect(await failure('multi.yaml', `${kindsYaml('  - {size: {fixed: 16}, lifetime: forever}\n')}---\nname: u\n`)).toBe(
      'FILE:6: expected one YAML document; this file has more than one (a second begins at line 6)',
    );
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [prev, next] of [...'abcde'].map((c, i) => [c, 'bcdef'[i]!])) levels.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    expect(await failure('bomb.yaml', `name: bomb\n${levels.join('\n')}\n`)).toBe(
      'FILE:5: too many aliases: *c expands to more copies than heaplab reads (a file that repeats itself this way would fill the memory)',
    );
    expect(await failure('alias.yaml', 'name: t\nheap: {areas: [*x]}\n')).toBe('FILE:2: *x names no anchor before it (write &x on the value first)');
  });

  it('missing required field', async () => {
    expect(await failure('missing.yaml', kindsYaml('  - weight: 2\n    size: {fixed: 16}\n'))).toBe(
      'FILE:5: kinds[0].lifetime: required field missing; expected "forever" or a distribution of steps such as {uniform: [1, 100]}',
    );
    expect(await failure('nothing.yaml', '# just a comment\n')).toBe(
      'FILE:1: expected a workload spec (fields: name, summary, heap, length, kinds, live, collect, marks), got an empty value',
    );
  });
  /** A spec with every number at its limit, but those `over` sets (a field's line is fixed: see the comments). */
  function atLimits(
    over: Partial<Record<'areas' | 'length' | 'lifetime' | 'weight' | 'atStart' | 'count' | 'growEvery' | 'growBy' | 'collect' | 'marks', string>> = {},
  ): string {
    const v = {
      areas: `[${Array(64).fill('16m').join(', ')}]`,
      length: '1000000',
      lifetime: '1000000',
      weight: '1000000000',
      atStart: '1000000',
      count: '500000',
      growEvery: '1000000',
      growBy: '"10000%"',
      collect: '1000000',
      marks: '1000000',
      ...over,
    };
    return [
      'name: limits',
      'heap:',
      `  areas: ${v.areas}`, // line 3
      `length: ${v.length}`, // 4
      'kinds:',
      '  - size: {fixed: 4096m}',
      `    lifetime: {fixed: ${v.lifetime}}`, // 7
      `    weight: ${v.weight}`, // 8
      `    atStart: ${v.atStart}`, // 9
      `    children: {count: {fixed: ${v.count}}, size: {fixed: 16}}`, // 10
      `    grow: {every: ${v.growEvery}, by: ${v.growBy}, max: 4096m}`, // 11
      `collect: {every: ${v.collect}}`, // 12
      `marks: {every: ${v.marks}}`, // 13
      '',
    ].join('\n');
  }

  it('every number at its limit loads, and runs as far as asked', async () => {
    const file = join(dir, 'limits.yaml');
    await writeFile(file, atLimits());
    const workload = await loadSpec(file);
    expect(workload.defaultLength).toBe(1_000_000);
    expect(workload.generate('1', 2000).events).toHaveLength(2000);
    const kinds = Array(1000).fill('{size: {fixed: 16}, lifetime: forever}').join(', ');
    await writeFile(file, `name: t\nheap:\n  areas: [1024m]\nkinds: [${kinds}]\n`);
    expect((await loadSpec(file)).generate('1', 10).events).toHaveLength(10);
  });

  it('a number past its limit is one located error that names the limit', async () => {
    const cases: [Parameters<typeof atLimits>[0], string][] = [
      [{ length: '1000001' }, "FILE:4: length: expected at most 1000000 events per run (heaplab's limit), got 1000001"],
      [{ length: '1099511627776' }, "FILE:4: length: expected at most 1000000 events per run (heaplab's limit), got 1099511627776"],
      [{ areas: `[${Array(65).fill('16k').join(', ')}]` }, "FILE:3: heap.areas: expected at most 64 areas (heaplab's limit), got a list of 65"],
      [
        { areas: `[${Array(63).fill('16m').join(', ')}, 17m]` },
        "FILE:3: heap.areas: expected at most 1073741824 bytes (1 GiB) in all areas together (heaplab's limit), got 1074790400",
      ],
      [{ lifetime: '1000001' }, "FILE:7: kinds[0].lifetime.fixed: expected at most 1000000 steps (heaplab's limit), got 1000001"],
      [{ weight: '1000000001' }, "FILE:8: kinds[0].weight: expected at most 1000000000 (heaplab's limit), got 1000000001"],
      [{ atStart: '1000001' }, "FILE:9: kinds[0].atStart: expected at most 1000000 objects at the start (heaplab's limit), got 1000001"],
      [{ count: '500001' }, "FILE:10: kinds[0].children.count.fixed: expected at most 500000 children of one object (heaplab's limit), got 500001"],
      [{ growEvery: '1000001' }, "FILE:11: kinds[0].grow.every: expected at most 1000000 steps (heaplab's limit), got 1000001"],
      [
        { growBy: '"10001%"' },
        'FILE:11: kinds[0].grow.by: expected a size (bytes, or text like "4k") or a percentage of the object (more than 0%, at most 10000%, e.g. "50%"), got "10001%"',
      ],
      [{ collect: '1000001' }, "FILE:12: collect.every: expected at most 1000000 steps (heaplab's limit), got 1000001"],
      [{ marks: '1000001' }, "FILE:13: marks.every: expected at most 1000000 steps (heaplab's limit), got 1000001"],
    ];
    for (const [over, message] of cases) expect(await failure('over.yaml', atLimits(over)), JSON.stringify(over)).toBe(message);
    const kinds = Array(1001).fill('{size: {fixed: 16}, lifetime: forever}').join(', ');
    expect(await failure('kinds.yaml', `name: t\nheap:\n  areas: [64k]\nkinds: [${kinds}]\n`)).toBe(
      "FILE:4: kinds: expected at most 1000 kinds (heaplab's limit), got a list of 1001",
    );
  });
});

describe('hostile specs (property)', () => {
  let dir = '';
  let texts: string[] = [];
  // Nothing may print beside the one error, not even a Node warning from a library.
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => void warnings.push(warning.message);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'heaplab-spec-fuzz-'));
    texts = await Promise.all(['sensor-logger.yaml', 'image-pipeline.json'].map((f) => readFile(join(examples, f), 'utf8')));
    process.on('warning', onWarning);
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    await rm(dir, { recursive: true, force: true });
    expect(warnings).toEqual([]);
  });

  /**
   * Loads `text` as a spec file: either a workload whose first 300 events the engine takes, or
   * one HeapInputError of a line or two that names the file and a line in it. A spec's numbers
   * are bounded (docs/workload-spec.md), so neither can take more than a moment.
   */
  async function check(text: string, name: string): Promise<void> {
    const file = join(dir, name);
    await writeFile(file, text);
    let workload: Workload;
    try {
      workload = await loadSpec(file);
    } catch (error) {
      expect((error as Error).name, String(error)).toBe('HeapInputError');
      const message = (error as Error).message;
      expect(message.startsWith(`${file}:`), message).toBe(true);
      expect(message.split('\n').length, message).toBeLessThanOrEqual(2);
      if (!message.startsWith(`${file}: not valid YAML:`)) expect(message.slice(file.length), message).toMatch(/^:\d+: /);
      return;
    }
    // The events are valid on any heap (they never depend on placement); on a large one the
    // engine spends time in proportion to the blocks its objects cover, so it is checked on 64 KiB.
    const large = resolveConfig(workload.heap).areas.reduce((sum, area) => sum + area.regionBytes, 0) > 2 ** 20;
    expectValid(large ? { ...workload, heap: { ...workload.heap, areas: [{ bytes: 65536 }] } } : workload, workload.generate('1', 300).events);
  }

  /** Every path to a value in a parsed document, in document order. */
  function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    if (typeof value !== 'object' || value === null) return [prefix];
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key]))];
  }

  const junk = fc.oneof(
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    fc.double(),
    fc.string({ maxLength: 8 }),
    fc.constantFrom(null, true, false, '64k', '1e9', '-5', 'forever', 'free', '50%', '250%', '4000blk', '', 2 ** 53, 1e300),
    fc.array(fc.integer({ min: -10, max: 100_000 }), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom('fixed', 'uniform', 'logUniform', 'choice', 'every', 'max', 'by', 'count', 'size', 'x'),
      fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.array(fc.integer({ min: -5, max: 5000 }), { maxLength: 3 })),
      {
        maxKeys: 2,
      },
    ),
  );
  const edits = fc.array(fc.tuple(fc.nat(), fc.constantFrom('set', 'delete', 'add'), junk), { minLength: 1, maxLength: 4 });

  it('a list as a mapping key is an unknown field, and prints no warning', async () => {
    const file = join(dir, 'list-key.yaml');
    await writeFile(file, 'name: t\nheap:\n  areas: [64k]\n  ? [16, 512]\n  : 3\nkinds: [{size: {fixed: 16}, lifetime: forever}]\n');
    await expect(loadSpec(file)).rejects.toThrow(`${file}:4: heap: unknown field '[ 16, 512 ]'; expected one of areas, wordBytes, mpyVersion`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
  });

  it('a long mapping as a key is an unknown field named on one line (pnpm test:fuzz found it several)', async () => {
    const file = join(dir, 'long-key.yaml');
    const key = '{count: {uniform: [0, 4]}, size: {choice: [16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208]}}';
    await writeFile(file, `name: t\nheap:\n  areas: [64k]\nkinds:\n  - size: {fixed: 16}\n    lifetime: forever\n    ? ${key}\n    : 3\n`);
    await expect(loadSpec(file)).rejects.toThrow(
      `${file}:7: kinds[0]: unknown field '{ count: { uniform: [ 0, 4 ] }, size: { choice: [ 16, 32, 48…'; expected one of name, weight, atStart, size, lifetime, longLived, death, children, grow`,
    );
  });

  it('a damaged spec loads and runs, or stops with one located error', { timeout: fcTimeout(60_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(1), edits, fc.boolean(), async (example, changes, asJson) => {
        const spec: unknown = parse(texts[example]!);
        for (const [pick, op, value] of changes) {
          const all = paths(spec).filter((p) => p.length > 0);
          const path = all[pick % all.length]!;
          const parent = path
            .slice(0, -1)
            .reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, spec as Record<string, unknown>);
          const key = path[path.length - 1]!;
          if (op === 'set') parent[key] = value;
          else if (op === 'delete' && Array.isArray(parent)) parent.splice(key as number, 1);
          else if (op === 'delete') delete parent[key];
          else if (typeof parent[key] === 'object' && parent[key] !== null && !Array.isArray(parent[key]))
            (parent[key] as Record<string, unknown>).colour = value;
        }
        await check(asJson ? JSON.stringify(spec, null, 2) : stringify(spec), asJson ? 'spec.json' : 'spec.yaml');
      }),
      { numRuns: fcRuns(200) },
    );
  });

  it('a spec cut short or with text spliced in loads and runs, or stops with one located error', { timeout: fcTimeout(60_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(1), fc.nat(), fc.nat(), fc.string({ maxLength: 12 }), async (example, at, cut, insert) => {
        const text = texts[example]!;
        const start = at % (text.length + 1);
        await check(text.slice(0, start) + insert + text.slice(start + (cut % 40)), example === 0 ? 'cut.yaml' : 'cut.json');
      }),
      { numRuns: fcRuns(200) },
    );
  });
});
