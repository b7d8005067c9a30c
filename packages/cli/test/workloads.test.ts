/**
 * What the CLI adds to @heaplab/workloads: spec files read with its own file reader (whose errors
 * name the file), and the seed and area lists of --seeds and --areas.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkload } from '@heaplab/workloads';
import { formatAreaList } from '@heaplab/analysis';
import { parseAreaList } from '../src/options/area-list.js';
import { resolveWorkload } from '../src/resolve-workload.js';
import { chooseSeed, chooseSeeds, isNumberedSeed, parseSeedList } from '../src/options/seed-list.js';

describe('workloads by name or spec file', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'heaplab-cli-spec-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a built-in name, and a spec file read from disk', async () => {
    expect(await resolveWorkload('churn')).toBe(findWorkload('churn'));
    const file = join(dir, 'tiny.yaml');
    await writeFile(file, 'name: tiny\nheap: {areas: [4k]}\nkinds: [{size: {fixed: 16}, lifetime: {fixed: 2}}]\n');
    const workload = await resolveWorkload(file);
    expect(workload.name).toBe('tiny');
    expect(workload.generate('1', 10).events).toHaveLength(10);
  });

  it('a binary file, and a missing file: one error naming the file', async () => {
    const binary = join(dir, 'binary.yaml');
    await writeFile(binary, Buffer.from([0x6e, 0x61, 0x00, 0x01]));
    await expect(resolveWorkload(binary)).rejects.toThrow(`${binary}: this is a binary file, not text`);
    await expect(resolveWorkload(join(dir, 'absent.yaml'))).rejects.toThrow(`${join(dir, 'absent.yaml')}: cannot read: no such file`);
  });
});

describe('seed and area lists', () => {
  it('--seeds reads whole numbers: A..B, A,B,C, and both mixed', () => {
    expect(parseSeedList('1..3')).toEqual(['1', '2', '3']);
    expect(parseSeedList('4')).toEqual(['4']);
    expect(parseSeedList('3,7,11')).toEqual(['3', '7', '11']);
    expect(parseSeedList('1..3,9')).toEqual(['1', '2', '3', '9']);
    expect(parseSeedList('9, 1..2 ,0')).toEqual(['9', '1', '2', '0']);
    expect(parseSeedList('5..5,007')).toEqual(['5', '7']);
  });

  it('--seeds refuses anything else, naming the forms it takes (once a seed named after the typo)', () => {
    const forms = 'expected A..B, A,B,C or both mixed, e.g. 1..20,33 (a seed given by name: --seed-name NAME)';
    for (const text of [
      '1-50',
      '1..50x',
      '1..',
      '..5',
      '1...5',
      'release-2',
      '1..3,7,release-2',
      '1,,2',
      '1,',
      '',
      ' ',
      '-1',
      '+3',
      '1.5',
      '1e3',
      '0x10',
      '١٢',
    ]) {
      expect(() => parseSeedList(text), JSON.stringify(text)).toThrow(`--seeds: ${JSON.stringify(text)} is not a seed list; ${forms}`);
    }
    expect(() => parseSeedList('5..1')).toThrow('--seeds: range 5..1 runs backwards');
    expect(() => parseSeedList('0..2000000')).toThrow('--seeds: more than 1000000 seeds');
    expect(() => parseSeedList('9007199254740992')).toThrow('--seeds: seed 9007199254740992 is too large; expected at most 9007199254740991');
  });

  it('--seed is one whole number, --seed-name any text instead, 1 without either', () => {
    expect(chooseSeed({})).toBe('1');
    expect(chooseSeed({ seed: '42' })).toBe('42');
    expect(chooseSeed({ seedName: 'release 42' })).toBe('release 42');
    expect(chooseSeed({ seedName: '1-50' })).toBe('1-50');
    for (const seed of ['1-50', '1..3', 'heaplab', '', '-1', '2.5']) {
      expect(() => chooseSeed({ seed }), seed).toThrow(
        `--seed: ${JSON.stringify(seed)} is not a seed; expected a whole number, e.g. 7 (a seed given by name: --seed-name NAME)`,
      );
    }
    expect(() => chooseSeed({ seed: '3', seedName: 'x' })).toThrow('--seed-name: choose one of --seed and --seed-name');
    expect(() => chooseSeed({ seedName: '' })).toThrow('--seed-name: expected a seed name, not empty text');
  });

  it('a campaign runs the seeds of --seeds, then those named by --seed-name, or its default', () => {
    expect(chooseSeeds('1..2', ['release-42', 'a,b'], '1..8')).toEqual(['1', '2', 'release-42', 'a,b']);
    expect(chooseSeeds(undefined, ['x'], '1..8')).toEqual(['x']);
    expect(chooseSeeds(undefined, [], '1..3')).toEqual(['1', '2', '3']);
    expect(() => chooseSeeds('1-50', [], '1..8')).toThrow('--seeds: "1-50" is not a seed list');
    expect(() => chooseSeeds(undefined, [''], '1..8')).toThrow('--seed-name: expected a seed name, not empty text');
    expect(['7', '0', '12'].every(isNumberedSeed)).toBe(true);
    expect(['007', '1-50', 'x', '', '9007199254740992'].some(isNumberedSeed)).toBe(false);
  });

  it('read sizes with k and m suffixes, and block counts', () => {
    expect(parseAreaList('64k,4m,1000,4000blk')).toEqual([{ bytes: 65536 }, { bytes: 4194304 }, { bytes: 1000 }, { blocks: 4000 }]);
    expect(formatAreaList([{ bytes: 65536 }, { bytes: 4194304 }, { bytes: 1000 }])).toBe('64k,4m,1000');
    expect(formatAreaList([{ bytes: 65536 }, { bytes: 1000 }, { blocks: 4000 }])).toBe('64k + 1000 B + 4000 blocks');
    expect(() => parseAreaList('0')).toThrow(/--areas: "0" is not a whole, positive number of bytes/);
    expect(() => parseAreaList('1.5')).toThrow(/not a whole/);
  });
});
