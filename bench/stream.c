/* cogov-stream: STREAM-like memory bandwidth of this machine (after
 * McCalpin's STREAM: best of several repetitions, bytes counted as the
 * kernel reads and writes them, without write-allocate traffic), for the
 * bandwidth analysis of docs/PERFORMANCE.md. Three kernels over double
 * arrays: read (a sum), copy (c = a) and triad (a = b + s c), at two
 * sizes: a working set like the engine's at one million residents, and
 * one far larger than any cache; with 1 thread and with all threads.
 * With --core-to-core it prints instead how long a cache line written by
 * one core takes to reach another (two threads bouncing it): on a VM the
 * host places the vCPUs, and this latency is what makes the 2-thread
 * speed-up move from one hour to the next (docs/PERFORMANCE.md,
 * "Session 20"). With --regions it prints what a parallel region of 2
 * threads costs under the wait policy in force (OMP_WAIT_POLICY): with
 * the passive one a sleeping thread is woken for each, and on a VM that
 * goes through the hypervisor. With --walk it prints the floor of phase
 * 11's walk over the ties on this machine: the same loop over 16-byte
 * records, alone, on one core (both: docs/PERFORMANCE.md, "Session
 * 23"). */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

enum { K_READ, K_COPY, K_TRIAD, N_KERNELS };
static const char *const kernel_names[N_KERNELS] = {"read", "copy", "triad"};
static const double kernel_words[N_KERNELS] = {1, 2, 3};

/* Best seconds of each kernel over reps repetitions. */
static void measure(double *a, double *b, double *c, size_t n, int reps,
                    double best[N_KERNELS], volatile double *sink)
{
    for (int k = 0; k < N_KERNELS; k++)
        best[k] = 1e30;
    for (int r = 0; r < reps; r++) {
        double t0 = now(), sum = 0;
        /* eight partial sums, so the loop waits on memory, not on the
         * latency of one chain of additions */
#pragma omp parallel for schedule(static) reduction(+ : sum)
        for (size_t i = 0; i < n / 8; i++) {
            const double *x = a + 8 * i;
            sum += ((x[0] + x[1]) + (x[2] + x[3])) +
                   ((x[4] + x[5]) + (x[6] + x[7]));
        }
        double t1 = now();
#pragma omp parallel for schedule(static)
        for (size_t i = 0; i < n; i++)
            c[i] = a[i];
        double t2 = now();
#pragma omp parallel for schedule(static)
        for (size_t i = 0; i < n; i++)
            a[i] = b[i] + 3.0 * c[i];
        double t3 = now();
        *sink += sum;
        double t[N_KERNELS] = {t1 - t0, t2 - t1, t3 - t2};
        for (int k = 0; k < N_KERNELS; k++)
            if (t[k] < best[k])
                best[k] = t[k];
    }
}

/* One-way core-to-core latency in ns: threads 0 and 1 hand a counter in
 * a cache line of its own back and forth, up to 100 000 times or for
 * half a second (best of 5). */
static int core_to_core(void)
{
    static _Alignas(64) _Atomic unsigned flag;
    static _Alignas(64) _Atomic int stop;
    const unsigned rounds = 100000;
    double best = 1e30;
    int threads = 1, procs = 1;
#ifdef _OPENMP
    procs = omp_get_num_procs();
#endif
    if (procs < 2) {   /* two spinning threads on one CPU: no figure */
        printf("core-to-core latency: needs 2 CPUs\n");
        return 0;
    }
#pragma omp parallel num_threads(2)
    {
        int me = 0;
#ifdef _OPENMP
        me = omp_get_thread_num();
#pragma omp single
        threads = omp_get_num_threads();
#endif
        for (int rep = 0; rep < 5 && threads == 2; rep++) {
#pragma omp barrier
            const double t0 = now();
            unsigned done = 0;   /* one-way handoffs seen by thread 0 */
            for (unsigned i = 0; i < rounds; i++) {
                const unsigned want = 2 * i + (unsigned)me;
                while (atomic_load_explicit(&flag, memory_order_acquire) !=
                           want &&
                       !atomic_load_explicit(&stop, memory_order_relaxed))
                    ;
                if (atomic_load_explicit(&stop, memory_order_relaxed))
                    break;
                atomic_store_explicit(&flag, want + 1, memory_order_release);
                done = 2 * i + 1;
                /* thread 0 ends a slow repetition (a loaded machine) */
                if (me == 0 && (i & 1023) == 1023 && now() - t0 > 0.5) {
                    atomic_store(&stop, 1);
                    break;
                }
            }
            const double t = now() - t0;
#pragma omp barrier
            if (me == 0 && done > 0 && t / done < best)
                best = t / done;
#pragma omp barrier
#pragma omp single
            {
                atomic_store(&flag, 0);
                atomic_store(&stop, 0);
            }
        }
    }
    if (threads < 2) {
        printf("core-to-core latency: needs 2 threads\n");
        return 0;
    }
    printf("core-to-core latency: %.0f ns one way (a cache line handed "
           "between 2 threads, best of 5)\n",
           best * 1e9);
    return 0;
}

