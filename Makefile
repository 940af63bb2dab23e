# gfa — government final-accounts disclosures toolkit.
#
#   make            build libgfa (static + shared) and the gfa CLI into $(BUILD)/
#   make demo       install missing Debian packages, build, convert the bundled sample into out/
#   make check      install missing packages, build, run every test (unit, end-to-end,
#                   ASan+UBSan build of the tests, valgrind memcheck of gfa convert)
#   make install    PREFIX=/usr/local DESTDIR=
#   make bench      benchmarks (never part of check)
#   make screenshots  render the sample to HTML and PNG with headless Chromium (not part of check)
#   make check UPDATE=1   regenerate golden files (review the diff!)

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share/gfa
MANDIR     ?= $(PREFIX)/share/man
DESTDIR    ?=

BUILD ?= build
CC    ?= cc
PKG_CONFIG ?= pkg-config
PKGS  := libxml-2.0 libxslt libexslt icu-uc icu-i18n

OPT      ?= -O2 -g
SAN      ?=
WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter
DEPCFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEPLIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
# Only what src/gfa.h marks GFA_API is exported from libgfa.so (make check verifies it).
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(OPT) $(SAN) $(WARN) -fPIC -fvisibility=hidden -Isrc \
             $(DEPCFLAGS) -DGFA_BUILDING -DGFA_VERSION='"$(VERSION)"' -DGFA_DATADIR='"$(DATADIR)"' $(CFLAGS)
CLI_CFLAGS = -std=c11 -D_GNU_SOURCE $(OPT) $(SAN) $(WARN) -fPIC -fvisibility=hidden -I$(BUILD)/include \
             $(DEPCFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

# The library's layers, bottom up (docs/architecture.md); the CLI is built on gfa.h alone.
LAYERS   := base data model read validate write pipeline
LIB_SRC  := $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c))
LIB_OBJ  := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
# The command line is part of the library too (gfa_main), above every layer.
CLI_SRC  := $(filter-out src/cli/main.c,$(wildcard src/cli/*.c))
CLI_OBJ  := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(CLI_SRC))
TEST_SRC := $(wildcard tests/test_*.c)
TESTS    := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
HEADERS  := $(wildcard src/*.h src/*/*.h)

LIBA  := $(BUILD)/libgfa.a
LIBSO := $(BUILD)/libgfa.so.0
GFA   := $(BUILD)/gfa

.PHONY: all deps deps-build demo check check-build unit e2e asan valgrind install uninstall \
        clean bench update-golden screenshots fuzz replay install-check stress
all: $(GFA) $(LIBA) $(LIBSO) $(BUILD)/gfa.pc

# --- dependencies -----------------------------------------------------------------
# tools/ensure-deps installs missing Debian packages when run as root, else prints the
# exact apt-get line and fails. The real work runs in a sub-make so that pkg-config is
# evaluated after the packages are present.
deps-build:
	@tools/ensure-deps build
deps:
	@tools/ensure-deps test

# --- library and CLI --------------------------------------------------------------
$(BUILD)/obj/%.o: src/%.c $(HEADERS) | $(BUILD)/obj
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@
# The CLI is compiled against the public header alone: its include path holds gfa.h only.
$(BUILD)/include/gfa.h: src/gfa.h
	@mkdir -p $(dir $@)
	cp $< $@
$(BUILD)/obj/cli/%.o: src/cli/%.c $(BUILD)/include/gfa.h src/cli/cli.h | $(BUILD)/obj
	@mkdir -p $(dir $@)
	$(CC) $(CLI_CFLAGS) -c $< -o $@
$(BUILD)/obj $(BUILD)/tests:
	@mkdir -p $@
$(LIBA): $(LIB_OBJ) $(CLI_OBJ)
	@rm -f $@
	ar rcs $@ $^
$(LIBSO): $(LIB_OBJ) $(CLI_OBJ)
	$(CC) -shared -Wl,-soname,libgfa.so.0 $(ALL_LDFLAGS) -o $@ $^ $(DEPLIBS)
	ln -sf libgfa.so.0 $(BUILD)/libgfa.so
$(GFA): $(BUILD)/obj/cli/main.o $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEPLIBS) -lpthread
# The data directory is compiled into the library and gfa.pc: rebuild both when
# PREFIX or DATADIR change (make install PREFIX=/opt/gfa after a plain make).
$(BUILD)/datadir.stamp: FORCE | $(BUILD)/obj
	@echo '$(DATADIR) $(PREFIX)' | cmp -s - $@ || echo '$(DATADIR) $(PREFIX)' > $@
