/**
 * The instrumented binary, built once and cached. It lives in `node_modules/.cache/heaplab-record`
 * of this package (or `HEAPLAB_RECORD_CACHE`), named after the stock binary's digest and the
 * rewrite's version, with its own SHA-256 beside it: a cached file that does not match it is
 * built again. Two processes that need it at once build it once: the second waits for the first
 * (a lock directory beside the file: `cache-lock.ts`).
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lockHolder, processAlive, takeLock } from './cache-lock.js';
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
  let told = false;
  while (!(await takeLock(lock))) {
    if (!told) {
      const holder = await lockHolder(lock);
      options.onBuild?.(`waiting for another heaplab${holder === null ? '' : ` (process ${holder})`} to build the instrumented interpreter (lock ${lock})`);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const done = await readCached(file);
    if (done !== null) return { bytes: done, file, built: false };
  }
  try {
    const again = await readCached(file);
    if (again !== null) return { bytes: again, file, built: false };
    // Half-written files of a build that was stopped (each names its process: FILE.PID.tmp); those of
    // a live process are left, should two builds ever take over one stale lock at once.
    for (const name of await readdir(dir)) {
      const pid = name.startsWith(basename(file)) ? /\.(\d+)\.tmp$/.exec(name)?.[1] : undefined;
      if (pid !== undefined && !processAlive(Number(pid))) await rm(join(dir, name), { force: true });
    }
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
