/**
 * A trace read from a Blob (as the web page reads a dropped File, inflated by fflate) replays
 * exactly as the same file read from disk: the same report, events, lines and diagnosis, a gzip
 * stream that breaks off and one of several members included; an empty one and a binary one are
 * the same errors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { stateHash } from '@heaplab/core';
import { buildBlobTimeline, buildTimeline, replayJson, timelineDiagnosis, type Timeline } from '../src/index.js';

const traces = join(import.meta.dirname, 'fixtures', 'traces');

/** A timeline's trace line of every event, as an array. */
const linesOf = (timeline: Timeline): (number | undefined)[] => Array.from({ length: timeline.lines.length }, (_, i) => timeline.lines.at(i));

describe('buildBlobTimeline', () => {
  it.each(['b_lcg_frag_32k.ndjson', 'e_frames_48k_split2.ndjson.gz', 'e_frames_48k_split2_cut.ndjson.gz'])(
    '%s: the same replay as from the file',
    async (name) => {
      const file = join(traces, name);
      const [fromFile, fromBlob] = await Promise.all([buildTimeline(file), buildBlobTimeline(new Blob([readFileSync(file)]), file)]);
      const json = (t: typeof fromFile): string => JSON.stringify(replayJson(t.report, undefined, undefined, timelineDiagnosis(t)));
      expect(json(fromBlob)).toBe(json(fromFile));
      expect(fromBlob.events).toEqual(fromFile.events);
      expect(linesOf(fromBlob)).toEqual(linesOf(fromFile));
      expect(stateHash(fromBlob.stateAt(fromBlob.length))).toBe(stateHash(fromFile.stateAt(fromFile.length)));
    },
  );

  it('a gzip file of several members (traces joined with cat) is read whole, as from the file', async () => {
    const text = readFileSync(join(traces, 'b_lcg_frag_32k.ndjson'), 'utf8');
    const half = text.indexOf('\n', text.length / 2) + 1;
    const joined = Buffer.concat([gzipSync(text.slice(0, half)), gzipSync(text.slice(half))]);
    const file = join(mkdtempSync(join(tmpdir(), 'heaplab-members-')), 'joined.ndjson.gz');
    writeFileSync(file, joined);
    const [fromFile, fromBlob] = await Promise.all([buildTimeline(file), buildBlobTimeline(new Blob([joined]), file)]);
    expect(fromBlob.report.truncated).toBeNull();
    expect(linesOf(fromBlob)).toEqual(linesOf(fromFile));
    expect(fromBlob.lines.length).toBe((await buildTimeline(join(traces, 'b_lcg_frag_32k.ndjson'))).lines.length);
  });

  it('a trace cut short in the middle of its gzip stream is reported as cut there', async () => {
    const timeline = await buildBlobTimeline(new Blob([readFileSync(join(traces, 'e_frames_48k_split2_cut.ndjson.gz'))]), 'cut.gz');
    expect(timeline.report.truncated?.reason).toBe('the gzip stream is cut short');
  });

  it('an empty, binary or broken blob is the file reader’s error', async () => {
    await expect(buildBlobTimeline(new Blob([]), 'empty.ndjson')).rejects.toThrow('empty.ndjson: the file is empty; expected a device trace');
    await expect(buildBlobTimeline(new Blob([new Uint8Array([1, 0, 2])]), 'x.bin')).rejects.toThrow('x.bin: this is a binary file, not text');
    const broken = new Uint8Array([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0xff]);
    await expect(buildBlobTimeline(new Blob([broken]), 'x.gz')).rejects.toThrow('x.gz:1: cannot read: the gzip stream is cut short or corrupt');
  });
});
