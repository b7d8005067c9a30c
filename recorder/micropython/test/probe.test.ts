/**
 * The probe on the real interpreter: npm's MicroPython v1.27.0 (WebAssembly, as published) runs
 * `probe_scenario.py` with `heaplab_probe.py` in its file system, through core's oracle runner
 * (`packages/core/test/oracle/run-mpy.mjs`, one fresh process). The script fragments its heap,
 * snapshots along the way, and catches its MemoryError; `heaplab ingest` reads what it printed,
 * and every snapshot's figures must be the ones the interpreter printed beside it. The probe's
 * own footprint is measured here too, and must be the figure the README gives.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestCapture, type IngestReport } from '@heaplab/analysis';

const here = import.meta.dirname;
const runner = join(here, '..', '..', '..', 'packages', 'core', 'test', 'oracle', 'run-mpy.mjs');
/** A heap small enough that the build grows a second area while the script fills it. */
const HEAP_BYTES = 16384;
/** One interpreter process takes about a second; the limit leaves room for a slow machine. */
const TIMEOUT_MS = 60_000;

/** The script: a first part that writes the probe into the interpreter's file system, then the scenario. */
function script(): string {
  const probe = readFileSync(join(here, '..', 'heaplab_probe.py'), 'utf8');
  // A JSON string is a valid Python string literal.
  const install = `f = open('heaplab_probe.py', 'w')\nf.write(${JSON.stringify(probe)})\nf.close()\nf = None\n`;
  return install + readFileSync(join(here, 'probe_scenario.py'), 'utf8');
}

let stdout = '';
let report: IngestReport;

/** The `probe-test NAME values…` lines the script printed. */
function printed(name: string): number[][] {
  return [...stdout.matchAll(new RegExp(`^probe-test ${name} (.*)$`, 'gm'))].map((m) => m[1]!.trim().split(' ').map(Number));
}

const one = (name: string): number => printed(name)[0]![0]!;

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'heaplab-probe-')), 'probe_run.py');
  writeFileSync(file, script());
  ({ stdout } = await promisify(execFile)(process.execPath, [runner, file, String(HEAP_BYTES)], { timeout: TIMEOUT_MS, maxBuffer: 1 << 24 }));
  report = ingestCapture(stdout, 'probe stdout');
}, TIMEOUT_MS);

describe('the MicroPython probe on the real interpreter (v1.27.0, WebAssembly)', () => {
  it("ingest finds every snapshot among the script's output, and none damaged", () => {
    expect(report.capture).toBe('probe');
    expect(report.damaged).toEqual([]);
    // Snapshots and marks share one sequence.
    expect(report.snapshots.map((s) => [s.seq, s.label])).toEqual([
      [2, 'filled'],
      [3, 'fragmented: every other buffer freed'],
      [4, 'garbage check'],
      [6, 'heap locked'],
      [8, 'a "quoted"\tlabel\\ that needs escapes'],
      [9, 'raised by Python'],
      // Two nested `catching` blocks: one snapshot, with the inner label.
      [10, 'big request'],
    ]);
    expect(report.marks.map((m) => [m.seq, m.label, m.after])).toEqual([
      [1, 'filling', null],
      [5, 'measured', 2],
      [7, 'marked under the lock', 3],
    ]);
    expect(report.damagedMarks).toEqual([]);
    // mem_info's lines end in CRLF on this port, print()'s in LF.
    expect(stdout).toContain('\r\nGC memory layout; from ');
    expect(report.snapshots.every((s, i) => s.session === 0 && s.elapsedMs !== null && (i === 0 || s.elapsedMs >= report.snapshots[i - 1]!.elapsedMs!))).toBe(
      true,
    );
    // One clock for both: the session starts at its first mark, and each mark's time lies between its neighbours'.
    expect(report.marks[0]!.elapsedMs).toBe(0);
    for (const m of report.marks) {
      const before = m.after === null ? 0 : report.snapshots[m.after]!.elapsedMs!;
      const after = report.snapshots[(m.after ?? -1) + 1]!.elapsedMs!;
      expect(m.session).toBe(0);
      expect(m.elapsedMs).toBeGreaterThanOrEqual(before);
      expect(m.elapsedMs).toBeLessThanOrEqual(after);
    }
  });

  it('every snapshot has the figures the interpreter printed beside it (gc.mem_free(), gc.mem_alloc())', () => {
    const beside = printed('beside');
    expect(beside).toHaveLength(7);
    for (const [seq, memFree, memAlloc] of beside) {
      const snapshot = report.snapshots.find((s) => s.seq === seq)!;
      expect(snapshot.usedBytes, `snapshot ${seq}: used`).toBe(memAlloc);
      // This build's gc.mem_free() adds the 128 MiB it could still grow by (max new split).
      expect(snapshot.freeBytes + snapshot.maxNewSplit!, `snapshot ${seq}: free`).toBe(memFree);
      expect(snapshot.maxNewSplit).toBe(128 * 1024 * 1024);
      expect(snapshot.usedBytes + snapshot.freeBytes).toBe(snapshot.totalBytes);
    }
  });

  it('the heap grew a second area, and freeing every other buffer fragmented the first', () => {
    const [filled, fragmented] = report.snapshots;
    expect(filled!.areas).toHaveLength(2);
    expect(fragmented!.areas[0]!.freeRuns).toBeGreaterThan(filled!.areas[0]!.freeRuns + 20);
    expect(fragmented!.areas[0]!.fragmentation).toBeGreaterThan(0.8);
    const change = report.changes.find((c) => c.from === 0 && c.to === 1)!;
    expect(change.freeBytes).toBe(fragmented!.freeBytes - filled!.freeBytes);
    expect(change.counts.appeared).toBeGreaterThanOrEqual(20);
  });

  it('the MemoryError the interpreter raised is explained; one raised by Python code fits', () => {
    const caught = /^probe-test caught (.*)$/m.exec(stdout)![1]!;
    expect(caught).toBe('memory allocation failed, allocating 200000000 bytes');
    const big = report.snapshots[6]!.failure!;
    expect(big).toMatchObject({ message: caught, bytes: 200_000_000, blocks: 12_500_000, verdict: 'too-small', maxNewSplit: 128 * 1024 * 1024 });
    expect(big.explanation!.freeBytes).toBe(report.snapshots[6]!.freeBytes);
    expect(report.snapshots[5]!.failure).toMatchObject({ bytes: 5, verdict: 'fits-now' });
  });

  it('allocates nothing per snapshot, mark or catching block, works under heap_lock(), and costs what the README says', () => {
    expect(one('garbage snapshot')).toBe(0);
    expect(one('garbage mark')).toBe(0);
    expect(one('garbage catching')).toBe(0);
    // At a MemoryError the probe adds nothing to what raising it costs.
    expect(one('garbage raise-caught')).toBe(one('garbage raise-plain'));
    const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
    const figure = (row: string): number => Number(new RegExp(`^\\| ${row} \\| (\\d+) bytes \\|`, 'm').exec(readme)?.[1]);
    expect(one('heap-after-import') - one('heap-before-import')).toBe(figure('importing the module \\(source\\)'));
    expect(one('garbage decorated-call')).toBe(figure('a call through `on_memory_error`'));
    const [escaped, plain] = [report.snapshots[4]!, report.snapshots[3]!];
    expect(escaped.usedBytes - plain.usedBytes).toBe(figure('a label that needs escaping \\(this one\\)'));
  });
});