/* Mean us of `n` parallel regions of 2 threads, each after `idle_us` of
 * the first thread working alone (0: back to back), with a barrier
 * inside each when `barrier`. */
static double region_cost(int n, double idle_us, int barrier)
{
    volatile unsigned x = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
        const double s = now();
        while (now() - s < idle_us * 1e-6)
            ;
        const double t0 = now();
#pragma omp parallel num_threads(2)
        {
            x++;
            if (barrier) {
#pragma omp barrier
                x++;
            }
        }
        total += now() - t0;
    }
    return total / n * 1e6;
}

/* What a parallel region costs: back to back, with a barrier, and after
 * 100 us of one thread alone (as after a serial phase of the day). */
static int regions(void)
{
    int procs = 1;
#ifdef _OPENMP
    procs = omp_get_num_procs();
#endif
    const char *policy = getenv("OMP_WAIT_POLICY");
    const char *spin = getenv("GOMP_SPINCOUNT");
    if (procs < 2) {
        printf("parallel regions: need 2 CPUs\n");
        return 0;
    }
    const double a = region_cost(20000, 0, 0);
    const double b = region_cost(20000, 0, 1);
    const double c = region_cost(2000, 100, 0);
    printf("parallel region of 2 threads: %.1f us back to back, %.1f us "
           "with a barrier, %.1f us after 100 us of one thread alone "
           "(OMP_WAIT_POLICY=%s%s%s)\n",
           a, b, c, policy ? policy : "unset", spin ? ", GOMP_SPINCOUNT=" : "",
           spin ? spin : "");
    return 0;
}

/* A resident's values as phase 11 reads them (sim/model/world.h,
 * struct tie_view): three floats, and lane 3 whether it took part,
 * negative when it is not present. */
typedef float walk_lanes __attribute__((vector_size(16)));

/* xorshift64: the walk's network needs no better generator */
static uint32_t walk_rand(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return (uint32_t)*x;
}

/* The bare walk over nc communities of n residents, walked one after
 * another as phase 11 walks them, with the defaults' ties (population.c):
 * each resident's own 4 in its building of 100 and 4 anywhere in its
 * community, 8 for every resident. best[0] and best[1]: the best ns a tie
 * without and with the prefetch (the record TIE_PREFETCH, 96, ties ahead
 * asked for, as phase 11 does), both on the same network. One community
 * walked again and again stays in the cache; twenty in turn come back
 * from L3 or memory each time, as in a district. *ties_out: ties walked.
 * Returns 0, or -1 when out of memory. */
static int walk_floor(uint32_t n, uint32_t nc, int reps, double best[2],
                      uint64_t *ties_out)
{
    uint64_t x = 88172645463325252ull;
    const uint32_t kb = 4, kc = 4, building = 100, ahead = 96;
    const size_t nr = (size_t)n * nc, m = nr * (kb + kc);
    uint32_t *ties = malloc(m * sizeof *ties);
    uint32_t *start = malloc((nr + 1) * sizeof *start);
    walk_lanes *view = malloc(nr * sizeof *view);
    walk_lanes *out = malloc(nr * sizeof *out);
    int rc = -1;
    if (!ties || !start || !view || !out)
        goto done;
    /* the ties' bounds read from an array, as the model's are
     * (tie_start), so the loop is not unrolled for a known count */
    for (size_t i = 0; i <= nr; i++)
        start[i] = (uint32_t)(i * (kb + kc));
    for (size_t i = 0; i < nr; i++) {
        const uint32_t c0 = (uint32_t)(i / n * n), r = (uint32_t)(i - c0);
        const uint32_t b0 = r / building * building;
        const uint32_t bn = n - b0 < building ? n - b0 : building;
        for (uint32_t k = 0; k < kb + kc; k++)
            ties[i * (kb + kc) + k] =
                c0 + (k < kb ? b0 + walk_rand(&x) % bn : walk_rand(&x) % n);
        view[i] = (walk_lanes){(float)(walk_rand(&x) % 1000) / 1000.0f,
                               (float)(walk_rand(&x) % 1000) / 1000.0f,
                               (float)(walk_rand(&x) % 1000) / 1000.0f,
                               (float)(walk_rand(&x) & 1)};
    }
    for (int prefetch = 0; prefetch < 2; prefetch++) {
        for (int rep = 0; rep < reps; rep++) {
            const double t0 = now();
            for (size_t i = 0; i < nr; i++) {
                for (size_t q = start[i] + ahead;
                     prefetch && q < start[i + 1] + ahead && q < m; q++)
                    __builtin_prefetch(&view[ties[q]]);
                walk_lanes acc = {0, 0, 0, 0};
                for (uint32_t t = start[i]; t < start[i + 1]; t++) {
                    walk_lanes v;
                    memcpy(&v, &view[ties[t]], sizeof v);
                    if (__builtin_signbit(v[3]))
                        continue;
                    acc += v;
                }
                out[i] = acc;
            }
            const double ns = (now() - t0) / (double)m * 1e9;
            if (rep == 0 || ns < best[prefetch])
                best[prefetch] = ns;
            /* the sums feed the next repetition, so no repetition is
             * dead */
            view[(size_t)rep % nr][0] +=
                out[(size_t)rep * 7919u % nr][0] * 1e-9f;
        }
    }
    *ties_out = m;
    rc = 0;
done:
    free(ties);
    free(start);
    free(view);
    free(out);
    return rc;
}

