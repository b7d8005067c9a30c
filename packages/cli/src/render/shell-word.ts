/** One shell word: as it is when it needs no quoting, else in single quotes (POSIX sh). */
export function shellWord(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
