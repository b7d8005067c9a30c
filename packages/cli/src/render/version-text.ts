/** The MicroPython version a heap models, as a header shows it: with the version it is modelled as, when that is another. */
import { modelledAs, type VersionProfile } from '@heaplab/core';

/** "1.27", or "1.23 (modelled as 1.27: gc.c is the same from 1.21 to 1.27)". */
export function versionText(profile: VersionProfile): string {
  const as = modelledAs(profile);
  return as === null ? profile.version : `${profile.version} (${as})`;
}