$(BUILD)/obj/data/context.o: $(BUILD)/datadir.stamp
FORCE:
.PHONY: FORCE
$(BUILD)/gfa.pc: Makefile $(BUILD)/datadir.stamp
	@printf 'prefix=%s\nlibdir=%s\nincludedir=%s\ndatadir=%s\n\nName: gfa\nDescription: government final-accounts disclosures toolkit\nVersion: %s\nRequires.private: %s\nLibs: -L$${libdir} -lgfa\nCflags: -I$${includedir}\n' \
	  '$(PREFIX)' '$(LIBDIR)' '$(INCLUDEDIR)' '$(DATADIR)' '$(VERSION)' '$(PKGS)' > $@

# --- tests ------------------------------------------------------------------------
$(BUILD)/tests/%: tests/%.c tests/testutil.h $(LIBA) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Itests -o $@ $< $(LIBA) $(ALL_LDFLAGS) $(DEPLIBS) $(CMOCKA_LIBS) -lpthread

# Environment every test sees: the data files of this checkout, the built CLI.
TEST_ENV = GFA_DATADIR=$(CURDIR) GFA_BIN=$(CURDIR)/$(GFA) GFA_SRCDIR=$(CURDIR) \
           GFA_UPDATE_GOLDEN=$(UPDATE) GFA_TMPDIR=$(CURDIR)/$(BUILD)/tmp

# Fuzz targets (fuzz/fuzz_*.c): make fuzz runs them with libFuzzer (clang); make check
# replays their committed corpora and crash reproducers through fuzz/replay.c.
FUZZ_TARGETS := text_reader flat_reader instance decimal fmt defs
REPLAYS := $(patsubst %,$(BUILD)/fuzz/replay_%,$(FUZZ_TARGETS))
$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c fuzz/fuzz_common.h $(LIBA)
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(ALL_CFLAGS) -Ifuzz -o $@ fuzz/replay.c $< $(LIBA) $(ALL_LDFLAGS) $(DEPLIBS) -lpthread

replay: $(REPLAYS)
	@for t in $(FUZZ_TARGETS); do \
	  GFA_DATADIR=$(CURDIR) $(BUILD)/fuzz/replay_$$t fuzz/corpus/$$t tests/fuzz-regressions/$$t || exit 1; \
	done

unit: $(TESTS) $(GFA) $(LIBSO) $(REPLAYS)
	@mkdir -p $(BUILD)/tmp
	@fail=0; for t in $(TESTS); do \
	  printf '== %s\n' "$$t"; \
	  $(TEST_ENV) $$t || fail=1; \
	done; test $$fail = 0
	@tools/check-layers
	@tools/check-exports $(LIBSO)
	@$(TEST_ENV) tests/cli.sh $(GFA)
	@$(TEST_ENV) tests/batch.sh $(GFA)
	@$(TEST_ENV) tests/disk.sh $(GFA)
	@$(MAKE) --no-print-directory replay

check-build: unit
	$(MAKE) --no-print-directory asan
	$(MAKE) --no-print-directory valgrind
	$(MAKE) --no-print-directory install-check
	@echo "make check: all tests passed"

check: deps
	@$(MAKE) --no-print-directory check-build

# AddressSanitizer + UndefinedBehaviorSanitizer build of the library, CLI and tests.
asan:
	$(MAKE) --no-print-directory BUILD=$(BUILD)/asan OPT='-O1 -g -fno-omit-frame-pointer' \
	  SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' unit

VALGRIND = valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect,possible \
           --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 --quiet
valgrind: $(GFA)
	@mkdir -p $(BUILD)/tmp/vg
	GFA_DATADIR=$(CURDIR) $(VALGRIND) $(GFA) convert -q -o $(BUILD)/tmp/vg samples/yangcheng-2024-unit.txt
	@echo "valgrind: gfa convert on the sample: no leaks, no errors"

# make install into a staging folder, then run the installed gfa: it must find its data
# next to itself (PREFIX/share/gfa) and the man page must be there.
install-check:
	@rm -rf $(BUILD)/stage
	@$(MAKE) --no-print-directory -s BUILD=$(BUILD)/inst PREFIX=/usr DESTDIR=$(CURDIR)/$(BUILD)/stage install >/dev/null
	@test -f $(BUILD)/stage/usr/share/man/man1/gfa.1 && test -f $(BUILD)/stage/usr/include/gfa.h \
	  && test -f $(BUILD)/stage/usr/lib/pkgconfig/gfa.pc && test -f $(BUILD)/stage/usr/lib/libgfa.a
	@env -u GFA_DATADIR $(BUILD)/stage/usr/bin/gfa convert -q -o $(BUILD)/stage/out samples/yangcheng-2024-unit.txt 2>/dev/null
	@test -s $(BUILD)/stage/out/yangcheng-2024-unit.xml && test -s $(BUILD)/stage/out/yangcheng-2024-unit.html
	@echo "install-check: the staged install converts the sample with its own data"

