/* Final-window means of a run's time series (see summary.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "post/summary.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int summary_read(struct h5in *f, int window, struct summary *s, char *err,
                 size_t errlen)
{
    memset(s, 0, sizeof *s);
    char **names;
    int n = h5in_list(f, "timeseries", &names);
    if (n < 0) {
        snprintf(err, errlen, "cannot list /timeseries");
        return -1;
    }
    qsort(names, (size_t)n, sizeof *names, by_name);
    s->names = calloc((size_t)n + 1, sizeof *s->names);
    s->mean = calloc((size_t)n + 1, sizeof *s->mean);
    if (!s->names || !s->mean) {
        h5in_free_names(names, n);
        summary_free(s);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (window <= 0)
        window = SUMMARY_WINDOW_DAYS;
    for (int i = 0; i < n; i++) {
        double *v;
        size_t rows, cols;
        if (!strcmp(names[i], "day"))
            continue;
        if (h5in_read(f, "timeseries", names[i], &v, &rows, &cols, err,
                      errlen)) {
            h5in_free_names(names, n);
            summary_free(s);
            return -1;
        }
        if (cols == 1) {
            size_t a = rows > (size_t)window ? rows - (size_t)window : 0;
            double sum = 0;
            size_t k = 0;
            for (size_t r = a; r < rows; r++)
                if (!isnan(v[r])) {
                    sum += v[r];
                    k++;
                }
            s->names[s->n] = names[i];
            names[i] = NULL;
            s->mean[s->n++] = k ? sum / (double)k : NAN;
            s->days = (int)rows;
            s->window = (int)(rows - a);
        }
        free(v);
    }
    h5in_free_names(names, n);
    return 0;
}

void summary_free(struct summary *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->names[i]);
    free(s->names);
    free(s->mean);
    memset(s, 0, sizeof *s);
}

int summary_find(const struct summary *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->names[i], name))
            return i;
    return -1;
}
