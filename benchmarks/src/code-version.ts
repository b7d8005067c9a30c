/**
 * Which code a measurement ran: the git commit, and whether the engine had uncommitted changes.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** `abc1234`, `abc1234 + uncommitted changes in packages/core`, or `unknown` outside a git checkout. */
export function codeVersion(): string {
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'packages/core/src') !== '';
    return dirty ? `${commit} + uncommitted changes in packages/core/src` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}
