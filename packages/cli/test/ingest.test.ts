/**
 * `heaplab ingest`: called directly (the command is registered in cli.ts by the lead), with
 * its output captured. Inputs: a real capture of the probe on the real interpreter, and a real
 * fragmented dump framed as the probe frames it, with a script's output and noise around it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HeapInputError } from '@heaplab/core';
import { ingestCapture, type IngestReport } from '@heaplab/analysis';
import { ingest } from '../src/commands/ingest/index.js';
import { inspect } from '../src/commands/inspect/index.js';
import { EXIT } from '../src/exit-codes.js';
import { capturedOutput } from './support/captured-output.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const oracle = join(import.meta.dirname, '..', '..', 'core', 'test', 'fixtures', 'oracle');
const CAPTURE = join(fixtures, 'probe-capture.txt');

function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'heaplab-ingest-')), name);
  writeFileSync(file, content);
  return file;
}

/** The fragmented 64 KiB dump (after `bytearray(1000)` failed), framed by the probe's markers, among other output. */
function fragmentedCapture(): string {
  const lines = readFileSync(join(oracle, 'b_fragmentation.mcu.out.txt'), 'utf8').trimEnd().split('\n');
  const dump = lines.slice(lines.findIndex((l) => l.startsWith('stack:')));
  return [
    'pairs 62',
    '#heaplab-snapshot v1 seq=1 ticks=5000 label="frame" error="memory allocation failed, allocating 1000 bytes"',
    ...dump,
    '#heaplab-end v1 seq=1',
    'Traceback (most recent call last):',
  ].join('\r\n');
}

