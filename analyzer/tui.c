#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>

#include <curses.h>

#include "escape.h"
#include "finding.h"
#include "log.h"
#include "tui-int.h"

/*
 * tui.c: the screen manager of the terminal view: taking the terminal and
 * giving it back on every exit path, the key table that both dispatches
 * keys and writes the help screen, the colour roles, and the drawing
 * helpers the screens share.  The model is in tui-model.c, each screen in
 * its own tui-*.c.
 */

/* Signals: the handler only records the signal, then chains to main's. */
static volatile sig_atomic_t tui_signalled;
static struct sigaction tui_old_int, tui_old_term;
static struct tui *tui_active;	/* for the atexit() restore */

static const struct tui_screen *const tui_screens[TUI_SCR_COUNT] = {
	[TUI_SCR_MAIN] = &tui_screen_main,
	[TUI_SCR_DETAIL] = &tui_screen_detail,
	[TUI_SCR_DNS] = &tui_screen_dns,
	[TUI_SCR_FINDINGS] = &tui_screen_findings,
	[TUI_SCR_LOG] = &tui_screen_log,
	[TUI_SCR_HELP] = &tui_screen_help,
};

/*
 * Colour roles: a colour pair and attribute, and the attribute used
 * without colours.  Without colours the path labels still differ: bold,
 * underline, bold underline, dim (and their names are always written).
 */
static const struct {
	short	 fg, bg;
	int	 attr;
	int	 mono;
} tui_roles[TUI_C_COUNT] = {
	[TUI_C_NORMAL] = { -1, -1, 0, 0 },
	[TUI_C_HEADER] = { -1, -1, A_BOLD, A_BOLD },
	[TUI_C_TITLE] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[TUI_C_CURSOR] = { -1, -1, A_REVERSE, A_REVERSE },
	[TUI_C_STATUS] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[TUI_C_MUTED] = { -1, -1, A_DIM, A_DIM },
	[TUI_C_PRIVATE_LINK] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[TUI_C_BACKBONE] = { COLOR_YELLOW, -1, A_BOLD, A_UNDERLINE },
	[TUI_C_INTERNET] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[TUI_C_ALERT] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[TUI_C_PROMPT] = { COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE },
};

int
tui_attr(const struct tui *t, int role)
{
	if (role < 0 || role >= TUI_C_COUNT)
		return (0);
	if (!t->color)
		return (tui_roles[role].mono);
	if (tui_roles[role].fg == -1 && tui_roles[role].bg == -1)
		return (tui_roles[role].attr);
	return (COLOR_PAIR(role) | tui_roles[role].attr);
}

int
tui_label_role(int label)
{
	switch (label) {
	case LABEL_PRIVATE_LINK:
		return (TUI_C_PRIVATE_LINK);
	case LABEL_BACKBONE_PUBLIC:
		return (TUI_C_BACKBONE);
	case LABEL_INTERNET_EGRESS:
		return (TUI_C_INTERNET);
	default:
		return (TUI_C_MUTED);
	}
}

/* The label's name in at most 9 columns, for narrow screens. */
const char *
tui_label_short(int label)
{
	static const char *const names[LABEL_COUNT] = {
		"none", "local", "platform", "priv-link", "vnet-priv",
		"backbone", "internet"
	};

	return (label >= 0 && label < LABEL_COUNT ? names[label] : "?");
}

const char *
tui_finding_name(int kind)
{
	return (finding_name((enum finding_kind)kind));
}

static void
tui_init_colors(struct tui *t)
{
	int i;

	t->color = false;
	if (!has_colors() || getenv("NO_COLOR") != NULL)
		return;
	if (start_color() == ERR)
		return;
	use_default_colors();
	for (i = 1; i < TUI_C_COUNT; i++)
		init_pair((short)i, tui_roles[i].fg, tui_roles[i].bg);
	t->color = true;
}

