/* The replicate study of the patterns P1-P5 (docs/MODEL.md section 1,
 * docs/CALIBRATION.md): the paired statistics it reports, exposed for the
 * unit tests. The command itself is cmd_patterns (cli.h). */
#ifndef COGOV_PATTERNS_H
#define COGOV_PATTERNS_H

/* Paired comparison of n replicates (common random numbers: replicate i
 * of both arms shares its seed). Pairs where either value is NaN are
 * skipped. */
struct paired_stats {
    int n;                 /* pairs used */
    double mean_a, mean_b; /* arm means over the pairs used */
    double effect, se;     /* mean of b - a and its standard error */
    double lo, hi;         /* 95% confidence interval of the effect */
};

/* The 0.975 quantile of Student's t with df degrees of freedom (df >= 1):
 * tabulated for df <= 4, beyond that the Cornish-Fisher series in 1/df
 * (error below 3e-4). */
double patterns_t975(int df);

/* Fill s from a[0..n) and b[0..n). With fewer than two usable pairs the
 * standard error and interval are infinite. */
void patterns_paired(const double *a, const double *b, int n,
                     struct paired_stats *s);

/* `cogov patterns [options]`: an exit status. */
int cmd_patterns(int argc, char **argv);

#endif
