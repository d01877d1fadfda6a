/*
 * Errors: a code, the alert it maps to, where it happened, and a sentence.
 *
 * Functions that can fail take an lt_error * and return bool (true on
 * success), marked LT_MUST_CHECK so an ignored failure does not compile.
 * The first failure recorded sticks; later ones are dropped, so the
 * sentence a person reads names the cause, not a consequence.
 */
#ifndef LT_BASE_ERROR_H
#define LT_BASE_ERROR_H

#include <stdbool.h>
#include <stddef.h>

#include "latch.h"

#define LT_MUST_CHECK __attribute__((warn_unused_result))

#define LT_ERROR_MESSAGE_MAX 256

typedef struct lt_error {
    latch_err code;
    const char *file;
    int line;
    char message[LT_ERROR_MESSAGE_MAX];
} lt_error;

void lt_error_clear(lt_error *err);

/* Records the first failure; returns false so callers can `return LT_FAIL(...)`. */
bool lt_error_set(lt_error *err, latch_err code, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Puts context in front of a recorded sentence ("certificate 2 of the
 * chain: " + what the parser said), keeping its code; cut to fit. */
void lt_error_prefix(lt_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Always false, and visibly so once inlined: the optimiser then knows that
 * a function returning LT_FAIL(...) has failed, and does not take an
 * output it leaves unset on failure for one its caller may read
 * (GCC's -Wmaybe-uninitialized at -O2 and above). */
static inline bool lt_failed(bool recorded)
{
    (void)recorded;
    return false;
}

#define LT_FAIL(err, code, ...)                                                                    \
    lt_failed(lt_error_set((err), (code), __FILE__, __LINE__, __VA_ARGS__))

/* Propagates a failure that the callee already recorded. */
#define LT_GUARD(expr)                                                                             \
    do {                                                                                           \
        if (!(expr))                                                                               \
            return false;                                                                          \
    } while (0)

/* Fails with a code and sentence unless cond holds. */
#define LT_ENSURE(cond, err, code, ...)                                                            \
    do {                                                                                           \
        if (!(cond))                                                                               \
            return LT_FAIL((err), (code), __VA_ARGS__);                                            \
    } while (0)

static inline bool lt_error_is_set(const lt_error *err)
{
    return err->code != LATCH_OK;
}

#endif
