# heaplab_trace as a MicroPython user C module, for make-based ports (stm32, unix, OpenMV…):
#   make USER_C_MODULES=/path/to/heaplab/recorder
# builds the hook (heaplab_trace.c) and the `heaplab_trace` Python module, and puts this folder on
# the include path so that py/gc.c can include heaplab_trace.h. See README.md.
HEAPLAB_TRACE_DIR := $(USERMOD_DIR)
SRC_USERMOD_C += $(HEAPLAB_TRACE_DIR)/heaplab_trace.c $(HEAPLAB_TRACE_DIR)/modheaplab_trace.c
CFLAGS_USERMOD += -I$(HEAPLAB_TRACE_DIR)
