/*
 * latch server --root DIR: which file a request target names, opened
 * read-only without ever leaving DIR.
 */
#ifndef LATCH_TOOLS_SERVER_FILES_H
#define LATCH_TOOLS_SERVER_FILES_H

#include <stddef.h>
#include <sys/types.h>

struct served_file {
    int fd; /* open for reading; the caller closes it */
    off_t size;
    const char *type; /* Content-Type */
};

/*
 * Opens the regular file the target (the request line's path, with any
 * query) names under the directory root_fd. Returns 200, or the status
 * to answer: 400 for a target that is not an absolute path or holds %00
 * or an encoded '/', 403 for a "." or ".." segment, 404 for what is not
 * there, not a regular file, or reached through a symbolic link (none is
 * followed, so none can point out of the root).
 */
int served_file_open(int root_fd, const char *target, size_t len, struct served_file *f);

#endif