/* Draws s at (y, x) in at most w cells; longer text ends in the mark. */
void
tui_put(struct tui *t, int y, int x, int w, const char *s, bool cut,
    int attr)
{
	size_t len = strlen(s);

	if (w <= 0 || y < 0 || y >= t->rows || x >= t->cols)
		return;
	if (x + w > t->cols)
		w = t->cols - x;
	attron(attr);
	if (len > (size_t)w || cut) {
		len = PW_MIN(len, (size_t)w - 1);
		mvaddnstr(y, x, s, (int)len);
		mvaddstr(y, x + (int)len, t->cut_mark);
	} else
		mvaddnstr(y, x, s, (int)len);
	attroff(attr);
}

bool
tui_esc(char *dst, size_t size, const char *s, size_t len)
{
	return (esc_term(dst, size, s != NULL ? s : "", s != NULL ? len : 0));
}

void
tui_human(char buf[8], double v)
{
	static const char units[] = "KMGTPE";
	int u = -1;

	if (v < 1000) {
		snprintf(buf, 8, "%.0f", v < 0 ? 0 : v);
		return;
	}
	while (v >= 999.5 && u < 5) {
		v /= 1024;
		u++;
	}
	if (v < 9.95)
		snprintf(buf, 8, "%.1f%c", v, units[u]);
	else
		snprintf(buf, 8, "%.0f%c", v, units[u]);
}

void
tui_ago(char buf[8], uint64_t now_us, uint64_t then_us)
{
	uint64_t s;

	if (then_us == 0) {
		snprintf(buf, 8, "-");
		return;
	}
	s = now_us > then_us ? (now_us - then_us) / 1000000 : 0;
	if (s < 60)
		snprintf(buf, 8, "%us", (unsigned)s);
	else if (s < 3600)
		snprintf(buf, 8, "%um", (unsigned)(s / 60));
	else if (s < 86400)
		snprintf(buf, 8, "%uh", (unsigned)(s / 3600));
	else
		snprintf(buf, 8, "%ud", (unsigned)PW_MIN(s / 86400, 9999));
}

/* "14:30:27" in UTC, as every other output writes times. */
void
tui_clock(char buf[16], uint64_t ts_us)
{
	time_t secs = (time_t)(ts_us / 1000000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	strftime(buf, 16, "%H:%M:%S", &tm);
}

void
tui_list_fix(struct tui_list *l, int n, int page)
{
	l->n = n;
	l->page = page > 0 ? page : 1;
	if (l->cur >= n)
		l->cur = n - 1;
	if (l->cur < 0)
		l->cur = 0;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + l->page)
		l->top = l->cur - l->page + 1;
	if (l->top > PW_MAX(0, n - l->page))
		l->top = PW_MAX(0, n - l->page);
	if (l->top < 0)
		l->top = 0;
}

/* A full-width bar in the title role. */
void
tui_list_draw_bar(struct tui *t, int y, const char *title)
{
	int a = tui_attr(t, TUI_C_TITLE);

	attron(a);
	mvhline(y, 0, ' ', t->cols);
	attroff(a);
	tui_put(t, y, 0, t->cols, title, false, a);
}

/* The bottom line: the screen's hint, or the filter being typed. */
void
tui_status(struct tui *t, const char *hint)
{
	char buf[640];
	int a = tui_attr(t, t->prompting ? TUI_C_PROMPT : TUI_C_STATUS);

	if (t->prompting)
		snprintf(buf, sizeof(buf), "filter names: %s_   (Enter keeps, "
		    "Esc restores)", t->prompt);
	else
		snprintf(buf, sizeof(buf), "%s%s", hint, t->paused ?
		    "  PAUSED (p)" : "");
	attron(a);
	mvhline(t->rows - 1, 0, ' ', t->cols);
	attroff(a);
	tui_put(t, t->rows - 1, 0, t->cols, buf, false, a);
}

