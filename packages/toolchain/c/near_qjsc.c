/*
 * near_qjsc: compiles one ES module to QuickJS bytecode, the way qjsc -m does,
 * with the very engine object the contract links. Output is the raw bytecode;
 * the toolchain turns it into the code.h that builder.c includes.
 *
 * usage: near_qjsc <module-name> <input.js> <output.bin>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quickjs.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long size;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(size + 1);
    if (buf && fread(buf, 1, size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[size] = '\0';
        *len = size;
    }
    return buf;
}

static void report_exception(JSContext *ctx)
{
    JSValue error = JS_GetException(ctx);
    JSValue stack = JS_GetPropertyStr(ctx, error, "stack");
    const char *message = JS_ToCString(ctx, error);
    const char *trace = JS_IsUndefined(stack) ? NULL : JS_ToCString(ctx, stack);

    fprintf(stderr, "%s\n%s", message ? message : "unknown error", trace ? trace : "");
}

int main(int argc, char **argv)
{
    JSRuntime *rt;
    JSContext *ctx;
    JSValue compiled;
    size_t source_len, bytecode_len;
    uint8_t *bytecode;
    char *source;
    FILE *out;

    if (argc != 4) {
        fprintf(stderr, "usage: near_qjsc <module-name> <input.js> <output.bin>\n");
        return 2;
    }
    source = read_file(argv[2], &source_len);
    if (!source) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 1;
    }
    rt = JS_NewRuntime();
    ctx = JS_NewContext(rt);
    compiled = JS_Eval(ctx, source, source_len, argv[1],
                       JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY);
    if (JS_IsException(compiled)) {
        report_exception(ctx);
        return 1;
    }
    bytecode = JS_WriteObject(ctx, &bytecode_len, compiled, JS_WRITE_OBJ_BYTECODE);
    if (!bytecode) {
        report_exception(ctx);
        return 1;
    }
    out = fopen(argv[3], "wb");
    if (!out || fwrite(bytecode, 1, bytecode_len, out) != bytecode_len || fclose(out) != 0) {
        fprintf(stderr, "cannot write %s\n", argv[3]);
        return 1;
    }
    return 0;
}
