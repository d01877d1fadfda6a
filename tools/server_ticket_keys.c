/*
 * latch server --ticket-keys FILE: noticing that the file changed. Its
 * status (device, inode, size, modification time) is read at most once a
 * second from the event loop (the master's, with workers); a rename over
 * it (the safe way to write it) changes the inode, an edit in place the
 * time or the size. The status is noted before each read of the file, so
 * a change made while it is read is seen at the next check.
 */
#include "server_resume.h"

#include <stddef.h>
#include <sys/stat.h>

#include "common.h"

/* Reads the file's status into w; false when it cannot be read. */
static bool note(struct ticket_keys_watch *w, bool *changed)
{
    struct stat st;
    if (w->path == NULL || stat(w->path, &st) != 0)
        return false;
    *changed = st.st_dev != w->dev || st.st_ino != w->ino || st.st_size != w->size ||
               st.st_mtim.tv_sec != w->mtime.tv_sec || st.st_mtim.tv_nsec != w->mtime.tv_nsec;
    w->dev = st.st_dev;
    w->ino = st.st_ino;
    w->size = st.st_size;
    w->mtime = st.st_mtim;
    return true;
}

void ticket_keys_watch_start(struct ticket_keys_watch *w, const char *path, int64_t now)
{
    *w = (struct ticket_keys_watch){.path = path, .next_check_ms = now + TICKET_KEYS_CHECK_MS};
    ticket_keys_watch_note(w);
}

void ticket_keys_watch_note(struct ticket_keys_watch *w)
{
    bool changed;
    (void)note(w, &changed);
}

bool ticket_keys_changed(struct ticket_keys_watch *w, int64_t now)
{
    if (w->path == NULL || now < w->next_check_ms)
        return false;
    w->next_check_ms = now + TICKET_KEYS_CHECK_MS;
    bool changed = false;
    /* A file missing for a moment is no change: the keys in use stay. */
    if (!note(w, &changed) || !changed)
        return false;
    tool_error("--ticket-keys %s changed: reloading", w->path);
    return true;
}

int ticket_keys_wait_ms(const struct ticket_keys_watch *w, int64_t now)
{
    if (w->path == NULL)
        return -1;
    return w->next_check_ms <= now ? 0 : (int)(w->next_check_ms - now);
}
