/* The version of the library that is loaded, for programs that built
 * against one header and run with a newer liblatch.so.0. */
#include "latch.h"

const char *latch_version(void)
{
    return LATCH_VERSION_STRING;
}
