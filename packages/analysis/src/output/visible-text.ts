/**
 * Text from a device (a snapshot's label, a MemoryError message) made safe to print on a
 * terminal as it is, quotes and backslashes included: what could move the cursor, change
 * colours or reorder the line is made visible instead.
 */

/** C0 controls and DEL, which have pictures (U+2400…U+2421), and every other control or format character. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** `text` with each control character shown as its picture (`␊` for a line end, `␛` for ESC) and each format character (a bidi override, a zero-width space…) as `<U+XXXX>`. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (ch) => {
    const code = ch.codePointAt(0)!;
    if (code < 0x20) return String.fromCodePoint(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}
