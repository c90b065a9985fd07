/*
 * memcpy, memmove, memset and memcmp for contracts, linked ahead of
 * wasi-libc's so they replace them.
 *
 * NEAR charges gas per wasm instruction. wasi-libc's memcpy/memmove/memset are
 * built on bulk memory (memory.copy / memory.fill), which NEAR does not enable;
 * lowered to the MVP they are one-byte loops (about ten instructions a byte),
 * and its memcmp is a byte loop in C. These move and compare eight bytes per
 * load and store, and the finalize step sends the libc's inline bulk-memory
 * instructions (realloc, printf) here too.
 *
 * Wasm loads and stores of any alignment are valid and cost the same gas, so
 * every path uses 8-byte words at whatever alignment the pointers have:
 * aligning first would only add instructions to the short copies that
 * dominate (strings, atoms, bytecode objects). Short lengths are handled
 * without loops by two overlapping accesses (the first and the last word),
 * and longer ones preload the part the loop does not reach before storing
 * anything, so the same code is correct for overlapping memmove.
 *
 * Compiled with -fno-builtin: otherwise clang recognises these loops as
 * memcpy/memset and compiles them into calls to themselves.
 */
#include <stddef.h>
#include <stdint.h>

typedef uint64_t __attribute__((__may_alias__, __aligned__(1))) any_u64;
typedef uint32_t __attribute__((__may_alias__, __aligned__(1))) any_u32;
typedef uint16_t __attribute__((__may_alias__, __aligned__(1))) any_u16;

#define LOAD64(p) (*(const any_u64 *)(p))
#define STORE64(p, v) (*(any_u64 *)(p) = (v))
#define BLOCK 32

/* n <= 32 bytes: every load happens before any store, so overlap is fine. */
static inline __attribute__((always_inline)) void move_short(unsigned char *d, const unsigned char *s, size_t n)
{
    if (n > 16) {
        uint64_t a = LOAD64(s), b = LOAD64(s + 8), y = LOAD64(s + n - 16), z = LOAD64(s + n - 8);
        STORE64(d, a);
        STORE64(d + 8, b);
        STORE64(d + n - 16, y);
        STORE64(d + n - 8, z);
    } else if (n >= 8) {
        uint64_t a = LOAD64(s), z = LOAD64(s + n - 8);
        STORE64(d, a);
        STORE64(d + n - 8, z);
    } else if (n >= 4) {
        uint32_t a = *(const any_u32 *)s, z = *(const any_u32 *)(s + n - 4);
        *(any_u32 *)d = a;
        *(any_u32 *)(d + n - 4) = z;
    } else if (n >= 2) {
        uint16_t a = *(const any_u16 *)s, z = *(const any_u16 *)(s + n - 2);
        *(any_u16 *)d = a;
        *(any_u16 *)(d + n - 2) = z;
    } else if (n == 1) {
        *d = *s;
    }
}

/*
 * n > 32, copying upwards; safe when d <= s or the ranges do not overlap.
 * The last 32 source bytes are read first and stored last, over whatever the
 * final block wrote past them.
 */
static inline __attribute__((always_inline)) void move_up(unsigned char *d, const unsigned char *s, size_t n)
{
    unsigned char *last = d + n - BLOCK;
    const unsigned char *last_src = s + n - BLOCK;
    uint64_t t0 = LOAD64(last_src), t1 = LOAD64(last_src + 8), t2 = LOAD64(last_src + 16),
             t3 = LOAD64(last_src + 24);
    do {
        uint64_t w0 = LOAD64(s), w1 = LOAD64(s + 8), w2 = LOAD64(s + 16), w3 = LOAD64(s + 24);
        STORE64(d, w0);
        STORE64(d + 8, w1);
        STORE64(d + 16, w2);
        STORE64(d + 24, w3);
        d += BLOCK;
        s += BLOCK;
    } while (d < last);
    STORE64(last, t0);
    STORE64(last + 8, t1);
    STORE64(last + 16, t2);
    STORE64(last + 24, t3);
}

