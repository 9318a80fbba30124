/* Text for the demo screens: a growable string, the terminal width of
 * UTF-8 text (Chinese takes two columns a character), wrapping. Own
 * decoding rather than wcwidth(3), so widths do not depend on the
 * locale the classroom machine happens to have installed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"

void demo_text_add(struct demo_text *t, const char *s, size_t n)
{
    if (t->oom)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = realloc(t->s, cap);
        if (!p) {
            t->oom = 1;
            return;
        }
        t->s = p;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = 0;
}

void demo_text_puts(struct demo_text *t, const char *s)
{
    demo_text_add(t, s, strlen(s));
}

void demo_text_printf(struct demo_text *t, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof buf) {
        demo_text_add(t, buf, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        t->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    demo_text_add(t, big, (size_t)n);
    free(big);
}

void demo_text_free(struct demo_text *t)
{
    free(t->s);
    memset(t, 0, sizeof *t);
}

/* Decode one character at s (n bytes left): its code point and length.
 * Invalid bytes count as one character of one byte. */
static size_t decode(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : c >> 5 == 6 ? 2 : c >> 4 == 14 ? 3
                 : c >> 3 == 30 ? 4 : 0;
    if (len == 0 || len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    unsigned v = len == 1 ? c : c & (0x7Fu >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = v << 6 | (s[i] & 0x3F);
    }
    *cp = v;
    return len;
}

/* East Asian Wide and Fullwidth ranges that Chinese text uses. */
static int wide(unsigned cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
           (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Length of the escape sequence at s (ESC [ params letter), or 0. */
static size_t escape_len(const char *s, size_t n)
{
    if (n < 2 || s[0] != '\033' || s[1] != '[')
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))
            return i + 1;
    return n;
}

/* Step over one unit (an escape or a character): bytes and columns. */
static size_t step(const char *s, size_t n, int *cols)
{
    size_t e = escape_len(s, n);
    if (e) {
        *cols = 0;
        return e;
    }
    unsigned cp;
    size_t len = decode((const unsigned char *)s, n, &cp);
    *cols = wide(cp) ? 2 : 1;
    return len;
}

int demo_text_width(const char *s, size_t n)
{
    int w = 0, c;
    for (size_t i = 0; i < n && s[i];) {
        i += step(s + i, n - i, &c);
        w += c;
    }
    return w;
}

size_t demo_text_fit(const char *s, size_t n, int cols)
{
    int w = 0, c;
    size_t i = 0;
    while (i < n && s[i]) {
        size_t len = step(s + i, n - i, &c);
        if (w + c > cols)
            break;
        w += c;
        i += len;
    }
    return i;
}

/* May a line break before s? Not inside a word, nor before CJK
 * punctuation that must not start a line. */
static int break_before(const char *s, size_t n)
{
    unsigned cp;
    decode((const unsigned char *)s, n, &cp);
    if (!wide(cp))
        return 0;
    static const unsigned closing[] = {0x3001, 0x3002, 0x300D, 0x300F,
                                       0x3011, 0xFF01, 0xFF09, 0xFF0C,
                                       0xFF1A, 0xFF1B, 0xFF1F};
    for (size_t k = 0; k < sizeof closing / sizeof closing[0]; k++)
        if (cp == closing[k])
            return 0;
    return 1;
}

/* Wrap one line (no '\n') of n bytes. */
static void wrap_line(struct demo_text *out, const char *s, size_t n,
                      int avail, const char *indent)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        /* the longest run that fits, then back off to a break */
        size_t fit = demo_text_fit(s + i, n - i, avail);
        size_t end = i + fit;
        if (end < n && s[end] != ' ') {
            size_t b = end;
            while (b > i && s[b - 1] != ' ' && !break_before(s + b, n - b))
                b--;
            if (b > i)
                end = b;
        }
        if (end == i) { /* not one character fits: take one anyway */
            int c;
            end = i + step(s + i, n - i, &c);
        }
        size_t e = end;
        while (e > i && s[e - 1] == ' ')
            e--;
        demo_text_puts(out, indent);
        demo_text_add(out, s + i, e - i);
        demo_text_puts(out, "\n");
        i = end;
    }
}

void demo_text_wrap(struct demo_text *out, const char *s, int cols,
                    const char *indent)
{
    int iw = demo_text_width(indent, strlen(indent));
    int avail = cols - iw > 8 ? cols - iw : 8;
    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (n == 0 && nl)
            demo_text_puts(out, "\n"); /* an empty line stays */
        wrap_line(out, s, n, avail, indent);
        if (!nl)
            break;
        s = nl + 1;
    }
}
