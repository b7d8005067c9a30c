/**
 * What `inspect --fits` is asked to place: a number of bytes (one allocation, written as a
 * workload spec writes a size: `640`, `1k`, `1.5k`, `2m`; `size-text.ts`), or a Python
 * object of some size, written as Python-like text: `bytearray(640)`, `bytes(1744)`, `str(300)`
 * (a str of 300 characters), `list(100)` (100 items), `dict(20)` (20 entries) or
 * `array('h', 50)` (50 items of typecode `h`). What each one allocates is in
 * `python-allocations.ts`.
 */
import { HeapInputError } from './errors.js';
import { sizeTextBytes } from './size-text.js';

/** The typecodes of MicroPython's `array` module. */
export const ARRAY_TYPECODES = ['b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'f', 'd'] as const;
export type ArrayTypecode = (typeof ARRAY_TYPECODES)[number];

/** A Python object kind that `--fits` models, with a size (bytes, characters, items or entries). */
export type PythonObjectForm = 'bytearray' | 'bytes' | 'str' | 'list' | 'dict';

/** A request: `bytes` bytes in one allocation, or a Python object of `size`. */
export type AllocationRequest =
  | { readonly form: 'bytes-raw'; readonly bytes: number }
  | { readonly form: PythonObjectForm; readonly size: number }
  | { readonly form: 'array'; readonly typecode: ArrayTypecode; readonly size: number };

const EXPECTED = "expected a number of bytes (1 or more, e.g. 640 or 1k) or a Python object: bytearray(N), bytes(N), str(N), list(N), dict(N) or array('h', N)";
const OBJECT = /^(bytearray|bytes|str|list|dict)\(\s*(\d+)\s*\)$/;
const ARRAY = /^array\(\s*(['"])([^'"]*)\1\s*,\s*(\d+)\s*\)$/;

/**
 * Reads a request as typed (spaces around it and inside the parentheses are fine). Throws
 * `HeapInputError` (without a location) when it is neither.
 */
export function parseAllocationRequest(typed: string): AllocationRequest {
  const text = typed.trim();
  const bytes = sizeTextBytes(text);
  // A fraction of a byte (1.5, 1.3k) is no request: it falls through to what --fits expects.
  if (bytes !== undefined && size(bytes, typed) >= 1 && Number.isInteger(bytes)) return { form: 'bytes-raw', bytes };
  const object = OBJECT.exec(text);
  if (object !== null) return { form: object[1] as PythonObjectForm, size: size(Number(object[2]!), typed) };
  const array = ARRAY.exec(text);
  if (array !== null) {
    const typecode = array[2]!;
    if (!(ARRAY_TYPECODES as readonly string[]).includes(typecode)) {
      throw new HeapInputError(`expected an array typecode, one of ${ARRAY_TYPECODES.join('')}, got ${JSON.stringify(typecode)}`);
    }
    return { form: 'array', typecode: typecode as ArrayTypecode, size: size(Number(array[3]!), typed) };
  }
  throw new HeapInputError(`${EXPECTED}, got ${JSON.stringify(typed)}`);
}

function size(n: number, typed: string): number {
  // A size whose bytes are exact: no request near 2^53 / 8 can fit a heap anyway.
  if (n > 2 ** 48) throw new HeapInputError(`expected a size up to 2^48, got ${JSON.stringify(typed)}`);
  return n;
}

/** The request as heaplab writes it: `640`, `bytearray(640)`, `array('h', 50)`. */
export function requestText(request: AllocationRequest): string {
  switch (request.form) {
    case 'bytes-raw':
      return String(request.bytes);
    case 'array':
      return `array('${request.typecode}', ${request.size})`;
    default:
      return `${request.form}(${request.size})`;
  }
}
