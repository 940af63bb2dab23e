# gfa — government final-accounts disclosures toolkit.
#
#   make            build libgfa (static + shared) and the gfa CLI into $(BUILD)/
#   make demo       install missing Debian packages, build, convert the bundled sample into out/
#   make check      install missing packages, build, run every test (unit, end-to-end,
#                   the store against SQLite and a throwaway PostgreSQL cluster, ASan+UBSan
#                   build of the tests, valgrind memcheck of gfa convert)
#   make install    PREFIX=/usr/local DESTDIR=
#   make bench      benchmarks (never part of check)
#   make corpus     what every reader recovers of the PDF/text corpus (never fails)
#   make screenshots  render the sample to HTML and PNG with headless Chromium (not part of check)
#   make check UPDATE=1   regenerate golden files (review the diff!)
#   make PDF=no     build without the PDF reader (no MuPDF, no libgfa-pdf.so)

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
PKGS  := libxml-2.0 libxslt libexslt icu-uc icu-i18n libzip freexl xlsxwriter sqlite3 libpq

OPT      ?= -O2 -g
SAN      ?=
WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter
DEPCFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEPLIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
# Only what src/gfa.h marks GFA_API is exported from libgfa.so (make check verifies it).
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(OPT) $(SAN) $(WARN) -fPIC -fvisibility=hidden -Isrc \
             $(DEPCFLAGS) -DGFA_BUILDING -DGFA_VERSION='"$(VERSION)"' -DGFA_DATADIR='"$(DATADIR)"' $(CFLAGS)
CLI_CFLAGS = -std=c11 -D_GNU_SOURCE $(OPT) $(SAN) $(WARN) -fPIC -fvisibility=hidden -I$(BUILD)/include \
             $(DEPCFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

# The PDF reader's library, MuPDF (AGPL, static archives only in Debian), lives in a shared
# library of its own, libgfa-pdf.so, built from one backend file (src/read/pdf_backend.h):
# linked into each binary it would add ~42 MB of fonts. PDF=no builds a stub instead that
# refuses PDFs with "gfa was built without PDF support".
PDF ?= yes
PDF_BACKEND := src/read/pdf_mupdf.c
PDF_STUB    := src/read/pdf_none.c
MUPDF_LIBS  := -lmupdf -lmupdf-third -lharfbuzz -lfreetype -ljbig2dec -lopenjp2 -ljpeg -lgumbo \
               -lmujs -lz -lm -lpthread
ifeq ($(PDF),no)
PDFSO :=
else
PDFSO := $(BUILD)/libgfa-pdf.so.0
endif
# Where the installed gfa finds libgfa-pdf.so.0 (relative to itself); in the build tree
# it sits next to gfa. Test programs use the build tree's.
BIN_TO_LIB := $(shell realpath -m --relative-to=$(BINDIR) $(LIBDIR))
comma := ,
PDF_LINK      = $(if $(PDFSO),$(PDFSO) -Wl$(comma)-rpath$(comma)$(abspath $(BUILD)))
PDF_LINK_GFA  = $(if $(PDFSO),$(PDFSO) '-Wl$(comma)-rpath$(comma)$$ORIGIN:$$ORIGIN/$(BIN_TO_LIB)')

# The library's layers, bottom up (docs/architecture.md); the CLI is built on gfa.h alone.
LAYERS   := base data model read validate write store pipeline
LIB_SRC  := $(filter-out $(PDF_BACKEND) $(PDF_STUB),$(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c))) \
            $(if $(PDFSO),,$(PDF_STUB))
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
        clean bench update-golden screenshots fuzz replay install-check stress corpus
all: $(GFA) $(LIBA) $(LIBSO) $(PDFSO) $(BUILD)/gfa.pc

# --- dependencies -----------------------------------------------------------------
# tools/ensure-deps installs missing Debian packages when run as root, else prints the
# exact apt-get line and fails. The real work runs in a sub-make so that pkg-config is
# evaluated after the packages are present.
deps-build:
	@PDF=$(PDF) tools/ensure-deps build
