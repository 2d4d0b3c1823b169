# pathwatch: one non-recursive Makefile.  Fragments in mk/ add the data,
# test, lab and benchmark rules; each owns the variables it defines.

PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
MANDIR		?= $(PREFIX)/share/man
DATADIR		?= $(PREFIX)/share/pathwatch
PKG_CONFIG	?= pkg-config
CC		?= gcc
CFLAGS		?= -O2 -g

# Build folder; helpers and benchmarks may point it elsewhere.
B		?= build

VERSION		:= 0.1.0
PKGS		:= libpcap libnetfilter_queue ncursesw libmaxminddb

PW_CPPFLAGS	= -Ianalyzer -I$(B)/gen -D_GNU_SOURCE \
		  -DPW_VERSION='"$(VERSION)"' \
		  -DPW_DATADIR='"$(DATADIR)"' \
		  $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PW_CFLAGS	= -std=c11 -Wall -Wextra -Wformat=2 -Wshadow -Wpointer-arith \
		  -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings \
		  -Wundef -Wdeclaration-after-statement
PW_LDLIBS	= $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || \
		  echo -lpcap -lnetfilter_queue -lnfnetlink -lncursesw \
		  -ltinfo -lmaxminddb) -lm -lpthread
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
REL_OBJS	 = $(SRCS:analyzer/%.c=$(B)/rel/%.o) \
		   $(GEN_SRCS:$(B)/gen/%.c=$(B)/rel/gen-%.o)
ASAN_OBJS	 = $(SRCS:analyzer/%.c=$(B)/asan/%.o) \
		   $(GEN_SRCS:$(B)/gen/%.c=$(B)/asan/gen-%.o)

.PHONY: all deps data test demo install uninstall clean lint
all: pathwatch

include $(wildcard mk/*.mk)

pathwatch: $(B)/rel/pathwatch
	$(Q)cp $< $@

$(B)/rel/pathwatch: $(REL_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(PW_LDLIBS)

$(B)/asan/pathwatch: $(ASAN_OBJS)
	@echo "  LD      $@ (sanitizers)"
	$(Q)$(CC) $(SAN_FLAGS) -g -o $@ $^ $(LDFLAGS) $(PW_LDLIBS)

# Everything but main, for unit tests that link single modules.
$(B)/asan/libpw.a: $(filter-out $(B)/asan/main.o,$(ASAN_OBJS))
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/rel/%.o: analyzer/%.c | $(B)/rel $(GEN_SRCS)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/asan/%.o: analyzer/%.c | $(B)/asan $(GEN_SRCS)
	@echo "  CC      $< (sanitizers)"
	$(Q)$(CC) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -c -o $@ $<

$(B)/rel/gen-%.o: $(B)/gen/%.c | $(B)/rel
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/asan/gen-%.o: $(B)/gen/%.c | $(B)/asan
	$(Q)$(CC) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -c -o $@ $<

$(B)/rel $(B)/asan $(B)/gen:
	$(Q)mkdir -p $@

# Installs the Debian packages the build, data and tests need, when missing.
deps:
	$(Q)tools/deps.sh

install: pathwatch install-data
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 pathwatch $(DESTDIR)$(BINDIR)/pathwatch
	install -m 644 pathwatch.1 $(DESTDIR)$(MANDIR)/man1/pathwatch.1

uninstall: uninstall-data
	rm -f $(DESTDIR)$(BINDIR)/pathwatch $(DESTDIR)$(MANDIR)/man1/pathwatch.1

clean:
	rm -rf $(B) pathwatch

lint:
	$(Q)tools/check-style.sh

-include $(REL_OBJS:.o=.d) $(ASAN_OBJS:.o=.d)
