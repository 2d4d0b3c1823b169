/*
 * filters-data.h: the default data files of filters/, compiled in by
 * tools/embed-text.sh (see mk/data.mk).  Each text is the file's bytes,
 * NUL-terminated; the format is documented at the top of each file.
 */
#ifndef PW_FILTERS_DATA_H
#define PW_FILTERS_DATA_H

extern const char filters_zones_txt[];		/* filters/zones.txt */
extern const char filters_microsoft_asns_txt[];	/* filters/microsoft-asns.txt */
extern const char filters_platform_txt[];	/* filters/platform.txt */
extern const char filters_private_txt[];	/* filters/private.txt */
extern const char filters_bpf_presets_txt[];	/* filters/bpf-presets.txt */

struct filters_file {
	const char	*name;		/* "filters/zones.txt" */
	const char	*text;
};

/* Every embedded file, ended by { NULL, NULL }, for reports and dumps. */
extern const struct filters_file filters_files[];

#endif
