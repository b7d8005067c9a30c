/**
 * Making the npm build collect like firmware. As published, the pyscript build grows its heap
 * instead of raising MemoryError, and its `gc_collect()` only asks for a collection that runs
 * when control returns to JavaScript (wasm locals cannot be scanned). Rewritten here:
 *
 * - `gc_get_max_new_split()` returns 0: the heap is fixed, and a request that does not fit fails;
 * - `nlr_jump_fail()` traps instead of looping for ever;
 * - `gc_collect()` collects at once: it marks the root pointers and the Python stack
 *   (`gc_collect_start`), then the live part of the shadow C stack (the same marking loop, with
 *   the pystack bounds pointed at the stack for the call), and sweeps (`gc_collect_end`);
 * - the sweep keeps every area: the split-heap-auto build frees an added area that a sweep
 *   leaves empty, which a firmware with a fixed split heap (OpenMV's) never does;
 * - binaryen's `flatten` and `spill-pointers` passes copy every i32 local that is live across a
 *   call onto the shadow stack (what scanning the registers does on a device), and every new
 *   stack frame is zero-filled, so a stale pointer in a dead frame keeps nothing alive.
 */
import type binaryenModule from 'binaryen';
import { ADDRESSES } from './wasm-facts.js';

type Binaryen = typeof binaryenModule;
type Module = binaryenModule.Module;
type ExpressionRef = binaryenModule.ExpressionRef;

/** The binary's name for its stack pointer global (given by `nameStackPointer`). */
export const STACK_POINTER = '__stack_pointer';

/** The functions the rewrite replaces or calls, by their names in the module. */
export interface CollectFunctions {
  readonly gcGetMaxNewSplit: string;
  readonly nlrJumpFail: string;
  readonly gcCollect: string;
  readonly gcCollectStart: string;
  readonly gcCollectEnd: string;
  readonly emscriptenStackGetBase: string;
  readonly free: string;
}

/**
 * A "name" custom section that names global 0 `__stack_pointer`, appended to the binary: the
 * release build has no names, and `spill-pointers` finds the stack pointer by that name.
 */
export function nameStackPointer(bytes: Uint8Array): Uint8Array {
  const text = (s: string): number[] => [...leb128(s.length), ...Buffer.from(s, 'ascii')];
  const globals = [...leb128(1), ...leb128(0), ...text(STACK_POINTER)];
  /** Subsection 7 of the name section: global names. */
  const payload = [...text('name'), 7, ...leb128(globals.length), ...globals];
  return Buffer.concat([bytes, Buffer.from([0, ...leb128(payload.length), ...payload])]);
}

/** Rewrites the module in place (see the module comment). */
export function makeCollectionsFirmwareLike(binaryen: Binaryen, m: Module, names: CollectFunctions): void {
  fixHeap(binaryen, m, names.gcGetMaxNewSplit);
  trapOnNlrJumpFail(binaryen, m, names.nlrJumpFail);
  collectAtOnce(binaryen, m, names);
  keepAddedAreas(binaryen, m, names);
  zeroFillFrames(binaryen, m);
  m.runPasses(['flatten', 'coalesce-locals']);
  m.runPasses(['spill-pointers']);
  zeroFillFrames(binaryen, m);
  binaryen.setOptimizeLevel(1);
  binaryen.setShrinkLevel(0);
  m.optimize();
}

function fixHeap(binaryen: Binaryen, m: Module, name: string): void {
  const info = binaryen.getFunctionInfo(m.getFunction(name));
  const body = binaryen.getExpressionInfo(info.body) as binaryenModule.ConstInfo;
  if (body.id !== binaryen.ConstId || body.value !== 128 * 1024 * 1024) throw new Error('gc_get_max_new_split is not the known function');
  m.removeFunction(name);
  m.addFunction(name, binaryen.none, binaryen.i32, [], m.i32.const(0));
}

function trapOnNlrJumpFail(binaryen: Binaryen, m: Module, name: string): void {
  const info = binaryen.getFunctionInfo(m.getFunction(name));
  if (binaryen.getExpressionId(info.body) !== binaryen.LoopId) throw new Error('nlr_jump_fail is not the known function');
  m.removeFunction(name);
  m.addFunction(name, info.params, info.results, [], m.unreachable());
}

function collectAtOnce(binaryen: Binaryen, m: Module, names: CollectFunctions): void {
  const { i32, none } = binaryen;
  const at = (address: number): ExpressionRef => m.i32.const(address);
  const load = (address: number): ExpressionRef => m.i32.load(0, 4, at(address));
  const store = (address: number, value: ExpressionRef): ExpressionRef => m.i32.store(0, 4, at(address), value);
  // Locals: 0 and 1 keep the pystack bounds, 2 the first pass's mark-stack overflow flag.
  const body = m.block(
    null,
    [
      m.call(names.gcCollectStart, [], none),
      m.local.set(2, load(ADDRESSES.gcStackOverflow)),
      m.local.set(0, load(ADDRESSES.pystackStart)),
      m.local.set(1, load(ADDRESSES.pystackCur)),
      store(ADDRESSES.pystackStart, m.global.get(STACK_POINTER, i32)),
      store(ADDRESSES.pystackCur, m.call(names.emscriptenStackGetBase, [], i32)),
      m.call(names.gcCollectStart, [], none),
      store(ADDRESSES.pystackStart, m.local.get(0, i32)),
      store(ADDRESSES.pystackCur, m.local.get(1, i32)),
      store(ADDRESSES.gcStackOverflow, m.i32.or(m.local.get(2, i32), load(ADDRESSES.gcStackOverflow))),
      m.call(names.gcCollectEnd, [], none),
    ],
    none,
  );
  m.removeFunction(names.gcCollect);
  m.addFunction(names.gcCollect, none, none, [i32, i32, i32], body);
}