deps:
	@PDF=$(PDF) tools/ensure-deps test

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
$(LIBSO): $(LIB_OBJ) $(CLI_OBJ) $(PDFSO)
	$(CC) -shared -Wl,-soname,libgfa.so.0 $(ALL_LDFLAGS) -o $@ $(LIB_OBJ) $(CLI_OBJ) $(DEPLIBS) \
	  $(if $(PDFSO),$(PDFSO) '-Wl$(comma)-rpath$(comma)$$ORIGIN')
	ln -sf libgfa.so.0 $(BUILD)/libgfa.so
# Only the gfa_pdf_ functions are exported: MuPDF's own symbols stay inside.
$(BUILD)/libgfa-pdf.so.0: $(BUILD)/obj/read/pdf_mupdf.o
	$(CC) -shared -Wl,-soname,libgfa-pdf.so.0 -Wl,--exclude-libs,ALL $(ALL_LDFLAGS) -o $@ $< $(MUPDF_LIBS)
	ln -sf libgfa-pdf.so.0 $(BUILD)/libgfa-pdf.so
$(GFA): $(BUILD)/obj/cli/main.o $(LIBA) $(PDFSO)
	$(CC) $(ALL_LDFLAGS) -o $@ $(BUILD)/obj/cli/main.o $(LIBA) $(PDF_LINK_GFA) $(DEPLIBS) -lpthread
# The data directory is compiled into the library and gfa.pc: rebuild both when
# PREFIX or DATADIR change (make install PREFIX=/opt/gfa after a plain make).
$(BUILD)/datadir.stamp: FORCE | $(BUILD)/obj
	@echo '$(DATADIR) $(PREFIX)' | cmp -s - $@ || echo '$(DATADIR) $(PREFIX)' > $@
$(BUILD)/obj/data/context.o: $(BUILD)/datadir.stamp
FORCE:
.PHONY: FORCE
$(BUILD)/gfa.pc: Makefile $(BUILD)/datadir.stamp
	@printf 'prefix=%s\nlibdir=%s\nincludedir=%s\ndatadir=%s\n\nName: gfa\nDescription: government final-accounts disclosures toolkit\nVersion: %s\nRequires.private: %s\nLibs: -L$${libdir} -lgfa\nLibs.private: %s\nCflags: -I$${includedir}\n' \
	  '$(PREFIX)' '$(LIBDIR)' '$(INCLUDEDIR)' '$(DATADIR)' '$(VERSION)' '$(PKGS)' '$(if $(PDFSO),-lgfa-pdf)' > $@

# --- tests ------------------------------------------------------------------------
$(BUILD)/tests/%: tests/%.c tests/testutil.h $(LIBA) $(PDFSO) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Itests -o $@ $< $(LIBA) $(PDF_LINK) $(ALL_LDFLAGS) $(DEPLIBS) $(CMOCKA_LIBS) -lpthread

# Environment every test sees: the data files of this checkout, the built CLI.
TEST_ENV = GFA_DATADIR=$(CURDIR) GFA_BIN=$(CURDIR)/$(GFA) GFA_SRCDIR=$(CURDIR) \
           GFA_UPDATE_GOLDEN=$(UPDATE) GFA_TMPDIR=$(CURDIR)/$(BUILD)/tmp GFA_PDF=$(PDF)

# Fuzz targets (fuzz/fuzz_*.c): make fuzz runs them with libFuzzer (clang); make check
# replays their committed corpora and crash reproducers through fuzz/replay.c.
FUZZ_TARGETS := text_reader flat_reader instance decimal fmt defs pdf xlsx csv
REPLAYS := $(patsubst %,$(BUILD)/fuzz/replay_%,$(FUZZ_TARGETS))
$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c fuzz/fuzz_common.h $(LIBA) $(PDFSO)
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(ALL_CFLAGS) -Ifuzz -o $@ fuzz/replay.c $< $(LIBA) $(PDF_LINK) $(ALL_LDFLAGS) $(DEPLIBS) -lpthread

replay: $(REPLAYS)
	@for t in $(FUZZ_TARGETS); do \
	  GFA_DATADIR=$(CURDIR) $(BUILD)/fuzz/replay_$$t fuzz/corpus/$$t tests/fuzz-regressions/$$t || exit 1; \
	done

