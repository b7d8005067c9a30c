/**
 * Device trace lines the real traces do not contain: realloc of NULL and to zero, zero-size
 * allocations, frees and requests under the heap lock, threshold lines and collections, finaliser frees
 * during a collection, and the checks that keep a trace consistent.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeapInputError } from '@heaplab/core';
import { lastValueFrom, toArray } from 'rxjs';
import { readTextLines, replayTrace, traceItemsOf, type ReplayOptions } from '../src/index.js';

const HEAP =
  '{"op":"heap","area":0,"bytes":1024,"pool_bytes":960,"total_blocks":60,"block_bytes":16,"word_bytes":4,"atb_bytes":15,"ftb_bytes":8,"wtb_bytes":0,"pool_offset":64}';
const alloc = (bytes: number, block: number, extra = ''): string =>
  `{"op":"alloc","bytes":${bytes},"blocks":${Math.ceil(bytes / 16)},"area":0,"block":${block},"fin":0,"in_realloc":0,"after_collect":0${extra}}`;

async function replayLines(lines: string[], options: ReplayOptions = {}): ReturnType<typeof replayTrace> {
  const file = join(mkdtempSync(join(tmpdir(), 'heaplab-dm-')), 't.ndjson');
  writeFileSync(file, [HEAP, ...lines].join('\n'));
  return replayTrace(file, options);
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

  it('a realloc of NULL that got nothing is a failed request: reproduced, with its MemoryError; under the lock, not modelled', async () => {
    const failed = await replayLines([
      alloc(640, 0),
      '{"op":"alloc_fail","bytes":577,"blocks":37,"stage":"pre_collect","fin":0,"in_realloc":1,"in_collect":0,"after_collect":0}',
      '{"op":"collect_start","reason":"alloc_fail"}',
      '{"op":"collect_end","freed_objs":0,"freed_blocks":0}',
      '{"op":"alloc_fail","bytes":577,"blocks":37,"stage":"final","fin":0,"in_realloc":1,"in_collect":0,"after_collect":1}',
      '{"op":"realloc","result":"fail","bytes":577,"new_blocks":37,"allow_move":1,"reason":"alloc_null"}',
      '{"op":"memory_error","bytes":577,"heap_locked":0}',
    ]);
    expect(failed).toMatchObject({ events: 2, divergences: 0, failedRequests: 1, memoryError: { line: 7, bytes: 577, reproduced: true } });
    const locked = await replayLines([
      '{"op":"alloc_fail","bytes":40,"blocks":3,"stage":"locked","fin":0,"in_realloc":1,"in_collect":0,"after_collect":0}',
      '{"op":"realloc","result":"fail","bytes":40,"new_blocks":3,"allow_move":1,"reason":"alloc_null"}',
      '{"op":"memory_error","bytes":40,"heap_locked":1}',
      '{"op":"alloc_zero"}',
      '{"op":"realloc","result":"fail","bytes":0,"new_blocks":0,"allow_move":1,"reason":"alloc_null"}',
    ]);
    expect(locked).toMatchObject({ events: 1, divergences: 0, skipped: 3, memoryError: null });
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

  it('a MemoryError raised for a request the heap lock refused is a step not modelled, not a failure to explain', async () => {
    const report = await replayLines([
      alloc(32, 0),
      '{"op":"alloc_fail","bytes":16,"blocks":1,"stage":"locked","fin":0,"in_realloc":0,"in_collect":0,"after_collect":0}',
      '{"op":"memory_error","bytes":16,"heap_locked":1}',
      '{"op":"realloc","result":"fail","area":0,"block":0,"old_blocks":2,"bytes":64,"new_blocks":4,"allow_move":1,"reason":"locked"}',
      '{"op":"memory_error","bytes":64,"heap_locked":1}',
      alloc(16, 2),
    ]);
    expect(report).toMatchObject({ events: 2, divergences: 0, skipped: 4, memoryError: null });
  });

  it('a threshold collection, with a finaliser freeing an object while it runs: run as recorded; unexpected only under --verify', async () => {
    const lines = [
      alloc(16, 0),
      alloc(16, 1),
      alloc(16, 2),
      '{"op":"collect_start","reason":"threshold"}',
      '{"op":"free","area":0,"block":2,"blocks":1,"in_realloc":0,"in_collect":1}',
      '{"op":"sweep_free","area":0,"block":0,"blocks":1}',
      '{"op":"collect_end","freed_objs":1,"freed_blocks":1}',
      alloc(16, 0, '').replace('"after_collect":0', '"after_collect":1'),
      '{"op":"info","total":960,"used":32,"free":928,"max_free_blocks":58,"n_1block":2,"n_2block":0,"max_block":1}',
    ];
    // No threshold line: the engine's threshold is off, but the trace says a collection ran there.
    const report = await replayLines(lines);
    expect(report).toMatchObject({ divergences: 0, checkpoints: { matched: 1, total: 1 } });
    const verified = await replayLines(lines, { verify: true });
    expect(verified.divergences).toBe(1);
    expect(verified.firstDivergence).toMatchObject({
      line: 9,
      expected: 'placed at area 0 block 0 (1 block) after a threshold collection',
      actual: "the engine's threshold did not call for this threshold collection",
    });
  });

  it('threshold lines: the engine collects where the device did, and a program that turns it off again', async () => {
    const report = await replayLines(
      [
        '{"op":"threshold","v":1,"bytes":32,"off":0}',
        alloc(16, 0),
        alloc(16, 1),
        '{"op":"collect_start","reason":"threshold"}',
        '{"op":"sweep_free","area":0,"block":0,"blocks":1}',
        '{"op":"collect_end","freed_objs":1,"freed_blocks":1}',
        alloc(16, 0).replace('"after_collect":0', '"after_collect":1'),
        '{"op":"threshold","v":1,"bytes":0,"off":1}',
        alloc(16, 2),
        alloc(16, 3),
      ],
      { verify: true },
    );
    // The threshold lines are events too: 2 of them and 5 allocations.
    expect(report).toMatchObject({ events: 7, allocs: 5, checkedEvents: 5, divergences: 0 });
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
      /collect_end counts 2 objects but 1 sweep_free line came/,
    ],
    [
      'a collect_end that counts other blocks than its sweeps freed (a finaliser free is not counted)',
      [
        alloc(32, 0),
        alloc(16, 2),
        '{"op":"collect_start","reason":"explicit"}',
        '{"op":"free","area":0,"block":2,"blocks":1,"in_realloc":0,"in_collect":1}',
        '{"op":"sweep_free","area":0,"block":0,"blocks":2}',
        '{"op":"collect_end","freed_objs":1,"freed_blocks":3}',
      ],
      7,
      /freed_blocks: .*collect_end counts 3 blocks but its 1 sweep_free line freed 2 blocks$/,
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

describe('device mapper: a line that cannot have happened is corrupt, not a divergence', () => {
  const line = (op: string, fields: string): string => `{"op":"${op}",${fields}}`;
  const realloc = (fields: string): string => line('realloc', fields);
  /** The 1-block object at block 0 moved by realloc: its new copy's alloc at block 20 (64 bytes), its own free, then the realloc line with `summary`'s fields. */
  const movedTo20 = (summary: string): string[] => [
    alloc(64, 0).replace('"block":0', '"block":20').replace('"in_realloc":0', '"in_realloc":1'),
    line('free', '"area":0,"block":0,"blocks":1,"in_realloc":1,"in_collect":0'),
    realloc(`"result":"moved","area":0,"block":0,"old_blocks":1,${summary},"allow_move":1,"new_area":0,"free_after":0`),
  ];

  it.each([
    [
      'a placement past the end of its area',
      [alloc(24, 1_000_000)],
      'block',
      /expected a place inside area 0's 60 blocks \(block \+ blocks ≤ 60\), got block 1000000 with 2 blocks/,
    ],
    ['a placement that runs over the end', [alloc(48, 58)], 'block', /got block 58 with 3 blocks/],
    [
      'an area the heap lines do not have',
      [alloc(16, 0).replace('"area":0', '"area":1')],
      'area',
      /the trace has 1 area \(its heap lines\); there is no area 1/,
    ],
    [
      'blocks that are not its bytes rounded up',
      [alloc(24, 0).replace('"blocks":2', '"blocks":7')],
      'blocks',
      /expected 2 \(24 bytes rounded up to whole 16-byte blocks\), got 7/,
    ],
    ['an allocation of 0 bytes', [line('alloc', '"bytes":0,"blocks":0,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0')], 'bytes', /alloc_zero/],
    [
      'a failed request whose blocks are not its bytes',
      [line('alloc_fail', '"bytes":320,"blocks":2,"stage":"final","fin":0,"in_realloc":0,"in_collect":0,"after_collect":0')],
      'blocks',
      /expected 20 \(320 bytes/,
    ],
    [
      'a free that runs over the end',
      [alloc(16, 59), line('free', '"area":0,"block":59,"blocks":4,"in_realloc":0,"in_collect":0')],
      'blocks',
      /got block 59 with 4 blocks/,
    ],
    [
      'a realloc whose new_blocks are not its bytes',
      [alloc(16, 0), realloc('"result":"grow","area":0,"block":0,"old_blocks":1,"bytes":40,"new_blocks":2,"allow_move":1')],
      'new_blocks',
      /expected 3 \(40 bytes/,
    ],
    [
      'a "grow" that shrinks',
      [alloc(48, 0), realloc('"result":"grow","area":0,"block":0,"old_blocks":3,"bytes":16,"new_blocks":1,"allow_move":1')],
      'new_blocks',
      /a "grow" realloc needs new_blocks > old_blocks \(3\), got 1/,
    ],
    [
      'a "same" of another length',
      [alloc(48, 0), realloc('"result":"same","area":0,"block":0,"old_blocks":3,"bytes":64,"new_blocks":4,"allow_move":1')],
      'new_blocks',
      /a "same" realloc needs new_blocks = old_blocks \(3\)/,
    ],
    [
      'a growth in place past the end of the area',
      [alloc(16, 58), realloc('"result":"grow","area":0,"block":58,"old_blocks":1,"bytes":64,"new_blocks":4,"allow_move":1')],
      'new_blocks',
      /got block 58 with 4 blocks/,
    ],
    [
      'a move to a place outside the area',
      [
        alloc(16, 0),
        alloc(64, 0).replace('"block":0', '"block":20').replace('"in_realloc":0', '"in_realloc":1'),
        line('free', '"area":0,"block":0,"blocks":1,"in_realloc":1,"in_collect":0'),
        realloc('"result":"moved","area":0,"block":0,"old_blocks":1,"bytes":64,"new_blocks":4,"allow_move":1,"new_area":0,"new_block":90,"free_after":0'),
      ],
      'new_block',
      /got block 90 with 4 blocks/,
    ],
    [
      'a free of another length than the object has',
      [alloc(16, 2), line('free', '"area":0,"block":2,"blocks":7,"in_realloc":0,"in_collect":0')],
      'blocks',
      /expected 1, the length of the live object at area 0 block 2 \(as line 2 left it\), got 7$/,
    ],
    [
      'a sweep of another length than the object has',
      [alloc(16, 0), '{"op":"collect_start","reason":"explicit"}', '{"op":"sweep_free","area":0,"block":0,"blocks":40}'],
      'blocks',
      /expected 1, the length of the live object at area 0 block 0 \(as line 2 left it\), got 40$/,
    ],
    [
      "a realloc's own free of another length",
      [
        alloc(16, 0),
        alloc(64, 0).replace('"block":0', '"block":20').replace('"in_realloc":0', '"in_realloc":1'),
        line('free', '"area":0,"block":0,"blocks":2,"in_realloc":1,"in_collect":0'),
      ],
      'blocks',
      /expected 1, the length of the live object at area 0 block 0/,
    ],
    [
      'a free of the length an object had before it grew in place',
      [
        alloc(16, 0),
        realloc('"result":"grow","area":0,"block":0,"old_blocks":1,"bytes":48,"new_blocks":3,"allow_move":1'),
        line('free', '"area":0,"block":0,"blocks":1,"in_realloc":0,"in_collect":0'),
      ],
      'blocks',
      /expected 3, the length of the live object at area 0 block 0 \(as line 3 left it\), got 1$/,
    ],
    [
      "a moved realloc whose new_blocks are not its new copy's",
      [alloc(16, 0), ...movedTo20('"bytes":80,"new_blocks":5,"new_block":20')],
      'new_blocks',
      /expected 4, the blocks of its new copy's alloc line before it, got 5$/,
    ],
    [
      "a moved realloc whose new_block is not its new copy's",
      [alloc(16, 0), ...movedTo20('"bytes":64,"new_blocks":4,"new_block":24')],
      'new_block',
      /expected 20, the block of its new copy's alloc line before it, got 24$/,
    ],
    [
      'a free of the old length of an object that moved',
      [
        alloc(16, 0),
        alloc(16, 1),
        ...movedTo20('"bytes":64,"new_blocks":4,"new_block":20'),
        line('free', '"area":0,"block":20,"blocks":1,"in_realloc":0,"in_collect":0'),
      ],
      'blocks',
      /expected 4, the length of the live object at area 0 block 20 \(as line 6 left it\), got 1$/,
    ],
    [
      'a realloc whose old_blocks are not the length the object has',
      [alloc(48, 0), realloc('"result":"grow","area":0,"block":0,"old_blocks":2,"bytes":64,"new_blocks":4,"allow_move":1')],
      'old_blocks',
      /expected 3, the length of the live object at area 0 block 0 \(as line 2 left it\), got 2$/,
    ],
    [
      'an alloc on a free head whose run reaches a live object',
      [alloc(16, 5), alloc(64, 2)],
      'block',
      /area 0 blocks 2–5 overlap a live object, the one at block 5 \(1 block, as line 2 left it\): the device places a new object only on free blocks$/,
    ],
    [
      "a moving realloc's new copy on the old one (it is still live when the copy is placed)",
      [alloc(48, 0), alloc(96, 0).replace('"block":0', '"block":2').replace('"in_realloc":0', '"in_realloc":1')],
      'block',
      /area 0 blocks 2–7 overlap a live object, the one at block 0 \(3 blocks, as line 2 left it\)/,
    ],
    [
      'a growth in place over a live object',
      [alloc(16, 0), alloc(16, 3), realloc('"result":"grow","area":0,"block":0,"old_blocks":1,"bytes":64,"new_blocks":4,"allow_move":1')],
      'new_blocks',
      /area 0 blocks 1–3, where the object at block 0 grows, overlap a live object, the one at block 3 \(1 block, as line 3 left it\): the device grows an object in place only over free blocks$/,
    ],
  ])('%s: a located error naming the field', async (_name, lines, field, message) => {
    const error = await replayLines(lines).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeapInputError);
    expect((error as HeapInputError).location).toMatchObject({ line: lines.length + 1, field });
    expect((error as HeapInputError).message).toMatch(message);
  });

  it("the block size is the trace build's: 24 bytes are 1 block of 32 on a 64-bit build", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'heaplab-dm-')), 't.ndjson');
    const heap64 =
      '{"op":"heap","area":0,"bytes":2048,"pool_bytes":1920,"total_blocks":60,"block_bytes":32,"word_bytes":8,"atb_bytes":15,"ftb_bytes":8,"wtb_bytes":0,"pool_offset":128}';
    writeFileSync(file, `${heap64}\n${alloc(24, 0).replace('"blocks":2', '"blocks":1')}\n`);
    expect(await replayTrace(file)).toMatchObject({ events: 1, divergences: 0 });
  });

  it.each([
    ['a free that does not decode', line('free', '"area":0,"block":0,"in_realloc":0,"in_collect":0')],
    ['a free the mapper refuses', line('free', '"area":0,"block":0,"blocks":99,"in_realloc":0,"in_collect":0')],
  ])('after %s is skipped, a later line that reuses its blocks is believed, not refused too', async (_name, badFree) => {
    const file = join(mkdtempSync(join(tmpdir(), 'heaplab-dm-')), 't.ndjson');
    writeFileSync(file, [HEAP, alloc(16, 0), badFree, alloc(16, 0), line('free', '"area":0,"block":0,"blocks":1,"in_realloc":0,"in_collect":0')].join('\n'));
    const bad: HeapInputError[] = [];
    const report = await replayTrace(file, { onBadLine: (error) => bad.push(error) });
    expect(bad.map((e) => e.location.line)).toEqual([3]);
    // The engine missed the free too: it places the second object elsewhere, a divergence at line 4.
    expect(report).toMatchObject({ events: 3, divergences: 1, firstDivergence: { line: 4 } });
  });

  it("after a skipped free, an alloc on the freed object's tail is believed, and the stale object dropped", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'heaplab-dm-')), 't.ndjson');
    const badFree = line('free', '"area":0,"block":0,"in_realloc":0,"in_collect":0');
    writeFileSync(file, [HEAP, alloc(48, 0), badFree, alloc(16, 1), alloc(16, 0), alloc(16, 2)].join('\n'));
    const bad: HeapInputError[] = [];
    await replayTrace(file, { onBadLine: (error) => bad.push(error) });
    expect(bad.map((e) => e.location.line)).toEqual([3]);
  });

  it('after a skipped growth, a free of the length the object grew to is believed', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'heaplab-dm-')), 't.ndjson');
    const grow = line('realloc', '"result":"grow","area":0,"block":0,"old_blocks":1,"bytes":48,"new_blocks":3');
    writeFileSync(file, [HEAP, alloc(16, 0), grow, line('free', '"area":0,"block":0,"blocks":3,"in_realloc":0,"in_collect":0')].join('\n'));
    const bad: HeapInputError[] = [];
    await replayTrace(file, { onBadLine: (error) => bad.push(error) });
    expect(bad.map((e) => `${e.location.line} ${e.location.field}`)).toEqual(['3 allow_move']);
  });

  it('blocks an object gave up (freed, shrunk, moved away from) take a new object', async () => {
    const report = await replayLines([
      alloc(48, 0),
      realloc('"result":"shrink","area":0,"block":0,"old_blocks":3,"bytes":16,"new_blocks":1,"allow_move":1'),
      alloc(32, 1),
      alloc(64, 10).replace('"in_realloc":0', '"in_realloc":1'),
      line('free', '"area":0,"block":1,"blocks":2,"in_realloc":1,"in_collect":0'),
      realloc('"result":"moved","area":0,"block":1,"old_blocks":2,"bytes":64,"new_blocks":4,"allow_move":1,"new_area":0,"new_block":10,"free_after":0'),
      alloc(16, 1),
      alloc(16, 2),
      line('free', '"area":0,"block":10,"blocks":4,"in_realloc":0,"in_collect":0'),
      alloc(64, 10),
    ]);
    // Where the engine would have put them is another matter (divergences): no line is refused.
    expect(report.events).toBe(8);
  });

  it('a realloc that gc.c left before counting the blocks (locked, to 0 bytes) is not held to its old_blocks', async () => {
    const report = await replayLines([
      alloc(48, 0),
      line('realloc', '"result":"fail","area":0,"block":0,"old_blocks":0,"bytes":64,"new_blocks":4,"allow_move":1,"reason":"locked"'),
      line('free', '"area":0,"block":0,"blocks":3,"in_realloc":1,"in_collect":0'),
      line('realloc', '"result":"free","area":0,"block":0,"old_blocks":0,"bytes":0,"new_blocks":0,"allow_move":1'),
    ]);
    expect(report).toMatchObject({ events: 2, divergences: 0, skipped: 1 });
  });

  it('the length a sync gives an object is the one later lines are held to', async () => {
    const sync = [
      '{"op":"gap","v":1,"lost":1}',
      '{"op":"sync","v":1,"area":0,"blocks":60}',
      `{"op":"sync_map","v":1,"area":0,"block":0,"map":"h==${'.'.repeat(57)}"}`,
      '{"op":"sync_end","v":1}',
    ];
    const freed = await replayLines([...sync, line('free', '"area":0,"block":0,"blocks":3,"in_realloc":0,"in_collect":0')], { onBadLine: () => {} });
    // The resync's collection, the synced object and the free.
    expect(freed).toMatchObject({ events: 3, divergences: 0 });
    const bad: HeapInputError[] = [];
    await replayLines([...sync, line('free', '"area":0,"block":0,"blocks":1,"in_realloc":0,"in_collect":0')], { onBadLine: (e) => bad.push(e) });
    expect(bad.map((e) => e.message)).toEqual([
      expect.stringMatching(/:6: blocks: expected 3, the length of the live object at area 0 block 0 \(as line 5 left it\), got 1$/),
    ]);
  });

  it('with onBadLine (--skip-bad-lines) such a line is skipped and reported, and the replay goes on', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'heaplab-dm-')), 't.ndjson');
    writeFileSync(file, [HEAP, alloc(24, 1_000_000), alloc(24, 0).replace('"blocks":2', '"blocks":7'), alloc(16, 0)].join('\n'));
    const bad: HeapInputError[] = [];
    const report = await replayTrace(file, { onBadLine: (error) => bad.push(error) });
    expect(bad.map((e) => [e.location.line, e.location.field])).toEqual([
      [2, 'block'],
      [3, 'blocks'],
    ]);
    expect(report).toMatchObject({ events: 1, divergences: 0 });
  });

  it('a skipped line is distrusted whatever batch it comes in, and only until a sync makes the heap whole again', async () => {
    const badFree = line('free', '"area":0,"block":0,"in_realloc":0,"in_collect":0');
    const sync = [
      '{"op":"gap","v":1,"lost":1}',
      '{"op":"sync","v":1,"area":0,"blocks":60}',
      `{"op":"sync_map","v":1,"area":0,"block":0,"map":"h${'.'.repeat(59)}"}`,
      '{"op":"sync_end","v":1}',
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'heaplab-dm-')), 't.ndjson');
    writeFileSync(file, [HEAP, alloc(16, 0), badFree, alloc(16, 0), ...sync, alloc(16, 0)].join('\n'));
    // In one batch, and one line a batch (the skipped line alone in its batch).
    for (const batchLines of [4096, 1]) {
      const bad: HeapInputError[] = [];
      const items = traceItemsOf(file, HEAP, readTextLines(file, { batchLines, keepCut: true }), { onBadLine: (error) => bad.push(error) });
      await lastValueFrom(items.pipe(toArray()));
      expect(bad.map((e) => `${e.location.line}: ${e.detail}`)).toEqual([
        expect.stringMatching(/^3: missing in a free line/),
        '9: area 0 block 0 overlaps a live object, the one at block 0 (1 block, as line 8 left it): the device places a new object only on free blocks',
      ]);
    }
  });
});
