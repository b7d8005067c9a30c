/** A trace's what-if events for `compare`: a module of its own, so that only a trace loads the trace readers (and RxJS). */
export { isEngineTrace, traceEvents } from '@heaplab/replay';
