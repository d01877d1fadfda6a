# Links the library's objects into one relocatable object, then makes
# every defined global symbol local except the public latch_* ones.
# Called by CMakeLists.txt with LD, OBJCOPY, OUT and OBJECTS (the object
# files separated by |).
string(REPLACE "|" ";" objects "${OBJECTS}")
set(combined ${OUT}.all.o)
execute_process(COMMAND ${LD} -r -o ${combined} ${objects} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ld -r failed (${rc}) combining the library's objects")
endif()
execute_process(COMMAND ${OBJCOPY} --wildcard --keep-global-symbol=latch_*
                        ${combined} ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "objcopy failed (${rc}) localizing the internal symbols")
endif()
file(REMOVE ${combined})
