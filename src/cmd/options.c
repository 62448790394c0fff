/*
 * This file implements cmd_getopt(), the one wrapper every subcommand's option loop calls instead of
 * getopt_long(): getopt's own English messages ("unrecognized option", "requires an argument") are
 * silenced (opterr = 0) and replaced by a Chinese message that names the option; the caller then sees
 * '?' and prints its usage as before.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

/* The option as the user wrote it: "--name" (without "=value") or "-c". */
static void option_name(char *buf, size_t size, int argc, char **argv)
{
	const char *a = optind - 1 >= 1 && optind - 1 < argc ? argv[optind - 1] : NULL;
	if (a && !strncmp(a, "--", 2)) {
		size_t n = strcspn(a, "=");
		snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), a);
	} else if (optopt > ' ' && optopt < 127) {
		snprintf(buf, size, "-%c", optopt);
	} else {
		snprintf(buf, size, "%s", a ? a : "?");
	}
}

/* Whether the long option named in "arg" (--name=value) exists and takes no value. */
static int takes_no_value(const char *arg, const struct option *longopts)
{
	if (strncmp(arg, "--", 2) || !strchr(arg, '='))
		return 0;
	size_t n = strcspn(arg + 2, "=");
	for (const struct option *o = longopts; o && o->name; o++)
		if (strlen(o->name) == n && !strncmp(o->name, arg + 2, n))
			return o->has_arg == no_argument;
	return 0;
}

int cmd_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	char spec[64];
	snprintf(spec, sizeof(spec), ":%s", shortopts);
	opterr = 0;
	int c = getopt_long(argc, argv, spec, longopts, NULL);
	if (c != '?' && c != ':')
		return c;
	char name[128];
	option_name(name, sizeof(name), argc, argv);
	const char *a = optind - 1 >= 1 && optind - 1 < argc ? argv[optind - 1] : "";
	if (c == ':')
		fprintf(stderr, "用法错误: 选项“%s”需要一个值\n", name);
	else if (takes_no_value(a, longopts))
		fprintf(stderr, "用法错误: 选项“%s”不接受值\n", name);
	else
		fprintf(stderr, "用法错误: 未知选项“%s”（或有歧义的缩写）\n", name);
	return '?';
}
