# Debian's hardening set (dpkg-buildflags "hardening=+all"), on by default
# so the build that ships carries it: stack protector, stack clash
# protection, CET (-fcf-protection), FORTIFY_SOURCE=3, full RELRO with
# immediate binding. A flag the compiler or linker does not take (another
# architecture, an older compiler) is left out rather than failing.
include(CheckCCompilerFlag)
include(CheckLinkerFlag)

foreach(flag -fstack-protector-strong -fstack-clash-protection -fcf-protection)
  string(MAKE_C_IDENTIFIER "LATCH_CC_HAS${flag}" have)
  check_c_compiler_flag(${flag} ${have})
  if(${have})
    add_compile_options(${flag})
  endif()
endforeach()

check_linker_flag(C "-Wl,-z,relro,-z,now" LATCH_LD_HAS_RELRO_NOW)
if(LATCH_LD_HAS_RELRO_NOW)
  add_link_options(-Wl,-z,relro,-z,now)
endif()

# glibc's FORTIFY_SOURCE only works with optimisation (at -O0 its headers
# warn and check nothing), so it follows the last -O of the build's flags:
# every build type but Debug. Not under the sanitizers, whose own checks
# replace it; not when the caller's flags already choose a level.
string(TOUPPER "${CMAKE_BUILD_TYPE}" hardening_type)
set(hardening_flags "${CMAKE_C_FLAGS} ${CMAKE_C_FLAGS_${hardening_type}}")
string(REGEX MATCHALL "(^| )-O[^ ]*" hardening_opt "${hardening_flags}")
list(POP_BACK hardening_opt hardening_last_opt)
string(STRIP "${hardening_last_opt}" hardening_last_opt)
if(hardening_flags MATCHES "_FORTIFY_SOURCE")
  set(LATCH_FORTIFY "as the given flags say")
elseif(hardening_last_opt AND NOT hardening_last_opt STREQUAL "-O0" AND NOT LATCH_SANITIZE
       AND NOT LATCH_FUZZ)
  # -U first: some compilers (Ubuntu's GCC) define a lower level by default.
  add_compile_options(-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3)
  set(LATCH_FORTIFY 3)
endif()
