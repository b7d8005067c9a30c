/**
 * What the bundle gives commander as `node:child_process` (scripts/build-bundle.mjs): commander
 * requires that module as it loads, to run executable subcommands, which heaplab has none of,
 * and loading it (with node:net and node:dgram) cost every command several milliseconds. Here
 * it loads when first called. Nothing else imports this module.
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** `child_process.spawn`, the only function commander calls. */
export function spawn(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return (load('node:child_process') as typeof import('node:child_process')).spawn(command, args, options);
}
