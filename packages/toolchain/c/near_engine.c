/*
 * The QuickJS engine as linked into every contract and into near_qjsc.
 *
 * Upstream quickjs.c is included unmodified; this translation unit only
 * configures it for wasm32-wasip1 and adds the API of near_quickjs_api.h.
 * Both the contract and the bytecode compiler link this same object, so the
 * bytecode format and the atom table always agree.
 */

/* quickjs.c calls malloc_usable_size but includes <malloc.h> only on Linux. */
#include <malloc.h>

/* Two helpers that builder.c calls are static in quickjs.c: rename them on
   the way in so that this file can export them under their own names. */
#define JS_GetBigInt quickjs_static_get_bigint
#define JS_NewBigInt quickjs_static_new_bigint
#include "quickjs.c"
#undef JS_GetBigInt
#undef JS_NewBigInt
/* quickjs.c ends by forbidding the libc allocator for the code after it. */
#undef malloc
#undef free
#undef realloc

#include "near_quickjs_api.h"

bf_t *JS_GetBigInt(JSValueConst val)
{
    return quickjs_static_get_bigint(val);
}

JSValue JS_NewBigInt(JSContext *ctx)
{
    return quickjs_static_new_bigint(ctx);
}

JSValue JS_NewStringLenRaw(JSContext *ctx, const char *buf, size_t buf_len)
{
    if (buf_len > JS_STRING_LEN_MAX)
        return JS_ThrowRangeError(ctx, "string too long");
    return js_new_string8(ctx, (const uint8_t *)buf, (int)buf_len);
}

const char *JS_ToCStringLenRaw(JSContext *ctx, size_t *plen, JSValueConst val)
{
    JSValue str_val;
    JSString *str;
    uint8_t *out;
    uint32_t i;

    str_val = JS_ToString(ctx, val);
    if (JS_IsException(str_val))
        return NULL;
    str = JS_VALUE_GET_STRING(str_val);
    out = js_malloc(ctx, str->len + 1);
    if (!out) {
        JS_FreeValue(ctx, str_val);
        return NULL;
    }
    for (i = 0; i < str->len; i++)
        out[i] = str->is_wide_char ? (uint8_t)str->u.str16[i] : str->u.str8[i];
    out[str->len] = '\0';
    if (plen)
        *plen = str->len;
    JS_FreeValue(ctx, str_val);
    return (const char *)out;
}

/*
 * As NEAR's QuickJS fork converts: a Number wraps modulo 2^64 (ToInt64, so
 * -1 is 2^64-1 and 1.5 is 1), while a BigInt must lie in [0, 2^64). Out of
 * range it fails without a pending exception, so builder.c raises its own
 * "Expect Uint64 for <argument>" as near-sdk-js expects; wrapping instead
 * turned a gas of 2^64 into 0.
 */
int JS_ToUint64Ext(JSContext *ctx, uint64_t *pres, JSValueConst val)
{
    bf_t buffer, *big;
    int status;

    if (!JS_IsBigInt(ctx, val))
        return JS_ToInt64(ctx, (int64_t *)pres, val);
    big = JS_ToBigInt(ctx, &buffer, val);
    if (!big) {
        *pres = 0;
        return -1;
    }
    status = bf_get_uint64(pres, big);
    JS_FreeBigInt(ctx, big, &buffer);
    return status == 0 ? 0 : -1;
}

JSValue near_module_namespace(JSContext *ctx, JSModuleDef *m)
{
    return js_get_module_ns(ctx, m);
}
