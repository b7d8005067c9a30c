/**
 * Every command that reads a trace, on a trace cut short: it runs on the lines before the cut,
 * says where the cut is (in the report, the JSON, or one warning line), and exits 5 unless what
 * it found there calls for 1 or 4 — a run on part of a trace never passes for a whole run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli as run } from './support/run-cli.js';

const traces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');
/** The real split-heap trace cut inside line 6276: no MemoryError before the cut. */
const CUT = join(traces, 'e_frames_48k_split2_cut.ndjson.gz');
const WARNING = `heaplab: warning: ${CUT} is cut short after line 6275 (the gzip stream is cut short); only the lines before the cut were used\n`;
const dir = mkdtempSync(join(tmpdir(), 'heaplab-cut-'));

/** b_lcg_frag_32k gzip-compressed and cut just before its end: its MemoryError comes before the cut. */
function cutAfterMemoryError(): string {
  const gz = gzipSync(readFileSync(join(traces, 'b_lcg_frag_32k.ndjson')));
  const file = join(dir, 'b_cut.ndjson.gz');
  writeFileSync(file, gz.subarray(0, gz.length - 40));
  return file;
}

describe('heaplab replay on a trace cut short', () => {
  it('text: the report says where it was cut; exit 5, with --verify too', async () => {
    for (const verify of [[], ['--verify']]) {
      const { status, out, err } = await run('replay', CUT, ...verify);
      expect(err).toBe('');
      expect(status).toBe(5);
      expect(out).toContain('  CUT SHORT after line 6275 (the gzip stream is cut short): figures cover the lines before the cut; the rest was not read\n');
      expect(out).toContain('  placements: every one as the device recorded\n');
    }
  });

  it('--json: truncated says where and why', async () => {
    const { status, out } = await run('replay', CUT, '--json');
    expect(status).toBe(5);
    expect(JSON.parse(out)).toMatchObject({ lines: 6275, divergences: 0, truncated: { afterLine: 6275, reason: 'the gzip stream is cut short' } });
    const whole = JSON.parse((await run('replay', join(traces, 'a_big_list_64k.ndjson'), '--json')).out) as { truncated: unknown };
    expect(whole.truncated).toBeNull();
  });

  it('a MemoryError before the cut is still found: exit 1, and the cut is still reported', async () => {
    const { status, out } = await run('replay', cutAfterMemoryError(), '--json');
    expect(status).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ memoryError: { bytes: 2464, reproduced: true }, truncated: { reason: 'the gzip stream is cut short' } });
  });

  it('a plain trace that ends inside a line: the error suggests --skip-bad-lines, which replays the lines before it', async () => {
    const text = readFileSync(join(traces, 'a_big_list_64k.ndjson'), 'utf8');
    const file = join(dir, 'plain-cut.ndjson');
    writeFileSync(file, text.slice(0, text.indexOf('\n', 4000) + 30));
    const refused = await run('replay', file);
    expect(refused.status).toBe(2);
    expect(refused.err).toMatch(
      /^heaplab: .*plain-cut\.ndjson:\d+: .*the file ends inside this line \(cut short\?\): replay with --skip-bad-lines to use the lines before it\n$/,
    );
    const { status, out, err } = await run('replay', file, '--skip-bad-lines');
    expect(err).toBe('');
    expect(status).toBe(5);
    expect(out).toMatch(/ {2}CUT SHORT after line (\d+) \(the file ends inside line \d+\)/);
  });
});

describe('the other commands that read traces', () => {
  it('compare: the lines before the cut, a warning, truncated in --json, exit 5', async () => {
    const { status, out, err } = await run('compare', CUT, '--strategies', 'micropython', '--no-safe-heap', '--workers', '1', '--json');
    expect(status).toBe(5);
    expect(err).toBe(WARNING);
    expect(JSON.parse(out)).toMatchObject({ truncated: { afterLine: 6275, reason: 'the gzip stream is cut short' } });
    const text = await run('compare', CUT, '--strategies', 'micropython', '--no-safe-heap', '--workers', '1');
    expect(text.out).toContain(', 6275 lines before the cut (the gzip stream is cut short)\n');
    // The verdict is of the part read: a strategy that never failed there may fail after the cut.
    expect(text.out).toContain(
      '  micropython on 12k,36k never failed, in the lines read before the cut (line 6275; the gzip stream is cut short): the rest of the trace was not read, so there may be a MemoryError after it.\n',
    );
    const safe = await run('compare', CUT, '--strategies', 'micropython', '--workers', '1');
    expect(safe.out).toContain('; safe heap: smallest heap that never failed in the part read.\n');
  });

  it('report: the page says so, a warning, exit 5', async () => {
    const page = join(dir, 'cut.html');
    const { status, err } = await run('report', CUT, '-o', page);
    expect(status).toBe(5);
    expect(err).toBe(WARNING);
    expect(readFileSync(page, 'utf8')).toContain(
      'The trace is cut short after line 6275 (the gzip stream is cut short): this page covers the lines before the cut.',
    );
  });

  it('explain: no request failed in the lines read, never "every request was satisfied"; truncated in --json, exit 5', async () => {
    const { status, out, err } = await run('explain', CUT, '--workers', '1');
    expect(status).toBe(5);
    expect(err).toBe(WARNING);
    expect(out).not.toContain('every request was satisfied');
    expect(out.replace(/\n {2}/g, ' ')).toContain(
      'no MemoryError in the part read: no request failed in the lines read before the cut (line 6275; the gzip stream is cut short); the rest of the trace was not read, so there may be a MemoryError after it\n',
    );
    const json = await run('explain', CUT, '--workers', '1', '--json');
    expect(json.status).toBe(5);
    expect(JSON.parse(json.out)).toMatchObject({ memoryError: null, truncated: { afterLine: 6275, reason: 'the gzip stream is cut short' } });
  });

  it('minimize: the MemoryError came before the cut, so the reproducer is whole: a warning, exit 0', async () => {
    const trace = cutAfterMemoryError();
    const { status, err } = await run('minimize', trace, '-o', join(dir, 'repro.events'), '--max-tests', '20');
    expect(status).toBe(0);
    expect(err).toMatch(
      /^heaplab: warning: .*b_cut\.ndjson\.gz is cut short after line \d+ \(the gzip stream is cut short\); only the lines before the cut were used\n$/,
    );
  });

  it('--help lists exit status 5', async () => {
    expect((await run('--help')).out).toMatch(
      /^ {2}5 {2}the trace was cut short \(replay, compare, report, explain\), or a capture \(ingest\) or a dump.s map\n {5}\(inspect\)/m,
    );
  });
});
