/*
 * tui-int.h: what the files of the terminal view share (tui.c, the model
 * in tui-model.c, one tui-*.c per screen).  Nothing outside tui*.c
 * includes it.
 *
 * The model is bounded: at most TUI_MAX_ROWS destination rows,
 * TUI_MAX_FLOWS flows, and rings of the newest answers, findings and log
 * lines.  Strings are copied out of the events.  Each refresh copies what
 * the main screen shows into a snapshot; the screens draw from it, so a
 * paused or half-updated model never shows.
 */
#ifndef PW_TUI_INT_H
#define PW_TUI_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <signal.h>

#include "compat.h"
#include "engine.h"
#include "label.h"
#include "tui.h"

#define TUI_MAX_ROWS		1024
#define TUI_MAX_FLOWS		4096
#define TUI_MAX_DNS		256
#define TUI_MAX_FINDINGS	256
#define TUI_MAX_LOG		256
#define TUI_NAME_MAX		512	/* DNS text form, with NUL */
#define TUI_SNAP_NAME		320	/* escaped name kept for drawing */
#define TUI_ADDRPORT		(ADDR_STRLEN + 8)
#define TUI_DOC_LINES		600
#define TUI_DOC_WIDTH		400
#define TUI_FILTER_MAX		64

/* Colour roles, mapped to curses attributes in one table (tui.c). */
enum tui_role {
	TUI_C_NORMAL,
	TUI_C_HEADER,		/* the top lines */
	TUI_C_TITLE,		/* column titles */
	TUI_C_CURSOR,		/* the selected row */
	TUI_C_STATUS,		/* the bottom line */
	TUI_C_MUTED,		/* local, platform, vnet-private, none */
	TUI_C_PRIVATE_LINK,
	TUI_C_BACKBONE,
	TUI_C_INTERNET,
	TUI_C_ALERT,		/* findings */
	TUI_C_PROMPT,
	TUI_C_COUNT
};

/* Screens, and bits of them for the key table's scopes. */
enum tui_screen_id {
	TUI_SCR_MAIN,
	TUI_SCR_DETAIL,
	TUI_SCR_DNS,
	TUI_SCR_FINDINGS,
	TUI_SCR_LOG,
	TUI_SCR_HELP,
	TUI_SCR_COUNT
};
#define TUI_IN(s)	(1u << (s))
#define TUI_IN_ALL	((1u << TUI_SCR_COUNT) - 1)
#define TUI_IN_LISTS	(TUI_IN_ALL)

/* Main table sort keys, in the order 's' cycles through them. */
enum tui_sort {
	TUI_SORT_BYTES,
	TUI_SORT_RATE,
	TUI_SORT_FLOWS,
	TUI_SORT_LAST,
	TUI_SORT_NAME,
	TUI_SORT_LABEL,
	TUI_SORT_ADDR,
	TUI_SORT_COUNT
};

/* A name as bytes; raw wire text, escaped only when drawn. */
struct tui_name {
	uint16_t	 len;
	char		 s[TUI_NAME_MAX];
};

/* The evidence of a row's newest flow, for the detail screen. */
struct tui_evidence {
	bool		 has_dns;
	char		 dst[ADDR_STRLEN];	/* the answer the flow used */
	uint8_t		 nchain;
	struct tui_name	 chain[DNS_CHAIN_MAX];
	uint32_t	 ttl;
	char		 server[ADDR_STRLEN];
	uint64_t	 dns_frame;
	double		 age_s;
	bool		 stale;
	char		 name_source[8];
	struct tui_name	 sni;
	char		 reason[768];
	struct owner_info owner;
	char		 ta_type[24];
};

/* One destination: a name (or an address when unnamed) and a label. */
struct tui_row {
	bool		 used;
	uint32_t	 gen;		/* bumped when the slot is reused */
	int		 hnext;		/* hash chain, -1 = end */
	uint8_t		 label;
	bool		 named;
	struct tui_name	 name;		/* the address text when unnamed */
	char		 addr[TUI_ADDRPORT];	/* newest flow's dst:port */
	uint64_t	 ret_flows, ret_out, ret_in;	/* ended flows */
	uint64_t	 open_flows, open_out, open_in;	/* this refresh */
	uint64_t	 prev_total;	/* bytes at the last refresh */
	double		 rate;		/* bytes a second */
	uint64_t	 first_us, last_us;
	uint32_t	 findings;	/* bit per kind */
	uint64_t	 ev_us;		/* first_us of the evidence's flow */
	struct tui_evidence ev;
};

