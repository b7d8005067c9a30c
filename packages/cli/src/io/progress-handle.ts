/** What long work reports its progress to, however it is shown (progress.ts, heartbeat.ts). */
export interface Progress {
  /** The share done, from 0 to 1, and optionally what is being done now, in a few words. */
  update(done: number, detail?: string): void;
  stop(): void;
}
