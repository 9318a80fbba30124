# make install PREFIX=... (and DESTDIR): what lands where, the man page
# from --help, the installed scenario library found by a user's scenario
# through `base`, the Python and R readers importable from the install,
# and a C program built against the installed header, libcogov.a and
# cogov.pc that runs a scenario through the public API (include/cogov/
# sim.h), reads its residents' state on the way, and agrees with `cogov
# run` bit for bit. Also: LICENSE, and
# CITATION.cff naming the version in VERSION.
. "$(dirname "$0")/lib.sh"

# A private build tree seeded from the main one: only what depends on
# PREFIX (config.o, through the prefix stamp) is rebuilt, and bin/ of the
# worktree is left alone.
mkdir -p "$WORK/build" "$WORK/bin"
for d in base io model engine post study demo cli mpi; do
    [ -d "$TOP/build/$d" ] && cp -a "$TOP/build/$d" "$WORK/build/"
done
cp -a "$TOP/build/gp_scripts.c" "$TOP/build/gp_scripts.o" "$TOP/build/libcogov.a" \
    "$WORK/build/" 2>/dev/null
P=$WORK/prefix
M="make -C $TOP --no-print-directory BUILD=$WORK/build BIN=$WORK/bin"
check "make install PREFIX" $M install PREFIX="$P"
for f in bin/cogov lib/libcogov.a lib/pkgconfig/cogov.pc include/cogov/sim.h \
         include/cogov/config.h include/cogov/rng.h share/man/man1/cogov.1 \
         share/cogov/scenarios/triage.cfg share/cogov/scenarios/base.cfg \
         share/cogov/scenarios/demo/demos.conf share/cogov/R/cogov.R \
         share/doc/cogov/MODEL.md share/doc/cogov/LICENSE \
         share/doc/cogov/CITATION.cff share/doc/cogov/README.md; do
    expect "installed $f" test -f "$P/$f"
done
if command -v mpicc >/dev/null 2>&1; then
    expect "installed cogov-mpi (mpicc found)" test -x "$P/bin/cogov-mpi"
fi
expect "python package installed" sh -c "ls '$P'/lib/python3*/dist-packages/cogov/__init__.py >/dev/null"

# DESTDIR stages under another root, with the same PREFIX inside
check "make install DESTDIR" $M install PREFIX="$P" DESTDIR="$WORK/stage"
expect "DESTDIR holds the tree" test -x "$WORK/stage$P/bin/cogov"
expect "DESTDIR: the scenarios" test -f "$WORK/stage$P/share/cogov/scenarios/all.cfg"

# the man page: made from --help, renders without warnings
check "man -l renders" sh -c "MANWIDTH=80 man -l '$P/share/man/man1/cogov.1' > '$WORK/man.txt' 2>'$WORK/man.err'"
expect "no roff warnings" test ! -s "$WORK/man.err"
expect "man page has the usage of --help" grep -q "usage: cogov COMMAND" "$WORK/man.txt"
"$P/bin/cogov" run --help | sed -n 1p > "$WORK/runhelp"
expect "man page holds cogov run --help" grep -qF "$(cat "$WORK/runhelp")" "$WORK/man.txt"
expect "man page names COGOV_PATH" grep -q "COGOV_PATH" "$WORK/man.txt"

# a scenario in a user's folder finds the installed library
mkdir -p "$WORK/mine" "$WORK/lib2"
printf 'base = "triage.cfg";\nname = "mine";\ntime = { days = 10; };\npopulation = { residents = 2000; communities = 2; };\n' \
    > "$WORK/mine/my.cfg"
check "base found in the installed library" "$P/bin/cogov" run "$WORK/mine/my.cfg" -q \
    -o "$WORK/mine.h5"
check "info" "$P/bin/cogov" info "$WORK/mine.h5"
expect "the base's triage is on" grep -q "^mechanisms  triage" "$WORK/out"
printf 'base = "nothere.cfg";\n' > "$WORK/mine/bad.cfg"
check_fails "a missing base lists where it looked" \
    "base file 'nothere.cfg' not found; looked for .*/mine/nothere.cfg, .*/lib2/nothere.cfg, $P/share/cogov/scenarios/nothere.cfg" \
    env COGOV_PATH="$WORK/lib2" "$P/bin/cogov" run "$WORK/mine/bad.cfg" -o "$WORK/x.h5"
# COGOV_PATH comes before the library
printf 'base = "base.cfg";\nname = "fromlib2";\nmechanisms = { linkage = { enabled = true; }; };\n' > "$WORK/lib2/triage.cfg"
check "COGOV_PATH before the library" env COGOV_PATH="$WORK/lib2" "$P/bin/cogov" \
    run "$WORK/mine/my.cfg" -q -o "$WORK/mine2.h5"
