/*
 * This file implements reading a password on the command line: from the terminal without echo
 * when standard input is one, otherwise one line from standard input (for scripts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "util/error.h"

char *read_password(const char *prompt)
{
	int tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		fprintf(stderr, "%s: ", prompt);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		} else {
			tty = 0;
		}
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (n > 0 && line[n - 1] == '\n')
		line[--n] = 0;
	if (n > 0 && line[n - 1] == '\r')
		line[--n] = 0;
	if (n <= 0) {
		free(line);
		error("没有读到口令：%s（非终端时从标准输入读一行）", prompt);
		return NULL;
	}
	return line;
}
