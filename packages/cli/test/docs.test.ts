/**
 * The documentation, checked against heaplab itself. Every input example in docs/ (a fenced block
 * whose info string names a format, see docs/README.md) is read with heaplab's own parser for that
 * format, and what the page says heaplab makes of it (a `json expect` or `text expect` block) is
 * what the command prints. The tables of line kinds, events, commands and JSON fields match the
 * parsers and the outputs. And no Markdown link in the repository points outside it or at nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HeapInputError, parseMemInfo, parseOps } from '@heaplab/core';
import { extractSnapshots } from '@heaplab/analysis';
import { decodeDeviceLine, decodeEngineEvent, decodeEngineHeader, decodeEngineLine, decodeKnownLine, isEngineTraceHeader } from '@heaplab/replay';
import { workloadFromSpec } from '@heaplab/workloads';
import { codeSpans, fencedBlocks, firstTable, headingAnchors, links, sections, tableHeaded, type FencedBlock } from './support/markdown.js';
import { runCli } from './support/run-cli.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const docsDir = join(root, 'docs');
const docFiles = readdirSync(docsDir)
  .filter((name) => name.endsWith('.md'))
  .sort();
const docText = (name: string): string => readFileSync(join(docsDir, name), 'utf8');

const FORMATS = ['device-trace', 'engine-trace', 'probe-capture', 'mem-info', 'ops', 'workload-spec'] as const;
type Format = (typeof FORMATS)[number];

/** An input example, the options after its format word, and the expectation that follows it. */
interface Example {
  readonly doc: string;
  readonly block: FencedBlock;
  readonly format: Format;
  readonly options: readonly string[];
  readonly expect: { readonly kind: 'json' | 'text'; readonly text: string } | null;
}

function examplesOf(doc: string): Example[] {
  const examples: Example[] = [];
  for (const block of fencedBlocks(docText(doc))) {
    if (block.words[1] === 'expect') {
      const last = examples.at(-1);
      if (last === undefined || last.expect !== null) throw new Error(`${doc}:${block.line}: an expect block without an input example before it`);
      examples[examples.length - 1] = { ...last, expect: { kind: block.words[0] === 'json' ? 'json' : 'text', text: block.text } };
      continue;
    }
    const format = block.words.find((word): word is Format => (FORMATS as readonly string[]).includes(word));
    if (format !== undefined) examples.push({ doc, block, format, options: block.words.filter((w) => w.startsWith('--')), expect: null });
  }
  return examples;
}

const examples = docFiles.flatMap(examplesOf);
const where = (example: Example): string => `${example.doc}:${example.block.line}`;

/** The file an example is saved as, which the expected messages name. */
function fileName(example: Example): string {
  switch (example.format) {
    case 'device-trace':
      return 'trace.ndjson';
    case 'engine-trace':
      return 'repro.events';
    case 'probe-capture':
      return 'capture.log';
    case 'mem-info':
      return 'dump.txt';
    case 'ops':
      return 'scenario.ops';
    case 'workload-spec':
      return example.block.words[0] === 'json' ? 'spec.json' : 'spec.yaml';
  }
}

/** The command that reads an example's format. */
const COMMAND: Readonly<Record<Format, string>> = {
  'device-trace': 'replay',
  'engine-trace': 'replay',
  'probe-capture': 'ingest',
  'mem-info': 'inspect',
  ops: 'ops',
  'workload-spec': 'run',
};

const temporary: string[] = [];
afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The example saved in a directory of its own: the directory and the file's path. */
async function saved(example: Example): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'heaplab-docs-'));
  temporary.push(dir);
  const file = join(dir, fileName(example));
  await writeFile(file, example.block.text);
  return { dir, file };
}

/** The ops a decoder accepts, from its own error for an unknown one ("…; expected one of a, b, c"). */
function acceptedOps(decode: () => unknown): string[] {
  try {
    decode();
  } catch (error) {
    const list = /expected one of (.*)$/.exec((error as Error).message);
    if (list !== null) return list[1]!.split(', ').sort();
  }
  throw new Error('the decoder accepted an unknown op');
}

