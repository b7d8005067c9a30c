# Oracle scenario (b): where does the real allocator put new objects?
# Part 1 leaves holes of 1 to 8 blocks between live 3-block bytearrays and asks for a collection
# (it runs when the runPython() call returns). Part 2 is compiled as a whole before it runs, so
# between two dumps the heap changes only by one `make(n)`: a bytearray object, then its buffer.
import gc, micropython

keep = []
for i in range(48):
    keep.append(bytearray(16 * (i % 8)))
    keep.append(bytearray(24))
for i in range(0, len(keep), 2):
    keep[i] = None
slots = [None] * 12


def make(n):
    return bytearray(n)


del i
gc.collect()
# %%
print('=== dump')
micropython.mem_info(1)
slots[0] = make(100)
print('=== dump')
micropython.mem_info(1)
slots[1] = make(20)
print('=== dump')
micropython.mem_info(1)
slots[2] = make(0)
print('=== dump')
micropython.mem_info(1)
slots[3] = make(1)
print('=== dump')
micropython.mem_info(1)
slots[4] = make(17)
print('=== dump')
micropython.mem_info(1)
slots[5] = make(300)
print('=== dump')
micropython.mem_info(1)
slots[6] = make(112)
print('=== dump')
micropython.mem_info(1)
slots[7] = make(48)
print('=== dump')
micropython.mem_info(1)
slots[8] = make(1000)
print('=== dump')
micropython.mem_info(1)
