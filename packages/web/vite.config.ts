/**
 * The page's build: one static folder (dist/) with relative paths, so any static host, a
 * sub-folder or `heaplab serve` can serve it; the trace replay runs in a module worker.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  worker: { format: 'es' },
});
