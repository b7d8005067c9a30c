import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { configInput, createHeap, gcInfo, layoutArea, modelledAs, regionBytesForBlocks, resolveConfig, HeapInputError, versionProfile } from '@heaplab/core';

const ALIGNED = 0x20000000;

function blocksOf(bytes: number, options: { start?: number; mpyVersion?: string; wordBytes?: 4 | 8; finaliser?: boolean; weakref?: boolean } = {}): number {
  const { start, ...rest } = options;
  return resolveConfig({ ...rest, areas: [{ bytes, start: start ?? ALIGNED }] }).areas[0]!.blocks;
}

describe("area geometry (gc.c's gc_setup_area)", () => {
  it.each([
    [1024, 60],
    [2048, 124],
    [4096, 248],
    [8192, 500],
    [10000, 608],
    [65536, 4000],
    [262144, 16008],
    [1048576, 64032],
  ])('a %i-byte region gives %i blocks (BPB 16, finaliser, v1.20+)', (bytes, blocks) => {
    expect(blocksOf(bytes)).toBe(blocks);
  });

  it('G1: 8192 B aligned → 500 blocks, total 8000, pool at region+192', () => {
    const area = resolveConfig({ areas: [{ bytes: 8192, start: ALIGNED }] }).areas[0]!;
    expect([area.blocks, area.poolBytes, area.poolStart - ALIGNED]).toEqual([500, 8000, 192]);
  });

  it('G2: a start ≡ 4, 8 or 12 (mod 16) loses the rounded end: 496 blocks', () => {
    for (const offset of [4, 8, 12]) expect(blocksOf(8192, { start: ALIGNED + offset })).toBe(496);
  });

  it('odd region lengths round as the device does', () => {
    expect(blocksOf(8190)).toBe(496);
    for (const bytes of [8200, 8207, 8208]) expect(blocksOf(bytes)).toBe(500);
  });

  it('G3: the v1.20 gap byte costs 4 blocks at 2096 and 4192 bytes', () => {
    expect([blocksOf(2096, { mpyVersion: '1.19' }), blocksOf(2096)]).toEqual([128, 124]);
    expect([blocksOf(4192, { mpyVersion: '1.19.1' }), blocksOf(4192, { mpyVersion: '1.20' })]).toEqual([256, 252]);
  });

  it('G4: split 2048 + 2048 → 124 + 120 blocks, area 1 pool at region+128', () => {
    const config = resolveConfig({ areas: [{ bytes: 2048 }, { bytes: 2048 }] });
    expect(config.areas.map((a) => a.blocks)).toEqual([124, 120]);
    expect(config.areaStructBytes).toBe(32);
    expect(config.areas[1]!.poolOffset).toBe(128);
    expect(gcInfo(createHeap(config)).total).toBe(3904);
  });

  it('G5: OpenMV H7 at HEAD, gc_init 64K + gc_add 264K → 4000 + 16504 blocks, 328064 bytes', () => {
    const config = resolveConfig({ areas: [{ bytes: 64 * 1024 }, { bytes: 264 * 1024 }] });
    expect(config.areas.map((a) => a.blocks)).toEqual([4000, 16504]);
    expect(gcInfo(createHeap(config)).total).toBe(328064);
  });

  it('areas without a start sit 256 MiB apart, and an area past 256 MiB pushes the next one on', () => {
    const starts = (mib: number[]): number[] => resolveConfig({ areas: mib.map((m) => ({ bytes: m * 2 ** 20 })) }).areas.map((a) => a.regionStart);
    expect(starts([100, 100, 100])).toEqual([0x20000000, 0x30000000, 0x40000000]);
    expect(starts([600, 100])).toEqual([0x20000000, 0x50000000]);
    expect(starts([512, 512])).toEqual([0x20000000, 0x40000000]);
    expect(starts([100, 300, 100])).toEqual([0x20000000, 0x30000000, 0x50000000]);
  });

  it('OpenMV board layouts', () => {
    const totals = (kib: number[], mpyVersion = '1.27'): number => gcInfo(createHeap({ mpyVersion, areas: kib.map((k) => ({ bytes: k * 1024 })) })).total;
    expect(totals([26, 267], '1.23')).toBe(293056);
    expect(totals([64, 267])).toBe(331072);
    expect(totals([239, 4096])).toBe(4337280);
    expect(totals([232, 4096])).toBe(4330240);
    expect(totals([26, 290, 8192])).toBe(8512512);
    expect(totals([64, 272, 8192])).toBe(8532480);
    expect(totals([64, 204, 8192])).toBe(8464448);
  });

  it('area struct sizes: 28 B on v1.20, 32 B on v1.21–v1.27, 36 B with weakrefs, doubled on 64-bit', () => {
    const struct = (input: Parameters<typeof resolveConfig>[0]): number => resolveConfig({ ...input, splitHeap: true }).areaStructBytes;
    expect(struct({ mpyVersion: '1.20' })).toBe(28);
    expect(struct({ mpyVersion: '1.27' })).toBe(32);
    expect(struct({ mpyVersion: '1.28', weakref: true })).toBe(36);
    expect(struct({ mpyVersion: '1.27', wordBytes: 8 })).toBe(64);
  });

  it.each([
    ['finaliser (denominator 524)', {}, 4000],
    ['finaliser + weakref (528)', { mpyVersion: '1.28', weakref: true }, 3968],
    ['weakref only (524)', { mpyVersion: '1.28', weakref: true, finaliser: false }, 4000],
    ['no bit tables (/65)', { finaliser: false }, 4032],
    ['BPB 32 + finaliser (1036)', { wordBytes: 8 }, 2024],
    ['BPB 32 + finaliser + weakref (1040)', { wordBytes: 8, mpyVersion: '1.28', weakref: true }, 2016],
    ['BPB 32, no bit tables (/129)', { wordBytes: 8, finaliser: false }, 2032],
  ] as const)('64 KiB with %s → %i blocks', (_name, options, blocks) => {
    expect(blocksOf(65536, options)).toBe(blocks);
  });

  it('64-bit unix: a 64 KiB malloc with a 16-aligned start gives 2020 blocks (64640 B)', () => {
    expect(blocksOf(65536, { wordBytes: 8, start: ALIGNED + 16 }) * 32).toBe(64640);
  });

  it('a region given by its block count lays out to exactly that many blocks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100000 }),
        fc.integer({ min: 0, max: 4095 }),
        fc.constantFrom(16, 32),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(0, 32),
        (quads, start, blockBytes, finaliser, weakref, structBytes) => {
          const blocks = quads * 4;
          const base = { index: 1, regionStart: ALIGNED + start, structBytes, blockBytes, gapBytes: 1, finaliser, weakref };
          const regionBytes = regionBytesForBlocks(blocks, base);
          expect(layoutArea({ ...base, regionBytes }).blocks).toBe(blocks);
          expect(layoutArea({ ...base, regionBytes: regionBytes + base.blockBytes * 5 }).blocks).toBeGreaterThan(blocks);
        },
      ),
    );
  });
});

