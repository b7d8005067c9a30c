/**
 * @heaplab/workloads: seeded MicroPython programs that write engine events. The built-in
 * workloads and the registry that finds them by name, the program framework they are written
 * with, the workload spec language (YAML or JSON, read lazily), and the seeded programs the
 * benchmarks run: the engine-churn stream and the device-trace program.
 */
export type { Mark, Workload, WorkloadRun } from './workload.js';
export { MAX_RUN_LENGTH } from './run-length.js';
export { type AllocOptions, Program } from './program.js';
export { allWorkloads, findWorkload, isSpecFile, isWorkload, type ReadText, resolveWorkload, workloadFromSpec } from './registry.js';
export { ENGINE_CHURN_HEAP, engineChurnEvents } from './engine-churn.js';
export { type DeviceProgram, deviceProgram } from './device-program.js';
export { bytesFor, pickBlocks, pickInt, pickOf, pickWeighted, WAVE_EVENTS, waveWeights } from './seeded-choices.js';
