import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_SHARED_CHARS, readShareFragment, shareFragment } from '../src/share-link.js';

const DUMP = readFileSync(join(import.meta.dirname, '..', '..', 'core', 'test', 'fixtures', 'oracle', 'b_fragmentation.mcu.out.txt'), 'utf8');
const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

describe('a paste in a link', () => {
  it('travels compressed and comes back as it was, with the fits question and --force', async () => {
    const paste = { text: `\uFEFF>>> µ é 🙂\r\n${DUMP}`, fits: "array('h', 50) & more=1", force: true };
    const fragment = await shareFragment(paste);
    expect(fragment).toMatch(/^dump=[A-Za-z0-9_-]+&fits=[^&#]+&force=1$/);
    expect(fragment.length).toBeLessThan(DUMP.length / 2);
    expect(await readShareFragment(`#${fragment}`)).toEqual({ kind: 'paste', paste });
    // The dump is raw deflate in base64url, as any zlib reads it.
    const dump = new URLSearchParams(fragment).get('dump')!;
    expect(Buffer.from(dump, 'base64url').length).toBeGreaterThan(0);
    expect(await readShareFragment(`dump=${base64url(deflateRawSync('GC: total: 960'))}`)).toEqual({
      kind: 'paste',
      paste: { text: 'GC: total: 960', fits: '', force: false },
    });
  });

  it('a fragment without a dump holds no paste; a cut or changed one, or a bomb, is damaged', async () => {
    expect(await readShareFragment('')).toEqual({ kind: 'none' });
    expect(await readShareFragment('#top')).toEqual({ kind: 'none' });
    const dump = new URLSearchParams(await shareFragment({ text: DUMP, fits: '', force: false })).get('dump')!;
    expect(await readShareFragment(`#dump=${dump.slice(0, dump.length / 2)}`)).toEqual({
      kind: 'damaged',
      reason: 'the dump in it cannot be unpacked: the link was cut or changed',
    });
    expect(await readShareFragment('#dump=abc*def')).toEqual({ kind: 'damaged', reason: 'the dump in it is not base64url: the link was cut or changed' });
    expect(await readShareFragment(`#dump=${base64url(deflateRawSync(Buffer.from([0xff, 0xfe, 0x00])))}`)).toMatchObject({ kind: 'damaged' });
    expect(await readShareFragment(`#dump=${base64url(deflateRawSync(Buffer.alloc(MAX_SHARED_CHARS + 1, 46)))}`)).toEqual({
      kind: 'damaged',
      reason: `the dump in it unpacks to more than ${MAX_SHARED_CHARS} characters`,
    });
  });
});
