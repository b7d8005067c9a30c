/** Reading the parts of a Markdown file that tests check: fenced blocks, tables, headings and links. */

/** A fenced code block: the words of its info string, its text, and the line of its opening fence. */
export interface FencedBlock {
  readonly words: readonly string[];
  readonly text: string;
  readonly line: number;
}

/** One row of a table: its cells, trimmed, without the outer pipes. */
export type TableRow = readonly string[];

/** A `### ` section: its heading and the Markdown under it, up to the next heading of any level. */
export interface Section {
  readonly heading: string;
  readonly body: string;
}

/** A link (or image) in the text outside code: its target as written, and its line. */
export interface MarkdownLink {
  readonly target: string;
  readonly line: number;
}

const FENCE = /^\s*(`{3,}|~{3,})(.*)$/;

/** Every fenced block, in order. An unclosed fence runs to the end of the text. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (open === null) continue;
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = FENCE.exec(lines[j]!);
      if (close !== null && close[1]!.startsWith(fence) && close[2]!.trim() === '') break;
      body.push(lines[j]!);
    }
    blocks.push({
      words: open[2]!
        .trim()
        .split(/\s+/)
        .filter((w) => w !== ''),
      text: body.length === 0 ? '' : `${body.join('\n')}\n`,
      line: i + 1,
    });
    i = j;
  }
  return blocks;
}

/** The text with every fenced block's lines blanked (line numbers are kept). */
export function withoutCode(markdown: string): string {
  const lines = markdown.split('\n');
  let fence: string | null = null;
  return lines
    .map((line) => {
      const match = FENCE.exec(line);
      if (fence === null) {
        if (match === null) return line;
        fence = match[1]!;
        return '';
      }
      if (match !== null && match[1]!.startsWith(fence) && match[2]!.trim() === '') fence = null;
      return '';
    })
    .join('\n');
}

/** The rows of the first table in `markdown` (header and separator left out). */
export function firstTable(markdown: string): TableRow[] {
  const lines = withoutCode(markdown).split('\n');
  const start = lines.findIndex((line) => line.trimStart().startsWith('|'));
  if (start < 0) return [];
  const rows: TableRow[] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.trimStart().startsWith('|'); i++) rows.push(cells(lines[i]!));
  return rows;
}

/** The first table whose header's first cell is `header`. */
export function tableHeaded(markdown: string, header: string): TableRow[] {
  const lines = withoutCode(markdown).split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trimStart().startsWith('|') && cells(lines[i]!)[0] === header && (i === 0 || !lines[i - 1]!.trimStart().startsWith('|'))) {
      return firstTable(lines.slice(i).join('\n'));
    }
  }
  return [];
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** The inline code spans of a cell, in order (`` `alloc` / `free` `` gives alloc, free). */
export function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

/** Every `### ` section. */
export function sections(markdown: string): Section[] {
  const lines = withoutCode(markdown).split('\n');
  const raw = markdown.split('\n');
  const found: Section[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('### ')) continue;
    let end = i + 1;
    while (end < lines.length && !/^#{1,6} /.test(lines[end]!)) end++;
    found.push({ heading: lines[i]!.slice(4).trim(), body: raw.slice(i + 1, end).join('\n') });
  }
  return found;
}

/** The anchors GitHub gives the headings of `markdown` (`## Lost events: gap and sync` → `lost-events-gap-and-sync`). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCode(markdown).split('\n')) {
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (heading === null) continue;
    const slug = heading[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Every inline link and image outside code (spans and blocks), with its line. */
export function links(markdown: string): MarkdownLink[] {
  const found: MarkdownLink[] = [];
  withoutCode(markdown)
    .split('\n')
    .forEach((line, index) => {
      const text = line.replace(/`[^`]*`/g, 'code');
      for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) found.push({ target: match[1]!, line: index + 1 });
    });
  return found;
}
