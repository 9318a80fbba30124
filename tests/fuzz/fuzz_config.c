/* libFuzzer target of the scenario loader (`make fuzz`, docs/RELIABILITY.md
 * "Fuzzing"): config_load on arbitrary bytes as a scenario file, and
 * config_set on its lines as --set assignments. Beyond "no crash, no
 * sanitizer report", one property: whatever loads, printed with
 * config_to_string and loaded again, gives the same parameters. A crash
 * found here becomes a case of tests/bad/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/params.h"

static char dir[256], path[300], path2[300];

static int put_file(const char *p, const void *data, size_t n)
{
    FILE *f = fopen(p, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, n, f) == n;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* Files in a private directory under $TMPDIR (tests/fuzz/run.sh points
 * it into build/fuzz): a `base = "x";` in the input resolves next to them
 * and finds nothing. */
static void setup(void)
{
    if (path[0])
        return;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cogov-fuzz.XXXXXX", tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof path, "%s/in.cfg", dir);
    snprintf(path2, sizeof path2, "%s/again.cfg", dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct params p, q;
    char err[CONFIG_ERR_MAX];
    const struct param_table *t = params_table();
    setup();

    /* the bytes as a scenario file */
    if (put_file(path, data, size))
        abort();
    config_defaults(t, &p);
    if (config_load(t, &p, path, NULL, 0, NULL, err, sizeof err) == 0) {
        char *text = config_to_string(t, &p, 0);
        if (!text)
            abort();   /* a loaded value the writer cannot express */
        if (put_file(path2, text, strlen(text)))
            abort();
        config_defaults(t, &q);
        if (config_load(t, &q, path2, NULL, 0, NULL, err, sizeof err) != 0) {
            fprintf(stderr, "printed configuration does not load: %s\n%s",
                    err, text);
            abort();
        }
        if (memcmp(&p, &q, sizeof p) != 0) {
            fprintf(stderr, "configuration changed on a round trip:\n%s",
                    text);
            abort();
        }
        free(text);
        params_validate(&p, err, sizeof err);
    } else if (!err[0]) {
        abort();       /* a failure must say why */
    }

    /* each line as a --set assignment */
    char *copy = malloc(size + 1);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    copy[size] = 0;
    config_defaults(t, &p);
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        if (config_set(t, &p, line, NULL, err, sizeof err) != 0 && !err[0])
            abort();
    free(copy);
    return 0;
}
