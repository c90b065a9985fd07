/*
 * The two runtime entry points builder.c calls around every contract method:
 * loading the contract's module bytecode and draining the job queue. Any
 * JavaScript exception escaping them aborts the call through panic_utf8, so
 * a failure is never silent.
 */
#include <string.h>
#include "near_quickjs_api.h"

extern void panic_utf8(uint64_t len, uint64_t ptr);
JSValue near_module_namespace(JSContext *ctx, JSModuleDef *m);

static void panic_with_pending_exception(JSContext *ctx)
{
    JSValue error = JS_GetException(ctx);
    JSValue stack = JS_GetPropertyStr(ctx, error, "stack");
    const char *message = JS_ToCString(ctx, error);
    const char *trace = JS_IsUndefined(stack) ? "" : JS_ToCString(ctx, stack);
    size_t message_len = message ? strlen(message) : 0;
    size_t trace_len = trace ? strlen(trace) : 0;
    char *text = js_malloc(ctx, message_len + 1 + trace_len);

    if (!text)
        panic_utf8(0, 0);
    memcpy(text, message, message_len);
    text[message_len] = '\n';
    memcpy(text + message_len + 1, trace, trace_len);
    panic_utf8(message_len + 1 + trace_len, (uint64_t)(uintptr_t)text);
}

JSValue js_load_module_binary(JSContext *ctx, const uint8_t *buf, size_t buf_len)
{
    JSValue module_val, result;
    JSModuleDef *module;

    module_val = JS_ReadObject(ctx, buf, buf_len, JS_READ_OBJ_BYTECODE);
    if (JS_IsException(module_val))
        panic_with_pending_exception(ctx);
    if (JS_VALUE_GET_TAG(module_val) != JS_TAG_MODULE) {
        static const char not_a_module[] = "contract bytecode is not a module";
        panic_utf8(sizeof(not_a_module) - 1, (uint64_t)(uintptr_t)not_a_module);
    }
    module = JS_VALUE_GET_PTR(module_val);
    if (JS_ResolveModule(ctx, module_val) < 0)
        panic_with_pending_exception(ctx);
    result = JS_EvalFunction(ctx, module_val);
    if (JS_IsException(result))
        panic_with_pending_exception(ctx);
    JS_FreeValue(ctx, result);
    return near_module_namespace(ctx, module);
}

void js_std_loop(JSContext *ctx)
{
    JSContext *job_ctx;
    int status;

    while ((status = JS_ExecutePendingJob(JS_GetRuntime(ctx), &job_ctx)) != 0) {
        if (status < 0)
            panic_with_pending_exception(job_ctx);
    }
}
