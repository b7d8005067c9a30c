/** A fuzz report for people: one line per failing seed, with the commands that replay it. */
import type { FuzzReport } from './fuzz-report.js';
import { plural } from '@heaplab/core';
import { typedCommand } from '../../io/invocation.js';
import { shellWord } from '../../render/shell-word.js';

/** `invocation`: how heaplab is run here (see `Output.invocation`), for the commands it suggests. */
export function renderFuzz(report: FuzzReport, invocation?: string): string {
  const { campaign } = report;
  const ran = report.runs.length;
  const lines = [
    `heaplab fuzz ${campaign.workload}: ${ran} of ${plural(campaign.seeds.length, 'seed')}${report.shard === null ? '' : ` (shard ${report.shard.index}/${report.shard.count})`}, ${plural(campaign.length, 'event')} each, strategy ${campaign.strategy}`,
    `  ${plural(report.failing, 'seed ends', 'seeds end')} in a MemoryError${campaign.stopOnFirst && report.failing > 0 ? ' (stopped at the first)' : ''}`,
  ];
  const failing = report.runs.filter((r) => r.failure !== null);
  if (failing.length > 0) {
    lines.push('');
    lines.push(
      `  ${'seed'.padStart(8)}  ${'event'.padStart(6)}  ${'request'.padStart(8)}  ${'free'.padStart(7)}  ${'longest run'.padStart(11)}  ${'frag'.padStart(5)}  ${'cause'.padEnd(15)}  in the way`,
    );
    for (const r of failing) {
      const f = r.failure!;
      const blockers = f.blockers === null ? '–' : `${plural(f.blockers.objects, 'object')}, ${f.blockers.bytes} B`;
      lines.push(
        `  ${r.seed.padStart(8)}  ${String(f.event).padStart(6)}  ${`${f.bytes} B`.padStart(8)}  ${`${f.freeBytes} B`.padStart(7)}  ${`${Math.max(...f.largestFreeRunBytes)} B`.padStart(11)}  ${`${Math.round(f.fragmentation * 100)}%`.padStart(5)}  ${(f.causes[0] ?? '–').padEnd(15)}  ${blockers}`,
      );
    }
    lines.push('');
    for (const r of failing) {
      const reproducer = r.failure!.reproducer;
      lines.push(`  seed ${r.seed}: ${typedCommand(r.command, invocation)}`);
      if (reproducer !== null)
        lines.push(
          `    reproducer (${plural(reproducer.events, 'event')}${reproducer.minimal ? ', 1-minimal' : ''}): ${typedCommand(`heaplab replay ${shellWord(reproducer.file)}`, invocation)}`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}
