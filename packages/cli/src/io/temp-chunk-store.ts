/**
 * An event log's full chunks in a temporary file, so that a replay of tens of millions of lines
 * keeps its events on disk rather than in memory. The file's folder is removed as soon as the file
 * is open: the data lives until the process closes it or ends, and nothing is left behind
 * whatever ends the process (where the system cannot remove an open file, `close` removes it).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChunkStore } from '@heaplab/core';

export class TempChunkStore implements ChunkStore {
  private readonly fd: number;
  private readonly offsets: number[] = [];
  private readonly lengths: number[] = [];
  private end = 0;
  /** The folder the file was made in (gone once the file is open, where the system allows). */
  readonly folder: string;
  /** The folder still to remove at `close`, where it could not be removed while the file was open. */
  private readonly leftover: string | null;

  constructor() {
    this.folder = mkdtempSync(join(tmpdir(), 'heaplab-events-'));
    this.fd = openSync(join(this.folder, 'events'), 'w+');
    let leftover: string | null = null;
    try {
      rmSync(this.folder, { recursive: true });
    } catch {
      leftover = this.folder;
    }
    this.leftover = leftover;
  }

  put(index: number, record: Uint8Array): void {
    let written = 0;
    while (written < record.length) written += writeSync(this.fd, record, written, record.length - written, this.end + written);
    this.offsets[index] = this.end;
    this.lengths[index] = record.length;
    this.end += record.length;
  }

  get(index: number): Uint8Array {
    const record = new Uint8Array(this.lengths[index]!);
    let read = 0;
    while (read < record.length) {
      const n = readSync(this.fd, record, read, record.length - read, this.offsets[index]! + read);
      if (n === 0) throw new Error(`the replay's event file ended inside chunk ${index}`);
      read += n;
    }
    return record;
  }

  /** Closes the file (and removes it where it could not be removed while open). */
  close(): void {
    closeSync(this.fd);
    if (this.leftover !== null) rmSync(this.leftover, { recursive: true, force: true });
  }
}
