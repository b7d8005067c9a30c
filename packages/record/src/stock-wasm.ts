/**
 * The interpreter binary as npm ships it: found beside the package's entry point, and checked
 * by its SHA-256, because every index and address the recorder uses belongs to that one build.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { KNOWN_WASM_SHA256, MICROPYTHON_VERSION, WASM_PACKAGE } from './wasm-facts.js';
import { RecordSetupError } from './record-setup-error.js';

/** The path of the package's `micropython.wasm`. */
export function stockWasmPath(): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(WASM_PACKAGE);
  } catch {
    throw new RecordSetupError(`the package ${WASM_PACKAGE}@${MICROPYTHON_VERSION} is not installed; run pnpm install`);
  }
  return join(dirname(entry), 'micropython.wasm');
}

/** The hex SHA-256 of `bytes`. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The stock binary's bytes, after checking that they are the known v1.27.0 build. */
export async function readStockWasm(path: string = stockWasmPath()): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new RecordSetupError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  checkKnownWasm(bytes, path);
  return bytes;
}

/** Throws unless `bytes` are the v1.27.0 binary the recorder knows. */
export function checkKnownWasm(bytes: Uint8Array, path: string): void {
  const digest = sha256(bytes);
  if (digest !== KNOWN_WASM_SHA256) {
    throw new RecordSetupError(
      `${path} is not the MicroPython ${MICROPYTHON_VERSION} build the recorder knows (SHA-256 ${digest}, expected ${KNOWN_WASM_SHA256}); ` +
        `the recorder finds the allocator's functions by their place in that one binary, so it needs ${WASM_PACKAGE}@${MICROPYTHON_VERSION} exactly`,
    );
  }
}
