/*
 * Method glue of a pre-initialised contract, included at the end of
 * near-sdk-js's builder.c (through methods.h) in place of its
 * DEFINE_NEAR_METHOD, so it sees builder.c's static JS_NewCustomContext and
 * js_add_near_host_functions.
 *
 * __near_snapshot_init does once, at build time, what builder.c's methods do
 * at the start of every call: create the runtime and the context, register
 * the host functions, load and evaluate the contract's module. The build then
 * captures memory and globals (src/snapshot.ts), so a deployed method starts
 * from exactly the state a plain build reaches after that prologue, and only
 * looks up and calls its function. Everything else, including the error path,
 * is builder.c's method body unchanged, so each call behaves as before.
 */
#ifndef NEAR_SNAPSHOT_H
#define NEAR_SNAPSHOT_H

static JSRuntime *near_snapshot_rt;
static JSContext *near_snapshot_ctx;
static JSValue near_snapshot_module;

__attribute__((export_name("__near_snapshot_init"))) void near_snapshot_init(void)
{
  near_snapshot_rt = JS_NewRuntime();
  near_snapshot_ctx = JS_NewCustomContext(near_snapshot_rt);
  js_add_near_host_functions(near_snapshot_ctx);
  near_snapshot_module = js_load_module_binary(near_snapshot_ctx, code, code_size);
}

/* Where the bytecode array lies, so the build can drop it when the loaded module no longer points into it. */
__attribute__((export_name("__near_snapshot_code_start"))) uint32_t near_snapshot_code_start(void)
{
  return (uint32_t)(uintptr_t)code;
}

__attribute__((export_name("__near_snapshot_code_size"))) uint32_t near_snapshot_code_size(void)
{
  return code_size;
}

static void near_snapshot_call(const char *name)
{
  JSContext *ctx = near_snapshot_ctx;
  JSValue fun_obj, result, error, error_message, error_stack;
  const char *error_message_c, *error_stack_c;
  char *error_c;
  size_t msg_len, stack_len;

  /* The runtime measured its stack top inside the build-time init; measure it here, as a plain call would. */
  JS_UpdateStackTop(near_snapshot_rt);
  fun_obj = JS_GetProperty(ctx, near_snapshot_module, JS_NewAtom(ctx, name));
  result = JS_Call(ctx, fun_obj, near_snapshot_module, 0, NULL);
  if (JS_IsException(result)) {
    error = JS_GetException(ctx);
    error_message = JS_GetPropertyStr(ctx, error, "message");
    error_stack = JS_GetPropertyStr(ctx, error, "stack");
    error_message_c = JS_ToCStringLen(ctx, &msg_len, error_message);
    error_stack_c = JS_ToCStringLen(ctx, &stack_len, error_stack);
    error_c = malloc(msg_len + 1 + stack_len);
    strncpy(error_c, error_message_c, msg_len);
    error_c[msg_len] = '\n';
    strncpy(error_c + msg_len + 1, error_stack_c, stack_len);
    panic_utf8(msg_len + 1 + stack_len, (uint64_t)error_c);
  }
  js_std_loop(ctx);
}

#undef DEFINE_NEAR_METHOD
#define DEFINE_NEAR_METHOD(name) \
  void name () __attribute__((export_name(#name))) { near_snapshot_call(#name); }

#endif
