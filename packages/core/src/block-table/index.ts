/**
 * One area's allocation table as a persistent tree of 64-block bitmask leaves, whose nodes keep
 * free-run summaries and are copied on write unless the writing draft owns them:
 *
 * - `tree.ts`: the nodes, their shape and ownership;
 * - `leaf.ts`: a leaf's bitmasks (kinds, free runs, writing blocks, its summary);
 * - `summary.ts`: the branches' free-run summaries and when they are brought up to date;
 * - `empty-table.ts`, `read.ts`, `search.ts` (first fit), `write-run.ts`, `free-runs.ts` (a
 *   sweep's many runs at once) and `walk.ts`.
 */
export { emptyTable } from './empty-table.js';
export { freeRuns } from './free-runs.js';
export { freeBlocks, freeRunFrom, kindAt, largestFreeRun, lastUsedBlock } from './read.js';
export { firstFit, firstFitAfter } from './search.js';
export { FREE, HEAD, TAIL, type BlockKind, type BlockTable, type Owner } from './tree.js';
export { forEachFreeRun, forEachLeaf, type RunVisitor } from './walk.js';
export { writeRun } from './write-run.js';
