/* HDF5 errors (see h5err.h). */
#include "io/h5err.h"

#include <stdio.h>
#include <string.h>

void h5err_quiet_on(struct h5err_quiet *q)
{
    q->saved = H5Eget_auto2(H5E_DEFAULT, &q->func, &q->data) >= 0;
    if (q->saved)
        H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void h5err_quiet_off(const struct h5err_quiet *q)
{
    if (q->saved)
        H5Eset_auto2(H5E_DEFAULT, q->func, q->data);
}

struct text {
    char *buf;
    size_t n;
};

/* With H5E_WALK_UPWARD the innermost record comes first, n == 0. */
static herr_t innermost(unsigned n, const H5E_error2_t *e, void *data)
{
    struct text *t = data;
    if (n != 0)
        return 0;
    const char *desc = e->desc && e->desc[0] ? e->desc : NULL;
    const char *func = e->func_name ? e->func_name : "?";
    char minor[128] = "";
    if (!desc) {
        H5E_type_t type;
        if (H5Eget_msg(e->min_num, &type, minor, sizeof minor) > 0)
            desc = minor;
    }
    const char *why = desc ? strstr(desc, "error message = '") : NULL;
    if (why) {
        why += strlen("error message = '");
        snprintf(t->buf, t->n, "%s: %.*s", func, (int)strcspn(why, "'"),
                 why);
    } else {
        snprintf(t->buf, t->n, "%s: %s", func, desc ? desc : "?");
    }
    for (char *p = t->buf; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return 0;
}

void h5err_innermost(char *buf, size_t n)
{
    struct text t = {buf, n};
    if (n == 0)
        return;
    buf[0] = 0;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost, &t);
}
