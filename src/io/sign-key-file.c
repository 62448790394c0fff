/*
 * This file implements the reading of the signing key file (io/sign-key-file.h).
 */
#include "io/sign-key-file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sign.h"
#include "io/infile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

int sign_key_file_load(const char *path, struct sign_key **k, char **err)
{
	*k = NULL;
	if (access(path, F_OK) && errno == ENOENT)
		return 1;
	FILE *f = infile_open(path, 1 << 16, NULL, err);
	if (!f)
		return -1;
	struct strbuf pem = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&pem, buf, n);
	explicit_bzero(buf, sizeof(buf));
	int bad = ferror(f);
	fclose(f);
	char *why = NULL;
	if (!bad)
		*k = sign_key_from_pem(strbuf_str(&pem), pem.len, &why);
	size_t alloc = pem.alloc;
	sign_secret_free(strbuf_detach(&pem), alloc ? alloc : 1);
	if (bad) {
		*err = xasprintf("读取私钥文件 %s 失败", path);
		return -1;
	}
	if (!*k) {
		*err = xasprintf("私钥文件 %s: %s", path, why ? why : "不是私钥");
		free(why);
		return -1;
	}
	return 0;
}
