# What `make install` (cmake --install) puts where: the libraries, the
# one public header, the latch command, latch.pc, the CMake package
# (find_package(latch) gives latch::latch) and the man pages.
include(CMakePackageConfigHelpers)

install(TARGETS latch_shared EXPORT latchTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS latch_static ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES include/latch.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET latch)
  install(TARGETS latch RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

configure_file(cmake/latch.pc.in ${CMAKE_CURRENT_BINARY_DIR}/latch.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/latch.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

set(LATCH_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/latch)
install(EXPORT latchTargets NAMESPACE latch:: DESTINATION ${LATCH_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/latchConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES cmake/latchConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/latchConfigVersion.cmake
  DESTINATION ${LATCH_CMAKE_DIR})

file(GLOB LATCH_MAN1 CONFIGURE_DEPENDS man/*.1)
file(GLOB LATCH_MAN3 CONFIGURE_DEPENDS man/*.3)
install(FILES ${LATCH_MAN1} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${LATCH_MAN3} DESTINATION ${CMAKE_INSTALL_MANDIR}/man3)

# `make uninstall`: removes exactly what the last install wrote, as listed
# in its manifest (install_manifest.txt).
add_custom_target(uninstall
  COMMAND ${CMAKE_COMMAND} -DMANIFEST=${CMAKE_CURRENT_BINARY_DIR}/install_manifest.txt
          -P ${PROJECT_SOURCE_DIR}/cmake/uninstall.cmake
  VERBATIM)
