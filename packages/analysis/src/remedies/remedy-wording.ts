/** The part of a remedy's sentence that says what its replay showed. */
import { eventAt } from '../diagnosis/wording.js';
import { plural } from '@heaplab/core';
import type { RemedyCheck } from './remedy.js';

/** "the recording then runs to its end …" or "it still fails at line L …" (event N of the changed stream when there are no lines). */
export function checkText(check: RemedyCheck): string {
  if (check.survives) {
    const first =
      check.firstAssumedLine !== undefined
        ? `line ${check.firstAssumedLine}`
        : check.firstAssumedAtRecorded !== undefined
          ? eventAt(check.firstAssumedAtRecorded, null)
          : null;
    const otherwise = first === null ? '' : ` (keeping every object until the device swept it, it fails at ${first})`;
    const assumed =
      check.assumedGarbage === undefined
        ? ''
        : `, if what the device swept at its next collection was already garbage at the ${check.assumedGarbage === 1 ? 'point' : `${check.assumedGarbage} points`} where this run had to collect before the device did${otherwise}`;
    return `the recording then runs to its end, the tightest request leaving ${plural(check.headroomBytes, 'byte')} to spare${assumed}`;
  }
  if (check.failedLine !== undefined) return `it still fails, at line ${check.failedLine} of the recording`;
  const recorded = check.failedAtRecorded === undefined ? '' : ` (the recording's ${eventAt(check.failedAtRecorded, null)})`;
  return `it still fails at event ${check.failedAt} of the changed stream${recorded}`;
}
