/**
 * The `.ops` scenario language (`docs/ops.md`): one command a line, checked in full before anything
 * runs. Blank lines and lines starting with `#` are ignored.
 */
import { HeapInputError } from '../errors.js';

/** One parsed command with its 1-based line number. */
export type OpsCommand = { readonly line: number } & (
  | { readonly op: 'init' | 'add'; readonly size: number; readonly offset: number }
  | { readonly op: 'alloc'; readonly slot: number; readonly bytes: number; readonly fin: boolean }
  | { readonly op: 'free' | 'drop'; readonly slot: number }
  | { readonly op: 'realloc'; readonly slot: number; readonly bytes: number; readonly move: boolean }
  | { readonly op: 'threshold'; readonly bytes: number }
  | { readonly op: 'collect' | 'info' | 'dumpinfo' | 'dump' | 'hint' | 'disable' | 'enable' | 'lock' | 'unlock' }
);

/** A parsed script. */
export interface OpsScript {
  readonly commands: readonly OpsCommand[];
}

type ArgKind = 'count' | 'slot' | 'flag' | 'signed';

const SIGNATURES: Record<OpsCommand['op'], { readonly args: readonly ArgKind[]; readonly optional?: number; readonly usage: string }> = {
  init: { args: ['count', 'count'], usage: 'init SIZE OFF' },
  add: { args: ['count', 'count'], usage: 'add SIZE OFF' },
  alloc: { args: ['slot', 'count', 'flag'], optional: 1, usage: 'alloc ID BYTES [FIN]' },
  free: { args: ['slot'], usage: 'free ID' },
  drop: { args: ['slot'], usage: 'drop ID' },
  realloc: { args: ['slot', 'count', 'flag'], usage: 'realloc ID BYTES MOVE' },
  threshold: { args: ['signed'], usage: 'threshold BYTES (negative: off)' },
  collect: { args: [], usage: 'collect' },
  info: { args: [], usage: 'info' },
  dumpinfo: { args: [], usage: 'dumpinfo' },
  dump: { args: [], usage: 'dump' },
  hint: { args: [], usage: 'hint' },
  disable: { args: [], usage: 'disable' },
  enable: { args: [], usage: 'enable' },
  lock: { args: [], usage: 'lock' },
  unlock: { args: [], usage: 'unlock' },
};

const ARG_PATTERN: Record<ArgKind, RegExp> = {
  count: /^\d{1,16}$/,
  slot: /^\d{1,15}$/,
  flag: /^[01]$/,
  signed: /^-?\d{1,16}$/,
};

const ARG_EXPECTED: Record<ArgKind, string> = {
  count: 'a whole number of bytes',
  slot: 'a slot number (a whole number)',
  flag: '0 or 1',
  signed: 'a whole number (negative turns it off)',
};

/** Parses a script. Throws `HeapInputError` with the file and line of the first problem. */
export function parseOps(text: string, file?: string): OpsScript {
  const commands: OpsCommand[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let sawInit = false;
  let sawOther = false;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const where = { file, line };
    const content = raw.trim();
    if (content === '' || content.startsWith('#')) return;
    const [name, ...words] = content.split(/\s+/);
    const signature = Object.hasOwn(SIGNATURES, name!) ? SIGNATURES[name as OpsCommand['op']] : undefined;
    if (signature === undefined) {
      throw new HeapInputError(`unknown command ${JSON.stringify(name)}; expected one of ${Object.keys(SIGNATURES).join(', ')}`, where);
    }
    const min = signature.args.length - (signature.optional ?? 0);
    if (words.length < min || words.length > signature.args.length) {
      throw new HeapInputError(`${name} takes ${describeCount(min, signature.args.length)}; usage: ${signature.usage}`, where);
    }
    const values = words.map((word, i) => {
      const kind = signature.args[i]!;
      const value = Number(word);
      if (!ARG_PATTERN[kind].test(word) || !Number.isSafeInteger(value)) {
        throw new HeapInputError(`${name}: argument ${i + 1} is ${JSON.stringify(word)}; expected ${ARG_EXPECTED[kind]} (usage: ${signature.usage})`, where);
      }
      return value;
    });
    const op = name as OpsCommand['op'];
    if (op === 'init') {
      if (sawInit || sawOther) throw new HeapInputError('init must be the first command, and come once', where);
      sawInit = true;
    } else if (op === 'add') {
      if (!sawInit || sawOther) throw new HeapInputError('add must follow init, before any other command', where);
    } else {
      if (!sawInit) throw new HeapInputError(`${op} before init: a script starts with "init SIZE OFF"`, where);
      sawOther = true;
    }
    commands.push(toCommand(op, values, line));
  });
  if (!sawInit) throw new HeapInputError('the script has no init line; it must start with "init SIZE OFF"', { file, line: 1 });
  return { commands };
}

function toCommand(op: OpsCommand['op'], v: number[], line: number): OpsCommand {
  switch (op) {
    case 'init':
    case 'add':
      return { op, line, size: v[0]!, offset: v[1]! };
    case 'alloc':
      return { op, line, slot: v[0]!, bytes: v[1]!, fin: v[2] === 1 };
    case 'free':
    case 'drop':
      return { op, line, slot: v[0]! };
    case 'realloc':
      return { op, line, slot: v[0]!, bytes: v[1]!, move: v[2] === 1 };
    case 'threshold':
      return { op, line, bytes: v[0]! };
    default:
      return { op, line };
  }
}

function describeCount(min: number, max: number): string {
  if (max === 0) return 'no arguments';
  if (min === max) return `${max} argument${max === 1 ? '' : 's'}`;
  return `${min} to ${max} arguments`;
}
