/**
 * What the CLI adds to @heaplab/workloads: spec files read with its own file reader (whose errors
 * name the file), and the seed and area lists of --seeds and --areas.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkload } from '@heaplab/workloads';
import { formatAreaList, parseAreaList } from '../src/options/area-list.js';
import { resolveWorkload } from '../src/resolve-workload.js';
import { chooseSeeds, parseSeedList, parseSeedNames } from '../src/options/seed-list.js';

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
  it('read ranges, lists and names', () => {
    expect(parseSeedList('1..3,7, 9')).toEqual(['1', '2', '3', '7', '9']);
    // A typo is never a seed with a strange name: every form but the documented ones is refused.
    for (const typo of ['1-50', '1..50x', '1..', '..5', 'release-2', '1..3,x', '1.5', '-1', '1e3'])
      expect(() => parseSeedList(typo), typo).toThrow(
        /^--seeds: .* is not a seed: expected whole numbers as A\.\.B, A,B,C or both mixed \(e\.g\. 1\.\.20,33\); seeds that are names go in --seed-names$/,
      );
    expect(() => parseSeedList('1,,2')).toThrow(/--seeds: an empty seed in "1,,2" is not a seed/);
    expect(() => parseSeedList('5..3')).toThrow(/--seeds: range 5\.\.3 runs backwards/);
    expect(parseSeedNames('release-2, nightly')).toEqual(['release-2', 'nightly']);
    expect(() => parseSeedNames('a,,b')).toThrow(/--seed-names: an empty name/);
    expect(chooseSeeds({}, '1..2')).toEqual(['1', '2']);
    expect(chooseSeeds({ seedNames: 'x' }, '1..2')).toEqual(['x']);
    expect(() => chooseSeeds({ seeds: '1', seedNames: 'x' }, '1..2')).toThrow(/not both/);
    expect(() => parseSeedList('0..2000000')).toThrow(/--seeds: more than 1000000 seeds/);
  });

  it('read sizes with k and m suffixes, and block counts', () => {
    expect(parseAreaList('64k,4m,1000,4000blk')).toEqual([{ bytes: 65536 }, { bytes: 4194304 }, { bytes: 1000 }, { blocks: 4000 }]);
    expect(formatAreaList([{ bytes: 65536 }, { bytes: 4194304 }, { bytes: 1000 }])).toBe('64k,4m,1000');
    expect(formatAreaList([{ bytes: 65536 }, { bytes: 1000 }, { blocks: 4000 }])).toBe('64k + 1000 B + 4000 blocks');
    expect(() => parseAreaList('0')).toThrow(/--areas: "0" is not a whole, positive number of bytes/);
    expect(() => parseAreaList('1.5')).toThrow(/not a whole/);
  });
});