/* One flow as the view knows it. */
struct tui_flow {
	bool		 used;
	bool		 open;		/* no final event yet */
	uint32_t	 gen;
	int		 hnext;
	uint32_t	 hash;
	uint8_t		 proto;		/* 6 or 17 */
	uint8_t		 label;
	char		 src[ADDR_STRLEN], dst[ADDR_STRLEN];
	uint16_t	 sport, dport;
	char		 state[12];
	char		 file[96];
	uint64_t	 first_us, last_us, first_frame;
	uint64_t	 out, in;
	uint32_t	 pkts_out, pkts_in;
	uint64_t	 prev_total;
	double		 rate;
	uint32_t	 findings;
	int		 row;		/* tui_row index, -1 none */
	uint32_t	 row_gen;
	uint32_t	 seen;		/* refresh that last walked it */
	bool		 retired;	/* counted in its row's totals */
};

struct tui_dns {
	uint64_t	 seq;
	uint64_t	 ts_us, frame;
	char		 client[ADDR_STRLEN], server[ADDR_STRLEN];
	uint16_t	 qtype;
	uint8_t		 rcode;
	bool		 via_pl;
	bool		 cut;
	uint8_t		 nchain;
	struct tui_name	 chain[DNS_CHAIN_MAX];
	uint8_t		 naddrs;
	char		 addrs[DNS_CHAIN_ADDRS_MAX][ADDR_STRLEN];
	uint32_t	 ttl;
};

struct tui_find {
	uint64_t	 seq;
	uint8_t		 kind;
	bool		 enforced;
	char		 detail[640];
	uint64_t	 ts_us, frame;
	char		 proto[4];
	char		 src[ADDR_STRLEN], dst[ADDR_STRLEN];
	uint16_t	 sport, dport;
	struct tui_name	 name;
};

struct tui_logline {
	uint64_t	 seq;
	uint8_t		 level;
	char		 text[512];
};

/* What the main table draws: a row or a flow, copied at a refresh. */
struct tui_srow {
	int		 idx;		/* tui_row or tui_flow index */
	uint32_t	 gen;
	uint8_t		 label;
	bool		 cut;		/* the escaped name was longer */
	bool		 open;
	char		 name[TUI_SNAP_NAME];	/* escaped */
	char		 addr[TUI_ADDRPORT];
	uint64_t	 flows, out, in, last_us;
	double		 rate;
	uint32_t	 findings;
};

/* Per label totals in the header. */
struct tui_ltot {
	uint64_t	 flows, bytes;
	double		 rate;
};

struct tui_snap {
	uint64_t	 at_us;		/* when it was taken */
	uint64_t	 elapsed_us;
	uint64_t	 packets, drops;
	struct tui_ltot	 lt[LABEL_COUNT];
	uint64_t	 dns_seq, find_seq, log_seq;	/* newest shown */
	int		 nrows, nflows;
	struct tui_srow	*rows;		/* TUI_MAX_ROWS */
	struct tui_srow	*flows;		/* TUI_MAX_FLOWS */
};

/* A cursor over a list of n lines, drawn page lines at a time. */
struct tui_list {
	int		 cur, top, n, page;
};

/* A page of text lines: help, details. */
struct tui_doc {
	int		 n;
	uint8_t		 role[TUI_DOC_LINES];
	char		 line[TUI_DOC_LINES][TUI_DOC_WIDTH];
};

struct tui;

/* A screen: the screen manager knows screens only through this table. */
struct tui_screen {
	const char	*title;
	void		(*draw)(struct tui *);
	/* The list the movement keys move, or NULL. */
	struct tui_list	*(*list)(struct tui *);
	/* Enter on the selected line; NULL when it does nothing. */
	void		(*open)(struct tui *);
	/* The model was refreshed or the size changed. */
	void		(*update)(struct tui *);
};

/* A binding: up to eight keys, one action, the screens it works in. */
struct tui_key {
	int		 keys[8];
	const char	*names;		/* as help shows them */
	const char	*help;
	unsigned	 scope;		/* TUI_IN() bits */
	void		(*fn)(struct tui *, int key);
};

struct tui_model {
	struct tui_row	*rows;
	int		*row_hash;	/* TUI_MAX_ROWS * 2 buckets */
	int		 nrows_used;
	struct tui_flow	*flows;
	int		*flow_hash;	/* TUI_MAX_FLOWS * 2 buckets */
	int		*closed;	/* ring of closed flow indexes */
	uint32_t	 closed_head, closed_n;
	int		 flow_free;	/* next never-used slot */
	uint64_t	 flows_untracked;
	uint64_t	 rows_evicted;
	struct tui_ltot	 lt[LABEL_COUNT];
	uint64_t	 lret_flows[LABEL_COUNT], lret_bytes[LABEL_COUNT];
	uint64_t	 lopen_flows[LABEL_COUNT], lopen_bytes[LABEL_COUNT];
	uint64_t	 lprev_bytes[LABEL_COUNT];
	uint64_t	 first_us, last_us;	/* packet times seen */
	uint32_t	 refresh_no;
	uint64_t	 last_refresh_us;

