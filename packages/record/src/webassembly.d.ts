/**
 * The part of the WebAssembly JavaScript API the recorder uses (TypeScript has it only in the
 * DOM library, which the workspace leaves out).
 */
declare namespace WebAssembly {
  class Module {
    private readonly wasmModule: never;
  }
  class Instance {
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
  class RuntimeError extends Error {}
  type ImportValue = ((...args: never[]) => unknown) | Memory | number;
  type ModuleImports = Record<string, ImportValue>;
  type Imports = Record<string, ModuleImports>;
  interface WebAssemblyInstantiatedSource {
    readonly module: Module;
    readonly instance: Instance;
  }
  function compile(bytes: Uint8Array): Promise<Module>;
  function instantiate(module: Module, imports?: Imports): Promise<Instance>;
}
