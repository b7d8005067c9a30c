// Removes what `tsc -b` left in a package's dist/ for sources that no longer exist, so a
// tarball never ships the output of a deleted file. Run from the package's folder (prepack).
// It never touches the output of a live source, so tests running meanwhile are unaffected.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const OUTPUT = /(\.d\.ts\.map|\.d\.ts|\.js\.map|\.js)$/;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

if (existsSync('dist')) {
  for (const file of files('dist')) {
    if (!OUTPUT.test(file)) continue;
    const source = join('src', relative('dist', file).replace(OUTPUT, '.ts'));
    if (!existsSync(source)) {
      rmSync(file);
      console.log(`prune-dist: removed ${file} (no ${source})`);
    }
  }
}
