/**
 * One numbering of events and lines (docs/events-and-lines.md): one trace and one workload run
 * through every command that names a position, and the positions must agree.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from './support/run-cli.js';

const trace = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces', 'b_lcg_frag_32k.ndjson');
const dir = mkdtempSync(join(tmpdir(), 'heaplab-numbering-'));

async function json(...args: string[]) {
  const result = await run(...args, '--json');
  expect(result.err).toBe('');
  return JSON.parse(result.out);
}

function reportData(file: string) {
  const html = readFileSync(file, 'utf8');
  return JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!);
}

describe('a device trace: every command names the same event and line', () => {
  it('replay, replay --at, compare, minimize and report agree', async () => {
    const replay = await json('replay', trace);
    const error = replay.memoryError;
    const lines = readFileSync(trace, 'utf8').split('\n');
    // The failure's line is its request's, and the event on that line is the failing event.
    expect(JSON.parse(lines[error.line - 1])).toMatchObject({ op: 'alloc_fail', bytes: error.bytes, stage: 'final' });
    expect((await json('replay', trace, '--at', String(error.event))).at.line).toBe(error.line);

    // The object in the way: allocated at line L (event N), so the heap after event N holds it
    // and the heap after event N − 1 does not.
    const blocker = error.blockers[0].objects[0];
    const after = (await json('replay', trace, '--at', String(blocker.bornEvent))).at;
    const before = (await json('replay', trace, '--at', String(blocker.bornEvent - 1))).at;
    expect(after.line).toBe(blocker.bornLine);
    expect(after.used - before.used).toBe(blocker.blocks * 16);

    // A what-if on the device's own heap fails the same request, named by its line.
    const compare = await json('compare', trace, '--strategies', 'micropython', '--no-safe-heap', '--workers', '1');
    expect(compare).toMatchObject({ position: 'line', length: replay.lines });
    expect(compare.rows[0].timeToFailure.mean).toBe(error.line);

    const minimized = await json('minimize', trace, '-o', join(dir, 'repro.ndjson'), '--max-tests', '20');
    expect(minimized.failureLine).toBe(error.line);

    const html = join(dir, 'trace.html');
    expect((await run('report', trace, '-o', html, '--compare')).status).toBe(0);
    const data = reportData(html);
    expect(data.failure).toMatchObject({ event: error.event, line: error.line });
    expect(data.comparison.position).toBe('line');
    expect(data.comparison.rows.find((r: { strategy: string }) => r.strategy === 'micropython').timeToFailure.mean).toBe(error.line);
  }, 120_000);
});

describe('a workload: run, its engine trace, fuzz, compare and report name the same event', () => {
  it('agree on the first failure', async () => {
    const events = join(dir, 'churn.ndjson');
    const ran = await run('run', 'churn', '--seed', '38', '--length', '3000', '-o', events, '--json');
    const failure = JSON.parse(ran.out).memoryError;
    expect(failure).not.toBeNull();
    const n = failure.event;
    expect(JSON.parse(ran.out).metrics.firstFailure.event).toBe(n);

    // The engine trace holds the same events after its header: event N is on line N + 1.
    const replay = await json('replay', events);
    expect(replay.memoryError).toMatchObject({ event: n, line: n + 1 });
    // Events about an object whose request failed still count (the engine skips them): the
    // replay has the run's 3000 events, and the heap after the last is the run's final heap.
    expect(replay).toMatchObject({ events: 3000 });
    expect(replay.skipped).toBeGreaterThan(0);
    expect((await json('replay', events, '--at', '3000')).at.line).toBe(3001);
    expect(JSON.parse(readFileSync(events, 'utf8').split('\n')[n]!)).toMatchObject({ op: failure.op, bytes: failure.facts.bytes });

    const fuzz = await json('fuzz', 'churn', '--seeds', '38', '--length', '3000', '--workers', '1');
    expect(fuzz.runs[0].failure.event).toBe(n);
    expect(fuzz.runs[0].failure.causes).toEqual(JSON.parse(ran.out).causes.map((c: { kind: string }) => c.kind));

    const compare = await json('compare', 'churn', '--seeds', '38', '--length', '3000', '--strategies', 'micropython', '--no-safe-heap', '--workers', '1');
    expect(compare).toMatchObject({ position: 'event', length: 3000 });
    expect(compare.rows[0].timeToFailure.mean).toBe(n);

    const html = join(dir, 'churn.html');
    expect((await run('report', 'churn', '--seed', '38', '--length', '3000', '-o', html)).status).toBe(0);
    expect(reportData(html).failure).toMatchObject({ event: n, line: null });
  }, 120_000);
});
