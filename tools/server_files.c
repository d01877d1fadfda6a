#include "server_files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum { PATH_MAX_LEN = 1024 };

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes the path part of the target into out. 400 for what a
 * file name must not hold once decoded: NUL, or a '/' that was encoded
 * (it would join two segments the client sent as one). */
static int decode(const char *target, size_t len, char *out, size_t cap)
{
    size_t end = 0, o = 0;
    while (end < len && target[end] != '?' && target[end] != '#')
        end++;
    if (end == 0 || target[0] != '/')
        return 400;
    for (size_t i = 0; i < end; i++) {
        char c = target[i];
        if (c == '%') {
            int hi = i + 2 < end ? hex_digit(target[i + 1]) : -1;
            int lo = i + 2 < end ? hex_digit(target[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return 400;
            c = (char)(hi * 16 + lo);
            if (c == '\0' || c == '/')
                return 400;
            i += 2;
        } else if (c == '\0') {
            return 400;
        }
        if (o + 1 >= cap)
            return 404;
        out[o++] = c;
    }
    out[o] = '\0';
    return 200;
}

static const char *content_type(const char *name)
{
    static const struct {
        const char *ext;
        const char *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".txt", "text/plain; charset=utf-8"},
        {".css", "text/css"},
        {".js", "text/javascript"},
        {".json", "application/json"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".svg", "image/svg+xml"},
        {".pem", "application/x-pem-file"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot != NULL && i < sizeof types / sizeof types[0]; i++) {
        if (strcasecmp(dot, types[i].ext) == 0)
            return types[i].type;
    }
    return "application/octet-stream";
}

/* Takes fd (or closes it) when it is a regular file: 200, else 404. */
static int take_file(int fd, const char *name, struct served_file *f)
{
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return 404;
    }
    f->fd = fd;
    f->size = st.st_size;
    f->type = content_type(name);
    return 200;
}

static int open_beneath(int dir, const char *name)
{
    return openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
}

/* Walks the segments from root_fd, each opened without following a
 * symbolic link; a directory at the end means its index.html. */
static int walk(int root_fd, char *path, struct served_file *f)
{
    int dir = dup(root_fd);
    if (dir < 0)
        return 404;
    char *save = NULL;
    for (char *seg = strtok_r(path, "/", &save); seg != NULL; seg = strtok_r(NULL, "/", &save)) {
        if (strcmp(seg, ".") == 0 || strcmp(seg, "..") == 0) {
            close(dir);
            return 403;
        }
        int next = open_beneath(dir, seg);
        close(dir);
        struct stat st;
        if (next >= 0 && fstat(next, &st) == 0 && S_ISDIR(st.st_mode)) {
            dir = next;
            continue;
        }
        /* A file must be the last segment. */
        if (strtok_r(NULL, "/", &save) != NULL) {
            if (next >= 0)
                close(next);
            return 404;
        }
        return take_file(next, seg, f);
    }
    int fd = open_beneath(dir, "index.html");
    close(dir);
    return take_file(fd, "index.html", f);
}

int served_file_open(int root_fd, const char *target, size_t len, struct served_file *f)
{
    char path[PATH_MAX_LEN];
    f->fd = -1;
    int status = decode(target, len, path, sizeof path);
    return status == 200 ? walk(root_fd, path, f) : status;
}
