# cogov: build, run and test. The quick start is `make run` and `make check`.
# Dependencies come from Debian packages and are found with pkg-config;
# `make deps` installs what is missing (as root) or prints the apt-get line.

CC      ?= cc
ifeq ($(origin CC),default)
CC      := gcc
endif
OPT     ?= -O2 -g
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
# Warnings are errors in every build of `make check` (default, release,
# sanitizer, MPI, fuzz); WERROR= builds with another compiler's warnings.
WERROR  ?= -Werror
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter \
           $(WERROR)
PKGS    := hdf5 libconfig zlib libmicrohttpd libqrencode
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
GIT_REV := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
# The model identity (docs/MODEL.md 8, `cogov --version`): a hash of every
# source whose change can change a run's results (the layers below post/,
# the public headers, and the pattern study, which computes the series it
# compares and decides which arms share them), not of docs, tests, readers or scenario files (inputs, read
# at run time). sha256sum over the sorted list, contents and names,
# so it is the same in a fresh clone and in a tarball without .git, and
# it changes with uncommitted edits. Only base/versions.c reads it; the
# stamp rebuilds that file when it changes. `make model-id` prints it.
MODEL_SRC := $(sort $(wildcard $(foreach l,base io model engine,sim/$(l)/*.c \
               sim/$(l)/*.h) include/cogov/*.h) sim/study/patterns.c \
               sim/study/patterns.h sim/study/patterns_share.c)
MODEL_ID := $(shell LC_ALL=C sha256sum $(MODEL_SRC) 2>/dev/null | sha256sum | cut -c1-16)
CFLAGS  ?=
CFLAGS_COMMON := $(CSTD) $(WARN) -fopenmp -Iinclude -Isim $(PKG_CFLAGS) \
           -MMD -MP
CFLAGS  += $(OPT) $(CFLAGS_COMMON)
# Where `make install` puts things (DESTDIR is prepended when copying only).
# The scenario library's folder is compiled in: a scenario's `base` is
# looked for there last (sim/base/config_load.c).
PREFIX  ?= /usr/local
DATADIR := $(PREFIX)/share/cogov
DEFS_COMMON := -DCOGOV_VERSION='"$(VERSION)"' -DCOGOV_GIT_REV='"$(GIT_REV)"' \
           -DCOGOV_MODEL_ID='"$(MODEL_ID)"' \
           -DCOGOV_SCENARIO_DIR='"$(DATADIR)/scenarios"'
DEFS    := $(DEFS_COMMON) -DCOGOV_CFLAGS='"$(strip $(OPT) -fopenmp)"'
ifdef DEBUG
# make DEBUG=1: the engine checks its accounting identity every day
CFLAGS  += -DCOGOV_DEBUG
endif
# Release flags of `make bench` (docs/PERFORMANCE.md): tuned for this CPU;
# no -ffast-math and no FMA contraction, so results stay bitwise those of
# the default build.
REL_OPT := -O3 -march=native -ffp-contract=off -g
REL     := build/release
LDLIBS  += $(PKG_LIBS) -lm
LDFLAGS += -fopenmp

BUILD   ?= build
BIN     ?= bin
# sim/<layer>/*.c, layers as in docs/ARCHITECTURE.md
LAYERS  := base io model engine post study demo cli
ALLSRC  := $(foreach l,$(LAYERS),$(wildcard sim/$(l)/*.c))
LIBSRC  := $(filter-out sim/cli/main.c sim/study/sweep_mpi.c,$(ALLSRC))
LIBOBJ  := $(LIBSRC:sim/%.c=$(BUILD)/%.o)
# the gnuplot scripts of analysis/, compiled in for sim/post/gnuplot.c
GPSRC   := $(sort $(wildcard analysis/*.gp))
LIBOBJ  += $(BUILD)/gp_scripts.o
# the page of cogov serve, compiled in for sim/demo/serve_http.c
WEBSRC  := $(sort $(wildcard sim/demo/web/*.html sim/demo/web/*.js \
                             sim/demo/web/*.css))
LIBOBJ  += $(BUILD)/web_assets.o
REL_OBJ := $(LIBSRC:sim/%.c=$(REL)/%.o) $(BUILD)/gp_scripts.o \
           $(BUILD)/web_assets.o
LIB     := $(BUILD)/libcogov.a
UNITSRC := $(wildcard tests/test_*.c)
UNITBIN := $(UNITSRC:tests/%.c=$(BIN)/tests/%)

# Debian packages: what building, running and testing need (zlib1g-dev:
# cogov export writes gzip CSV through zlib; help2man: the man page
# cogov(1) from --help, tools/mkman.sh; libmicrohttpd-dev, libqrencode-dev:
# the web server of cogov serve and the QR code of its class link).
DEB_BUILD := gcc make pkg-config libhdf5-dev hdf5-tools libconfig-dev zlib1g-dev \
             libopenmpi-dev openmpi-bin help2man libmicrohttpd-dev \
             libqrencode-dev
# python3-h5py, python3-pandas, r-cran-hdf5r, r-base-core: the readers
# python/cogov and R/cogov.R (docs/READERS.md) and tests/t_readers.sh
# libjs-chart.js: the charts of cogov serve
# python3-numpy: the NumPy port of the baseline that make bench compares
# cogov with (bench/port_numpy.py, tests/t_port.sh)
DEB_RUN   := gnuplot-nox fonts-noto-cjk python3-h5py python3-pandas \
             r-base-core r-cran-hdf5r libjs-chart.js python3-numpy
# tmux: the demo's terminal tests; slurm-wlm: tests/t_sweep_slurm.sh starts
# a one-node Slurm; procps: ps; clang, libclang-rt-dev: make fuzz;
# valgrind: tests/t_valgrind.sh
# chromium: tests/t_serve.sh drives the page of cogov serve headless
DEB_TEST  := chromium tmux slurm-wlm procps clang libclang-rt-dev valgrind
DEB_ALL   := $(DEB_BUILD) $(DEB_RUN) $(DEB_TEST)

.PHONY: all deps run check unit clean distclean docs-params fuzz \
        check-sanitize check-valgrind patterns bench bench-python install \
        uninstall man model-id \
        FORCE

all: $(BIN)/cogov

deps:
	@missing=""; for p in $(DEB_ALL); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" \
	    || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "make deps: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends$$missing >/dev/null \
	    || { echo "make deps: apt-get install failed" >&2; exit 1; }; \
	else \
	  echo "make deps: missing Debian packages. Run:" >&2; \
	  echo "  sudo apt-get install -y$$missing" >&2; exit 1; \
	fi

$(BIN)/cogov: $(BUILD)/cli/main.o $(LIB) | $(BIN)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(LIBOBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/%.o: sim/%.c | $(BUILD)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(DEFS) -c -o $@ $<

$(BUILD)/gp_scripts.c: $(GPSRC) analysis/embed.sh | $(BUILD)
	sh analysis/embed.sh $(GPSRC) > $@.tmp && mv $@.tmp $@

$(BUILD)/gp_scripts.o: $(BUILD)/gp_scripts.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/web_assets.c: $(WEBSRC) sim/demo/web/embed.sh | $(BUILD)
	sh sim/demo/web/embed.sh $(WEBSRC) > $@.tmp && mv $@.tmp $@

$(BUILD)/web_assets.o: $(BUILD)/web_assets.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(BIN)/tests/%: tests/%.c $(LIB) | $(BIN)/tests $(BUILD)/tests
	$(CC) $(CFLAGS) -Itests -MF $(BUILD)/tests/$*.d -o $@ $< $(LIB) \
	    $(LDFLAGS) $(LDLIBS)

$(BUILD) $(BUILD)/tests $(BIN) $(BIN)/tests:
	mkdir -p $@

# The MPI variant, bin/cogov-mpi: the same program built with mpicc and
# COGOV_MPI, whose `sweep run` is an MPI task farm under mpirun. MPI=auto
# (default) builds it when mpicc is found, MPI=1 always, MPI=0 never; the
# serial bin/cogov keeps `sweep run` (a local pool) either way.
MPI     ?= auto
MPICC   ?= mpicc
ifeq ($(MPI),auto)
MPI_ON  := $(if $(shell command -v $(MPICC) 2>/dev/null),1,0)
else
MPI_ON  := $(MPI)
endif
MPIDIR  := $(BUILD)/mpi
MPIOBJ  := $(patsubst sim/%.c,$(MPIDIR)/%.o,$(ALLSRC))
ifeq ($(MPI_ON),1)
all: $(BIN)/cogov-mpi
endif

$(BIN)/cogov-mpi: $(MPIOBJ) $(BUILD)/gp_scripts.o $(BUILD)/web_assets.o | $(BIN)
	$(MPICC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(MPIDIR)/%.o: sim/%.c | $(MPIDIR)
	@mkdir -p $(@D)
	$(MPICC) $(CFLAGS) $(DEFS) -DCOGOV_MPI -c -o $@ $<

$(MPIDIR):
	mkdir -p $@

# The installed scenario folder is compiled into config_load.o: rebuild it
# when PREFIX changes (the stamp is rewritten only when it differs).
PREFIX_STAMP := $(BUILD)/prefix.stamp
$(PREFIX_STAMP): FORCE | $(BUILD)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(BUILD)/base/config_load.o $(MPIDIR)/base/config_load.o \
    $(REL)/base/config_load.o: \
    $(PREFIX_STAMP)

# ... and base/versions.o when the model identity changes.
MODEL_STAMP := $(BUILD)/model_id.stamp
$(MODEL_STAMP): FORCE | $(BUILD)
	@echo '$(MODEL_ID)' | cmp -s - $@ || echo '$(MODEL_ID)' > $@
$(BUILD)/base/versions.o $(MPIDIR)/base/versions.o $(REL)/base/versions.o: \
    $(MODEL_STAMP)

model-id:
	@echo '$(MODEL_ID)'

# make install PREFIX=... [DESTDIR=...]: the programs, the scenario
# library, the docs, the man page, the C library with its public headers
# and pkg-config file, and the Python and R readers (docs/READERS.md,
# docs/API.md). PYDIR: where the Python package goes (by default a folder
# Debian's python3 searches when PREFIX is /usr/local).
BINDIR  := $(PREFIX)/bin
LIBDIR  := $(PREFIX)/lib
INCDIR  := $(PREFIX)/include
MANDIR  := $(PREFIX)/share/man/man1
DOCDIR  := $(PREFIX)/share/doc/cogov
PYTHON  ?= $(firstword $(wildcard /usr/bin/python3) python3)
PYVER   := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo 3)
PYDIR   ?= $(PREFIX)/lib/python$(PYVER)/dist-packages
INSTALL ?= install

man: $(BUILD)/cogov.1

$(BUILD)/cogov.1: $(BIN)/cogov tools/mkman.sh
	sh tools/mkman.sh $(BIN)/cogov $(DATADIR) > $@.tmp && mv $@.tmp $@

$(BUILD)/cogov.pc: cogov.pc.in VERSION $(PREFIX_STAMP)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
	    cogov.pc.in > $@.tmp && mv $@.tmp $@

install: all $(BUILD)/cogov.1 $(BUILD)/cogov.pc
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	    $(DESTDIR)$(INCDIR)/cogov $(DESTDIR)$(MANDIR) \
	    $(DESTDIR)$(DOCDIR)/figures $(DESTDIR)$(DATADIR)/R \
	    $(DESTDIR)$(DATADIR)/scenarios/demo $(DESTDIR)$(PYDIR)/cogov
	$(INSTALL) -m 755 $(BIN)/cogov $(DESTDIR)$(BINDIR)/
	if [ -f $(BIN)/cogov-mpi ] && [ "$(MPI_ON)" = 1 ]; then \
	    $(INSTALL) -m 755 $(BIN)/cogov-mpi $(DESTDIR)$(BINDIR)/; fi
	$(INSTALL) -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 644 $(BUILD)/cogov.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	$(INSTALL) -m 644 include/cogov/*.h $(DESTDIR)$(INCDIR)/cogov/
	$(INSTALL) -m 644 $(BUILD)/cogov.1 $(DESTDIR)$(MANDIR)/
	$(INSTALL) -m 644 scenarios/*.cfg $(DESTDIR)$(DATADIR)/scenarios/
	$(INSTALL) -m 644 scenarios/demo/* $(DESTDIR)$(DATADIR)/scenarios/demo/
	$(INSTALL) -m 644 README.md LICENSE CITATION.cff docs/*.md \
	    $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 644 docs/figures/* $(DESTDIR)$(DOCDIR)/figures/
	if [ -d docs/sources ]; then $(INSTALL) -d $(DESTDIR)$(DOCDIR)/sources && \
	    $(INSTALL) -m 644 docs/sources/* $(DESTDIR)$(DOCDIR)/sources/; fi
	$(INSTALL) -m 644 R/cogov.R $(DESTDIR)$(DATADIR)/R/
	$(INSTALL) -m 644 python/cogov/*.py $(DESTDIR)$(PYDIR)/cogov/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cogov $(DESTDIR)$(BINDIR)/cogov-mpi \
	    $(DESTDIR)$(LIBDIR)/libcogov.a $(DESTDIR)$(LIBDIR)/pkgconfig/cogov.pc \
	    $(DESTDIR)$(MANDIR)/cogov.1
	rm -rf $(DESTDIR)$(INCDIR)/cogov $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(DOCDIR) $(DESTDIR)$(PYDIR)/cogov

# The benchmark program with the default flags, for tests/t_bench.sh.
$(BIN)/tests/cogov-bench: bench/bench.c $(LIB) | $(BIN)/tests $(BUILD)/tests
	$(CC) $(CFLAGS) -MF $(BUILD)/tests/cogov-bench.d -o $@ $< $(LIB) \
	    $(LDFLAGS) $(LDLIBS)

# The main job: build, run the default scenario comparison, draw a figure.
RUN_DIR ?= results
run: deps
	@$(MAKE) --no-print-directory all
	@sh analysis/compare.sh $(RUN_DIR)

# cogov-stream with the default flags, for tests/t_bench.sh.
$(BIN)/tests/cogov-stream: bench/stream.c | $(BIN)/tests
	$(CC) $(CFLAGS) -o $@ $<

unit: $(UNITBIN) $(BIN)/tests/cogov-bench $(BIN)/tests/cogov-stream

# Every test: unit programs, then end-to-end shell tests (tests/run.sh),
# then the reliability checks CI must run too: the suite's fast part
# built with ASan+UBSan, valgrind memcheck of small runs, and a bounded
# fuzz of the scenario loader (docs/RELIABILITY.md).
# The last line sums every stage: "check: N passed, N failed".
# The builds of `make check` use CHECK_JOBS jobs (CI has 2 cores).
CHECK_TOTALS := $(CURDIR)/build/check-totals
CHECK_JOBS ?= 2
check: deps
	@mkdir -p build && rm -f $(CHECK_TOTALS)
	@$(MAKE) -j$(CHECK_JOBS) --no-print-directory all unit
	@CHECK_TOTALS=$(CHECK_TOTALS) sh tests/run.sh
	@CHECK_TOTALS=$(CHECK_TOTALS) $(MAKE) --no-print-directory check-sanitize
	@CHECK_TOTALS=$(CHECK_TOTALS) $(MAKE) -j$(CHECK_JOBS) --no-print-directory fuzz
	@awk '{ p += $$1; f += $$3 } END { printf "check: %d passed, %d failed\n", p, f }' \
	    $(CHECK_TOTALS)

# ASan + UBSan build (build/san, bin/san) running the fast unit programs
# and the end-to-end tests of errors, restarts (every mechanism on),
# output, the command line and sweeps (a sweep's worker runs
# LeakSanitizer after each task); any sanitizer report fails the run.
# test_model (statistics over many replicate runs) takes many minutes
# under ASan; the model code runs sanitized in t_restart.sh instead.
SAN       := -fsanitize=address,undefined,float-cast-overflow \
             -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
SAN_UNIT  := test_config test_h5out test_rng test_sweep
SAN_TESTS := $(SAN_UNIT:%=bin/san/tests/%) tests/t_bad.sh \
             tests/t_restart.sh tests/t_run.sh tests/t_cli.sh tests/t_files.sh \
             tests/t_changes.sh tests/t_serve.sh tests/t_sweep.sh
check-sanitize: deps
	@$(MAKE) -j$(CHECK_JOBS) --no-print-directory BUILD=build/san BIN=bin/san MPI=0 \
	    OPT="-O1 -g $(SAN)" LDFLAGS="-fopenmp $(SAN)" all \
	    $(SAN_UNIT:%=bin/san/tests/%)
	@echo "check-sanitize: the ASan+UBSan build"
	@BIN=bin/san COGOV=$(CURDIR)/bin/san/cogov OMP_WAIT_POLICY=passive \
	    ASAN_OPTIONS=detect_leaks=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp:print_suppressions=0 \
	    sh tests/run.sh $(SAN_TESTS)

# libFuzzer (clang) on the scenario loader for FUZZ_SECS seconds, after
# replaying every regression input.
FUZZ_SECS ?= 30
FUZZ_SRC  := tests/fuzz/fuzz_config.c $(wildcard sim/base/config_*.c) \
             sim/base/params.c
$(BIN)/fuzz_config: $(FUZZ_SRC) include/cogov/config.h sim/base/params.h \
    sim/base/config_impl.h | $(BIN)
	clang -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all $(CSTD) $(WARN) -Iinclude -Isim $(PKG_CFLAGS) \
	    -o $@ $(FUZZ_SRC) $(PKG_LIBS)

# ... and on checkpoint loading: crafted saved states written, restored
# and run (tests/fuzz/fuzz_checkpoint.c), for FUZZ_CK_SECS seconds.
FUZZ_CK_SECS ?= 20
# Its sources are compiled one object each (build/fuzzck, in parallel
# under make -j), instrumented as the fuzzer's own code (fuzzer-no-link).
FUZZ_CK_SRC := $(foreach l,base io model engine,$(wildcard sim/$(l)/*.c))
FUZZ_CK_OBJ := $(FUZZ_CK_SRC:sim/%.c=$(BUILD)/fuzzck/%.o)
FUZZ_CK_CFLAGS = -g -O1 -fsanitize=$(1),address,undefined \
	    -fno-sanitize-recover=all $(CSTD) $(WARN) -Wno-unknown-pragmas \
	    -Iinclude -Isim -Itests $(PKG_CFLAGS) $(DEFS)
$(BUILD)/fuzzck/%.o: sim/%.c
	@mkdir -p $(@D)
	clang $(call FUZZ_CK_CFLAGS,fuzzer-no-link) -MMD -MP -c -o $@ $<
$(BIN)/fuzz_checkpoint: tests/fuzz/fuzz_checkpoint.c $(FUZZ_CK_OBJ) \
    tests/model_util.h | $(BIN)
	clang $(call FUZZ_CK_CFLAGS,fuzzer) -o $@ $< $(FUZZ_CK_OBJ) \
	    $(PKG_LIBS) -lm

fuzz: deps $(BIN)/fuzz_config $(BIN)/fuzz_checkpoint
	@sh tests/fuzz/run.sh $(FUZZ_SECS) $(FUZZ_CK_SECS)

# The replicate study of the patterns P1-P5 (docs/CALIBRATION.md): every
# pair of scenarios, 20 replicates each, effects with 95% intervals.
# PATTERNS_ARGS passes options, e.g. PATTERNS_ARGS="--only P1 --csv p1.csv".
# Each finished run is kept in PATTERNS_STORE (cogov patterns --store), so
# that a study stopped part-way resumes where it stopped when run again;
# PATTERNS_STORE= runs without a store.
PATTERNS_ARGS ?=
PATTERNS_STORE ?= results/patterns-store
patterns: deps
	@$(MAKE) --no-print-directory all
	@$(if $(PATTERNS_STORE),mkdir -p $(PATTERNS_STORE) &&) bin/cogov patterns \
	    $(if $(PATTERNS_STORE),--store $(PATTERNS_STORE)) $(PATTERNS_ARGS)

# The performance benchmark (docs/PERFORMANCE.md): release build, then
# every case of bench/run.sh several times, medians printed. BENCH_ARGS
# passes options, e.g. make bench BENCH_ARGS="--reps 1 --sizes 100000".
bench: deps bin/release/cogov-bench bin/release/cogov-stream bin/release/cogov
	@sh bench/run.sh $(BENCH_ARGS)
	@echo
	@sh bench/python.sh $(BENCH_PYTHON_ARGS)

# cogov against the Python ports of its baseline core alone (also the end
# of make bench; skipped with a message without numpy)
bench-python: deps bin/release/cogov-bench bin/release/cogov
	@sh bench/python.sh $(BENCH_PYTHON_ARGS)

$(REL)/%.o: sim/%.c | $(REL)
	@mkdir -p $(@D)
	$(CC) $(REL_OPT) $(CFLAGS_COMMON) $(DEFS_COMMON) \
	    -DCOGOV_CFLAGS='"$(REL_OPT) -fopenmp"' -c -o $@ $<

$(REL)/libcogov.a: $(REL_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

bin/release/cogov: $(REL)/cli/main.o $(REL)/libcogov.a | bin/release
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bin/release/cogov-bench: bench/bench.c $(REL)/libcogov.a | bin/release
	$(CC) $(REL_OPT) $(CFLAGS_COMMON) -MF $(REL)/bench.d -o $@ $< \
	    $(REL)/libcogov.a $(LDFLAGS) $(LDLIBS)

bin/release/cogov-stream: bench/stream.c | bin/release
	$(CC) $(REL_OPT) $(CSTD) $(WARN) -fopenmp -o $@ $<

$(REL) bin/release:
	mkdir -p $@

# Regenerate the parameter table of docs/MODEL.md from the engine's table.
docs-params: bin/cogov
	@sh tests/docs_params.sh --write

clean:
	rm -rf build bin

distclean: clean
	rm -rf results

-include $(LIBOBJ:.o=.d) $(BUILD)/cli/main.d $(wildcard $(BUILD)/tests/*.d) \
    $(wildcard $(MPIDIR)/*/*.d) $(wildcard $(REL)/*/*.d) \
    $(wildcard $(BUILD)/fuzzck/*/*.d)