/* Appends fmt to the doc, wrapped at width with indent on later lines. */
void
tui_doc_add(struct tui_doc *d, int role, int width, int indent,
    const char *fmt, ...)
{
	char buf[4096];
	const char *p;
	size_t len, take, cut;
	va_list ap;
	bool first = true;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (width > TUI_DOC_WIDTH - 1)
		width = TUI_DOC_WIDTH - 1;
	if (width < indent + 20)
		width = indent + 20;
	p = buf;
	do {
		size_t room = (size_t)(first ? width : width - indent);

		if (d->n == TUI_DOC_LINES)
			return;
		len = strlen(p);
		take = len;
		if (len > room) {
			for (cut = room; cut > room / 2 && p[cut] != ' '; cut--)
				;
			take = cut > room / 2 ? cut : room;
		}
		snprintf(d->line[d->n], TUI_DOC_WIDTH, "%*s%.*s",
		    first ? 0 : indent, "", (int)take, p);
		d->role[d->n++] = (uint8_t)role;
		p += take;
		while (*p == ' ')
			p++;
		first = false;
	} while (*p != '\0');
}

/* Draws a doc under a title bar, scrolled to l->cur. */
void
tui_doc_draw(struct tui *t, struct tui_doc *d, struct tui_list *l,
    const char *title)
{
	char hint[128];
	int y, page = t->rows - 2, maxtop;

	tui_list_draw_bar(t, 0, title);
	l->n = d->n;
	l->page = page > 0 ? page : 1;
	maxtop = PW_MAX(0, d->n - l->page);
	if (l->cur > maxtop)
		l->cur = maxtop;
	if (l->cur < 0)
		l->cur = 0;
	for (y = 0; y < page && l->cur + y < d->n; y++)
		tui_put(t, y + 1, 0, t->cols, d->line[l->cur + y], false,
		    tui_attr(t, d->role[l->cur + y]));
	snprintf(hint, sizeof(hint), "Esc back  ? help  lines %d-%d of %d",
	    d->n ? l->cur + 1 : 0, PW_MIN(d->n, l->cur + page), d->n);
	tui_status(t, hint);
}

/* Screen stack. */
int
tui_current(const struct tui *t)
{
	return (t->screen_stack[t->depth - 1]);
}

/*
 * Pushes a screen.  The lists (DNS, findings, log) replace each other
 * rather than pile up, so Esc always leads back towards the main table.
 */
void
tui_push(struct tui *t, int s)
{
	int cur = tui_current(t);

	if (cur == s)
		return;
	if ((s == TUI_SCR_DNS || s == TUI_SCR_FINDINGS || s == TUI_SCR_LOG) &&
	    (cur == TUI_SCR_DNS || cur == TUI_SCR_FINDINGS ||
	    cur == TUI_SCR_LOG))
		t->depth--;
	if (t->depth < (int)nitems(t->screen_stack))
		t->screen_stack[t->depth++] = s;
	if (tui_screens[s]->update != NULL)
		tui_screens[s]->update(t);
}

static void
tui_pop(struct tui *t)
{
	if (t->depth > 1)
		t->depth--;
	if (tui_screens[tui_current(t)]->update != NULL)
		tui_screens[tui_current(t)]->update(t);
}

/* The key actions. */
static struct tui_list *
tui_cur_list(struct tui *t)
{
	const struct tui_screen *s = tui_screens[tui_current(t)];

	return (s->list != NULL ? s->list(t) : NULL);
}

static void
act_move(struct tui *t, int key)
{
	struct tui_list *l = tui_cur_list(t);

	if (l == NULL)
		return;
	switch (key) {
	case KEY_UP: case 'k': l->cur--; break;
	case KEY_DOWN: case 'j': l->cur++; break;
	case KEY_PPAGE: l->cur -= l->page; break;
	case KEY_NPAGE: l->cur += l->page; break;
	case KEY_HOME: l->cur = 0; break;
	case KEY_END: l->cur = l->n > 0 ? l->n - 1 : 0; break;
	}
	if (l->cur >= l->n)
		l->cur = l->n - 1;
	if (l->cur < 0)
		l->cur = 0;
}