/* n > 32, copying downwards for s < d < s + n; mirrors move_up with the first 32 bytes. */
static inline __attribute__((always_inline)) void move_down(unsigned char *d, const unsigned char *s, size_t n)
{
    uint64_t h0 = LOAD64(s), h1 = LOAD64(s + 8), h2 = LOAD64(s + 16), h3 = LOAD64(s + 24);
    unsigned char *block = d + n;
    const unsigned char *block_src = s + n;
    do {
        block -= BLOCK;
        block_src -= BLOCK;
        uint64_t w0 = LOAD64(block_src), w1 = LOAD64(block_src + 8), w2 = LOAD64(block_src + 16),
                 w3 = LOAD64(block_src + 24);
        STORE64(block, w0);
        STORE64(block + 8, w1);
        STORE64(block + 16, w2);
        STORE64(block + 24, w3);
    } while (block > d + BLOCK);
    STORE64(d, h0);
    STORE64(d + 8, h1);
    STORE64(d + 16, h2);
    STORE64(d + 24, h3);
}

void *memcpy(void *restrict dest, const void *restrict src, size_t n)
{
    if (n <= BLOCK)
        move_short(dest, src, n);
    else
        move_up(dest, src, n);
    return dest;
}

void *memmove(void *dest, const void *src, size_t n)
{
    if (n <= BLOCK)
        move_short(dest, src, n);
    /* Unsigned distance: dest below src, or no overlap, both allow copying upwards. */
    else if ((uintptr_t)dest - (uintptr_t)src >= n)
        move_up(dest, src, n);
    else
        move_down(dest, src, n);
    return dest;
}

void *memset(void *dest, int c, size_t n)
{
    unsigned char *d = dest;
    uint64_t v = (uint64_t)(unsigned char)c * 0x0101010101010101ull;
    if (n > BLOCK) {
        unsigned char *last = d + n - BLOCK;
        do {
            STORE64(d, v);
            STORE64(d + 8, v);
            STORE64(d + 16, v);
            STORE64(d + 24, v);
            d += BLOCK;
        } while (d < last);
        STORE64(last, v);
        STORE64(last + 8, v);
        STORE64(last + 16, v);
        STORE64(last + 24, v);
    } else if (n > 16) {
        STORE64(d, v);
        STORE64(d + 8, v);
        STORE64(d + n - 16, v);
        STORE64(d + n - 8, v);
    } else if (n >= 8) {
        STORE64(d, v);
        STORE64(d + n - 8, v);
    } else if (n >= 4) {
        *(any_u32 *)d = (uint32_t)v;
        *(any_u32 *)(d + n - 4) = (uint32_t)v;
    } else if (n >= 2) {
        *(any_u16 *)d = (uint16_t)v;
        *(any_u16 *)(d + n - 2) = (uint16_t)v;
    } else if (n == 1) {
        *d = (unsigned char)c;
    }
    return dest;
}

/* The order of two different little-endian words is that of their lowest differing byte. */
static inline __attribute__((always_inline)) int compare_words(uint64_t a, uint64_t b)
{
    unsigned shift = (unsigned)__builtin_ctzll(a ^ b) & ~7u;
    return (int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff);
}

int memcmp(const void *left, const void *right, size_t n)
{
    const unsigned char *l = left, *r = right;
    if (n >= 8) {
        const unsigned char *last = l + n - 8;
        for (; l < last; l += 8, r += 8) {
            uint64_t a = LOAD64(l), b = LOAD64(r);
            if (a != b)
                return compare_words(a, b);
        }
        /* The last word may overlap bytes already found equal, which cannot decide the order. */
        uint64_t a = LOAD64(last), b = LOAD64(r - (l - last));
        return a == b ? 0 : compare_words(a, b);
    }
    for (; n > 0; n--, l++, r++) {
        if (*l != *r)
            return *l - *r;
    }
    return 0;
}