describe('configuration errors name the field', () => {
  it.each([
    [{ wordBytes: 2 }, 'wordBytes'],
    [{ mpyVersion: '1.18' }, 'mpyVersion'],
    [{ mpyVersion: 'latest' }, 'mpyVersion'],
    [{ mpyVersion: '1.29' }, 'mpyVersion'],
    [{ mpyVersion: 'v1.99.0' }, 'mpyVersion'],
    [{ weakref: true }, 'weakref'],
    [{ areas: [] }, 'areas'],
    [{ areas: [{ bytes: 0 }] }, 'areas[0].bytes'],
    [{ areas: [{ bytes: 1.5 }] }, 'areas[0].bytes'],
    [{ areas: [{ bytes: Number.NaN }] }, 'areas[0].bytes'],
    [{ areas: [{ bytes: 2 ** 40 }] }, 'areas[0]'],
    [{ areas: [{ bytes: 40 }] }, 'areas[0]'],
    [{ areas: [{ blocks: 6 }] }, 'areas[0].blocks'],
    [
      {
        areas: [
          { bytes: 4096, start: 0x1000 },
          { bytes: 4096, start: 0x1800 },
        ],
      },
      'areas[1]',
    ],
    [{ areas: [{ bytes: 4096 }, { bytes: 4096 }], splitHeap: false }, 'splitHeap'],
    [{ areas: [{ bytes: 4096 }, { bytes: 4096 }], mpyVersion: '1.19' }, 'splitHeap'],
  ])('%j → %s', (input, field) => {
    let error: unknown;
    try {
      resolveConfig(input as Parameters<typeof resolveConfig>[0]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HeapInputError);
    expect((error as HeapInputError).location.field).toBe(field);
    expect((error as HeapInputError).message.startsWith(`${field}: `)).toBe(true);
  });

  it('a version newer than 1.28 is refused, not modelled as the newest profile; 1.21 to 1.26 say they are modelled as 1.27', () => {
    expect(() => resolveConfig({ mpyVersion: '1.99' })).toThrow(
      'mpyVersion: MicroPython 1.99 is newer than any version heaplab models (its gc.c was not checked against the model); expected 1.19, 1.20, 1.21 to 1.27 (modelled as 1.27) or 1.28',
    );
    for (const version of ['1.19', '1.20', '1.27', 'v1.27.0', '1.28']) expect(modelledAs(versionProfile(version)!), version).toBeNull();
    expect(modelledAs(versionProfile('1.21')!)).toBe('modelled as 1.27: gc.c is the same from 1.21 to 1.27');
    expect(versionProfile('1.26.1')?.name).toBe('1.21-1.27');
  });

  it('an unknown strategy is a located error', () => {
    expect(() => createHeap({ strategy: 'magic' })).toThrow(/strategy: unknown strategy "magic"; known: .*\bmicropython\b/);
  });
});

describe('configInput', () => {
  it('resolves back to the same configuration', () => {
    for (const input of [
      {},
      { mpyVersion: '1.19', areas: [{ bytes: 2096, start: 0x20000004 }] },
      { wordBytes: 8 as const, areas: [{ bytes: 65536 }, { blocks: 4000 }] },
      { mpyVersion: '1.28', weakref: true, finaliser: false },
    ]) {
      const config = resolveConfig(input);
      expect(resolveConfig(configInput(config))).toEqual(config);
    }
  });
});
