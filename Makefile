# cogov: build, run and test. The quick start is `make run` and `make check`.
# Dependencies come from Debian packages and are found with pkg-config;
# `make deps` installs what is missing (as root) or prints the apt-get line.

CC      ?= cc
ifeq ($(origin CC),default)
CC      := gcc
endif
OPT     ?= -O2 -g
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
PKGS    := hdf5 libconfig
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
GIT_REV := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
CFLAGS  ?=
CFLAGS_COMMON := $(CSTD) $(WARN) -fopenmp -Iinclude -Isim $(PKG_CFLAGS) \
           -MMD -MP
CFLAGS  += $(OPT) $(CFLAGS_COMMON)
DEFS_COMMON := -DCOGOV_VERSION='"$(VERSION)"' -DCOGOV_GIT_REV='"$(GIT_REV)"'
DEFS    := $(DEFS_COMMON) -DCOGOV_CFLAGS='"$(strip $(OPT) -fopenmp)"'
# Release flags of `make bench` (docs/PERFORMANCE.md): tuned for this CPU;
# no -ffast-math and no FMA contraction, so results stay bitwise those of
# the default build.
REL_OPT := -O3 -march=native -ffp-contract=off -g
REL     := build/release
LDLIBS  += $(PKG_LIBS) -lm
LDFLAGS += -fopenmp

BUILD   := build
LIBSRC  := $(filter-out sim/main.c,$(wildcard sim/*.c))
LIBOBJ  := $(LIBSRC:sim/%.c=$(BUILD)/%.o)
REL_OBJ := $(LIBSRC:sim/%.c=$(REL)/%.o)
LIB     := $(BUILD)/libcogov.a
UNITSRC := $(wildcard tests/test_*.c)
UNITBIN := $(UNITSRC:tests/%.c=bin/tests/%)

# Debian packages: what building, running and testing need.
DEB_BUILD := gcc make pkg-config libhdf5-dev hdf5-tools libconfig-dev
DEB_RUN   := gnuplot-nox fonts-noto-cjk
DEB_TEST  :=
DEB_ALL   := $(DEB_BUILD) $(DEB_RUN) $(DEB_TEST)

.PHONY: all deps run check unit clean distclean docs-params bench

all: bin/cogov

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

bin/cogov: $(BUILD)/main.o $(LIB) | bin
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(LIBOBJ)
	$(AR) rcs $@ $^

$(BUILD)/%.o: sim/%.c | $(BUILD)
	$(CC) $(CFLAGS) $(DEFS) -c -o $@ $<

bin/tests/%: tests/%.c $(LIB) | bin/tests $(BUILD)/tests
	$(CC) $(CFLAGS) -Itests -MF $(BUILD)/tests/$*.d -o $@ $< $(LIB) \
	    $(LDFLAGS) $(LDLIBS)

# The benchmark program with the default flags, for tests/t_bench.sh.
bin/tests/cogov-bench: bench/bench.c $(LIB) | bin/tests $(BUILD)/tests
	$(CC) $(CFLAGS) -MF $(BUILD)/tests/cogov-bench.d -o $@ $< $(LIB) \
	    $(LDFLAGS) $(LDLIBS)

$(BUILD) $(BUILD)/tests bin bin/tests:
	mkdir -p $@

# The main job: build, run the default scenario comparison, draw a figure.
RUN_DIR ?= results
run: deps
	@$(MAKE) --no-print-directory all
	@sh analysis/compare.sh $(RUN_DIR)

unit: $(UNITBIN) bin/tests/cogov-bench

# Every test: unit programs, then end-to-end shell tests (tests/run.sh).
check: deps
	@$(MAKE) --no-print-directory all unit
	@sh tests/run.sh

# The performance benchmark (docs/PERFORMANCE.md): release build, then
# every case of bench/run.sh several times, medians printed. BENCH_ARGS
# passes options, e.g. make bench BENCH_ARGS="--reps 1 --sizes 100000".
bench: deps bin/release/cogov-bench bin/release/cogov-stream
	@sh bench/run.sh $(BENCH_ARGS)

$(REL)/%.o: sim/%.c | $(REL)
	$(CC) $(REL_OPT) $(CFLAGS_COMMON) $(DEFS_COMMON) \
	    -DCOGOV_CFLAGS='"$(REL_OPT) -fopenmp"' -c -o $@ $<

$(REL)/libcogov.a: $(REL_OBJ)
	$(AR) rcs $@ $^

bin/release/cogov: $(REL)/main.o $(REL)/libcogov.a | bin/release
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
	rm -rf $(BUILD) bin

distclean: clean
	rm -rf results

-include $(LIBOBJ:.o=.d) $(BUILD)/main.d $(wildcard $(BUILD)/tests/*.d) \
    $(wildcard $(REL)/*.d)
