# pathwatch: one non-recursive Makefile.  Fragments in mk/ add the data,
# test, lab and benchmark rules; each owns the variables it defines.

PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
MANDIR		?= $(PREFIX)/share/man
DATADIR		?= $(PREFIX)/share/pathwatch
PKG_CONFIG	?= pkg-config
CC		?= gcc
CFLAGS		?= -O2 -g

VERSION		:= 0.1.0
PKGS		:= libpcap libnetfilter_queue ncursesw libmaxminddb

PW_CPPFLAGS	= -Ianalyzer -Ibuild/gen -D_GNU_SOURCE \
		  -DPW_VERSION='"$(VERSION)"' \
		  -DPW_DATADIR='"$(DATADIR)"' \
		  $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PW_CFLAGS	= -std=c11 -Wall -Wextra -Wformat=2 -Wshadow -Wpointer-arith \
		  -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings \
		  -Wundef -Wdeclaration-after-statement
PW_LDLIBS	= $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || \
		  echo -lpcap -lnetfilter_queue -lnfnetlink -lncursesw \
		  -ltinfo -lmaxminddb) -lm
SAN_FLAGS	= -fsanitize=address,undefined -fno-omit-frame-pointer \
		  -fno-sanitize-recover=undefined

ALL_CFLAGS	= $(PW_CPPFLAGS) $(CPPFLAGS) $(PW_CFLAGS) $(CFLAGS) -MMD -MP
ifdef WERROR
ALL_CFLAGS	+= -Werror
endif

ifeq ($(V),1)
Q		=
else
Q		= @
endif

SRCS		:= $(wildcard analyzer/*.c)
# Generated sources (mk/data.mk adds the compiled-in filters/ tables).
GEN_SRCS	:=
REL_OBJS	 = $(SRCS:analyzer/%.c=build/rel/%.o) \
		   $(GEN_SRCS:build/gen/%.c=build/rel/gen-%.o)
ASAN_OBJS	 = $(SRCS:analyzer/%.c=build/asan/%.o) \
		   $(GEN_SRCS:build/gen/%.c=build/asan/gen-%.o)

.PHONY: all deps data test demo install uninstall clean lint
all: pathwatch

include $(wildcard mk/*.mk)

pathwatch: build/rel/pathwatch
	$(Q)cp $< $@

build/rel/pathwatch: $(REL_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(PW_LDLIBS)

build/asan/pathwatch: $(ASAN_OBJS)
	@echo "  LD      $@ (sanitizers)"
	$(Q)$(CC) $(SAN_FLAGS) -g -o $@ $^ $(LDFLAGS) $(PW_LDLIBS)

# Everything but main, for unit tests that link single modules.
build/asan/libpw.a: $(filter-out build/asan/main.o,$(ASAN_OBJS))
	$(Q)rm -f $@ && ar rcs $@ $^

build/rel/%.o: analyzer/%.c | build/rel $(GEN_SRCS)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/asan/%.o: analyzer/%.c | build/asan $(GEN_SRCS)
	@echo "  CC      $< (sanitizers)"
	$(Q)$(CC) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -c -o $@ $<

build/rel/gen-%.o: build/gen/%.c | build/rel
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/asan/gen-%.o: build/gen/%.c | build/asan
	$(Q)$(CC) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -c -o $@ $<

build/rel build/asan build/gen:
	$(Q)mkdir -p $@

# Installs the Debian packages the build, data and tests need, when missing.
deps:
	$(Q)tools/deps.sh

install: pathwatch
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 pathwatch $(DESTDIR)$(BINDIR)/pathwatch
	install -m 644 pathwatch.1 $(DESTDIR)$(MANDIR)/man1/pathwatch.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pathwatch $(DESTDIR)$(MANDIR)/man1/pathwatch.1

clean:
	rm -rf build pathwatch

lint:
	$(Q)tools/check-style.sh

-include $(REL_OBJS:.o=.d) $(ASAN_OBJS:.o=.d)
