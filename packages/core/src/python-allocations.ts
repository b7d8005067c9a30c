/**
 * The heap allocations MicroPython (v1.2x) makes for one Python object, in the order it makes
 * them, so that each is placed (first fit) before the next is asked for. The table is in
 * `docs/python-objects.md`: on 32-bit builds every row was checked against the real v1.27.0
 * interpreter (mem_info(1) before and after); on 64-bit builds the sizes follow from the same
 * object layouts with 8-byte words.
 *
 * Every object header here is 4 words (a type pointer and three words: `mp_obj_array_t`,
 * `mp_obj_str_t`, `mp_obj_list_t`, `mp_obj_dict_t`). A size of 0 allocates no buffer:
 * `gc_alloc(0)` returns NULL without taking a block.
 */
import type { AllocationRequest, ArrayTypecode } from './allocation-request.js';
import type { DumpKind } from './events.js';

/** One allocation: what it is for, its bytes, and the letter `mem_info(1)` prints for its head. */
export interface PlannedAllocation {
  readonly what: string;
  readonly bytes: number;
  readonly kind: DumpKind;
}

/** `list`'s smallest item array (py/objlist.c LIST_MIN_ALLOC), in words. */
const LIST_MIN_ALLOC = 4;

/** Bytes per item of each `array` typecode; `l` and `L` are a C long: a word. */
function itemBytes(typecode: ArrayTypecode, wordBytes: 4 | 8): number {
  switch (typecode) {
    case 'b':
    case 'B':
      return 1;
    case 'h':
    case 'H':
      return 2;
    case 'i':
    case 'I':
    case 'f':
      return 4;
    case 'l':
    case 'L':
      return wordBytes;
    case 'q':
    case 'Q':
    case 'd':
      return 8;
  }
}

/**
 * The allocations `request` makes on a build with `wordBytes`-byte words, in order (none for an
 * empty str, which is interned). A number of bytes is one allocation of that many bytes.
 */
export function pythonAllocations(request: AllocationRequest, wordBytes: 4 | 8): PlannedAllocation[] {
  const object = 4 * wordBytes;
  const buffer = (what: string, bytes: number): PlannedAllocation[] => (bytes === 0 ? [] : [{ what, bytes, kind: 'h' }]);
  switch (request.form) {
    case 'bytes-raw':
      return [{ what: 'the allocation', bytes: request.bytes, kind: 'h' }];
    case 'bytearray':
      // py/objarray.c array_new: the object, then the buffer.
      return [{ what: 'bytearray object', bytes: object, kind: 'A' }, ...buffer('buffer', request.size)];
    case 'array':
      return [{ what: 'array object', bytes: object, kind: 'A' }, ...buffer('item buffer', request.size * itemBytes(request.typecode, wordBytes))];
    case 'bytes':
      // py/objstr.c: the data goes into a vstr of size + 1 (a NUL ends it), then the object takes it.
      return [
        { what: 'data buffer', bytes: request.size + 1, kind: 'h' },
        { what: 'bytes object', bytes: object, kind: 'S' },
      ];
    case 'str':
      // As 'x' * N makes it; the empty str is the interned '' (no allocation).
      if (request.size === 0) return [];
      return [
        { what: 'data buffer', bytes: request.size + 1, kind: 'h' },
        { what: 'str object', bytes: object, kind: 'S' },
      ];
    case 'list':
      // [None] * N: the one-item list [None] first, then the product (py/objlist.c list_new).
      return [
        { what: '[None] list object', bytes: object, kind: 'L' },
        { what: '[None] item array', bytes: LIST_MIN_ALLOC * wordBytes, kind: 'h' },
        { what: 'list object', bytes: object, kind: 'L' },
        { what: 'item array', bytes: Math.max(request.size, LIST_MIN_ALLOC) * wordBytes, kind: 'h' },
      ];
    case 'dict':
      // A dict display of N entries (BUILD_MAP N): the object, then a table of N key/value slots.
      return [{ what: 'dict object', bytes: object, kind: 'D' }, ...buffer('hash table', request.size * 2 * wordBytes)];
  }
}
