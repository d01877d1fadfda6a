# Links the library's objects into one relocatable object, then makes
# every defined global symbol local except the public latch_* ones.
# Called by CMakeLists.txt with LD, OBJCOPY, CC, CC_ID, CFLAGS, OUT and
# OBJECTS (the object files separated by |).
string(REPLACE "|" ";" objects "${OBJECTS}")
set(combined ${OUT}.all.o)
# GCC's -flto objects hold only its IR, which objcopy cannot change: GCC
# then does the partial link itself and emits machine code (CFLAGS are
# the build's, so the code is what the LTO link would make).
separate_arguments(cflags UNIX_COMMAND "${CFLAGS}")
if(CC_ID STREQUAL "GNU" AND CFLAGS MATCHES "-flto")
  execute_process(COMMAND ${CC} ${cflags} -r -nostdlib -flinker-output=nolto-rel -o ${combined}
                          ${objects} RESULT_VARIABLE rc)
else()
  execute_process(COMMAND ${LD} -r -o ${combined} ${objects} RESULT_VARIABLE rc)
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ld -r failed (${rc}) combining the library's objects")
endif()
execute_process(COMMAND ${OBJCOPY} --wildcard --keep-global-symbol=latch_*
                        ${combined} ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "objcopy failed (${rc}) localizing the internal symbols")
endif()
file(REMOVE ${combined})
