/*
 * This file implements the heads/ folder of the public site (docs/SECURITY.md, "Merkle tree"): every
 * signed tree head of the audit chain ever published, so that the public and oversight hold copies
 * the bureau cannot rewrite. The site is rebuilt whole on each publish (io/publish.c), so the heads
 * of the site being replaced are copied into the new one first — never dropped, never overwritten —
 * and then the current head is added as heads/<size>-<first 16 hex digits of the root>.json (two
 * heads of one size with different roots, the trace of a rewritten chain, are both kept) and as
 * heads/latest.json (kept as it was when there is no new head: publish without the key). The
 * consistency proofs between successive heads (heads/consistency-M-…-N-….json) are kept the same way,
 * and the one between the replaced site's latest head and the current one is added.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/publish-internal.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* NNN-xxxxxxxxxxxxxxxx followed by "end": the length of the name matched, or 0 */
static size_t head_part(const char *n, const char *end)
{
	size_t d = strspn(n, "0123456789");
	if (d > 0 && d < 20 && n[d] == '-' && strspn(n + d + 1, "0123456789abcdef") >= 16 &&
	    !strncmp(n + d + 17, end, strlen(end)))
		return d + 17 + strlen(end);
	return 0;
}

/* heads/NNN-xxxxxxxxxxxxxxxx.json */
static int head_name(const char *n)
{
	size_t k = head_part(n, ".json");
	return k && !n[k];
}

/* heads/consistency-MMM-xxxxxxxxxxxxxxxx-NNN-xxxxxxxxxxxxxxxx.json: a proof between two heads */
static int consistency_name(const char *n)
{
	if (strncmp(n, "consistency-", 12))
		return 0;
	n += 12;
	size_t k = head_part(n, "-");
	size_t l = k ? head_part(n + k, ".json") : 0;
	return l && !n[k + l];
}

char *publish_latest_head(const char *dir, size_t *len, char **err)
{
	char *path = xasprintf("%s/heads/latest.json", dir);
	struct stat sb;
	char *text = NULL;
	*err = NULL;
	*len = 0;
	if (lstat(path, &sb)) {
		if (errno != ENOENT && errno != ENOTDIR)
			set_err(err, "无法读取原网站的链头 %s: %s", path, errno_zh(errno));
		free(path);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size > (1 << 20)) {
		set_err(err, "原网站的链头 %s 不是普通文件或过大", path);
		free(path);
		return NULL;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		set_err(err, "无法读取原网站的链头 %s: %s", path, errno_zh(errno));
		free(path);
		return NULL;
	}
	struct strbuf data = STRBUF_INIT;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&data, buf, n);
	if (ferror(f)) {
		set_err(err, "无法读取原网站的链头 %s: %s", path, errno_zh(errno ? errno : EIO));
		strbuf_release(&data);
	} else {
		*len = data.len;
		text = data.buf ? strbuf_detach(&data) : xstrdup("");
	}
	fclose(f);
	free(path);
	return text;
}

/* Copies the old site's head "name" into "dir" (heads/ of the new site); -1 with *err. */
static int copy_head(const char *from, const char *dir, const char *name, long *count, char **err)
{
	char *path = xasprintf("%s/%s", from, name);
	struct stat sb;
	FILE *f = NULL;
	int rc = -1;
	if (lstat(path, &sb) || !S_ISREG(sb.st_mode) || sb.st_size > (1 << 20)) {
		set_err(err, "原网站的链头 %s 不是普通文件或过大，未生成新网站（已公开的链头不能丢失）",
			path);
		goto out;
	}
	struct strbuf data = STRBUF_INIT;
	char buf[8192];
	size_t n;
	if (!(f = fopen(path, "rb"))) {
		set_err(err, "无法读取原网站的链头 %s: %s", path, errno_zh(errno));
		goto out;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&data, buf, n);
	if (ferror(f))
		set_err(err, "无法读取原网站的链头 %s: %s", path, errno_zh(errno ? errno : EIO));
	else
		rc = pub_write(dir, name, data.buf ? data.buf : "", data.len, count, err);
	strbuf_release(&data);
	fclose(f);
out:
	free(path);
	return rc;
}

int publish_heads(const char *old_site, const char *site_dir, const struct pub_site *site, long *count,
		  char **err)
{
	char *dir = xasprintf("%s/heads", site_dir), *old = xasprintf("%s/heads", old_site);
	char *mine = NULL;
	int rc = -1;
	if (pub_mkdir(dir, err))
		goto out;
	if (site->head)
		mine = xasprintf("%ld-%.16s.json", site->head_seq, site->head_root);
	DIR *d = opendir(old);
	if (!d && errno != ENOENT) {
		set_err(err, "无法读取原网站的链头目录 %s: %s", old, errno_zh(errno));
		goto out;
	}
	int have_mine = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		/* without a new head, the old latest.json stays the latest */
		if (!head_name(e->d_name) && !consistency_name(e->d_name) &&
		    (site->head || strcmp(e->d_name, "latest.json")))
			continue;
		if (copy_head(old, dir, e->d_name, count, err)) {
			closedir(d);
			goto out;
		}
		have_mine |= mine && !strcmp(e->d_name, mine);
	}
	if (d)
		closedir(d);
	if (site->head) {
		size_t len = strlen(site->head);
		/* a head of the same size and root published before is kept as it was (its time is earlier)
		 */
		if ((!have_mine && pub_write(dir, mine, site->head, len, count, err)) ||
		    pub_write(dir, "latest.json", site->head, len, count, err))
			goto out;
	}
	/* the proof that this head extends the previous one (a file of that name was copied: the same) */
	if (site->consistency && consistency_name(site->consistency_name)) {
		char *path = xasprintf("%s/%s", dir, site->consistency_name);
		struct stat sb;
		int have = !lstat(path, &sb);
		free(path);
		if (!have && pub_write(dir, site->consistency_name, site->consistency,
				       strlen(site->consistency), count, err))
			goto out;
	}
	rc = 0;
out:
	free(mine);
	free(dir);
	free(old);
	return rc;
}
