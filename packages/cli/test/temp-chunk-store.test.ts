/**
 * The replay's event file: chunks come back as they went in, in any order, and the file leaves
 * nothing behind (its folder is gone as soon as it is open); a replay whose events go there says
 * what a replay with its events in memory says.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildTimeline, replayJson, timelineDiagnosis } from '@heaplab/replay';
import { EventLog, gcInfo } from '@heaplab/core';
import { jsonLine } from '@heaplab/analysis';
import { describe, expect, it } from 'vitest';
import { TempChunkStore } from '../src/io/temp-chunk-store.js';
import { capturedOutput } from './support/captured-output.js';
import { replay } from '../src/commands/replay/index.js';

const traces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');

describe('TempChunkStore', () => {
  it('gives back every record, in any order, and leaves no file behind', () => {
    const store = new TempChunkStore();
    expect(existsSync(store.folder)).toBe(false);
    const records = [300_000, 17, 262_144].map((length, i) => Uint8Array.from({ length }, (_, k) => (k * 31 + i) & 0xff));
    records.forEach((record, i) => {
      store.put(i, record);
    });
    for (const i of [2, 0, 1, 0]) expect(store.get(i)).toEqual(records[i]);
    store.close();
    expect(existsSync(store.folder)).toBe(false);
  });

  it('under an event log of two full chunks and more: every event back, in order', () => {
    const store = new TempChunkStore();
    const events = Array.from({ length: 40_000 }, (_, i) =>
      i % 2 === 0 ? { op: 'alloc' as const, id: i, bytes: i % 700 } : { op: 'free' as const, id: i - 1 },
    );
    const log = EventLog.from(events, store);
    expect(log.chunksInMemory).toBe(1);
    expect(JSON.stringify([...log])).toBe(JSON.stringify(events));
    store.close();
  });

  it('heaplab replay with its events in the file: the JSON of a replay with its events in memory, and the heap at --at', async () => {
    const trace = join(traces, 'e_frames_48k_split2.ndjson.gz');
    const output = capturedOutput();
    expect(await replay(trace, { json: true, at: '20000', mpyVersion: '1.27' }, output)).toBe(1);
    const printed = JSON.parse(output.text().out);
    // 34,508 events: two chunks went to the file.
    const inMemory = await buildTimeline(trace, { mpyVersion: '1.27' });
    expect(inMemory.length).toBeGreaterThan(2 * 16_384);
    const expected = JSON.parse(jsonLine('replay', replayJson(inMemory.report, undefined, undefined, timelineDiagnosis(inMemory))));
    const { at, ...rest } = printed;
    expect(rest).toEqual(expected);
    const info = gcInfo(inMemory.stateAt(20_000));
    expect(at).toMatchObject({ event: 20_000, line: inMemory.lines.at(19_999), free: info.free, maxFree: info.maxFree });
  });
});
