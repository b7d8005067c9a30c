/**
 * Building the recorder's binary from the stock one: firmware-like collections
 * (`firmware-collect.ts`), then the hooks (`hook-wrappers.ts`) around the allocator's functions.
 */
import { makeCollectionsFirmwareLike, nameStackPointer } from './firmware-collect.js';
import { addHookWrappers, type AfterArguments, type HookSpec } from './hook-wrappers.js';
import type { HookName } from './hook-imports.js';
import { checkKnownWasm } from './stock-wasm.js';
import { FUNCTIONS, type KnownFunction } from './wasm-facts.js';

/**
 * The version of the rewrite: part of the cache key, so a binary built by an older recorder is
 * never used. Raise it with every change to what the binary does.
 */
export const INSTRUMENT_VERSION = 1;

/** A hook spec whose imports are the recorder's. */
type Hook = HookSpec & { readonly before?: HookName; readonly after?: { readonly name: HookName; readonly gets: AfterArguments } };

/** The stock binary, instrumented (its SHA-256 is checked first). */
export async function instrumentWasm(stock: Uint8Array, path = 'micropython.wasm'): Promise<Uint8Array> {
  checkKnownWasm(stock, path);
  const binaryen = (await import('binaryen')).default;
  const m = binaryen.readBinary(nameStackPointer(stock));
  try {
    // Names first: removing and adding functions moves the indices.
    const name = (fn: KnownFunction): string => {
      const info = binaryen.getFunctionInfo(m.getFunctionByIndex(fn.index));
      const sig = (type: number): string =>
        binaryen
          .expandType(type)
          .map((t) => (t === binaryen.i32 ? 'i' : '?'))
          .join('');
      const result = info.results === binaryen.none ? 'v' : sig(info.results);
      if (info.module || sig(info.params) !== fn.params || result !== fn.result) throw new Error(`function ${fn.index} is not the one the recorder expects`);
      return info.name;
    };
    const names = Object.fromEntries(Object.entries(FUNCTIONS).map(([key, fn]) => [key, name(fn)])) as Record<keyof typeof FUNCTIONS, string>;
    makeCollectionsFirmwareLike(binaryen, m, names);
    const hooks: Hook[] = [
      { name: names.gcInit, after: { name: 'init_after', gets: 'params' } },
      { name: names.gcAlloc, before: 'alloc_before', after: { name: 'alloc_after', gets: 'result' } },
      { name: names.gcFree, before: 'free_before', after: { name: 'free_after', gets: 'none' } },
      { name: names.gcRealloc, before: 'realloc_before', after: { name: 'realloc_after', gets: 'result' } },
      { name: names.gcCollect, before: 'collect_before', after: { name: 'collect_after', gets: 'none' } },
      { name: names.gcInfo, after: { name: 'info_after', gets: 'params' } },
      { name: names.mMallocFail, before: 'malloc_fail_before' },
    ];
    addHookWrappers(binaryen, m, hooks);
    if (!m.validate()) throw new Error('the instrumented binary does not validate');
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}
