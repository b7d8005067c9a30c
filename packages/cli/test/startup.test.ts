/**
 * Start-up stays lean: each command loads only what it uses.
 */
import { describe, expect, it } from 'vitest';
import { allWorkloads } from '@heaplab/workloads';
import { WORKLOAD_NAMES } from '../src/workload-names.js';

describe('what each command loads', () => {
  it('the help text lists the built-in workloads from static data, the same as @heaplab/workloads', () => {
    expect(WORKLOAD_NAMES).toEqual(allWorkloads().map((workload) => workload.name));
  });
});