	struct tui_dns	*dns;		/* ring */
	uint64_t	 dns_seq;	/* total received */
	struct tui_find	*finds;
	uint64_t	 find_seq;
	struct tui_logline *logs;
	uint64_t	 log_seq;
};

struct tui {
	struct engine	*e;
	struct tui_opts	 o;
	struct tui_model m;
	struct tui_snap	 snap;

	/* terminal */
	bool		 started;
	int		 in_fd;
	FILE		*in_fp, *out_fp;
	bool		 own_tty;
	void		*screen;	/* SCREEN * */
	bool		 color;
	const char	*cut_mark;
	int		 saved_stderr;
	FILE		*stderr_tmp;

	/* view state */
	int		 screen_stack[8];
	int		 depth;
	bool		 quit;
	bool		 paused;
	bool		 by_flow;	/* 'g' */
	int		 sort;
	bool		 reverse;
	int		 only_label;	/* 0: all */
	char		 filter[TUI_FILTER_MAX];
	bool		 prompting;
	char		 prompt[TUI_FILTER_MAX];
	int		 rows, cols;
	uint64_t	 next_draw_us;
	unsigned	 refreshes;
	uint64_t	 start_us;

	/* the main table: visible entries of the snapshot, sorted */
	int		*vis;		/* TUI_MAX_FLOWS */
	int		 nvis;
	struct tui_list	 main_list;
	int		 sel_idx;	/* the selected entry, kept across */
	uint32_t	 sel_gen;	/* refreshes and sorts */

	/* the detail screen: what it shows */
	int		 det_kind;	/* 0 row, 1 flow, 2 dns, 3 finding */
	int		 det_idx;
	uint32_t	 det_gen;
	uint64_t	 det_seq;
	struct tui_srow	 det_srow;
	struct tui_doc	*doc;
	struct tui_list	 doc_list;
	struct tui_doc	*help;
	struct tui_list	 help_list;

	struct tui_list	 dns_list, find_list, log_list;
};

/* tui.c: the screen manager and drawing helpers. */
extern const struct tui_key tui_keys[];
extern const unsigned tui_nkeys;
int		 tui_attr(const struct tui *, int role);
int		 tui_label_role(int label);
const char	*tui_label_short(int label);
void		 tui_push(struct tui *, int screen);
int		 tui_current(const struct tui *);
/* Draws s at (y, x) in at most w cells, cut with the mark if longer. */
void		 tui_put(struct tui *, int y, int x, int w, const char *s,
		    bool cut, int attr);
/* Escapes raw wire text for the terminal; true when it fit. */
bool		 tui_esc(char *dst, size_t size, const char *s, size_t len);
/* 1234567 -> "1.2M"; fits in 6 bytes with the NUL. */
void		 tui_human(char buf[8], double v);
/* Seconds ago as "4s", "12m", "3h", "2d". */
void		 tui_ago(char buf[8], uint64_t now_us, uint64_t then_us);
void		 tui_clock(char buf[16], uint64_t ts_us);
void		 tui_status(struct tui *, const char *hint);
void		 tui_list_fix(struct tui_list *, int n, int page);
void		 tui_list_draw_bar(struct tui *, int y, const char *title);
const char	*tui_finding_name(int kind);
/* Appends a line (or several, wrapped at width) to a doc. */
void		 tui_doc_add(struct tui_doc *, int role, int width,
		    int indent, const char *fmt, ...) PW_PRINTFLIKE(5, 6);
void		 tui_doc_draw(struct tui *, struct tui_doc *,
		    struct tui_list *, const char *title);
void		 tui_build_visible(struct tui *);

/* tui-model.c */
int		 tui_model_init(struct tui_model *);
void		 tui_model_free(struct tui_model *);
void		 tui_model_sink(struct tui *, struct sink *);
void		 tui_model_refresh(struct tui *, uint64_t now_us);
void		 tui_model_snapshot(struct tui *, uint64_t now_us);
void		 tui_model_log(struct tui_model *, int level,
		    const char *line);
const struct tui_dns *tui_model_dns(const struct tui_model *, uint64_t seq);
const struct tui_find *tui_model_find(const struct tui_model *,
		    uint64_t seq);
const struct tui_logline *tui_model_logline(const struct tui_model *,
		    uint64_t seq);

/* The screens. */
extern const struct tui_screen tui_screen_main, tui_screen_detail,
		 tui_screen_dns, tui_screen_findings, tui_screen_log,
		 tui_screen_help;
void		 tui_detail_open(struct tui *, int kind, int idx,
		    uint32_t gen, uint64_t seq);
/* Records which entry the main table's cursor is on. */
void		 tui_main_select(struct tui *);

#endif
