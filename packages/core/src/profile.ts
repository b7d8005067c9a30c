/**
 * MicroPython version profiles: the releases whose `py/gc.c` differ in geometry or behaviour.
 *
 * - 1.19: one area only, no gap byte after the ATB, no per-area hint state beyond the ATB index,
 *   dump prefixes of five hex digits.
 * - 1.20: gap byte, split heap (`gc_add`), area struct without `last_used_block`.
 * - 1.21–1.27: `last_used_block` per area (grow-in-place stores it one past the end).
 * - 1.28+: optional weakref table (WTB) beside the finaliser table.
 */
export type VersionProfileName = '1.19' | '1.20' | '1.21-1.27' | '1.28+';

/** Behaviour switches that follow from a profile; resolved once, never tested in hot loops. */
export interface VersionProfile {
  readonly name: VersionProfileName;
  /** The version as the user named it, normalised to `major.minor`, e.g. `1.27`. */
  readonly version: string;
  /** Bytes between the ATB and the FTB (the v1.20+ gap byte). */
  readonly gapBytes: 0 | 1;
  /** `gc_add` exists (split heap builds). */
  readonly supportsSplitHeap: boolean;
  /** Areas keep `gc_last_used_block`. */
  readonly tracksLastUsed: boolean;
  /** A weakref table can be configured. */
  readonly supportsWeakref: boolean;
  /** Hex digits of the offset prefix in `gc_dump_alloc_table` (5 on 1.19, 8 later). */
  readonly dumpOffsetDigits: 5 | 8;
}

const PROFILES: Record<VersionProfileName, Omit<VersionProfile, 'version'>> = {
  '1.19': { name: '1.19', gapBytes: 0, supportsSplitHeap: false, tracksLastUsed: false, supportsWeakref: false, dumpOffsetDigits: 5 },
  '1.20': { name: '1.20', gapBytes: 1, supportsSplitHeap: true, tracksLastUsed: false, supportsWeakref: false, dumpOffsetDigits: 8 },
  '1.21-1.27': { name: '1.21-1.27', gapBytes: 1, supportsSplitHeap: true, tracksLastUsed: true, supportsWeakref: false, dumpOffsetDigits: 8 },
  '1.28+': { name: '1.28+', gapBytes: 1, supportsSplitHeap: true, tracksLastUsed: true, supportsWeakref: true, dumpOffsetDigits: 8 },
};

/** Oldest and newest minor versions heaplab knows. Newer 1.x releases use the 1.28+ profile. */
export const OLDEST_MINOR = 19;

/** The MicroPython version modelled when none is named: the current release line. */
export const DEFAULT_MPY_VERSION = '1.27';

/**
 * Resolves a version string (`1.27`, `v1.27.0`, `1.19.1`, `1.28`) to its profile.
 * Returns `undefined` for anything that is not a MicroPython 1.19 or later version.
 */
export function versionProfile(version: string): VersionProfile | undefined {
  const m = /^v?1\.(\d{1,3})(?:\.\d{1,3})?$/.exec(version.trim());
  if (m === null) return undefined;
  const minor = Number(m[1]);
  if (minor < OLDEST_MINOR) return undefined;
  const name: VersionProfileName = minor === 19 ? '1.19' : minor === 20 ? '1.20' : minor <= 27 ? '1.21-1.27' : '1.28+';
  return { ...PROFILES[name], version: `1.${minor}` };
}
