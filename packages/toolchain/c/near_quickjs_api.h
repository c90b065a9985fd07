/*
 * The QuickJS API that near-sdk-js's builder.c expects beyond upstream
 * QuickJS 2021-03-27. NEAR ships these in its QuickJS fork; we implement them
 * ourselves in near_engine.c on top of the unmodified upstream sources.
 */
#ifndef NEAR_QUICKJS_API_H
#define NEAR_QUICKJS_API_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
/* builder.c also relies on this header for malloc and for TRUE/FALSE. */
#include "cutils.h"
#include "quickjs.h"
#include "libbf.h"

/* A string whose UTF-16 code units are the given bytes (Latin-1). */
JSValue JS_NewStringLenRaw(JSContext *ctx, const char *buf, size_t buf_len);

/*
 * The Latin-1 bytes of ToString(val): one byte per UTF-16 code unit, keeping
 * its low 8 bits. The buffer lives as long as the runtime; NULL on exception.
 */
const char *JS_ToCStringLenRaw(JSContext *ctx, size_t *plen, JSValueConst val);

/*
 * ToUint64 as NEAR's fork: a Number wraps modulo 2^64, a BigInt outside
 * [0, 2^64) fails. <0 on failure, with no exception pending for a BigInt
 * out of range (the caller throws its own).
 */
int JS_ToUint64Ext(JSContext *ctx, uint64_t *pres, JSValueConst val);

/* The big-number payload of a BigInt value, and a fresh BigInt equal to 0. */
bf_t *JS_GetBigInt(JSValueConst val);
JSValue JS_NewBigInt(JSContext *ctx);

/*
 * Reads module bytecode written by near_qjsc, links and evaluates it, and
 * returns the module's namespace object (its exports).
 */
JSValue js_load_module_binary(JSContext *ctx, const uint8_t *buf, size_t buf_len);

/* Runs queued jobs (promise reactions) until none is left. */
void js_std_loop(JSContext *ctx);

#endif
