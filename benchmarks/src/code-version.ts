/**
 * Which code a measurement ran: the git commit, and whether the measured sources had uncommitted
 * changes.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * `abc1234`, `abc1234 + uncommitted changes in packages/core/src` (naming each of `sources`
 * that has some), or `unknown` outside a git checkout.
 */
export function codeVersion(sources: readonly string[] = ['packages/core/src']): string {
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = sources.filter((source) => git('status', '--porcelain', '--', source) !== '');
    return dirty.length > 0 ? `${commit} + uncommitted changes in ${dirty.join(', ')}` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}
