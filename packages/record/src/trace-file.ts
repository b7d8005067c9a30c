/**
 * Writing a trace as it is recorded: into a temporary file beside the target, gzip-compressed
 * when the name ends in `.gz`, renamed over the target only when the recording is done, so a
 * reader never sees half a trace and a failed recording leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';

export class TraceFile {
  /** Where the trace is written until `commit` renames it to `target`. */
  readonly temporary: string;
  private readonly file: WriteStream;
  private readonly gzip: Gzip | null;
  private failure: Error | null = null;
  /** Bytes of trace text written (before compression). */
  bytes = 0;

  /** Starts a trace that will become `target`. */
  constructor(readonly target: string) {
    this.temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    this.file = createWriteStream(this.temporary, { flags: 'wx' });
    this.file.on('error', (error) => {
      this.failure ??= error;
    });
    this.gzip = target.endsWith('.gz') ? createGzip() : null;
    this.gzip?.on('error', (error) => {
      this.failure ??= error;
    });
    this.gzip?.pipe(this.file);
  }

  /** Appends trace text. */
  write(text: string): void {
    this.bytes += Buffer.byteLength(text);
    (this.gzip ?? this.file).write(text);
  }

  /** Finishes the file and puts it in place. Throws (and leaves nothing) if it could not be written. */
  async commit(): Promise<void> {
    try {
      (this.gzip ?? this.file).end();
      await finished(this.file);
      if (this.failure !== null) throw this.failure;
      await rename(this.temporary, this.target);
    } catch (error) {
      await rm(this.temporary, { force: true });
      throw error;
    }
  }

  /** Drops what was written. */
  async discard(): Promise<void> {
    (this.gzip ?? this.file).end();
    await finished(this.file).catch(() => undefined);
    await rm(this.temporary, { force: true });
  }
}
