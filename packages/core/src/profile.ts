/**
 * MicroPython version profiles: the releases whose `py/gc.c` differ in geometry or behaviour.
 *
 * - 1.19: one area only, no gap byte after the ATB, no per-area hint state beyond the ATB index,
 *   dump prefixes of five hex digits.
 * - 1.20: gap byte, split heap (`gc_add`), area struct without `last_used_block`.
 * - 1.21–1.27: `last_used_block` per area (grow-in-place stores it one past the end).
 * - 1.28+: optional weakref table (WTB) beside the finaliser table.
 *
 * Versions after 1.28 are refused, not guessed: their `gc.c` has not been read against the model
 * (the profile named `1.28+` is the behaviour that came in 1.28; 1.28 is the newest it holds for).
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

/** Oldest and newest minor versions heaplab models. */
export const OLDEST_MINOR = 19;
export const NEWEST_MINOR = 28;

/** The version a profile's range is checked against: 1.21 to 1.26 are modelled as 1.27. */
const RANGE_VERSION: Partial<Record<VersionProfileName, string>> = { '1.21-1.27': '1.27' };

/** The MicroPython version modelled when none is named: the current release line. */
export const DEFAULT_MPY_VERSION = '1.27';

/**
 * Resolves a version string (`1.27`, `v1.27.0`, `1.19.1`, `1.28`) to its profile.
 * Returns `undefined` for anything that is not a MicroPython version from 1.19 to 1.28.
 */
export function versionProfile(version: string): VersionProfile | undefined {
  const m = /^v?1\.(\d{1,3})(?:\.\d{1,3})?$/.exec(version.trim());
  if (m === null) return undefined;
  const minor = Number(m[1]);
  if (minor < OLDEST_MINOR || minor > NEWEST_MINOR) return undefined;
  const name: VersionProfileName = minor === 19 ? '1.19' : minor === 20 ? '1.20' : minor <= 27 ? '1.21-1.27' : '1.28+';
  return { ...PROFILES[name], version: `1.${minor}` };
}

/**
 * Why `text` names no version heaplab models, and which it does: the message for a version
 * `versionProfile` refused (without the field's name).
 */
export function unknownVersionMessage(text: unknown): string {
  const known = '1.19, 1.20, 1.21 to 1.27 (modelled as 1.27) or 1.28';
  const m = typeof text === 'string' ? /^v?1\.(\d{1,3})(?:\.\d{1,3})?$/.exec(text.trim()) : null;
  if (m !== null && Number(m[1]) > NEWEST_MINOR)
    return `MicroPython 1.${Number(m[1])} is newer than any version heaplab models (its gc.c was not checked against the model); expected ${known}`;
  return `expected a MicroPython version heaplab models, ${known}, written as 1.27 or v1.19.1; got ${JSON.stringify(text)}`;
}

/**
 * How a version is modelled when it is not the one its profile is checked against ("1.23 as 1.27:
 * gc.c is the same from 1.21 to 1.27"); null when it is that version.
 */
export function modelledAs(profile: VersionProfile): string | null {
  const as = RANGE_VERSION[profile.name];
  if (as === undefined || as === profile.version) return null;
  const [from, to] = profile.name.split('-');
  return `modelled as ${as}: gc.c is the same from ${from} to ${to}`;
}
