/**
 * The recorder's hooks in the binary. Each hooked function keeps its body under a new name, and
 * a wrapper takes its name (so every call and table entry reaches the wrapper): it calls an
 * imported JavaScript function with the arguments, the original, and another imported function
 * with the result. Added after the spill passes, a wrapper keeps its few locals off the shadow
 * stack, so a collection scans exactly what it scans without the hooks.
 */
import type binaryenModule from 'binaryen';

type Binaryen = typeof binaryenModule;
type Module = binaryenModule.Module;

/** The import module the hooks come from. */
export const HOOK_MODULE = 'heaplab';

/** What a hook after the call is given. */
export type AfterArguments = 'result' | 'params' | 'none';

/** One hooked function. */
export interface HookSpec {
  /** The function's name in the module. */
  readonly name: string;
  /** The import called with the arguments before the original, if any. */
  readonly before?: string;
  /** The import called after it returns, if any, and what it is given. */
  readonly after?: { readonly name: string; readonly gets: AfterArguments };
}

/** Wraps each function of `hooks` (see the module comment). */
export function addHookWrappers(binaryen: Binaryen, m: Module, hooks: readonly HookSpec[]): void {
  const imported = new Set<string>();
  const addImport = (name: string, params: readonly binaryenModule.Type[]): void => {
    if (imported.has(name)) return;
    imported.add(name);
    m.addFunctionImport(`${HOOK_MODULE}.${name}`, HOOK_MODULE, name, binaryen.createType(params), binaryen.none);
  };
  for (const hook of hooks) {
    const ref = m.getFunction(hook.name);
    if (ref === 0) throw new Error(`function ${hook.name} is gone from the module (inlined?)`);
    const info = binaryen.getFunctionInfo(ref);
    const params = binaryen.expandType(info.params);
    const hasResult = info.results !== binaryen.none;
    const original = `${hook.name}$heaplab_original`;
    m.removeFunction(hook.name);
    m.addFunction(original, info.params, info.results, info.vars, info.body);

    const args = (): binaryenModule.ExpressionRef[] => params.map((type, index) => m.local.get(index, type));
    const resultLocal = params.length;
    const body: binaryenModule.ExpressionRef[] = [];
    if (hook.before !== undefined) {
      addImport(hook.before, params);
      body.push(m.call(`${HOOK_MODULE}.${hook.before}`, args(), binaryen.none));
    }
    body.push(hasResult ? m.local.set(resultLocal, m.call(original, args(), info.results)) : m.call(original, args(), binaryen.none));
    if (hook.after !== undefined) {
      const { name, gets } = hook.after;
      if (gets === 'result' && !hasResult) throw new Error(`${hook.name} has no result to hand to ${name}`);
      const afterArgs = gets === 'result' ? [m.local.get(resultLocal, info.results)] : gets === 'params' ? args() : [];
      addImport(name, gets === 'result' ? [info.results] : gets === 'params' ? params : []);
      body.push(m.call(`${HOOK_MODULE}.${name}`, afterArgs, binaryen.none));
    }
    if (hasResult) body.push(m.local.get(resultLocal, info.results));
    m.addFunction(hook.name, info.params, info.results, hasResult ? [info.results] : [], m.block(null, body, info.results));
  }
}