/** Checks an example with its format's parser (not through the command). */
async function checkParses(example: Example, file: string, dir: string): Promise<void> {
  const { text } = example.block;
  const failure =
    example.expect?.kind === 'text' && example.expect.text.startsWith('heaplab: ') ? example.expect.text.slice('heaplab: '.length).trimEnd() : null;
  const rejects = async (read: () => unknown): Promise<void> => {
    let thrown: unknown = null;
    try {
      await read();
    } catch (error) {
      thrown = error;
    }
    expect(thrown, `${where(example)}: the parser accepts what the page says is refused`).toBeInstanceOf(HeapInputError);
    expect((thrown as Error).message.replaceAll(`${dir}${sep}`, '')).toBe(failure);
  };
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  switch (example.format) {
    case 'device-trace':
      lines.forEach((line, i) => {
        const full = decodeDeviceLine(line, i + 1);
        const fast = decodeKnownLine(Buffer.from(line), 0, Buffer.byteLength(line));
        expect(fast, `${where(example)}: line ${i + 1} is not in the firmware's exact shape`).not.toBeNull();
        expect(fast).toEqual(full);
        expect(Object.keys(fast!)).toEqual(Object.keys(full));
      });
      return;
    case 'engine-trace': {
      expect(isEngineTraceHeader(lines[0]!), `${where(example)}: the first line is not an engine trace header`).toBe(true);
      expect(decodeEngineHeader(lines[0]!).format).toBe('heaplab-events');
      if (failure !== null) return rejects(() => lines.slice(1).map((line, i) => decodeEngineLine(line, i + 2, file)));
      const decoded = lines.slice(1).map((line, i) => decodeEngineLine(line, i + 2));
      expect(decoded.filter((line) => line.kind === 'event').length).toBeGreaterThan(0);
      return;
    }
    case 'probe-capture': {
      const capture = extractSnapshots(text);
      const markers = text.split('#heaplab-snapshot ').length - 1;
      const marks = text.split('#heaplab-mark ').length - 1;
      expect(capture.format).toBe(markers > 0 ? 'probe' : 'bare');
      expect(capture.damaged).toEqual([]);
      expect(capture.damagedMarks).toEqual([]);
      expect(capture.marks).toHaveLength(marks);
      // Snapshots and marks share one count.
      const seqs = [...capture.snapshots, ...capture.marks].sort((a, b) => a.line - b.line).map((s) => s.seq);
      if (markers > 0) expect(seqs).toEqual(Array.from({ length: markers + marks }, (_, i) => i + 1));
      else expect(capture.snapshots.length).toBeGreaterThan(0);
      return;
    }
    case 'mem-info': {
      if (failure !== null) return rejects(() => parseMemInfo(text, file));
      const dump = parseMemInfo(text);
      expect(dump.areas.length).toBe(text.split('GC memory layout; from ').length - 1);
      const total = /GC: total: (\d+)/.exec(text);
      expect(dump.gc?.total).toBe(total === null ? undefined : Number(total[1]));
      return;
    }
    case 'ops': {
      if (failure !== null) return rejects(() => parseOps(text, file));
      const commands = lines.filter((line) => !line.trim().startsWith('#'));
      expect(parseOps(text).commands.map((c) => c.op)).toEqual(commands.map((line) => line.trim().split(/\s+/)[0]));
      return;
    }
    case 'workload-spec': {
      if (failure !== null) return rejects(() => workloadFromSpec(text, file));
      const workload = await workloadFromSpec(text, file);
      expect(workload.name).toBe((parse(text) as { name: string }).name);
      const length = Math.min(workload.defaultLength, 2000);
      expect(workload.generate('1', length).events).toHaveLength(length);
      return;
    }
  }
}

describe('the input examples in docs/', () => {
  it('cover every format, and every expect block belongs to one', () => {
    expect(new Set(examples.map((e) => e.format))).toEqual(new Set(FORMATS));
    expect(examples.filter((e) => e.expect !== null).length).toBeGreaterThanOrEqual(FORMATS.length);
  });

  it.each(examples.map((example) => [where(example), example] as const))('%s parses as the page says', async (_, example) => {
    const { dir, file } = await saved(example);
    await checkParses(example, file, dir);
    const { expect: expectation } = example;
    if (expectation === null) return;
    const json = expectation.kind === 'json';
    const { status, out, err } = await runCli(COMMAND[example.format], file, ...example.options, ...(json ? ['--json'] : []));
    if (json) {
      expect([0, 1], `${where(example)}: ${err}`).toContain(status);
      expect(JSON.parse(out)).toMatchObject(JSON.parse(expectation.text));
    } else if (expectation.text.startsWith('heaplab: ')) {
      expect(status).toBe(2);
      expect(out).toBe('');
      expect(err.replaceAll(`${dir}${sep}`, '')).toBe(expectation.text);
    } else {
      expect([0, 1], `${where(example)}: ${err}`).toContain(status);
      expect(out).toBe(expectation.text);
    }
  });
});

