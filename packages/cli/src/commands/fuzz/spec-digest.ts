/**
 * A spec file's digest, part of a fuzz campaign's identity: a campaign is named by the spec's
 * path, and the same path can hold another spec later. The digest is of the file's text as read,
 * not of the spec as parsed: the parsed workload is a program with no canonical form to hash, and
 * any field a hand-written normalisation forgot would let shards of different specs merge. An
 * edit that changes nothing (a comment) makes another campaign too: refusing such a merge costs a
 * rerun of a shard; accepting a wrong one costs a wrong result.
 */
import { createHash } from 'node:crypto';

/**
 * `sha256:` and the hex SHA-256 of a spec file's text (UTF-8), the text the campaign runs
 * (`WorkloadSource.specText`, read once); null for a built-in workload (no text).
 */
export function specDigest(specText: string | null): string | null {
  if (specText === null) return null;
  return `sha256:${createHash('sha256').update(specText, 'utf8').digest('hex')}`;
}
