# heaplab_trace as a MicroPython user C module, for CMake-based ports (esp32, rp2):
#   make USER_C_MODULES=/path/to/heaplab/recorder/firmware/micropython.cmake
# builds the hook (heaplab_trace.c) and the `heaplab_trace` Python module. See README.md.
add_library(usermod_heaplab_trace INTERFACE)

target_sources(usermod_heaplab_trace INTERFACE
    ${CMAKE_CURRENT_LIST_DIR}/heaplab_trace.c
    ${CMAKE_CURRENT_LIST_DIR}/modheaplab_trace.c
)

target_include_directories(usermod_heaplab_trace INTERFACE
    ${CMAKE_CURRENT_LIST_DIR}
)

target_link_libraries(usermod INTERFACE usermod_heaplab_trace)
