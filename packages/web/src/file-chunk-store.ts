/**
 * The replay's events kept in a file of the page's private file system (the origin private file
 * system, on this machine's disk), not in memory: the scrubber's events then cost the worker the
 * same memory whatever the trace's length. Nothing leaves the browser. The file is removed when
 * the next trace is dropped, and a tab closed mid-way leaves one that the next worker removes.
 * Synchronous reads and writes exist only in a dedicated worker, which is where the replay runs.
 */
import type { ChunkStore } from '@heaplab/core';

/** What a dedicated worker's sync access handle offers (the page's DOM types do not describe it). */
interface SyncAccessHandle {
  write(buffer: Uint8Array, options: { at: number }): number;
  read(buffer: Uint8Array, options: { at: number }): number;
  close(): void;
}

/** The private file system's folder, as far as this store uses it. */
interface Folder {
  getFileHandle(name: string, options: { create: boolean }): Promise<{ createSyncAccessHandle(): Promise<SyncAccessHandle> }>;
  removeEntry(name: string): Promise<void>;
  keys(): AsyncIterable<string>;
}

/** The store's files are named so, and no other file of the origin is touched. */
const PREFIX = 'heaplab-events-';

export class FileChunkStore implements ChunkStore {
  private readonly offsets: number[] = [];
  private readonly lengths: number[] = [];
  private end = 0;

  private constructor(
    private readonly folder: Folder,
    private readonly name: string,
    private readonly handle: SyncAccessHandle,
  ) {}

  /** A store in a new file; null where the browser has no private file system for the page (a page opened from file://, an old browser): the events then stay in memory. */
  static async open(): Promise<FileChunkStore | null> {
    const storage = (navigator as { storage?: { getDirectory?: () => Promise<unknown> } }).storage;
    if (storage?.getDirectory === undefined) return null;
    try {
      const folder = (await storage.getDirectory()) as Folder;
      // Files of earlier workers: one still open in another tab cannot be removed, and stays.
      const names: string[] = [];
      for await (const name of folder.keys()) if (name.startsWith(PREFIX)) names.push(name);
      await Promise.all(names.map((name) => folder.removeEntry(name).catch(() => undefined)));
      const name = `${PREFIX}${crypto.randomUUID()}`;
      const handle = await (await folder.getFileHandle(name, { create: true })).createSyncAccessHandle();
      return new FileChunkStore(folder, name, handle);
    } catch {
      return null;
    }
  }

  put(index: number, record: Uint8Array): void {
    const written = this.handle.write(record, { at: this.end });
    if (written !== record.length) throw new Error(`the browser kept ${written} of ${record.length} bytes of the replay's events on disk (is the disk full?)`);
    this.offsets[index] = this.end;
    this.lengths[index] = record.length;
    this.end += record.length;
  }

  get(index: number): Uint8Array {
    const record = new Uint8Array(this.lengths[index]!);
    this.handle.read(record, { at: this.offsets[index]! });
    return record;
  }

  /** Closes and removes the file. */
  async close(): Promise<void> {
    this.handle.close();
    await this.folder.removeEntry(this.name).catch(() => undefined);
  }
}
