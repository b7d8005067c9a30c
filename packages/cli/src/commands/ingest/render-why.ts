/**
 * The diagnosis of a MemoryError in `heaplab ingest`, shortened as `replay` shortens it: the
 * cause ranked first, then in one sentence the other causes, the kinds the snapshots cannot
 * show, and where the fixes come from (a full trace, which `explain` replays; a capture cannot
 * be replayed, so ingest proposes none).
 */
import { visibleText, type IngestFailure } from '@heaplab/analysis';
import { plural } from '@heaplab/core';
import { wrap } from '../../render/wrap.js';

/** Indented lines: why, and what the snapshots leave open (`explain`: the explain command as it can be typed here). */
export function renderWhy(failure: IngestFailure, explain: string): string[] {
  const [top, ...others] = failure.causes;
  const why = top === undefined ? 'Why: no cause these snapshots can show.' : `Why: ${top.kind}: ${visibleText(top.summary)}`;
  const more = others.length === 0 ? [] : [`${plural(others.length, 'more cause')}: ${others.map((c) => c.kind).join(', ')}`];
  const kinds = failure.notShown.map((n) => n.kind);
  const unseen = kinds.length === 0 ? [] : [`not shown by snapshots: ${kinds.join(', ')} (--json says why)`];
  // The command stays on one line, to be copied whole.
  return [
    '',
    ...wrap(why, 100, '  ', '    '),
    ...(more.length + unseen.length === 0 ? [] : wrap(`(${[...more, ...unseen].join('; ')})`, 100, '  ', '   ')),
    `  (fixes, each proven by replay, need a full trace (recorder/firmware): ${explain} TRACE)`,
  ];
}
