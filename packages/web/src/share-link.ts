/**
 * A pasted dump in a link: the text, compressed (`deflate-raw`, the browser's CompressionStream)
 * and written in base64url, travels in the URL's fragment (`#dump=…`), with the fits question
 * (`&fits=…`) and `&force=1` when there are. Browsers never send the fragment to a server: the
 * link carries the paste itself, and opening it reads the paste back.
 */

/** What a link carries. */
export interface SharedPaste {
  readonly text: string;
  /** The fits question as typed ('' when none was asked). */
  readonly fits: string;
  /** Answer even on a map that cannot be trusted (`--force`). */
  readonly force: boolean;
}

/** A fragment read: no paste in it, a paste, or a paste that cannot be read back (and why). */
export type ReadShare =
  | { readonly kind: 'none' }
  | { readonly kind: 'paste'; readonly paste: SharedPaste }
  | { readonly kind: 'damaged'; readonly reason: string };

/** The most text a link may unpack to: far more than any capture, far less than a deflate bomb. */
export const MAX_SHARED_CHARS = 16 * 1024 * 1024;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The fragment (without `#`) that carries `paste`. */
export async function shareFragment(paste: SharedPaste): Promise<string> {
  const packed = await new Response(new Blob([paste.text]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer();
  const params = new URLSearchParams({ dump: toBase64url(new Uint8Array(packed)) });
  if (paste.fits !== '') params.set('fits', paste.fits);
  if (paste.force) params.set('force', '1');
  return params.toString();
}

/** Reads the paste in `hash` (`location.hash`, with or without its `#`). */
export async function readShareFragment(hash: string): Promise<ReadShare> {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const dump = params.get('dump');
  if (dump === null) return { kind: 'none' };
  if (!BASE64URL.test(dump) || dump.length % 4 === 1) return { kind: 'damaged', reason: 'the dump in it is not base64url: the link was cut or changed' };
  const text = await inflate(fromBase64url(dump));
  if (typeof text !== 'string') return { kind: 'damaged', reason: text.reason };
  return { kind: 'paste', paste: { text, fits: params.get('fits') ?? '', force: params.get('force') === '1' } };
}

/** The text `bytes` inflate to, or why there is none. */
async function inflate(bytes: Uint8Array<ArrayBuffer>): Promise<string | { readonly reason: string }> {
  const reader = new Blob([bytes])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'))
    .pipeThrough(new TextDecoderStream('utf-8', { fatal: true, ignoreBOM: true }))
    .getReader();
  const parts: string[] = [];
  let length = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      length += read.value.length;
      if (length > MAX_SHARED_CHARS) {
        await reader.cancel();
        return { reason: `the dump in it unpacks to more than ${MAX_SHARED_CHARS} characters` };
      }
      parts.push(read.value);
    }
  } catch {
    return { reason: 'the dump in it cannot be unpacked: the link was cut or changed' };
  }
  return parts.join('');
}

function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: spreading a whole capture into one call would overflow the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}
