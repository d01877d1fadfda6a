/* Constant-time helpers, wiping, and the error record. */
#include <string.h>

#include "base/error.h"
#include "base/mem.h"
#include "check.h"

static void test_ct_equal(void)
{
    const uint8_t a[] = {1, 2, 3, 4};
    const uint8_t b[] = {1, 2, 3, 5};
    CHECK(lt_ct_equal(a, a, 4) == 1);
    CHECK(lt_ct_equal(a, b, 4) == 0);
    CHECK(lt_ct_equal(a, b, 3) == 1);
    CHECK(lt_ct_equal(a, b, 0) == 1);
    const uint8_t x[] = {0x80};
    const uint8_t y[] = {0x00};
    CHECK(lt_ct_equal(x, y, 1) == 0);
}

static void test_ct_masks(void)
{
    CHECK(lt_ct_is_zero_u32(0) == 0xffffffffu);
    CHECK(lt_ct_is_zero_u32(1) == 0);
    CHECK(lt_ct_is_zero_u32(0x80000000u) == 0);
    CHECK(lt_ct_eq_u32(7, 7) == 0xffffffffu);
    CHECK(lt_ct_eq_u32(7, 8) == 0);
    CHECK(lt_ct_lt_u32(1, 2) == 0xffffffffu);
    CHECK(lt_ct_lt_u32(2, 1) == 0);
    CHECK(lt_ct_lt_u32(2, 2) == 0);
    CHECK(lt_ct_lt_u32(0, 0xffffffffu) == 0xffffffffu);
    CHECK(lt_ct_lt_u32(0xffffffffu, 0) == 0);
    CHECK(lt_ct_select_u8(0xffffffffu, 0xaa, 0x55) == 0xaa);
    CHECK(lt_ct_select_u8(0, 0xaa, 0x55) == 0x55);
    CHECK(lt_ct_select_u32(0, 1, 2) == 2);
    uint8_t out[3];
    const uint8_t a[] = {1, 2, 3}, b[] = {4, 5, 6};
    lt_ct_select_bytes(0xffffffffu, out, a, b, 3);
    CHECK_MEM(out, a, 3);
    lt_ct_select_bytes(0, out, a, b, 3);
    CHECK_MEM(out, b, 3);
}

static void test_wipe(void)
{
    uint8_t secret[32];
    memset(secret, 0x5a, sizeof(secret));
    lt_wipe(secret, sizeof(secret));
    uint8_t zero[32] = {0};
    CHECK_MEM(secret, zero, sizeof(zero));
}

static bool fails_twice(lt_error *err)
{
    LT_FAIL(err, LATCH_ERR_DECODE, "first: %d", 1);
    return LT_FAIL(err, LATCH_ERR_INTERNAL, "second");
}

static void test_error_first_sticks(void)
{
    lt_error err;
    lt_error_clear(&err);
    CHECK(!lt_error_is_set(&err));
    CHECK(!fails_twice(&err));
    CHECK(err.code == LATCH_ERR_DECODE);
    CHECK(strcmp(err.message, "first: 1") == 0);
    CHECK(err.line > 0 && err.file != NULL);
}

static void test_alert_mapping(void)
{
    CHECK(latch_err_alert(LATCH_ERR_BAD_RECORD_MAC) == LATCH_ALERT_BAD_RECORD_MAC);
    CHECK(latch_err_alert(LATCH_ERR_DECRYPT_ERROR) == LATCH_ALERT_DECRYPT_ERROR);
    CHECK(latch_err_alert(LATCH_ERR_UNKNOWN_CA) == LATCH_ALERT_UNKNOWN_CA);
    CHECK(latch_err_alert(LATCH_ERR_MEMORY) == LATCH_ALERT_INTERNAL_ERROR);
    CHECK(latch_err_alert(LATCH_ERR_USAGE) == LATCH_ALERT_NONE);
    CHECK(latch_err_alert(LATCH_ERR_TRUNCATED) == LATCH_ALERT_NONE);
    CHECK(strcmp(latch_err_name(LATCH_ERR_HANDSHAKE_FAILURE), "handshake_failure") == 0);
    CHECK(strcmp(latch_err_name(LATCH_ERR_TRUNCATED), "truncated") == 0);
    CHECK(strcmp(latch_alert_name(112), "unrecognized_name") == 0);
    CHECK(latch_err_alert(LATCH_ERR_BAD_CERTIFICATE_STATUS_RESPONSE) == 113);
    CHECK(strcmp(latch_err_name(LATCH_ERR_BAD_CERTIFICATE_STATUS_RESPONSE),
                 "bad_certificate_status_response") == 0);
}

int main(void)
{
    test_ct_equal();
    test_ct_masks();
    test_wipe();
    test_error_first_sticks();
    test_alert_mapping();
    return check_finish("mem_error");
}
