/**
 * @heaplab/replay: RxJS pipelines that stream recorded events through the heaplab engine.
 */

// Operators
export { runEngine } from './operators/run-engine.js';
export type { EngineBatch } from './operators/run-engine.js';
