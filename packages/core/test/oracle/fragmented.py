# Oracle scenario (a): a fragmented heap of many object kinds, then micropython.mem_info(1).
# Run with a small heap (16 KiB) the pyscript build adds a second heap area on the way.
import gc, micropython


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


keep = []
for i in range(60):
    keep.append(bytearray(8 * (i % 11)))
    keep.append([i] * (i % 7 + 1))
    keep.append({'k': i, 'v': str(i) * (i % 4 + 1)})
    keep.append((i, i + 1, i / 3))
    keep.append(Point(i, 'p' * (i % 9)))
for i in range(0, len(keep), 3):
    keep[i] = None
del i
# Only asks for a collection: it runs when this runPython() call returns.
gc.collect()
# %%
micropython.mem_info(1)
