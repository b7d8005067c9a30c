/**
 * Sizes as heaplab's inputs write them, in a workload spec (`size: "4k"`) and in `inspect --fits`
 * (`--fits 1k`): a number of bytes, or a number with a `k` (KiB) or `m` (MiB) suffix in either
 * case: `512`, `4k`, `1.5k`, `2M`. One reader for both, so they take the same text.
 */

/**
 * The bytes `text` stands for (spaces around the number and its suffix are fine); undefined when
 * it is not a size. Not checked further: the result may be a fraction (`1.3k`) or larger than
 * anything a heap holds, and each caller refuses what it cannot use, in its own words.
 */
export function sizeTextBytes(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(text);
  if (match === null) return undefined;
  const suffix = match[2]!.toLowerCase();
  return Number(match[1]) * (suffix === 'k' ? 1024 : suffix === 'm' ? 1048576 : 1);
}
