# find_package(latch): the imported target latch::latch, the shared
# library. Its own dependencies (libcrypto, libpsl) are private to it, but
# CMake still names their targets for the linker's search of indirect
# libraries, so they are found here the way latch's build found them.
include(CMakeFindDependencyMacro)
find_dependency(OpenSSL 3.0 COMPONENTS Crypto)
find_dependency(PkgConfig)
if(NOT TARGET PkgConfig::PSL)
  pkg_check_modules(PSL REQUIRED QUIET IMPORTED_TARGET libpsl)
endif()
include(${CMAKE_CURRENT_LIST_DIR}/latchTargets.cmake)
