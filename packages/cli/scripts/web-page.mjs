/**
 * The web page in the CLI's package, so that an installed `heaplab serve` has it (@heaplab/web is
 * private, never published). `copy` (the package's prepack, after tsc -b) copies packages/web/dist
 * into the package's web/ folder, which its "files" ship; `remove` (postpack) takes it away again.
 * The paths are those `heaplab serve` looks in (src/commands/serve/web-page.ts); in the repository
 * it serves packages/web/dist first, so a copy here is never what it serves there.
 *
 * The page is not built here: build it first (`pnpm build` does). A rebuild would empty
 * packages/web/dist under the tests that are using it.
 */
import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webPageDirs } from '../dist/commands/serve/web-page.js';

const cli = fileURLToPath(new URL('..', import.meta.url));
const { packaged, workspace } = webPageDirs(cli);
const mode = process.argv[2];

if (mode === 'copy') {
  if (!existsSync(join(workspace, 'index.html'))) {
    console.error(
      `web-page: ${relative(process.cwd(), join(workspace, 'index.html'))} does not exist: build the page first (pnpm build, or pnpm --filter @heaplab/web build)`,
    );
    process.exit(1);
  }
  // Copied beside and renamed into place, so that no one ever reads a copy half made.
  const beside = `${packaged}.${process.pid}.tmp`;
  rmSync(beside, { recursive: true, force: true });
  cpSync(workspace, beside, { recursive: true });
  rmSync(packaged, { recursive: true, force: true });
  renameSync(beside, packaged);
} else if (mode === 'remove') {
  rmSync(packaged, { recursive: true, force: true });
} else {
  console.error('usage: node scripts/web-page.mjs copy|remove');
  process.exit(1);
}
