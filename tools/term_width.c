#include "term_width.h"

#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Narrower than this, wrapping would leave no room beside the indent. */
enum { MIN_COLUMNS = 40, MAX_COLUMNS = 10000 };

unsigned term_width(FILE *out)
{
    const char *columns = getenv("COLUMNS");
    if (columns != NULL && *columns != '\0') {
        char *end;
        unsigned long n = strtoul(columns, &end, 10);
        if (*end == '\0' && n >= MIN_COLUMNS && n <= MAX_COLUMNS)
            return (unsigned)n;
    }
    struct winsize ws;
    int fd = fileno(out);
    if (fd >= 0 && isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= MIN_COLUMNS)
        return ws.ws_col;
    return 0;
}