describe('heaplab ingest', () => {
  it('a real capture: the table of snapshots, the changes, the MemoryErrors; exit 1 for a MemoryError', async () => {
    const output = capturedOutput();
    const status = await ingest(CAPTURE, {}, output);
    const { out, err } = output.text();
    expect(status).toBe(EXIT.found);
    expect(err).toBe('');
    expect(out).toContain(`heaplab ingest ${CAPTURE}\n  the heaplab probe's snapshots: 7 snapshots read, in 232 lines\n`);
    expect(out).toContain('heap at the last snapshot: 2 areas, 32000 bytes of 16-byte blocks; the build can add areas (max new split 134217728 bytes)');
    expect(out).toMatch(/\n +1 +0 +11712 +658 \(18 \| 658\) +10\.1% +201 +filled\n/);
    // The label as the script wrote it: quotes and backslash as they are, the tab made visible.
    expect(out).toMatch(/\n +5 +\d+ +18608 .* a "quoted"␉label\\ that needs escapes\n/);
    expect(out).toMatch(/seq 1 → seq 2 \(\+\d+ ms\): free \+7104 B, longest run ±0 blocks, objects −30; 36 appeared, 1 vanished, 4 grew/);
    expect(out).toContain('MemoryError at seq 7 "big request" (line 200): memory allocation failed, allocating 200000000 bytes');
    expect(out).toContain('verdict       TOO SMALL: no area has 12500000 free blocks at all');
    expect(out).toContain('this build can add heap areas (up to 134217728 bytes), and did not: the request needs more than that');
    expect(out).toContain('MemoryError at seq 6 "raised by Python"');
    expect(out).toContain('verdict       fits now:');
  });

  it('--json prints the report itself', async () => {
    const output = capturedOutput();
    await ingest(CAPTURE, { json: true }, output);
    const report = JSON.parse(output.text().out) as IngestReport;
    expect(report).toEqual(JSON.parse(JSON.stringify({ format: 'heaplab-ingest', version: 1, ...ingestCapture(readFileSync(CAPTURE, 'utf8'), CAPTURE) })));
    expect(report.snapshots.map((s) => s.label)).toEqual([
      'filled',
      'fragmented: every other buffer freed',
      'garbage check',
      'heap locked',
      'a "quoted"\tlabel\\ that needs escapes',
      'raised by Python',
      'big request',
    ]);
    expect(report.snapshots[6]!.failure).toMatchObject({ bytes: 200000000, verdict: 'too-small', maxNewSplit: 134217728 });
  });

  it('a fragmentation MemoryError: the verdict and what stands in the way', async () => {
    const output = capturedOutput();
    expect(await ingest(tempFile('frag.log', fragmentedCapture()), {}, output)).toBe(EXIT.found);
    const { out } = output.text();
    expect(out).toContain('needed        63 free blocks in a row (1008 bytes)');
    expect(out).toContain('free          31088 bytes in all; the longest run 31 blocks (496 bytes)');
    expect(out).toContain('verdict       FRAGMENTED: area 0 has 1943 free blocks, enough for the request, but no 63 of them in a row');
    expect(out).toContain('fragmentation 98.4% (1 − longest run / free)');
    expect(out).toMatch(
      /What stands in the way: in area 0, blocks (\d+)–\d+ hold 1 live object \(480 bytes\):\n +h +480 bytes at block \d+ \(address 0x3[0-9a-f]+\)\n +Freeing it \(or allocating the buffer before it\) would have made the request fit\./,
    );
  });

  it('reads standard input for -, and warns about damaged snapshots on standard error', async () => {
    const text = `${fragmentedCapture()}\r\n#heaplab-snapshot v1 seq=2 ticks=6000 label="cut"\r\nstack: 1\r\n`;
    const output = capturedOutput();
    expect(await ingest('-', {}, output, Readable.from([text]))).toBe(EXIT.found);
    const { out, err } = output.text();
    expect(out).toContain('heaplab ingest <stdin>');
    expect(out).toContain('1 snapshot read, 1 damaged (skipped)');
    const cut = fragmentedCapture().split('\r\n').length + 1;
    expect(err).toBe(`heaplab: skipped 1 damaged snapshot:\n  <stdin>:${cut}: cut off: the capture ends inside snapshot 2\n`);
  });

  it('shows labels and messages unescaped, their control characters made visible', async () => {
    const capture = fragmentedCapture().replace(
      'label="frame" error="memory allocation failed, allocating 1000 bytes"',
      'label="C:\\\\data \\"cam\\"\\nnext\u001b[2J\u202egnp" error="memory allocation failed, allocating 1000 bytes\\r\u0007"',
    );
    const output = capturedOutput();
    await ingest(tempFile('labels.log', capture), {}, output);
    const { out } = output.text();
    expect(out).toContain(' C:\\data "cam"␊next␛[2J<U+202E>gnp  ← MemoryError\n');
    expect(out).toContain('MemoryError at seq 1 "C:\\data "cam"␊next␛[2J<U+202E>gnp" (line 2): memory allocation failed, allocating 1000 bytes␍␇\n');
    expect([...out].filter((ch) => ch !== '\n' && /[\p{Cc}\p{Cf}]/u.test(ch))).toEqual([]);
  });

  it("counts the capture's lines as inspect numbers a dump's: from 1, a final line end making no line", async () => {
    const dump = readFileSync(join(oracle, 'b_fragmentation.mcu.out.txt'), 'utf8').trimEnd().split('\n').slice(5);
    expect(dump).toHaveLength(67);
    for (const text of [dump.join('\n'), `${dump.join('\n')}\n`, `${dump.join('\r\n')}\r\n`, `\uFEFF${dump.join('\n')}\n`]) {
      const file = tempFile('dump.txt', text);
      const ingested = capturedOutput();
      await ingest(file, {}, ingested);
      expect(ingested.text().out).toContain(`1 snapshot read, in 67 lines\n`);
      const inspected = capturedOutput();
      await inspect(file, {}, inspected);
      expect(inspected.text().out).toContain('micropython.mem_info(1) output, lines 1-67\n');
    }
  });

  it('no MemoryError: exit 0', async () => {
    const text = readFileSync(CAPTURE, 'utf8').split('\n').slice(0, 65).join('\n');
    const output = capturedOutput();
    expect(await ingest(tempFile('ok.log', text), {}, output)).toBe(EXIT.ok);
    expect(output.text().out).toContain('  no MemoryError\n');
  });

  it('a capture that ends inside a snapshot: says where it was cut, never a bare "no MemoryError"; exit 5', async () => {
    // The real capture has MemoryErrors at seq 6 and 7; its first 120 lines end inside seq 4.
    const file = tempFile('cut.log', readFileSync(CAPTURE, 'utf8').split('\n').slice(0, 120).join('\n'));
    const output = capturedOutput();
    expect(await ingest(file, {}, output)).toBe(EXIT.truncated);
    const { out } = output.text();
    expect(out).toContain(
      '  no MemoryError in the part read\n  CUT SHORT after line 120: the capture ends inside snapshot 4 (line 102); nothing after it is known\n',
    );
    expect(out).not.toContain('  no MemoryError\n');
    const json = capturedOutput();
    expect(await ingest(file, { json: true }, json)).toBe(EXIT.truncated);
    expect(JSON.parse(json.text().out)).toMatchObject({ lines: 120, cutOff: { seq: 4, snapshotLine: 102, afterLine: 120 } });
    expect(ingestCapture(readFileSync(CAPTURE, 'utf8')).cutOff).toBeNull();
  });

  it('a MemoryError before the cut is still found: exit 1, and the cut is still said', async () => {
    const text = `${fragmentedCapture()}\r\n#heaplab-snapshot v1 seq=2 ticks=6000 label="cut"\r\nstack: 1\r\n`;
    const output = capturedOutput();
    expect(await ingest(tempFile('found-cut.log', text), {}, output)).toBe(EXIT.found);
    expect(output.text().out).toMatch(/\n {2}CUT SHORT after line \d+: the capture ends inside snapshot 2 \(line \d+\); nothing after it is known\n/);
  });

  it('a capture cut inside a snapshot taken at a MemoryError: its marker says so; the MemoryError is reported, exit 1, the cut said', async () => {
    // The real capture's first 203 lines: seq 7's start marker (line 200, error="…allocating 200000000 bytes") and 3 lines of its dump.
    const file = join(fixtures, 'probe-capture-cut-at-error.txt');
    const output = capturedOutput();
    expect(await ingest(file, {}, output)).toBe(EXIT.found);
    const { out } = output.text();
    expect(out).toContain('  2 snapshots taken at a MemoryError (explained below)\n  CUT SHORT after line 203: the capture ends inside snapshot 7 (line 200)');
    expect(out).toContain(
      [
        'MemoryError at seq 7 "big request" (line 200), cut short: memory allocation failed, allocating 200000000 bytes',
        '  request       200000000 bytes',
        "  verdict       not known: the capture ends inside this snapshot's dump (after line 203), so the heap at the MemoryError is not known",
      ].join('\n'),
    );
    const json = capturedOutput();
    expect(await ingest(file, { json: true }, json)).toBe(EXIT.found);
    expect(JSON.parse(json.text().out).cutOff).toEqual({
      seq: 7,
      snapshotLine: 200,
      afterLine: 203,
      label: 'big request',
      error: 'memory allocation failed, allocating 200000000 bytes',
      bytes: 200000000,
    });
    // Without an error on the marker the cut has none.
    const plain = ingestCapture(readFileSync(CAPTURE, 'utf8').split('\n').slice(0, 120).join('\n'));
    expect(plain.cutOff).toMatchObject({ seq: 4, label: 'heap locked', error: null, bytes: null });
  });

  it('a snapshot damaged in the middle, taken at a MemoryError: still damaged, and its MemoryError counts (exit 1) with only what its marker says', async () => {
    // The real capture without line 176: seq 6 (line 167, error="…allocating 5 bytes") loses a map row; seq 7 after it is intact.
    const file = join(fixtures, 'probe-capture-damaged-at-error.txt');
    const output = capturedOutput();
    expect(await ingest(file, {}, output)).toBe(EXIT.found);
    const { out, err } = output.text();
    expect(out).toContain('6 snapshots read, 1 damaged (skipped)');
    expect(out).toContain('  2 snapshots taken at a MemoryError (explained below)\n');
    expect(out).toContain(
      [
        'MemoryError at seq 6 "raised by Python", damaged at line 176: memory allocation failed, allocating 5 bytes',
        '  request       5 bytes',
        '  verdict       not known: this snapshot is damaged (skipped), so the heap at the MemoryError is not known',
        '',
        'MemoryError at seq 7 "big request" (line 199)',
      ].join('\n'),
    );
    expect(err).toContain(`heaplab: skipped 1 damaged snapshot:\n  ${file}:176: offset: the offset does not follow`);
    const json = capturedOutput();
    expect(await ingest(file, { json: true }, json)).toBe(EXIT.found);
    const report = JSON.parse(json.text().out) as IngestReport;
    expect(report.snapshots.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5, 7]);
    expect(report.damaged).toEqual([
      {
        seq: 6,
        line: 176,
        field: 'offset',
        message: expect.stringMatching(/^the offset does not follow/) as unknown as string,
        label: 'raised by Python',
        error: 'memory allocation failed, allocating 5 bytes',
        bytes: 5,
      },
    ]);
    // Its MemoryError alone (the capture up to seq 6's end and the script's lines after it): exit 1, not 0.
    const alone = tempFile('damaged-alone.txt', readFileSync(file, 'utf8').split('\n').slice(0, 198).join('\n'));
    const first = capturedOutput();
    expect(await ingest(alone, {}, first)).toBe(EXIT.found);
    expect(first.text().out).toContain('  1 snapshot taken at a MemoryError (explained below)\n');
  });

  it('bad input is a located HeapInputError (main prints it and exits 2)', async () => {
    const empty = tempFile('empty.log', 'nothing here\n');
    await expect(ingest(empty, {}, capturedOutput())).rejects.toThrow(
      new HeapInputError('no snapshots: expected the heaplab probe\'s "#heaplab-snapshot" markers, or micropython.mem_info() output', { file: empty, line: 1 }),
    );
    await expect(ingest('/no/such/capture.log', {}, capturedOutput())).rejects.toThrow(/\/no\/such\/capture\.log: cannot read: no such file/);
  });

  it('each MemoryError ends with why, shortened: the first cause, what snapshots cannot show, where fixes come from', async () => {
    const output = capturedOutput();
    await ingest(CAPTURE, {}, output);
    const { out } = output.text();
    const failures = out.split('\nMemoryError at ').slice(1);
    expect(failures[0]).toContain(
      [
        '  Why: no cause these snapshots can show.',
        '  (not shown by snapshots: growing-request, accumulation, transient-peak (--json says why))',
        '  (fixes, each proven by replay, need a full trace (recorder/firmware): heaplab explain TRACE)',
      ].join('\n'),
    );
    expect(failures[1]).toContain(
      [
        "  Why: heap-too-small: The 200000000-byte request needs 12500000 blocks, more than the heap's",
        '    largest area has (1000 blocks, 16000 bytes), and more than the 134217728 bytes a new area could',
        '    have: no placement could succeed.',
      ].join('\n'),
    );
    // --json: every cause with its evidence, as explain gives it, and why the others could not be checked.
    const json = capturedOutput();
    await ingest(CAPTURE, { json: true }, json);
    const report = JSON.parse(json.text().out) as IngestReport;
    expect(report.snapshots[6]!.failure).toMatchObject({
      causes: [
        { kind: 'heap-too-small', evidence: { liveBytes: 14928, requestBytes: 200000000, heapBytes: 32000, largestAreaBytes: 16000, shortByBytes: 199984000 } },
      ],
      notShown: [
        { kind: 'growing-request', reason: '1 failed request of a known size labelled "big request"; a series needs 3' },
        { kind: 'accumulation', reason: '2 snapshots of this session are known to follow a collection (those taken at a MemoryError); a trend needs 3' },
        { kind: 'transient-peak', reason: 'large objects alive together only between two snapshots are in no map' },
      ],
    });
  });

  it('names the other causes, and makes control characters in a cause visible', async () => {
    // Three failures at one place, growing, on a real full heap (1208 of 1248 blocks in use, 40 free
    // in a row): the first size would fit, so the growth comes first. The label has an ESC in it.
    const lines = readFileSync(join(oracle, 'full-heap.mcu20k.out.txt'), 'utf8').split('\n');
    const dump = lines.slice(
      0,
      lines.findIndex((l) => l.startsWith('bytearray(640)')),
    );
    const text = [640, 720, 800]
      .flatMap((bytes, i) => [
        `#heaplab-snapshot v1 seq=${i + 1} ticks=${i} label="fr\u001bame" error="memory allocation failed, allocating ${bytes} bytes"`,
        ...dump,
        `#heaplab-end v1 seq=${i + 1}`,
      ])
      .join('\n');
    const output = capturedOutput();
    await ingest(tempFile('growing.log', text), {}, output);
    const { out } = output.text();
    expect(out.split('\nMemoryError at ').at(-1)).toContain(
      [
        '  Why: growing-request: The failing 800-byte request is the last of 3 failed requests labelled',
        '    "fr␛ame", grown from 640 bytes at line 1 by 80 bytes a time on average without levelling off; at',
        '    its first size it would still fit.',
        '  (1 more cause: heap-too-small; not shown by snapshots: transient-peak (--json says why))',
      ].join('\n'),
    );
    const json = capturedOutput();
    await ingest(tempFile('growing.log', text), { json: true }, json);
    const [growing] = (JSON.parse(json.text().out) as IngestReport).snapshots[2]!.failure!.causes;
    expect(growing!.summary).toContain('the last of 3 failed requests labelled "fr\u001bame"');
    expect([...out].filter((ch) => ch !== '\n' && /[\p{Cc}\p{Cf}]/u.test(ch))).toEqual([]);
  });
});
