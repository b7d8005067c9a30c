/**
 * The page's chart over the events for `heaplab report` (src/report-chart.ts): one classic script
 * defining `heaplabReportChart`, uPlot in it, and its style beside it, written to dist/report-chart/
 * after the page's build (which empties dist/). The report inlines both, so it stays one file that
 * works offline; the CLI finds them where it finds the page (packages/cli/src/commands/serve/web-page.ts).
 */
import { defineConfig } from 'vite';
import { noNodeBuiltins, quietStubs } from './vite.config.js';

export default defineConfig({
  build: {
    outDir: 'dist/report-chart',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    rollupOptions: quietStubs,
    lib: { entry: 'src/report-chart.ts', formats: ['iife'], name: 'heaplabReportChart', fileName: () => 'report-chart.js', cssFileName: 'report-chart' },
  },
  plugins: [noNodeBuiltins()],
});