static void
act_open(struct tui *t, int key)
{
	const struct tui_screen *s = tui_screens[tui_current(t)];

	(void)key;
	if (s->open != NULL)
		s->open(t);
}

static void
act_back(struct tui *t, int key)
{
	if (key == 'q' && tui_current(t) == TUI_SCR_MAIN)
		t->quit = true;
	else
		tui_pop(t);
}

static void
act_sort(struct tui *t, int key)
{
	if (key == 's')
		t->sort = (t->sort + 1) % TUI_SORT_COUNT;
	else
		t->reverse = !t->reverse;
	tui_build_visible(t);
}

static void
act_label(struct tui *t, int key)
{
	t->only_label = key - '0';
	t->main_list.cur = 0;
	tui_build_visible(t);
}

static void
act_filter(struct tui *t, int key)
{
	(void)key;
	t->prompting = true;
	snprintf(t->prompt, sizeof(t->prompt), "%s", t->filter);
}

static void
act_pause(struct tui *t, int key)
{
	(void)key;
	t->paused = !t->paused;
	t->next_draw_us = 0;
}

static void
act_screen(struct tui *t, int key)
{
	switch (key) {
	case 'd': tui_push(t, TUI_SCR_DNS); break;
	case 'f': tui_push(t, TUI_SCR_FINDINGS); break;
	case 'l': tui_push(t, TUI_SCR_LOG); break;
	default: tui_push(t, TUI_SCR_HELP); break;
	}
}

static void
act_group(struct tui *t, int key)
{
	(void)key;
	t->by_flow = !t->by_flow;
	t->main_list.cur = t->main_list.top = 0;
	tui_build_visible(t);
}

static void
act_redraw(struct tui *t, int key)
{
	(void)key;
	(void)t;
	clearok(curscr, TRUE);
}

/*
 * Every binding, in the order help lists them.  The dispatcher and the
 * help screen both read this table and nothing else.
 */
const struct tui_key tui_keys[] = {
	{ { KEY_UP, 'k' }, "Up, k", "move up", TUI_IN_ALL, act_move },
	{ { KEY_DOWN, 'j' }, "Down, j", "move down", TUI_IN_ALL, act_move },
	{ { KEY_PPAGE }, "PgUp", "page up", TUI_IN_ALL, act_move },
	{ { KEY_NPAGE }, "PgDn", "page down", TUI_IN_ALL, act_move },
	{ { KEY_HOME }, "Home", "first line", TUI_IN_ALL, act_move },
	{ { KEY_END }, "End", "last line", TUI_IN_ALL, act_move },
	{ { '\n', '\r', KEY_ENTER }, "Enter", "the whole evidence of the "
	    "selected line", TUI_IN(TUI_SCR_MAIN) | TUI_IN(TUI_SCR_DNS) |
	    TUI_IN(TUI_SCR_FINDINGS), act_open },
	{ { 27 }, "Esc", "back", TUI_IN_ALL, act_back },
	{ { 'q' }, "q", "back; on the main table, quit", TUI_IN_ALL,
	    act_back },
	{ { 's' }, "s", "sort by the next column (bytes, rate, flows, last "
	    "seen, name, label, address)", TUI_IN(TUI_SCR_MAIN), act_sort },
	{ { 'r' }, "r", "reverse the sort", TUI_IN(TUI_SCR_MAIN), act_sort },
	{ { '1', '2', '3', '4', '5', '6' }, "1..6", "show one label only: 1 local, "
	    "2 platform, 3 private-link, 4 vnet-private, 5 backbone-public, "
	    "6 internet-egress", TUI_IN(TUI_SCR_MAIN), act_label },
	{ { '0' }, "0", "show every label", TUI_IN(TUI_SCR_MAIN), act_label },
	{ { '/' }, "/", "filter rows by a name substring", TUI_IN(TUI_SCR_MAIN),
	    act_filter },
	{ { 'g' }, "g", "one row per destination name, or one per flow",
	    TUI_IN(TUI_SCR_MAIN), act_group },
	{ { 'p' }, "p", "pause the display (capture goes on)", TUI_IN_ALL,
	    act_pause },
	{ { 'd' }, "d", "DNS answers, newest first", TUI_IN_ALL, act_screen },
	{ { 'f' }, "f", "findings, newest first", TUI_IN_ALL, act_screen },
	{ { 'l' }, "l", "log lines held while the screen is up", TUI_IN_ALL,
	    act_screen },
	{ { '?', KEY_F(1) }, "?, F1", "this help", TUI_IN_ALL, act_screen },
	{ { 12 }, "Ctrl-L", "redraw the screen", TUI_IN_ALL, act_redraw },
};
const unsigned tui_nkeys = nitems(tui_keys);

