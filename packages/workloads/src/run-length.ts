/**
 * The most events one workload run may have. A run's events are held in memory (the engine,
 * the analysis and the trace writer take them as a list), about 190 bytes each all told when
 * `heaplab run` measured it: a run at this limit stays near 200 MB.
 */
export const MAX_RUN_LENGTH = 1_000_000;