describe('the tables in docs/ against the parsers', () => {
  it('device-trace.md has a section for every line kind the decoder reads, listing its fields in the firmware order', () => {
    const doc = docText('device-trace.md');
    const kinds = sections(doc).filter((s) => /^`[a-z_]+`$/.test(s.heading));
    expect(kinds.map((s) => s.heading.slice(1, -1)).sort()).toEqual(acceptedOps(() => decodeDeviceLine('{"op":"?"}', 1)));
    for (const { heading, body } of kinds) {
      const op = heading.slice(1, -1);
      const fields = firstTable(body).map((row) => codeSpans(row[0]!)[0]!);
      const events = fencedBlocks(body)
        .filter((block) => block.words.includes('device-trace'))
        .flatMap((block) => block.text.split('\n').filter((line) => line.trim() !== ''))
        .map((line) => decodeDeviceLine(line, 1));
      expect(events.length, `${op}: no example`).toBeGreaterThan(0);
      const shown = new Set<string>();
      for (const event of events) {
        expect(event.op).toBe(op);
        const keys = Object.keys(event).filter((key) => key !== 'op');
        // The example's keys, in their order, are the table's with some optional ones left out.
        expect(
          fields.filter((field) => keys.includes(field)),
          `${op}: ${keys.join(', ')}`,
        ).toEqual(keys);
        for (const key of keys) shown.add(key);
      }
      expect([...shown].sort(), `${op}: every field in the table is in an example`).toEqual([...fields].sort());
    }
  });

  it("engine-trace.md's table of events lists every op the decoder reads", () => {
    const ops = tableHeaded(docText('engine-trace.md'), 'op').map((row) => codeSpans(row[0]!)[0]!);
    expect(ops.sort()).toEqual(acceptedOps(() => decodeEngineEvent('{"op":"?"}', 1)));
  });

  it("ops.md's table of commands lists every command the parser reads", () => {
    const commands = tableHeaded(docText('ops.md'), 'command').flatMap((row) => codeSpans(row[0]!).map((usage) => usage.split(' ')[0]!));
    expect(commands.sort()).toEqual(acceptedOps(() => parseOps('init 1024 0\n?\n')));
  });
});

/** A `sh json-output` command's arguments: repository paths made absolute, outputs sent to a temporary directory. */
async function commandArgs(command: string): Promise<string[]> {
  const words = command.trim().split(/\s+/);
  expect(words[0]).toBe('heaplab');
  const out = await mkdtemp(join(tmpdir(), 'heaplab-docs-'));
  temporary.push(out);
  return words.slice(1).map((word, i, all) => {
    if (all[i - 1] === '-o' || all[i - 1] === '--out-dir') return join(out, word);
    return existsSync(join(root, word)) && word.includes('/') ? join(root, word) : word;
  });
}

describe('json-output.md', () => {
  const doc = docText('json-output.md');
  const blocks = fencedBlocks(doc).filter((block) => block.words.join(' ') === 'sh json-output');
  const lines = doc.split('\n');

  it('shows every command that has --json', async () => {
    const documented = new Set(blocks.map((block) => block.text.trim().split(/\s+/)[1]));
    const help = (await runCli('--help')).out;
    const commands = [...help.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    const withJson: string[] = [];
    for (const command of commands) if (/^ +--json\b/m.test((await runCli(command, '--help')).out)) withJson.push(command);
    expect(withJson.length).toBeGreaterThan(5);
    expect([...documented].sort()).toEqual(withJson.sort());
  });

  it.each(blocks.map((block) => [block.text.trim(), block] as const))('%s prints the fields of its table', async (_, block) => {
    const { status, out, err } = await runCli(...(await commandArgs(block.text)));
    expect([0, 1], err).toContain(status);
    const value = JSON.parse(out) as Record<string, unknown> | Record<string, unknown>[];
    const first = Array.isArray(value) ? value[0]! : value;
    const end = lines.findIndex((line, i) => i >= block.line && /^\s*```\s*$/.test(line));
    const rows = firstTable(lines.slice(end + 1).join('\n'));
    const fields = rows.map((row) => codeSpans(row[0]!)[0]!);
    const optional = rows.filter((row) => row[1]!.startsWith('Only with')).map((row) => codeSpans(row[0]!)[0]!);
    const printed = Object.keys(first);
    expect(printed).toEqual(fields.filter((field) => printed.includes(field)));
    expect(fields.filter((field) => !printed.includes(field))).toEqual(fields.filter((field) => !printed.includes(field) && optional.includes(field)));
  });
});

/** Every Markdown file of the repository (not dependencies or build output). */
function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

describe('links in the Markdown files', () => {
  const files = markdownFiles(root);

  it('include the READMEs and docs/', () => {
    const names = files.map((file) => relative(root, file));
    expect(names).toEqual(expect.arrayContaining(['README.md', 'docs/README.md', 'recorder/firmware/README.md', 'recorder/micropython/README.md']));
  });

  it.each(files.map((file) => [relative(root, file), file] as const))('%s links only to what the repository has', (_, file) => {
    const text = readFileSync(file, 'utf8');
    const outside = text.split('\n').filter((line) => /\bshared\//.test(line));
    expect(outside, 'lines naming the background material outside the repository').toEqual([]);
    for (const { target, line } of links(text)) {
      if (/^[a-z][a-z+.-]*:/i.test(target)) continue;
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const to = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
      const at = `${relative(root, file)}:${line}: ${target}`;
      expect(to === root || to.startsWith(`${root}${sep}`), `${at} leaves the repository`).toBe(true);
      expect(existsSync(to), `${at} does not exist`).toBe(true);
      if (anchor !== undefined && to.endsWith('.md')) expect(headingAnchors(readFileSync(to, 'utf8')), `${at}: no such heading`).toContain(anchor);
    }
  });
});
