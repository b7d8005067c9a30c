/**
 * The built-in workloads' names, in the order `heaplab workloads` lists them: static data, so that
 * the command table and its help text load no workload (a test checks them against
 * @heaplab/workloads).
 */
export const WORKLOAD_NAMES: readonly string[] = ['camera-frames', 'churn', 'engine-churn', 'growth', 'prealloc-vs-alloc', 'seed-mem-free'];
