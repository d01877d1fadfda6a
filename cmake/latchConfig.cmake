# find_package(latch): the imported target latch::latch, the shared
# library. Its dependencies (libcrypto, libpsl) are private to it.
include(${CMAKE_CURRENT_LIST_DIR}/latchTargets.cmake)
