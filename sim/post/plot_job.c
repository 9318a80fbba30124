/* What the figures of `cogov plot` share (plot.h): starting and finishing
 * a gnuplot job with the house style, and the label phrases. */
#include <math.h>
#include <stdio.h>

#include "post/plot.h"

void plot_phrase(char *buf, size_t n, enum phrase ph, enum lang lang,
                 const char *s, int k)
{
    /* the phrases hold %s and %d placeholders in either order */
    const char *p = label_phrase(ph, lang);
    size_t used = 0;
    buf[0] = 0;
    while (*p && used + 1 < n) {
        int w = 0;
        if (p[0] == '%' && p[1] == 's')
            w = snprintf(buf + used, n - used, "%s", s ? s : "");
        else if (p[0] == '%' && p[1] == 'd')
            w = snprintf(buf + used, n - used, "%d", k);
        else {
            buf[used++] = *p++;
            buf[used] = 0;
            continue;
        }
        used += (size_t)w < n - used ? (size_t)w : n - used - 1;
        p += 2;
    }
}

int plot_begin(struct gp_job *j, const struct plot_opts *o,
               const char *out_default, int width, int height, char *err,
               size_t errlen)
{
    if (o->size_w > 0) {   /* --size, at 100 px an inch */
        width = (int)lround(o->size_w * 100);
        height = (int)lround(o->size_h * 100);
    }
    return gp_begin(j, o->out ? o->out : out_default, o->force, o->keep,
                    o->lang, o->font, width, height, err, errlen);
}

int plot_finish(struct gp_job *j, const char *script, char *err,
                size_t errlen)
{
    char out[sizeof j->out];
    snprintf(out, sizeof out, "%s", j->out);
    if (gp_append(j, "style", err, errlen) ||
        gp_append(j, script, err, errlen)) {
        gp_abort(j);
        return -1;
    }
    int keep = j->keep;
    char dir[sizeof j->dir];
    snprintf(dir, sizeof dir, "%s", j->dir);
    if (gp_finish(j, err, errlen))
        return -1;
    printf("cogov: wrote %s\n", out);
    if (keep)
        printf("cogov: script and data in %s (gnuplot plot.gp)\n", dir);
    return 0;
}