# test_store runs from tests/store.sh, which starts the PostgreSQL cluster it also tests.
UNIT_TESTS := $(filter-out %/test_store,$(TESTS))
unit: $(TESTS) $(GFA) $(LIBSO) $(REPLAYS) $(BUILD)/corpus
	@mkdir -p $(BUILD)/tmp
	@fail=0; for t in $(UNIT_TESTS); do \
	  printf '== %s\n' "$$t"; \
	  $(TEST_ENV) $$t || fail=1; \
	done; test $$fail = 0
	@tools/check-layers
	@tools/check-cjk
	@$(TEST_ENV) tests/check-cjk.sh
	@tools/check-exports $(LIBSO)
	@$(if $(PDFSO),tools/check-exports $(PDFSO) src/read/pdf_backend.h GFA_PDF_API,echo "check-exports: built without PDF support (PDF=no)")
	@$(TEST_ENV) tests/cli.sh $(GFA)
	@$(TEST_ENV) tests/batch.sh $(GFA)
	@$(TEST_ENV) tests/disk.sh $(GFA)
	@$(TEST_ENV) tests/renderings.sh $(GFA)
	@$(TEST_ENV) tests/store.sh $(GFA)
	@$(TEST_ENV) tests/corpus.sh $(BUILD)/corpus
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

VALGRIND_PDF = tests/corpus/generated/lo-docx-portrait-zenhei-plain.pdf
VALGRIND = valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect,possible \
           --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 --quiet
valgrind: $(GFA)
	@mkdir -p $(BUILD)/tmp/vg
	GFA_DATADIR=$(CURDIR) $(VALGRIND) $(GFA) convert -q --exit-zero -o $(BUILD)/tmp/vg samples/yangcheng-2024-unit.txt
	GFA_DATADIR=$(CURDIR) $(VALGRIND) $(GFA) export -q --xlsx $(BUILD)/tmp/vg/s.xlsx --csv $(BUILD)/tmp/vg/c.csv \
	  --csv-encoding gb18030 $(BUILD)/tmp/vg/yangcheng-2024-unit.xml
	GFA_DATADIR=$(CURDIR) $(VALGRIND) $(GFA) convert -q --no-validate --to xml,xlsx,csv -o $(BUILD)/tmp/vg/back \
	  $(BUILD)/tmp/vg/s.xlsx $(BUILD)/tmp/vg/c.csv
	@rm -f $(BUILD)/tmp/vg/store.sqlite*
	GFA_DATADIR=$(CURDIR) $(VALGRIND) $(GFA) load -q --exit-zero -j 2 --db $(BUILD)/tmp/vg/store.sqlite \
	  samples/yangcheng-2024-unit.txt tests/rules/base-national.txt
	GFA_DATADIR=$(CURDIR) $(VALGRIND) $(GFA) check -q --exit-zero --record --db $(BUILD)/tmp/vg/store.sqlite
	@echo "valgrind: gfa convert, export to XLSX and CSV and read back, load (two threads) and check: no leaks, no errors"
ifneq ($(PDF),no)
	GFA_DATADIR=$(CURDIR) $(VALGRIND) --suppressions=tools/valgrind.supp $(GFA) convert -q --exit-zero -o $(BUILD)/tmp/vg $(VALGRIND_PDF)
	@echo "valgrind: gfa convert on $(notdir $(VALGRIND_PDF)): no leaks, no errors"
endif

# make install into a staging folder, then run the installed gfa: it must find its data
# next to itself (PREFIX/share/gfa) and the man page must be there.
install-check:
	@rm -rf $(BUILD)/stage
	@$(MAKE) --no-print-directory -s BUILD=$(BUILD)/inst PREFIX=/usr DESTDIR=$(CURDIR)/$(BUILD)/stage install >/dev/null
	@test -f $(BUILD)/stage/usr/share/man/man1/gfa.1 && test -f $(BUILD)/stage/usr/include/gfa.h \
	  && test -f $(BUILD)/stage/usr/lib/pkgconfig/gfa.pc && test -f $(BUILD)/stage/usr/lib/libgfa.a
	@env -u GFA_DATADIR $(BUILD)/stage/usr/bin/gfa convert -q --exit-zero -o $(BUILD)/stage/out samples/yangcheng-2024-unit.txt 2>/dev/null
	@test -s $(BUILD)/stage/out/yangcheng-2024-unit.xml && test -s $(BUILD)/stage/out/yangcheng-2024-unit.html
	@env -u GFA_DATADIR $(BUILD)/stage/usr/bin/gfa load -q --exit-zero --db $(BUILD)/stage/store.sqlite samples/yangcheng-2024-unit.txt
	@env -u GFA_DATADIR $(BUILD)/stage/usr/bin/gfa query -q --db $(BUILD)/stage/store.sqlite three-public | grep -q 002001
	@test -x $(BUILD)/stage/usr/share/gfa/deploy/slurm/gfa-shards.sbatch
	@echo "install-check: the staged install converts the sample and loads it into a store with its own data"
