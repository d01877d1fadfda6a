# Removes every file named in an install manifest; called by the
# uninstall target with MANIFEST.
if(NOT EXISTS ${MANIFEST})
  message(FATAL_ERROR "no ${MANIFEST}: nothing was installed from this build directory")
endif()
file(STRINGS ${MANIFEST} files)
foreach(f ${files})
  set(path "$ENV{DESTDIR}${f}")
  if(EXISTS "${path}" OR IS_SYMLINK "${path}")
    message(STATUS "removing ${path}")
    file(REMOVE "${path}")
  endif()
endforeach()
