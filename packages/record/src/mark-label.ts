/**
 * A mark's label as the firmware hook writes it: the script's UTF-8 with each byte that is not
 * part of a valid character replaced by `?`, cut to its first 64 bytes, never inside a character.
 */

/** The longest label, in bytes of UTF-8 (`HEAPLAB_TRACE_LABEL_MAX`). */
export const LABEL_MAX_BYTES = 64;

/** The label of `bytes`; null when it is empty (the hook writes nothing then). */
export function markLabel(bytes: Uint8Array): string | null {
  let text = '';
  let length = 0;
  for (let at = 0; at < bytes.length; ) {
    const size = characterBytes(bytes, at);
    const character = size === 0 ? '?' : Buffer.from(bytes.subarray(at, at + size)).toString('utf8');
    const width = size === 0 ? 1 : size;
    if (length + width > LABEL_MAX_BYTES) break;
    text += character;
    length += width;
    at += width;
  }
  return text === '' ? null : text;
}

/** The length of the valid UTF-8 character at `at`, or 0 when the byte there does not start one. */
function characterBytes(bytes: Uint8Array, at: number): number {
  const first = bytes[at]!;
  const size = first < 0x80 ? 1 : first >= 0xc2 && first < 0xe0 ? 2 : first >= 0xe0 && first < 0xf0 ? 3 : first >= 0xf0 && first < 0xf5 ? 4 : 0;
  if (size <= 1 || at + size > bytes.length) return size === 1 ? 1 : 0;
  for (let i = 1; i < size; i++) if ((bytes[at + i]! & 0xc0) !== 0x80) return 0;
  // Overlong and surrogate forms are not valid characters either.
  const second = bytes[at + 1]!;
  if (first === 0xe0 && second < 0xa0) return 0;
  if (first === 0xed && second >= 0xa0) return 0;
  if (first === 0xf0 && second < 0x90) return 0;
  if (first === 0xf4 && second >= 0x90) return 0;
  return size;
}