/**
 * In `gc_collect_end`'s inlined sweep, the end of each area's pass reads
 *
 *     (block $done
 *       (block $first (br_if $first (prev)) (prev = area) (br $done))
 *       (block $keep (br_if $keep (i32.eqz (last_used_block))) (prev = area) (br $done))
 *       (prev->next = area->next) (call $free (area)))
 *
 * The `br_if` of `$keep` becomes a nop: every area is kept, as in a build without
 * `MICROPY_GC_SPLIT_HEAP_AUTO`.
 */
function keepAddedAreas(binaryen: Binaryen, m: Module, names: CollectFunctions): void {
  const id = binaryen.getExpressionId;
  const block = (binaryen as unknown as { Block: BlockClass }).Block;
  const found: ExpressionRef[] = [];
  const walk = (expression: ExpressionRef): void => {
    const kind = id(expression);
    if (kind === binaryen.BlockId) {
      const children = (binaryen.getExpressionInfo(expression) as binaryenModule.BlockInfo).children;
      const last = children[children.length - 1];
      if (last !== undefined && id(last) === binaryen.CallId && (binaryen.getExpressionInfo(last) as binaryenModule.CallInfo).target === names.free)
        found.push(expression);
      children.forEach(walk);
    } else if (kind === binaryen.LoopId) walk((binaryen.getExpressionInfo(expression) as binaryenModule.LoopInfo).body);
    else if (kind === binaryen.IfId) {
      const info = binaryen.getExpressionInfo(expression) as binaryenModule.IfInfo;
      walk(info.ifTrue);
      if (info.ifFalse !== 0) walk(info.ifFalse);
    }
  };
  walk(binaryen.getFunctionInfo(m.getFunction(names.gcCollectEnd)).body);
  const done = found.length === 1 ? (binaryen.getExpressionInfo(found[0]!) as binaryenModule.BlockInfo).children : [];
  const keep = done.length === 4 && id(done[1]!) === binaryen.BlockId ? (binaryen.getExpressionInfo(done[1]!) as binaryenModule.BlockInfo) : null;
  const test = keep?.children[0];
  if (keep === null || test === undefined || id(test) !== binaryen.BreakId || (binaryen.getExpressionInfo(test) as binaryenModule.BreakInfo).name !== keep.name)
    throw new Error("gc_collect_end's freeing of empty areas is not where the recorder expects it");
  block.setChildAt(done[1]!, 0, m.nop());
}

/** The run-time class binaryen.js gives blocks; its typings leave it out. */
interface BlockClass {
  setChildAt(block: ExpressionRef, index: number, child: ExpressionRef): void;
}

/**
 * Zero-fills each constant-size stack frame right after its prologue
 * `(global.set $sp (local.tee $L (i32.sub (global.get $sp) (i32.const N))))`.
 */
function zeroFillFrames(binaryen: Binaryen, m: Module): void {
  const id = binaryen.getExpressionId;
  const block = (binaryen as unknown as { Block: BlockClass }).Block;
  const prologue = (x: ExpressionRef): { local: number; size: number } | null => {
    if (id(x) !== binaryen.GlobalSetId) return null;
    const set = binaryen.getExpressionInfo(x) as binaryenModule.GlobalSetInfo;
    if (set.name !== STACK_POINTER || id(set.value) !== binaryen.LocalSetId) return null;
    const tee = binaryen.getExpressionInfo(set.value) as binaryenModule.LocalSetInfo;
    if (!tee.isTee || id(tee.value) !== binaryen.BinaryId) return null;
    const sub = binaryen.getExpressionInfo(tee.value) as binaryenModule.BinaryInfo;
    if (sub.op !== binaryen.SubInt32 || id(sub.left) !== binaryen.GlobalGetId || id(sub.right) !== binaryen.ConstId) return null;
    if ((binaryen.getExpressionInfo(sub.left) as binaryenModule.GlobalGetInfo).name !== STACK_POINTER) return null;
    const size = (binaryen.getExpressionInfo(sub.right) as binaryenModule.ConstInfo).value;
    return typeof size === 'number' && size > 0 && size < 65536 ? { local: tee.index, size } : null;
  };
  const walk = (expression: ExpressionRef, depth: number): void => {
    if (id(expression) !== binaryen.BlockId) return;
    (binaryen.getExpressionInfo(expression) as binaryenModule.BlockInfo).children.forEach((child, index) => {
      const frame = prologue(child);
      if (frame !== null) {
        const fill = m.memory.fill(m.local.get(frame.local, binaryen.i32), m.i32.const(0), m.i32.const(frame.size));
        block.setChildAt(expression, index, m.block(null, [child, fill], binaryen.none));
      } else if (depth < 4) walk(child, depth + 1);
    });
  };
  for (let i = 0; i < m.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(m.getFunctionByIndex(i));
    if (info.module === null || info.module === '') walk(info.body, 0);
  }
}

function leb128(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}
