/**
 * The page's build: one static folder (dist/) with relative paths, so any static host, a
 * sub-folder or `heaplab serve` can serve it; the trace replay runs in a module worker.
 *
 * The packages' Node-only modules (reading a file from disk, the state hash) are imported by
 * their index but never used by the page: Vite stubs them and the bundle leaves them out. The
 * build says nothing of that, and fails if a stub ever reaches a bundle.
 */
import { defineConfig, type Plugin } from 'vite';

const STUBBED = /has been externalized for browser compatibility/;

/** Fails the build when a chunk holds Vite's stub for a Node built-in. */
export const noNodeBuiltins = (): Plugin => ({
  name: 'heaplab:no-node-builtins',
  generateBundle(_, bundle) {
    for (const chunk of Object.values(bundle)) {
      const stub = chunk.type === 'chunk' ? chunk.moduleIds.find((id) => id.includes('__vite-browser-external')) : undefined;
      if (stub !== undefined) this.error(`${chunk.fileName} uses a Node built-in (${stub}): the page cannot run it`);
    }
  },
});

/** Leaves out the warnings of Vite stubbing a Node built-in (the build fails if one reaches a bundle). */
export const quietStubs = {
  onwarn(warning: { message: string }, warn: (warning: { message: string }) => void): void {
    if (!STUBBED.test(warning.message)) warn(warning);
  },
};

export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false, rollupOptions: quietStubs },
  plugins: [noNodeBuiltins()],
  worker: { format: 'es', plugins: () => [noNodeBuiltins()], rollupOptions: quietStubs },
});
