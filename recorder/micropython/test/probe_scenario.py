# The probe's real-interpreter test (probe.test.ts prepends a part that writes heaplab_probe.py).
# Each `# %%` part is one runPython() call; in this build collections run only between calls,
# so inside a part gc.mem_alloc() differences are exactly what was allocated.
# Lines starting "probe-test" are the interpreter's own figures, printed beside the snapshots.
# %%
import gc
import micropython
gc.collect()
# %%
print('probe-test heap-before-import', gc.mem_alloc())
# %%
import heaplab_probe as probe
gc.collect()
# %%
print('probe-test heap-after-import', gc.mem_alloc())
# %%
# Globals made now, so that storing into them later allocates nothing.
a = 0
b = 0
s = 0
e = None
big = None
keep = []
holes = []
def decorated():
    return None
decorated = probe.on_memory_error('decorated')(decorated)
gc.collect()
# %%
s = probe.mark('filling')
for i in range(24):
    holes.append(bytearray(300))
    keep.append(bytearray(300))
s = probe.snapshot('filled')
print('probe-test beside', s, gc.mem_free(), gc.mem_alloc())
holes = None
gc.collect()
# %%
s = probe.snapshot('fragmented: every other buffer freed')
print('probe-test beside', s, gc.mem_free(), gc.mem_alloc())
a = gc.mem_alloc()
s = probe.snapshot('garbage check')
b = gc.mem_alloc()
print('probe-test beside', s, gc.mem_free(), gc.mem_alloc())
print('probe-test garbage snapshot', b - a)
a = gc.mem_alloc()
s = probe.mark('measured')
b = gc.mem_alloc()
print('probe-test garbage mark', b - a)
a = gc.mem_alloc()
with probe.catching('quiet'):
    pass
b = gc.mem_alloc()
print('probe-test garbage catching', b - a)
a = gc.mem_alloc()
decorated()
b = gc.mem_alloc()
print('probe-test garbage decorated-call', b - a)
# Under the heap lock any allocation would raise MemoryError: the snapshot and the mark allocate nothing.
micropython.heap_lock()
s = probe.snapshot('heap locked')
a = probe.mark('marked under the lock')
micropython.heap_unlock()
print('probe-test beside', s, gc.mem_free(), gc.mem_alloc())
s = probe.snapshot('a "quoted"\tlabel\\ that needs escapes')
print('probe-test beside', s, gc.mem_free(), gc.mem_alloc())
# %%
a = gc.mem_alloc()
try:
    raise MemoryError('memory allocation failed, allocating 5 bytes')
except MemoryError as e:
    b = gc.mem_alloc()
print('probe-test garbage raise-plain', b - a)
a = gc.mem_alloc()
try:
    with probe.catching('raised by Python'):
        raise MemoryError('memory allocation failed, allocating 5 bytes')
except MemoryError as e:
    b = gc.mem_alloc()
print('probe-test garbage raise-caught', b - a)
print('probe-test beside', probe._seq, gc.mem_free(), b)
# %%
try:
    with probe.catching('outer'):
        with probe.catching('big request'):
            big = bytearray(200000000)
except MemoryError as e:
    print('probe-test beside', probe._seq, gc.mem_free(), gc.mem_alloc())
    print('probe-test caught', e.args[0])
