/**
 * The instrumented binary, built once and cached. It lives in `node_modules/.cache/heaplab-record`
 * of this package (or `HEAPLAB_RECORD_CACHE`), named after the stock binary's digest and the
 * rewrite's version, with its own SHA-256 beside it: a cached file that does not match it is
 * built again. Two processes that need it at once build it once: the second waits for the first
 * (a lock directory beside the file).
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instrumentWasm, INSTRUMENT_VERSION } from './instrument-wasm.js';
import { RecordSetupError } from './record-setup-error.js';
import { readStockWasm, sha256, stockWasmPath } from './stock-wasm.js';
import { MICROPYTHON_VERSION } from './wasm-facts.js';

/** Where and how the binary is found or built. */
export interface WasmCacheOptions {
  /** The cache directory. Default: `HEAPLAB_RECORD_CACHE`, else this package's `node_modules/.cache/heaplab-record`. */
  readonly dir?: string;
  /** Told when a build starts (it takes a few seconds), with a line to show. */
  readonly onBuild?: (message: string) => void;
}

/** The instrumented binary and where it is cached. */
export interface InstrumentedWasm {
  readonly bytes: Uint8Array;
  readonly file: string;
  /** It was built by this call (not found in the cache). */
  readonly built: boolean;
}

/** A lock older than this is left from a process that died: it is taken over. */
const STALE_LOCK_MS = 120_000;
const POLL_MS = 200;

/** The default cache directory. */
export function defaultCacheDir(): string {
  const env = process.env.HEAPLAB_RECORD_CACHE;
  if (env !== undefined && env !== '') return env;
  return join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules', '.cache', 'heaplab-record');
}

/** The instrumented binary: from the cache, or built and cached. */
export async function instrumentedWasm(options: WasmCacheOptions = {}): Promise<InstrumentedWasm> {
  const dir = options.dir ?? defaultCacheDir();
  const path = stockWasmPath();
  const stock = await readStockWasm(path);
  const file = join(dir, `micropython-${MICROPYTHON_VERSION}-${sha256(stock).slice(0, 12)}-heaplab-v${INSTRUMENT_VERSION}.wasm`);
  const cached = await readCached(file);
  if (cached !== null) return { bytes: cached, file, built: false };
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new RecordSetupError(`cannot create the cache directory ${dir}: ${reason(error)} (set HEAPLAB_RECORD_CACHE to a writable directory)`);
  }
  const lock = `${file}.lock`;
  while (!(await takeLock(lock))) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const done = await readCached(file);
    if (done !== null) return { bytes: done, file, built: false };
  }
  try {
    const again = await readCached(file);
    if (again !== null) return { bytes: again, file, built: false };
    options.onBuild?.(`building the instrumented MicroPython ${MICROPYTHON_VERSION} interpreter (once; cached in ${dir})`);
    const bytes = await instrumentWasm(stock, path);
    await writeAtomically(`${file}.sha256`, `${sha256(bytes)}\n`);
    await writeAtomically(file, bytes);
    return { bytes, file, built: true };
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** The cached binary when it is there and matches its digest; null otherwise. */
async function readCached(file: string): Promise<Uint8Array | null> {
  try {
    const [bytes, digest] = await Promise.all([readFile(file), readFile(`${file}.sha256`, 'utf8')]);
    return sha256(bytes) === digest.trim() ? bytes : null;
  } catch {
    return null;
  }
}

/** Takes the lock (a directory); false while another process holds it. */
async function takeLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new RecordSetupError(`cannot write in the cache directory: ${reason(error)}`);
    const since = await stat(lock).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (since > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
    return false;
  }
}

async function writeAtomically(file: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new RecordSetupError(`cannot write ${file}: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
