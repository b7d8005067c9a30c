/**
 * A spec file's digest, part of a fuzz campaign's identity: a campaign is named by the spec's
 * path, and the same path can hold another spec later. The digest is of the file's text as read,
 * not of the spec as parsed: the parsed workload is a program with no canonical form to hash, and
 * any field a hand-written normalisation forgot would let shards of different specs merge. An
 * edit that changes nothing (a comment) makes another campaign too: refusing such a merge costs a
 * rerun of a shard; accepting a wrong one costs a wrong result.
 */
import { createHash } from 'node:crypto';
import { readInputText } from '../../io/read-input.js';
import { workloadFiles } from '../../resolve-workload.js';

/** `sha256:` and the hex SHA-256 of the spec file's text (UTF-8) for a spec file; null for a built-in workload's name. */
export async function specDigest(nameOrFile: string): Promise<string | null> {
  if (workloadFiles(nameOrFile).length === 0) return null;
  const text = await readInputText(nameOrFile);
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