static void
tui_prompt_key(struct tui *t, int ch)
{
	size_t n = strlen(t->prompt);

	if (ch == 27) {
		t->prompting = false;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		snprintf(t->filter, sizeof(t->filter), "%s", t->prompt);
		t->prompting = false;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (n > 0)
			t->prompt[n - 1] = '\0';
	} else if (ch >= 0x20 && ch < 0x7f && n + 1 < sizeof(t->prompt)) {
		t->prompt[n] = (char)ch;
		t->prompt[n + 1] = '\0';
	}
	t->main_list.cur = 0;
	tui_build_visible(t);
}

static void
tui_resized(struct tui *t)
{
	const struct tui_screen *s;

	getmaxyx(stdscr, t->rows, t->cols);
	s = tui_screens[tui_current(t)];
	if (s->update != NULL)
		s->update(t);
}

static void
tui_dispatch(struct tui *t, int ch)
{
	unsigned i, k, scr = TUI_IN(tui_current(t));

	if (ch == KEY_RESIZE) {
		tui_resized(t);
		return;
	}
	if (t->prompting) {
		tui_prompt_key(t, ch);
		return;
	}
	for (i = 0; i < tui_nkeys; i++) {
		if (!(tui_keys[i].scope & scr))
			continue;
		for (k = 0; k < nitems(tui_keys[i].keys); k++)
			if (tui_keys[i].keys[k] == ch && ch != 0) {
				tui_keys[i].fn(t, ch);
				return;
			}
	}
}

/* Reads the keys waiting, at most a bounded number; how many came. */
static int
tui_read_keys(struct tui *t)
{
	int ch, n = 0;

	while (n < 64 && (ch = getch()) != ERR) {
		tui_dispatch(t, ch);
		n++;
		if (t->quit)
			break;
	}
	return (n);
}

static void
tui_draw(struct tui *t)
{
	getmaxyx(stdscr, t->rows, t->cols);
	erase();
	tui_screens[tui_current(t)]->draw(t);
	refresh();
}

static uint64_t
tui_now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return ((uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec);
}

static void
tui_log_cb(enum log_level l, const char *line, void *arg)
{
	struct tui *t = arg;

	tui_model_log(&t->m, (int)l, line);
}

static void
tui_on_signal(int sig)
{
	struct sigaction *old = sig == SIGINT ? &tui_old_int : &tui_old_term;

	tui_signalled = sig;
	if (!(old->sa_flags & SA_SIGINFO) && old->sa_handler != SIG_DFL &&
	    old->sa_handler != SIG_IGN)
		old->sa_handler(sig);
}

static void
tui_atexit(void)
{
	if (tui_active != NULL && tui_active->started)
		tui_stop(tui_active);
}

