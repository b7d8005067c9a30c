import { describe, expect, it } from 'vitest';
import { formatEngineTrace } from '@heaplab/replay';
import { droppedTimeline, droppedTraceEvents, PAGE_CUT_ADVICE } from '../src/dropped-trace.js';

/** A device trace's heap line and four allocations, as the firmware hook writes them. */
const DEVICE = [
  '{"op":"heap","area":0,"bytes":65536,"pool_bytes":64000,"total_blocks":4000,"block_bytes":16,"word_bytes":4,"atb_bytes":1000,"ftb_bytes":500,"wtb_bytes":0,"pool_offset":1536}',
  ...[0, 2, 4, 6].map((block) => `{"op":"alloc","bytes":24,"blocks":2,"area":0,"block":${block},"fin":0,"in_realloc":0,"after_collect":0}`),
].join('\n');
const ENGINE = formatEngineTrace(
  { config: { areas: [{ bytes: 65536 }] } },
  [0, 1, 2, 3].map((id) => ({ op: 'alloc', id, bytes: 24 })),
);

/** The text cut inside its last line, as a capture that stopped mid-write leaves it. */
const cutInside = (text: string): Blob => new Blob([text.trimEnd().slice(0, -12)]);

describe('a dropped trace cut inside its last line', () => {
  for (const [kind, text] of [
    ['device', DEVICE],
    ['engine', ENGINE],
  ] as const) {
    it(`${kind} trace: says what the page did and what works, not a switch the page lacks`, async () => {
      for (const read of [() => droppedTimeline(cutInside(text), 'cut.ndjson'), () => droppedTraceEvents(cutInside(text), 'cut.ndjson')]) {
        const message = await read().then(
          () => '',
          (error: unknown) => (error as Error).message,
        );
        expect(message.startsWith('cut.ndjson:5: '), message).toBe(true);
        expect(message.endsWith(`; the file ends inside this line (cut short?): ${PAGE_CUT_ADVICE}`), message).toBe(true);
        expect(message).toContain('capture it again');
        expect(message).toContain('run heaplab replay TRACE --skip-bad-lines');
        expect(message).not.toContain('): replay with --skip-bad-lines');
      }
    });
  }
});
