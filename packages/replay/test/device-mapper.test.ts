/**
 * Device trace lines the real traces do not contain: realloc of NULL and to zero, zero-size
 * allocations, frees and requests under the heap lock, threshold collections, finaliser frees
 * during a collection, and the checks that keep a trace consistent.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeapInputError } from '@heaplab/core';
import { replayTrace } from '../src/index.js';

const HEAP =
  '{"op":"heap","area":0,"bytes":1024,"pool_bytes":960,"total_blocks":60,"block_bytes":16,"word_bytes":4,"atb_bytes":15,"ftb_bytes":8,"wtb_bytes":0,"pool_offset":64}';
const alloc = (bytes: number, block: number, extra = ''): string =>
  `{"op":"alloc","bytes":${bytes},"blocks":${Math.ceil(bytes / 16)},"area":0,"block":${block},"fin":0,"in_realloc":0,"after_collect":0${extra}}`;

async function replayLines(lines: string[]): ReturnType<typeof replayTrace> {
  const file = join(mkdtempSync(join(tmpdir(), 'heaplab-dm-')), 't.ndjson');
  writeFileSync(file, [HEAP, ...lines].join('\n'));
  return replayTrace(file);
}

describe('device mapper: the less common lines', () => {
  it('realloc of NULL and realloc to zero', async () => {
    const report = await replayLines([
      '{"op":"alloc","bytes":40,"blocks":3,"area":0,"block":0,"fin":0,"in_realloc":1,"after_collect":0}',
      '{"op":"realloc","result":"alloc","bytes":40,"new_blocks":3,"allow_move":1,"area":0,"block":0,"new_area":0,"new_block":0}',
      '{"op":"free","area":0,"block":0,"blocks":3,"in_realloc":1,"in_collect":0}',
      '{"op":"realloc","result":"free","bytes":0,"new_blocks":0,"allow_move":1,"area":0,"block":0,"old_blocks":3}',
      '{"op":"info","total":960,"used":0,"free":960,"max_free_blocks":60,"n_1block":0,"n_2block":0,"max_block":0}',
    ]);
    expect(report).toMatchObject({ events: 2, divergences: 0, checkpoints: { matched: 1, total: 1 } });
  });

  it('zero-size requests, and what a locked heap did (reported, not modelled)', async () => {
    const report = await replayLines([
      '{"op":"alloc_zero"}',
      alloc(32, 0),
      '{"op":"alloc_fail","bytes":16,"blocks":1,"stage":"locked","fin":0,"in_realloc":0,"in_collect":0,"after_collect":0}',
      '{"op":"free_ignored","area":0,"block":0,"reason":"locked","in_realloc":0}',
    ]);
    expect(report).toMatchObject({ events: 2, allocs: 2, divergences: 0, skipped: 2 });
  });

  it('a threshold collection, with a finaliser freeing an object while it runs', async () => {
    const report = await replayLines([
      alloc(16, 0),
      alloc(16, 1),
      alloc(16, 2),
      '{"op":"collect_start","reason":"threshold"}',
      '{"op":"free","area":0,"block":2,"blocks":1,"in_realloc":0,"in_collect":1}',
      '{"op":"sweep_free","area":0,"block":0,"blocks":1}',
      '{"op":"collect_end","freed_objs":1,"freed_blocks":1}',
      alloc(16, 0, '').replace('"after_collect":0', '"after_collect":1'),
    ]);
    // The engine runs no threshold collection (no threshold event is recorded): a divergence.
    expect(report.divergences).toBe(1);
    expect(report.firstDivergence).toMatchObject({ line: 9, actual: 'placed at area 0 block 3 (1 block)' });
  });

  it('an explicit collection frees exactly the swept objects', async () => {
    const report = await replayLines([
      alloc(16, 0),
      alloc(32, 1),
      '{"op":"collect_start","reason":"explicit"}',
      '{"op":"sweep_free","area":0,"block":1,"blocks":2}',
      '{"op":"collect_end","freed_objs":1,"freed_blocks":2}',
      alloc(16, 1),
      '{"op":"info","total":960,"used":32,"free":928,"max_free_blocks":58,"n_1block":2,"n_2block":0,"max_block":1}',
    ]);
    expect(report).toMatchObject({ divergences: 0, checkpoints: { matched: 1, total: 1 } });
  });

  it.each([
    [
      'a collect_end that counts other objects than its sweeps',
      [
        alloc(16, 0),
        '{"op":"collect_start","reason":"explicit"}',
        '{"op":"sweep_free","area":0,"block":0,"blocks":1}',
        '{"op":"collect_end","freed_objs":2,"freed_blocks":1}',
      ],
      5,
      /collect_end counts 2 objects but 1 sweep_free lines/,
    ],
    ['a trace that ends inside a collection', [alloc(16, 0), '{"op":"collect_start","reason":"explicit"}'], 3, /ends inside a collection/],
    [
      'a moved realloc without its new copy',
      [
        alloc(16, 0),
        '{"op":"realloc","result":"moved","bytes":64,"new_blocks":4,"allow_move":1,"area":0,"block":0,"old_blocks":1,"new_block":9,"free_after":0}',
      ],
      3,
      /a moved realloc without the alloc line of its new copy/,
    ],
    [
      'a memory_error after a request that succeeded',
      [alloc(16, 0), '{"op":"memory_error","bytes":16,"heap_locked":0}'],
      3,
      /memory_error without the failed request/,
    ],
  ])('%s is a located error', async (_name, lines, line, message) => {
    const error = await replayLines(lines).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeapInputError);
    expect((error as HeapInputError).location.line).toBe(line);
    expect((error as HeapInputError).message).toMatch(message);
  });
});