struct tui *
tui_create(struct engine *e, const struct tui_opts *o, char *errbuf)
{
	struct tui *t;
	struct sink s;

	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    tui_model_init(&t->m) == -1 ||
	    (t->snap.rows = calloc(TUI_MAX_ROWS, sizeof(struct tui_srow))) ==
	    NULL ||
	    (t->snap.flows = calloc(TUI_MAX_FLOWS, sizeof(struct tui_srow))) ==
	    NULL || (t->vis = calloc(TUI_MAX_FLOWS, sizeof(int))) == NULL ||
	    (t->doc = calloc(1, sizeof(*t->doc))) == NULL ||
	    (t->help = calloc(1, sizeof(*t->help))) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "terminal view: out of memory");
		tui_free(t);
		return (NULL);
	}
	t->e = e;
	t->o = *o;
	if (t->o.interval_ms <= 0)
		t->o.interval_ms = 1000;
	t->screen_stack[0] = TUI_SCR_MAIN;
	t->depth = 1;
	t->saved_stderr = -1;
	/* Keys come from the terminal even when stdin carries a capture. */
	t->in_fd = -1;
	if (isatty(STDIN_FILENO))
		t->in_fd = STDIN_FILENO;
	else if ((t->in_fd = open("/dev/tty", O_RDWR | O_CLOEXEC)) != -1)
		t->own_tty = true;
	tui_model_sink(t, &s);
	if (engine_add_sink(e, &s) == -1) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "terminal view: too many "
		    "outputs");
		tui_free(t);
		return (NULL);
	}
	return (t);
}

/* Opens curses on the terminal; -1 and errbuf when there is none. */
static int
tui_open_terminal(struct tui *t, char *errbuf)
{
	const char *term = getenv("TERM");

	if (t->in_fd == -1) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "the terminal view needs a "
		    "terminal (no /dev/tty)");
		return (-1);
	}
	t->in_fp = t->own_tty ? fdopen(dup(t->in_fd), "r") : stdin;
	if (isatty(STDOUT_FILENO))
		t->out_fp = stdout;
	else if (t->own_tty || isatty(t->in_fd))
		t->out_fp = fdopen(dup(t->in_fd), "w");
	if (t->in_fp == NULL || t->out_fp == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "the terminal view needs a "
		    "terminal on standard output");
		return (-1);
	}
	setlocale(LC_CTYPE, "");
	t->cut_mark = strcmp(nl_langinfo(CODESET), "UTF-8") == 0 ?
	    "\xe2\x80\xa6" : ">";
	if ((t->screen = newterm(NULL, t->out_fp, t->in_fp)) == NULL) {
		snprintf(errbuf, PW_ERRBUF_SIZE, "cannot draw on terminal "
		    "type '%s'", term != NULL ? term : "");
		return (-1);
	}
	set_term(t->screen);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	/* Home and End as tmux, screen, rxvt and the console send them. */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[7~", KEY_HOME);
	define_key("\033[8~", KEY_END);
	define_key("\033[H", KEY_HOME);
	define_key("\033[F", KEY_END);
	tui_init_colors(t);
	getmaxyx(stdscr, t->rows, t->cols);
	return (0);
}

/* While the screen is up, stderr goes to a file replayed by tui_stop. */
static void
tui_hold_stderr(struct tui *t)
{
	if (!isatty(STDERR_FILENO))
		return;
	fflush(stderr);
	if ((t->stderr_tmp = tmpfile()) == NULL)
		return;
	if ((t->saved_stderr = dup(STDERR_FILENO)) == -1 ||
	    dup2(fileno(t->stderr_tmp), STDERR_FILENO) == -1) {
		if (t->saved_stderr != -1)
			close(t->saved_stderr);
		t->saved_stderr = -1;
		fclose(t->stderr_tmp);
		t->stderr_tmp = NULL;
	}
}

int
tui_start(struct tui *t, char *errbuf)
{
	static bool registered;
	struct sigaction sa;

	if (t->started)
		return (0);
	if (tui_open_terminal(t, errbuf) == -1)
		return (-1);
	t->started = true;
	tui_active = t;
	if (!registered && atexit(tui_atexit) == 0)
		registered = true;
	log_set_sink(tui_log_cb, t);
	tui_hold_stderr(t);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = tui_on_signal;
	sigaction(SIGINT, &sa, &tui_old_int);
	sigaction(SIGTERM, &sa, &tui_old_term);
	t->start_us = tui_now_us();
	t->next_draw_us = 0;
	return (0);
}

