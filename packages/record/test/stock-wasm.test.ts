/**
 * The recorder rewrites one binary only: any other `micropython.wasm` is refused before anything
 * is rewritten, with a message that says which build it needs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KNOWN_WASM_SHA256, RecordSetupError } from '@heaplab/record';
import { checkKnownWasm, sha256, stockWasmPath } from '../src/stock-wasm.js';

describe('the stock binary', () => {
  it("is the package's v1.27.0 build", () => {
    expect(sha256(readFileSync(stockWasmPath()))).toBe(KNOWN_WASM_SHA256);
  });

  it('another build is refused, naming the package and version it needs', () => {
    const other = Buffer.from(readFileSync(stockWasmPath()));
    other[other.length - 1]! ^= 1;
    expect(() => checkKnownWasm(other, 'micropython.wasm')).toThrow(RecordSetupError);
    expect(() => checkKnownWasm(other, 'micropython.wasm')).toThrow(
      /^micropython\.wasm is not the MicroPython 1\.27\.0 build the recorder knows \(SHA-256 [0-9a-f]{64}, expected 06338c95.*needs @micropython\/micropython-webassembly-pyscript@1\.27\.0 exactly$/,
    );
  });
});