/* The walk's floor: one community (its records in L2, past L2, in L3
 * only) walked again and again, and districts of 20 communities walked
 * in turn. */
static int walk(void)
{
    static const struct {
        uint32_t n, nc;
        int reps;
    } cases[] = {{5000, 1, 200},  {5000, 20, 20}, {50000, 1, 60},
                 {50000, 20, 5},  {500000, 1, 10}};
    printf("bare walk over the ties (phase 11's loop alone, 8 ties a "
           "resident, 1 thread, best of 5-200):\n");
    printf("%12s %12s %12s %12s %12s %14s\n", "a community", "communities",
           "ties", "ns a tie", "prefetched", "ns a resident");
    for (size_t z = 0; z < sizeof cases / sizeof cases[0]; z++) {
        uint64_t t = 0;
        double ns[2];
        if (walk_floor(cases[z].n, cases[z].nc, cases[z].reps, ns, &t)) {
            fprintf(stderr, "cogov-stream: out of memory for the walk\n");
            return 1;
        }
        printf("%12u %12u %12llu %12.2f %12.2f %14.1f\n", cases[z].n,
               cases[z].nc, (unsigned long long)t, ns[0], ns[1],
               (ns[0] < ns[1] ? ns[0] : ns[1]) * 8.0);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--core-to-core") == 0)
        return core_to_core();
    if (argc == 2 && strcmp(argv[1], "--walk") == 0)
        return walk();
    if (argc == 2 && strcmp(argv[1], "--regions") == 0)
        return regions();
    if (argc > 1) {
        fprintf(stderr,
                "usage: cogov-stream [--core-to-core | --regions | --walk]\n");
        return 2;
    }
    /* 3 arrays of 5.3M doubles = 128 MB, about the engine's resident
     * arrays and matter pool at one million residents; 3 x 1 GiB is
     * beyond any cache */
    const size_t sizes[] = {(size_t)128 << 20, (size_t)3 << 30};
    int maxt = 1;
#ifdef _OPENMP
    maxt = omp_get_max_threads();
#endif
    volatile double sink = 0;  /* keeps the sums from being optimised out */
    printf("memory bandwidth (STREAM-like, best of 5, GB/s = 1e9 B/s):\n");
    printf("%12s %8s", "working set", "threads");
    for (int k = 0; k < N_KERNELS; k++)
        printf(" %8s", kernel_names[k]);
    printf("\n");
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        size_t n = sizes[z] / 3 / sizeof(double) / 8 * 8;
        double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b),
               *c = malloc(n * sizeof *c);
        if (!a || !b || !c) {
            fprintf(stderr, "cogov-stream: out of memory for %zu MB\n",
                    sizes[z] >> 20);
            free(a);
            free(b);
            free(c);
            return 1;
        }
        for (int t = 1; t <= maxt; t = t < maxt ? maxt : maxt + 1) {
#ifdef _OPENMP
            omp_set_num_threads(t);
#endif
            /* first touch by the same threads that measure */
#pragma omp parallel for schedule(static)
            for (size_t i = 0; i < n; i++) {
                a[i] = 1.0;
                b[i] = 2.0;
                c[i] = 0.5;
            }
            double best[N_KERNELS];
            measure(a, b, c, n, 5, best, &sink);
            printf("%9zu MB %8d", sizes[z] >> 20, t);
            for (int k = 0; k < N_KERNELS; k++)
                printf(" %8.1f",
                       kernel_words[k] * 8.0 * (double)n / best[k] / 1e9);
            printf("\n");
        }
        free(a);
        free(b);
        free(c);
    }
    return 0;
}