int
tui_fd(const struct tui *t)
{
	return (t != NULL ? t->in_fd : -1);
}

/* A refresh: the model walked and a new snapshot, unless paused. */
static void
tui_refresh(struct tui *t, uint64_t now_us)
{
	const struct tui_screen *s;

	if (!t->paused) {
		tui_model_refresh(t, now_us);
		tui_model_snapshot(t, now_us);
		s = tui_screens[tui_current(t)];
		if (s->update != NULL)
			s->update(t);
	}
	t->next_draw_us = now_us + (uint64_t)t->o.interval_ms * 1000;
	t->refreshes++;
}

bool
tui_tick(struct tui *t, uint64_t now_us)
{
	bool due;
	int keys;

	if (t == NULL || !t->started)
		return (true);
	if (tui_signalled)
		return (false);
	keys = tui_read_keys(t);
	if (t->quit)
		return (false);
	due = now_us >= t->next_draw_us;
	if (due)
		tui_refresh(t, now_us);
	if (due || keys > 0)
		tui_draw(t);
	return (t->o.iterations == 0 || t->refreshes < t->o.iterations);
}

int
tui_browse(struct tui *t)
{
	struct pollfd pfd;
	uint64_t now;
	int wait_ms;

	if (t == NULL || !t->started)
		return (-1);
	pfd.fd = t->in_fd;
	pfd.events = POLLIN;
	while (!tui_signalled && !t->quit) {
		now = tui_now_us();
		if (now >= t->next_draw_us) {
			tui_refresh(t, now);
			tui_draw(t);
			if (t->o.iterations != 0 &&
			    t->refreshes >= t->o.iterations)
				break;
		}
		wait_ms = (int)((t->next_draw_us - now) / 1000) + 1;
		if (poll(&pfd, 1, PW_MIN(wait_ms, t->o.interval_ms)) == -1 &&
		    errno != EINTR)
			break;
		if (tui_read_keys(t) > 0 && !t->quit)
			tui_draw(t);
	}
	return (0);
}

/* Gives stderr back and writes what was held, log lines first. */
static void
tui_replay(struct tui *t)
{
	char buf[4096];
	uint64_t seq, first;
	const struct tui_logline *x;
	size_t n;

	if (t->saved_stderr != -1) {
		fflush(stderr);
		dup2(t->saved_stderr, STDERR_FILENO);
		close(t->saved_stderr);
		t->saved_stderr = -1;
	}
	first = t->m.log_seq > TUI_MAX_LOG ? t->m.log_seq - TUI_MAX_LOG + 1 :
	    1;
	if (first > 1)
		fprintf(stderr, "pathwatch: (%llu earlier log lines were not "
		    "kept)\n", (unsigned long long)(first - 1));
	for (seq = first; seq <= t->m.log_seq; seq++)
		if ((x = tui_model_logline(&t->m, seq)) != NULL)
			fprintf(stderr, "%s\n", x->text);
	if (t->stderr_tmp != NULL) {
		rewind(t->stderr_tmp);
		while ((n = fread(buf, 1, sizeof(buf), t->stderr_tmp)) > 0)
			fwrite(buf, 1, n, stderr);
		fclose(t->stderr_tmp);
		t->stderr_tmp = NULL;
	}
	t->m.log_seq = 0;
}

void
tui_stop(struct tui *t)
{
	if (t == NULL || !t->started)
		return;
	t->started = false;
	endwin();
	if (t->out_fp != NULL)
		fflush(t->out_fp);
	log_set_sink(NULL, NULL);
	sigaction(SIGINT, &tui_old_int, NULL);
	sigaction(SIGTERM, &tui_old_term, NULL);
	tui_replay(t);
}

