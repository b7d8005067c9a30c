import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { descendants, sampleTreeMemory, treeMemory } from '../src/process-tree-memory.js';

const MB = 2 ** 20;

describe.runIf(process.platform === 'linux')('the memory of a process tree, from /proc', () => {
  it('finds a child under this process (not once it is skipped) and counts the 64 MB it touched, also as a sampled peak', async () => {
    // A child that fills 64 MB, says so, and waits.
    const child = spawn(process.execPath, ['-e', 'const b = Buffer.alloc(64 * 2 ** 20, 1); console.log("ready"); setInterval(() => b[0]++, 1000);'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      await once(child.stdout, 'data');
      const pid = child.pid!;
      expect(descendants(process.pid, new Set())).toContain(pid);
      expect(descendants(process.pid, new Set([pid]))).not.toContain(pid);
      const memory = treeMemory([pid]);
      expect(memory.processes).toBe(1);
      expect(memory.largestRssBytes).toBeGreaterThan(64 * MB);
      expect(memory.pssBytes).toBeGreaterThan(64 * MB);
      expect(memory.largestType).toBe('browser');
      const sampler = sampleTreeMemory(process.pid, new Set(), 10);
      await new Promise((done) => setTimeout(done, 50));
      sampler.stop();
      expect(sampler.peak().pss.pssBytes).toBeGreaterThan(64 * MB);
    } finally {
      child.kill();
    }
  });
});
