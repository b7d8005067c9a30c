import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeapInputError, type HeapEvent } from '@heaplab/core';
import { formatEngineTrace, replayTrace } from '../src/index.js';

const file = (text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'heaplab-et-')), 'trace.ndjson');
  writeFileSync(path, text);
  return path;
};

const events: HeapEvent[] = [
  { op: 'alloc', id: 1, bytes: 400 },
  { op: 'alloc', id: 2, bytes: 400 },
  { op: 'alloc', id: 3, bytes: 100 },
  { op: 'unroot', id: 2 },
  { op: 'alloc', id: 4, bytes: 600 },
];

describe('engine traces', () => {
  it('round-trip through the text format and replay on their own configuration', async () => {
    const text = formatEngineTrace({ config: { areas: [{ bytes: 1024 }] }, source: 'test' }, events);
    expect(text.split('\n')[0]).toBe('{"format":"heaplab-events","version":1,"config":{"areas":[{"bytes":1024}]},"source":"test"}');
    const report = await replayTrace(file(text));
    expect(report).toMatchObject({ events: 5, allocs: 4, divergences: 0, failedRequests: 1, checkpoints: { matched: 0, total: 0 } });
    // Nothing recorded a failure: the MemoryError is the engine's own, not a reproduction (reproduced null).
    expect(report.memoryError).toMatchObject({ event: 5, line: 6, bytes: 600, replayed: true, reproduced: null });
  });

  it("reads every field an event may have, thresholdCollect (a device's threshold collection) included", async () => {
    const text = [
      '{"format":"heaplab-events","version":1,"config":{"areas":[{"bytes":1024}]}}',
      '{"op":"alloc","id":1,"bytes":16,"fin":true,"root":false,"kind":"L","longLived":true,"at":{"area":0,"block":4},"v":1}',
      '{"op":"alloc","id":2,"bytes":16,"sweep":[1],"thresholdCollect":true}',
      '{"op":"realloc","id":2,"bytes":64,"move":true,"sweep":[],"thresholdCollect":false}',
      '{"op":"mark","label":"end","v":1}',
    ].join('\n');
    expect(await replayTrace(file(text))).toMatchObject({ events: 3, skipped: 0, memoryError: null });
  });

  it.each([
    ['a wrong version', '{"format":"heaplab-events","version":2,"config":{}}\n', 1, /:1: version: expected 1, the version this heaplab reads, got 2$/],
    ['no version', '{"format":"heaplab-events","config":{}}\n', 1, /:1: version: missing; expected 1, the version this heaplab reads$/],
    [
      'an unknown strategy',
      '{"format":"heaplab-events","version":1,"config":{"strategy":"nope"}}\n',
      1,
      /:1: config\.strategy: unknown strategy "nope"; known: best-fit, /,
    ],
    [
      'a parameter the strategy does not take',
      '{"format":"heaplab-events","version":1,"config":{"strategyParams":{"sli":9}}}\n',
      1,
      /:1: config\.strategyParams\.sli: strategy micropython has no parameter "sli"/,
    ],
    [
      "a parameter out of the strategy's range",
      '{"format":"heaplab-events","version":1,"config":{"strategy":"tlsf","strategyParams":{"sli":9}}}\n',
      1,
      /:1: config\.strategyParams\.sli: strategy tlsf: sli must be a whole number from 1 to 5, got 9$/,
    ],
    [
      'a misspelt configuration field (it would run another heap without a word)',
      '{"format":"heaplab-events","version":1,"config":{"strategyy":"tlsf"}}\n',
      1,
      /:1: config\.strategyy: unknown field \(did you mean "strategy"\?\); config has wordBytes, finaliser, weakref, mpyVersion, splitHeap, areas, strategy, strategyParams, areaPolicy$/,
    ],
    [
      'a field an area does not have',
      '{"format":"heaplab-events","version":1,"config":{"areas":[{"bytes":1024},{"byts":1024}]}}\n',
      1,
      /:1: config\.areas\[1\]\.byts: unknown field \(did you mean "bytes"\?\); an area has bytes, blocks, start$/,
    ],
    ['a misspelt header field', '{"format":"heaplab-events","version":1,"config":{},"sorce":"x"}\n', 1, /:1: sorce: unknown field \(did you mean "source"\?\)/],
    ['a bad configuration', '{"format":"heaplab-events","version":1,"config":{"wordBytes":3}}\n', 1, /config\.wordBytes: expected 4 or 8/],
    ['an unknown op', '{"format":"heaplab-events","version":1,"config":{}}\n{"op":"compact"}\n', 2, /op: unknown op "compact"/],
    ['a fractional size', '{"format":"heaplab-events","version":1,"config":{}}\n{"op":"alloc","id":1,"bytes":1.5}\n', 2, /bytes: expected a size in bytes/],
    ['a missing id', '{"format":"heaplab-events","version":1,"config":{}}\n{"op":"free"}\n', 2, /id: missing/],
    [
      'a misspelt field (it would leave the object rooted without a word)',
      '{"format":"heaplab-events","version":1,"config":{}}\n{"op":"alloc","id":1,"bytes":16,"rooot":false}\n',
      2,
      /:2: rooot: unknown field \(did you mean "root"\?\); an alloc line has op, id, bytes, fin, root, kind, longLived, at, sweep, thresholdCollect, v$/,
    ],
    [
      'a field the op does not have',
      '{"format":"heaplab-events","version":1,"config":{}}\n{"op":"free","id":1,"bytes":16}\n',
      2,
      /:2: bytes: unknown field; a free line has op, id, v$/,
    ],
    [
      'a misspelt field of an at place',
      '{"format":"heaplab-events","version":1,"config":{}}\n{"op":"alloc","id":1,"bytes":16,"at":{"area":0,"block":0,"blok":3}}\n',
      2,
      /:2: at\.blok: unknown field \(did you mean "block"\?\); an at place has area, block$/,
    ],
    [
      'a mark line with another field',
      '{"format":"heaplab-events","version":1,"config":{}}\n{"op":"mark","label":"setup","event":3}\n',
      2,
      /:2: event: unknown field; a mark line has op, label, v$/,
    ],
    [
      'an event the engine rejects',
      '{"format":"heaplab-events","version":1,"config":{}}\n{"op":"free","id":7}\n',
      2,
      /the engine cannot apply this: free: no live object 7/,
    ],
  ])('%s is a located error', async (_name, text, line, message) => {
    const error = await replayTrace(file(text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeapInputError);
    expect((error as HeapInputError).location.line).toBe(line);
    expect((error as HeapInputError).message).toMatch(message);
  });
});