check "info 2" "$P/bin/cogov" info "$WORK/mine2.h5"
expect "the COGOV_PATH triage.cfg was used" grep -q "^mechanisms  linkage" "$WORK/out"

# the readers from the install
PY=""
for py in ${PYTHON:-} python3 /usr/bin/python3; do
    if "$py" -c 'import h5py, pandas' >/dev/null 2>&1; then PY=$py; break; fi
done
check "python: import cogov from the install" sh -c "cd '$WORK' && PYTHONPATH=\$(echo '$P'/lib/python3*/dist-packages) $PY -c \"import cogov; d = cogov.read_runs('mine.h5'); assert (d.scenario == 'mine').all() and d.day.max() == 9, d.head()\""
check "R: source the installed cogov.R" Rscript -e "source('$P/share/cogov/R/cogov.R'); d <- read_runs('$WORK/mine.h5'); stopifnot(all(d\$scenario == 'mine'), max(d\$day) == 9)"

# a C program against the installed header, library and cogov.pc
cat > "$WORK/prog.c" <<'CEOF'
#include <stdio.h>
#include <stdlib.h>
#include <cogov/sim.h>

int main(int argc, char **argv)
{
    char err[COGOV_ERR_MAX];
    cogov_params *p;
    cogov_run *r;
    const char *sets[] = {"time.days=12"};
    double v;
    if (argc != 3 ||
        cogov_params_load(&p, argv[1], sets, 1, err, sizeof err) ||
        cogov_param_set_int(p, "population.residents", 2500, err,
                            sizeof err) ||
        cogov_run_create(&r, p, NULL, argv[2], 0, err, sizeof err)) {
        fprintf(stderr, "prog: %s\n", argc == 3 ? err : "usage");
        return 1;
    }
    cogov_params_free(p);
    int64_t n = cogov_run_residents(r);
    double *open = malloc((size_t)n * sizeof *open), sum = 0;
    while (cogov_run_step(r, err, sizeof err) == 1) {
        if (cogov_run_metric(r, "matters_open", &v, err, sizeof err))
            break;
        if (cogov_run_days_done(r) == 6 &&
            cogov_run_state(r, "open_matters", open, (size_t)n, err,
                            sizeof err) == 0) {
            for (int64_t i = 0; i < n; i++)
                sum += open[i];
            printf("residents %lld day 6 open %s\n", (long long)n,
                   sum == v ? "adds up" : "differs");
        }
    }
    free(open);
    printf("days %d matters_open %.17g\n", cogov_run_days_done(r), v);
    cogov_run_free(r);
    return 0;
}
CEOF
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
check "pkg-config knows cogov" pkg-config --exists cogov
expect "cogov.pc version is VERSION" test "$(pkg-config --modversion cogov)" = "$(cat "$TOP/VERSION")"
check "compile and link with pkg-config" sh -c \
    "cc -o '$WORK/prog' '$WORK/prog.c' \$(pkg-config --cflags --libs cogov)"
check "the program runs a scenario" "$WORK/prog" "$WORK/mine/my.cfg" "$WORK/api.h5"
cp "$WORK/out" "$WORK/prog.out"
expect "it ran 12 days" grep -q "^days 12 matters_open " "$WORK/prog.out"
expect "it read the residents' open matters on day 6" \
    grep -q "^residents 2500 day 6 open adds up$" "$WORK/prog.out"
check "cogov run of the same" "$P/bin/cogov" run "$WORK/mine/my.cfg" --days 12 \
    --set population.residents=2500 -q -o "$WORK/cli.h5"
expect "the API's file equals cogov run's" h5diff -q "$WORK/api.h5" "$WORK/cli.h5" /timeseries /timeseries
last=$(h5dump -d /timeseries/matters_open -s 11 -c 1 "$WORK/cli.h5" | sed -n 's/.*(11): *//p')
expect "today's metric is the file's last row ($last)" \
    awk -v a="$(sed -n 's/.*matters_open //p' "$WORK/prog.out")" -v b="$last" 'BEGIN { exit !(a == b) }'

# licence and citation
expect "LICENSE is BSD-3-Clause" grep -q "BSD 3-Clause License" "$TOP/LICENSE"
expect "CITATION.cff is CFF 1.2.0" grep -q '^cff-version: 1.2.0$' "$TOP/CITATION.cff"
expect "CITATION.cff names VERSION" grep -q "^version: \"$(cat "$TOP/VERSION")\"$" "$TOP/CITATION.cff"
for k in message title authors; do
    expect "CITATION.cff has $k" grep -q "^$k:" "$TOP/CITATION.cff"
done

check "make uninstall" $M uninstall PREFIX="$P"
expect "uninstall removed the files" sh -c "! ls '$P'/bin/cogov '$P'/lib/libcogov.a '$P'/share/cogov 2>/dev/null"
summary