ifneq ($(PDF),no)
	@test -f $(BUILD)/stage/usr/lib/libgfa-pdf.so.0
	@env -u GFA_DATADIR $(BUILD)/stage/usr/bin/gfa convert -q --exit-zero -o $(BUILD)/stage/out $(VALGRIND_PDF) 2>/dev/null
	@test -s $(BUILD)/stage/out/$(basename $(notdir $(VALGRIND_PDF))).xml
	@echo "install-check: and reads a PDF through its own libgfa-pdf.so.0"
endif

update-golden:
	$(MAKE) unit UPDATE=1

# --- demo ---------------------------------------------------------------------------
demo: deps-build
	@$(MAKE) --no-print-directory all
	@mkdir -p out
	GFA_DATADIR=$(CURDIR) $(GFA) convert --exit-zero -o out samples/yangcheng-2024-unit.txt
	@echo "demo: wrote"; ls -l out

# --- install ------------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
	  $(DESTDIR)$(DATADIR)/schemas/tables $(DESTDIR)$(DATADIR)/schemas/codes \
	  $(DESTDIR)$(DATADIR)/schemas/rules $(DESTDIR)$(DATADIR)/schemas/vocab $(DESTDIR)$(DATADIR)/schemas/store \
	  $(DESTDIR)$(DATADIR)/xslt \
	  $(DESTDIR)$(DATADIR)/deploy/parallel $(DESTDIR)$(DATADIR)/deploy/slurm $(DESTDIR)$(DATADIR)/deploy/k8s \
	  $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(GFA) $(DESTDIR)$(BINDIR)/gfa
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/libgfa.a
	install -m 755 $(LIBSO) $(DESTDIR)$(LIBDIR)/libgfa.so.0
	ln -sf libgfa.so.0 $(DESTDIR)$(LIBDIR)/libgfa.so
	$(if $(PDFSO),install -m 755 $(PDFSO) $(DESTDIR)$(LIBDIR)/libgfa-pdf.so.0)
	$(if $(PDFSO),ln -sf libgfa-pdf.so.0 $(DESTDIR)$(LIBDIR)/libgfa-pdf.so)
	install -m 644 $(BUILD)/gfa.pc $(DESTDIR)$(LIBDIR)/pkgconfig/gfa.pc
	install -m 644 src/gfa.h $(DESTDIR)$(INCLUDEDIR)/gfa.h
	install -m 644 schemas/*.xsd schemas/workbook.xml $(DESTDIR)$(DATADIR)/schemas/
	install -m 644 schemas/tables/*.xml $(DESTDIR)$(DATADIR)/schemas/tables/
	install -m 644 schemas/codes/*.tsv $(DESTDIR)$(DATADIR)/schemas/codes/
	install -m 644 schemas/rules/*.xml $(DESTDIR)$(DATADIR)/schemas/rules/
	install -m 644 schemas/vocab/*.xml $(DESTDIR)$(DATADIR)/schemas/vocab/
	install -m 644 schemas/store/*.sql $(DESTDIR)$(DATADIR)/schemas/store/
	install -m 755 deploy/parallel/gfa-shards.sh $(DESTDIR)$(DATADIR)/deploy/parallel/
	install -m 755 deploy/slurm/gfa-shards.sbatch $(DESTDIR)$(DATADIR)/deploy/slurm/
	install -m 644 deploy/k8s/gfa-indexed-job.yaml $(DESTDIR)$(DATADIR)/deploy/k8s/
	install -m 644 xslt/*.xsl $(DESTDIR)$(DATADIR)/xslt/
	install -m 644 docs/gfa.1 $(DESTDIR)$(MANDIR)/man1/gfa.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gfa $(DESTDIR)$(LIBDIR)/libgfa.a $(DESTDIR)$(LIBDIR)/libgfa.so* \
	  $(DESTDIR)$(LIBDIR)/libgfa-pdf.so* \
	  $(DESTDIR)$(LIBDIR)/pkgconfig/gfa.pc $(DESTDIR)$(INCLUDEDIR)/gfa.h $(DESTDIR)$(MANDIR)/man1/gfa.1
	rm -rf $(DESTDIR)$(DATADIR)

BENCH_TOOLS := $(BUILD)/gencorpus $(BUILD)/stages $(BUILD)/floor $(BUILD)/slips $(if $(PDFSO),$(BUILD)/pdfread)
$(BUILD)/%: bench/%.c $(LIBA) $(PDFSO)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBA) $(PDF_LINK) $(ALL_LDFLAGS) $(DEPLIBS) -lpthread

# --- fuzzing (never part of check): FUZZ_TIME seconds per target ----------------------
FUZZ_TIME ?= 180
FUZZ_BUILD := $(BUILD)/fuzzer
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=all -Isrc -Ifuzz $(DEPCFLAGS) -DGFA_VERSION='"$(VERSION)"' \
               -DGFA_DATADIR='"$(DATADIR)"'
fuzz:
	@tools/ensure-deps fuzz
	@mkdir -p $(FUZZ_BUILD)/obj
	@for f in $(LIB_SRC) $(if $(PDFSO),$(PDF_BACKEND)); do \
	  o=$(FUZZ_BUILD)/obj/$$(basename $$f .c).o; \
	  { [ $$o -nt $$f ] && [ -z "$$(find src -name '*.h' -newer $$o)" ]; } || \
	    clang $(FUZZ_CFLAGS) -c $$f -o $$o || exit 1; \
	done
	@for t in $(FUZZ_TARGETS); do \
	  clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $(FUZZ_BUILD)/fuzz_$$t fuzz/fuzz_$$t.c \
	    $(FUZZ_BUILD)/obj/*.o $(DEPLIBS) $(if $(PDFSO),$(MUPDF_LIBS)) -lpthread || exit 1; \
	done
	@FUZZ_TIME=$(FUZZ_TIME) FUZZ_BUILD=$(FUZZ_BUILD) GFA_DATADIR=$(CURDIR) tools/fuzz.sh $(FUZZ_TARGETS)

# Kill loops (SIGKILL at random moments) over gfa convert and gfa batch: make stress.
stress: all
	@BUILD=$(BUILD) tools/stress.sh

# Benchmarks: never part of check. BENCH_N (default 1000) and BENCH_BIG (10000) reports.
bench:
	@PDF=$(PDF) tools/ensure-deps bench
	@$(MAKE) --no-print-directory all $(BENCH_TOOLS)
	@BUILD=$(BUILD) bench/bench.sh

# How much of each report of the corpus every reader recovers, and the findings against
# the clean text's (issue 10; prints, never fails; tests/corpus.sh asserts the floors of
# tests/corpus/floors in make unit). CORPUS="DIR …" adds folders of other reports, each with its references
# (NAME.ref.txt: a clean tab text, or NAME.ref.xml: a gfa instance). CORPUS_FLAGS=-v lists
# what differs.
CORPUS ?=
corpus: all $(BUILD)/corpus
	@GFA_DATADIR=$(CURDIR) $(BUILD)/corpus $(CORPUS_FLAGS) --ref samples/yangcheng-2024-unit.txt \
	  tests/corpus/generated tests/corpus/unruled tests/corpus/hant --ref '' tests/corpus/shanghai tests/corpus/shanghai-long \
	  tests/corpus/national-long tests/corpus/rotated tests/corpus/calc tests/corpus/provinces $(if $(CORPUS),$(CORPUS))

# PNG screenshots of the HTML rendering, for people to look at (needs Debian's chromium and
# fonts-noto-cjk; never part of check).
screenshots:
	@tools/ensure-deps shot
	@$(MAKE) --no-print-directory all
	GFA_DATADIR=$(CURDIR) GFA_SRCDIR=$(CURDIR) tools/screenshots.sh $(GFA) $(BUILD)/screenshots

clean:
	rm -rf $(BUILD) out
