/* The replicate study of the patterns P1-P12 (docs/MODEL.md section 1,
 * docs/CALIBRATION.md): the paired statistics it reports, exposed for the
 * unit tests. The command itself is cmd_patterns (cli.h). */
#ifndef COGOV_PATTERNS_H
#define COGOV_PATTERNS_H

#include <stddef.h>

#include "base/params.h"

/* Paired comparison of n replicates (common random numbers: replicate i
 * of both arms shares its seed). Pairs where either value is NaN are
 * skipped. */
struct paired_stats {
    int n;                 /* pairs used */
    double mean_a, mean_b; /* arm means over the pairs used */
    double effect, se;     /* mean of b - a and its standard error */
    double lo, hi;         /* 95% confidence interval of the effect */
    double sd;             /* between-seed SD: sqrt((sd_a^2 + sd_b^2) / 2),
                              sd_a the SD of arm A over the pairs used */
    double d;              /* effect / sd (0 when both are 0, +-inf when
                              only sd is) */
};

/* The 0.975 quantile of Student's t with df degrees of freedom (df >= 1):
 * tabulated for df <= 4, beyond that the Cornish-Fisher series in 1/df
 * (error below 3e-4). */
double patterns_t975(int df);

/* Fill s from a[0..n) and b[0..n). With fewer than two usable pairs the
 * standard error and interval are infinite. */
void patterns_paired(const double *a, const double *b, int n,
                     struct paired_stats *s);

/* Verdict on one hypothesised effect (hyp +1 or -1): it emerges when
 * its interval excludes 0 on the hypothesised side and |d| >= 1, and
 * it still does so in each of the n_abl ablations (the same comparison
 * with one assumed input set to neutral). */
enum pattern_verdict {
    PV_EMERGES,     /* at least 1 SD, and survives every ablation */
    PV_DEPENDS,     /* emerges, but not in ablation *which */
    PV_NOT,         /* below 1 SD, or the interval holds 0 */
    PV_OPPOSITE,    /* significant, against the hypothesis */
    PV_TOO_FEW      /* fewer than two pairs */
};
enum pattern_verdict patterns_verdict(int hyp, const struct paired_stats *s,
                                      const struct paired_stats *abl,
                                      int n_abl, int *which);

/* The parameters the runs of an arm can depend on (patterns_share.c):
 * p, loaded from scenario file path, with every row no run of it reads
 * at its default: the PASSIVE rows (the run's length is compared apart)
 * and the rows owned by switches that are off (for the whole run: the
 * study applies no change schedule, and a file with one is refused). Two
 * arms with equal results (by memcmp) give the same series for every
 * seed. 0, or -1 with err (a change schedule, or a bad one). */
int patterns_run_params(const char *path, const struct params *p,
                        struct params *c, char *err, size_t errlen);

/* `cogov patterns [options]`: an exit status. */
int cmd_patterns(int argc, char **argv);

#endif