void
tui_free(struct tui *t)
{
	if (t == NULL)
		return;
	tui_stop(t);
	if (t->screen != NULL)
		delscreen(t->screen);
	if (t->in_fp != NULL && t->in_fp != stdin)
		fclose(t->in_fp);
	if (t->out_fp != NULL && t->out_fp != stdout)
		fclose(t->out_fp);
	if (t->own_tty)
		close(t->in_fd);
	if (tui_active == t)
		tui_active = NULL;
	tui_model_free(&t->m);
	free(t->snap.rows);
	free(t->snap.flows);
	free(t->vis);
	free(t->doc);
	free(t->help);
	free(t);
}

/* Sorting and filtering the main table's entries. */
struct tui_sort_ctx {
	const struct tui_srow	*src;
	int			 key;
	bool			 reverse;
};

static int
tui_cmp_num(double a, double b)
{
	return (a < b ? 1 : a > b ? -1 : 0);	/* larger first */
}

static int
tui_cmp(const void *pa, const void *pb, void *arg)
{
	const struct tui_sort_ctx *c = arg;
	const struct tui_srow *a = &c->src[*(const int *)pa];
	const struct tui_srow *b = &c->src[*(const int *)pb];
	int r = 0;

	switch (c->key) {
	case TUI_SORT_BYTES:
		r = tui_cmp_num((double)(a->out + a->in),
		    (double)(b->out + b->in));
		break;
	case TUI_SORT_RATE: r = tui_cmp_num(a->rate, b->rate); break;
	case TUI_SORT_FLOWS:
		r = tui_cmp_num((double)a->flows, (double)b->flows);
		break;
	case TUI_SORT_LAST:
		r = tui_cmp_num((double)a->last_us, (double)b->last_us);
		break;
	case TUI_SORT_LABEL: r = a->label - b->label; break;
	case TUI_SORT_ADDR: r = strcmp(a->addr, b->addr); break;
	default: r = strcmp(a->name, b->name); break;
	}
	if (c->reverse)
		r = -r;
	if (r == 0)
		r = strcmp(a->name, b->name);
	if (r == 0)
		r = strcmp(a->addr, b->addr);
	if (r == 0)
		r = a->idx - b->idx;
	return (r);
}

/* Does the escaped name contain the filter, ASCII case folded? */
static bool
tui_match(const char *name, const char *filter)
{
	size_t n = strlen(filter), i, j;

	if (n == 0)
		return (true);
	for (i = 0; name[i] != '\0'; i++) {
		for (j = 0; j < n && name[i + j] != '\0'; j++)
			if (tolower((unsigned char)name[i + j]) !=
			    tolower((unsigned char)filter[j]))
				break;
		if (j == n)
			return (true);
	}
	return (false);
}

/* Rebuilds the visible, sorted entries; the selection stays on its row. */
void
tui_build_visible(struct tui *t)
{
	const struct tui_srow *src = t->by_flow ? t->snap.flows :
	    t->snap.rows;
	int n = t->by_flow ? t->snap.nflows : t->snap.nrows, i, sel = -1;
	uint32_t sel_gen = 0;
	const char *filter = t->prompting ? t->prompt : t->filter;
	struct tui_sort_ctx c = { src, t->sort, t->reverse };

	if (t->main_list.cur > 0) {
		sel = t->sel_idx;
		sel_gen = t->sel_gen;
	}
	t->nvis = 0;
	for (i = 0; i < n; i++) {
		if (t->only_label != 0 && src[i].label != t->only_label)
			continue;
		if (!tui_match(src[i].name, filter))
			continue;
		t->vis[t->nvis++] = i;
	}
	qsort_r(t->vis, (size_t)t->nvis, sizeof(int), tui_cmp, &c);
	for (i = 0; sel != -1 && i < t->nvis; i++)
		if (src[t->vis[i]].idx == sel && src[t->vis[i]].gen == sel_gen)
			t->main_list.cur = i;
	tui_main_select(t);
}