update-golden:
	$(MAKE) unit UPDATE=1

# --- demo ---------------------------------------------------------------------------
demo: deps-build
	@$(MAKE) --no-print-directory all
	@mkdir -p out
	GFA_DATADIR=$(CURDIR) $(GFA) convert -o out samples/yangcheng-2024-unit.txt
	@echo "demo: wrote"; ls -l out

# --- install ------------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
	  $(DESTDIR)$(DATADIR)/schemas/tables $(DESTDIR)$(DATADIR)/schemas/codes \
	  $(DESTDIR)$(DATADIR)/schemas/rules $(DESTDIR)$(DATADIR)/xslt \
	  $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(GFA) $(DESTDIR)$(BINDIR)/gfa
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/libgfa.a
	install -m 755 $(LIBSO) $(DESTDIR)$(LIBDIR)/libgfa.so.0
	ln -sf libgfa.so.0 $(DESTDIR)$(LIBDIR)/libgfa.so
	install -m 644 $(BUILD)/gfa.pc $(DESTDIR)$(LIBDIR)/pkgconfig/gfa.pc
	install -m 644 src/gfa.h $(DESTDIR)$(INCLUDEDIR)/gfa.h
	install -m 644 schemas/*.xsd $(DESTDIR)$(DATADIR)/schemas/
	install -m 644 schemas/tables/*.xml $(DESTDIR)$(DATADIR)/schemas/tables/
	install -m 644 schemas/codes/*.tsv $(DESTDIR)$(DATADIR)/schemas/codes/
	install -m 644 schemas/rules/*.xml $(DESTDIR)$(DATADIR)/schemas/rules/
	install -m 644 xslt/*.xsl $(DESTDIR)$(DATADIR)/xslt/
	install -m 644 docs/gfa.1 $(DESTDIR)$(MANDIR)/man1/gfa.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gfa $(DESTDIR)$(LIBDIR)/libgfa.a $(DESTDIR)$(LIBDIR)/libgfa.so* \
	  $(DESTDIR)$(LIBDIR)/pkgconfig/gfa.pc $(DESTDIR)$(INCLUDEDIR)/gfa.h $(DESTDIR)$(MANDIR)/man1/gfa.1
	rm -rf $(DESTDIR)$(DATADIR)

BENCH_TOOLS := $(BUILD)/gencorpus $(BUILD)/stages
$(BUILD)/%: bench/%.c $(LIBA)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBA) $(ALL_LDFLAGS) $(DEPLIBS) -lpthread

# --- fuzzing (never part of check): FUZZ_TIME seconds per target ----------------------
FUZZ_TIME ?= 180
FUZZ_BUILD := $(BUILD)/fuzzer
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=all -Isrc -Ifuzz $(DEPCFLAGS) -DGFA_VERSION='"$(VERSION)"' \
               -DGFA_DATADIR='"$(DATADIR)"'
fuzz:
	@tools/ensure-deps fuzz
	@mkdir -p $(FUZZ_BUILD)/obj
	@for f in $(LIB_SRC); do \
	  o=$(FUZZ_BUILD)/obj/$$(basename $$f .c).o; \
	  { [ $$o -nt $$f ] && [ -z "$$(find src -name '*.h' -newer $$o)" ]; } || \
	    clang $(FUZZ_CFLAGS) -c $$f -o $$o || exit 1; \
	done
	@for t in $(FUZZ_TARGETS); do \
	  clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $(FUZZ_BUILD)/fuzz_$$t fuzz/fuzz_$$t.c \
	    $(FUZZ_BUILD)/obj/*.o $(DEPLIBS) -lpthread || exit 1; \
	done
	@FUZZ_TIME=$(FUZZ_TIME) FUZZ_BUILD=$(FUZZ_BUILD) GFA_DATADIR=$(CURDIR) tools/fuzz.sh $(FUZZ_TARGETS)

# Kill loops (SIGKILL at random moments) over gfa convert and gfa batch: make stress.
stress: all
	@BUILD=$(BUILD) tools/stress.sh

# Benchmarks: never part of check. BENCH_N (default 1000) and BENCH_BIG (10000) reports.
bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_TOOLS)
	@BUILD=$(BUILD) bench/bench.sh

# PNG screenshots of the HTML rendering, for people to look at (needs Debian's chromium and
# fonts-noto-cjk; never part of check).
screenshots: all
	GFA_DATADIR=$(CURDIR) GFA_SRCDIR=$(CURDIR) tools/screenshots.sh $(GFA) $(BUILD)/screenshots

clean:
	rm -rf $(BUILD) out
