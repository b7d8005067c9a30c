/** The part of a remedy's sentence that says what its replay showed. */
import { counted, eventAt } from '../diagnosis/wording.js';
import type { RemedyCheck } from './remedy.js';

/** "the recording then runs to its end …" or "it still fails at event N …". */
export function checkText(check: RemedyCheck): string {
  if (check.survives) {
    const assumed =
      check.assumedGarbage === undefined
        ? ''
        : `, if what the device swept at its next collection was already garbage at the ${check.assumedGarbage === 1 ? 'point' : `${check.assumedGarbage} points`} where this run had to collect before the device did`;
    return `the recording then runs to its end (${counted(check.eventsRun, 'event')}), the tightest request leaving ${counted(check.headroomBytes, 'byte')} to spare${assumed}`;
  }
  const recorded = check.failedAtRecorded === undefined ? '' : `, at the recording's ${eventAt(check.failedAtRecorded, check.failedLine ?? null)}`;
  return `it still fails at event ${check.failedAt} of the changed stream${recorded}`;
}
