/*
 * This file implements atomic, checked output files and directories (see outfile.h).
 */
#include "io/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/xalloc.h"

struct outfile {
	char *path, *tmp;
	FILE *fp;
};

struct outdir {
	char *path, *tmp;
	int existed;
};

/* The directory part of "path" ("." when none) and the base name, both allocated. */
static void split_path(const char *path, char **dir, char **base)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		*dir = xstrdup(".");
		*base = xstrdup(path);
	} else if (slash == path) {
		*dir = xstrdup("/");
		*base = xstrdup(slash + 1);
	} else {
		*dir = xstrndup(path, (size_t)(slash - path));
		*base = xstrdup(slash + 1);
	}
}

static const char *write_errno_zh(int e)
{
	switch (e) {
	case ENOSPC:
	case EDQUOT:
		return "磁盘空间不足";
	case EACCES:
	case EPERM:
		return "没有写入权限";
	case ENOENT:
		return "所在目录不存在";
	case EROFS:
		return "文件系统只读";
	case EIO:
		return "输入输出错误";
	default:
		return errno_zh(e);
	}
}

/* Refuses a target that is a symbolic link or not a regular file (want_dir: not a directory). */
static int check_target(const char *path, int want_dir, int *exists, char **err)
{
	struct stat st;
	*exists = 0;
	if (!*path)
		return set_err(err, "输出文件名为空");
	if (lstat(path, &st)) {
		if (errno == ENOENT)
			return 0;
		return set_err(err, "无法写入 %s: %s", path, write_errno_zh(errno));
	}
	*exists = 1;
	if (S_ISLNK(st.st_mode))
		return set_err(err, "输出位置 %s 是符号链接，拒绝通过符号链接写入（请指定真实路径）", path);
	if (want_dir && !S_ISDIR(st.st_mode))
		return set_err(err, "输出位置 %s 已存在且不是目录", path);
	if (!want_dir && S_ISDIR(st.st_mode))
		return set_err(err, "输出位置 %s 是目录，不是文件", path);
	if (!want_dir && !S_ISREG(st.st_mode))
		return set_err(err, "输出位置 %s 不是普通文件（设备、管道等），拒绝写入", path);
	return 0;
}

static mode_t current_umask(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return mask;
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	if (rc && (errno == EINVAL || errno == EROFS))
		rc = 0; /* file systems that cannot sync a directory */
	close(fd);
	return rc;
}

int outfile_check_target(const char *path, char **err)
{
	int exists;
	return check_target(path, 0, &exists, err);
}

struct outfile *outfile_open(const char *path, int mode, char **err)
{
	int exists;
	if (check_target(path, 0, &exists, err))
		return NULL;
	char *dir, *base;
	split_path(path, &dir, &base);
	struct outfile *o = xcalloc(1, sizeof(*o));
	o->path = xstrdup(path);
	o->tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
	free(dir);
	free(base);
	int fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0) {
		set_err(err, "无法写入 %s: %s", path, write_errno_zh(errno));
		goto fail;
	}
	if (mode != 0600) {
		if (fchmod(fd, (mode_t)mode & ~current_umask())) {
			set_err(err, "无法写入 %s: %s", path, write_errno_zh(errno));
			close(fd);
			unlink(o->tmp);
			goto fail;
		}
	}
	o->fp = fdopen(fd, "wb");
	if (!o->fp) {
		set_err(err, "无法写入 %s: %s", path, write_errno_zh(errno));
		close(fd);
		unlink(o->tmp);
		goto fail;
	}
	return o;
fail:
	free(o->path);
	free(o->tmp);
	free(o);
	return NULL;
}

FILE *outfile_fp(struct outfile *o)
{
	return o->fp;
}

const char *outfile_by_name(struct outfile *o)
{
	if (o->fp) {
		fclose(o->fp);
		o->fp = NULL;
	}
	return o->tmp;
}

static void outfile_free(struct outfile *o)
{
	free(o->path);
	free(o->tmp);
	free(o);
}

void outfile_abort(struct outfile *o)
{
	if (!o)
		return;
	if (o->fp)
		fclose(o->fp);
	unlink(o->tmp);
	outfile_free(o);
}

int outfile_commit(struct outfile *o, char **err)
{
	int e = 0;
	if (o->fp) {
		if (fflush(o->fp) || ferror(o->fp))
			e = errno ? errno : EIO;
		if (!e && fsync(fileno(o->fp)))
			e = errno;
		if (fclose(o->fp) && !e)
			e = errno ? errno : EIO;
		o->fp = NULL;
	} else {
		int fd = open(o->tmp, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fsync(fd))
			e = errno;
		if (fd >= 0)
			close(fd);
	}
	int exists;
	char *why = NULL;
	if (!e && check_target(o->path, 0, &exists, &why)) { /* replaced by a link meanwhile */
		set_err(err, "%s", why);
		free(why);
		unlink(o->tmp);
		outfile_free(o);
		return -1;
	}
	if (!e && rename(o->tmp, o->path))
		e = errno;
	if (e) {
		unlink(o->tmp);
		set_err(err, "写入 %s 失败: %s（原有文件未改动）", o->path, write_errno_zh(e));
		outfile_free(o);
		return -1;
	}
	char *dir, *base;
	split_path(o->path, &dir, &base);
	int rc = 0;
	if (sync_dir(dir))
		rc = set_err(err, "写入 %s 后同步目录失败: %s", o->path, write_errno_zh(errno));
	free(dir);
	free(base);
	outfile_free(o);
	return rc;
}

int outfile_write(const char *path, const void *data, size_t len, int mode, char **err)
{
	struct outfile *o = outfile_open(path, mode, err);
	if (!o)
		return -1;
	if (len && fwrite(data, 1, len, o->fp) != len) {
		int e = errno;
		outfile_abort(o);
		return set_err(err, "写入 %s 失败: %s（原有文件未改动）", path, write_errno_zh(e ? e : EIO));
	}
	return outfile_commit(o, err);
}

/* ---- directories ---- */

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static int rm_tree(const char *path)
{
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int sync_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	int fd = open(p, O_RDONLY | O_CLOEXEC | (flag == FTW_DP || flag == FTW_D ? O_DIRECTORY : 0));
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	if (rc && (errno == EINVAL || errno == EROFS))
		rc = 0;
	close(fd);
	return rc;
}

static int dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return 0;
	struct dirent *e;
	int empty = 1;
	while (empty && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

struct outdir *outdir_open(const char *path, char **err)
{
	int exists;
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	const char *last = path + len;
	while (last > path && last[-1] != '/')
		last--;
	size_t blen = (size_t)(path + len - last);
	if (!blen || *last == '/' || (blen == 1 && *last == '.') || (blen == 2 && !strncmp(last, "..", 2)))
		return set_err(err, "请用目录名指定网站目录（如 --out 公开网站），不能是 %s：它会被整体替换",
			       path),
		       NULL;
	if (check_target(path, 1, &exists, err))
		return NULL;
	if (exists) {
		/* it is replaced whole: only an empty directory or a site written before */
		char *index = xasprintf("%s/index.html", path);
		int site = access(index, F_OK) == 0;
		free(index);
		if (!site && !dir_is_empty(path)) {
			set_err(err,
				"目录 %s 不是空目录，也不是以前生成的公开网站（没有 index.html）；"
				"生成时会整体替换该目录，请指定空目录或新目录",
				path);
			return NULL;
		}
	}
	char *parent, *base;
	char *trimmed = xstrdup(path);
	for (size_t n = strlen(trimmed); n > 1 && trimmed[n - 1] == '/'; n--)
		trimmed[n - 1] = '\0';
	split_path(trimmed, &parent, &base);
	struct outdir *d = xcalloc(1, sizeof(*d));
	d->path = trimmed;
	d->existed = exists;
	d->tmp = xasprintf("%s/.%s.XXXXXX", parent, base);
	free(parent);
	free(base);
	if (!mkdtemp(d->tmp)) {
		set_err(err, "无法在 %s 旁创建临时目录: %s", path, write_errno_zh(errno));
		free(d->tmp);
		free(d->path);
		free(d);
		return NULL;
	}
	chmod(d->tmp, 0755 & ~current_umask());
	return d;
}

const char *outdir_path(const struct outdir *d)
{
	return d->tmp;
}

static void outdir_free(struct outdir *d)
{
	free(d->path);
	free(d->tmp);
	free(d);
}

void outdir_abort(struct outdir *d)
{
	if (!d)
		return;
	rm_tree(d->tmp);
	outdir_free(d);
}

int outdir_commit(struct outdir *d, char **err)
{
	if (nftw(d->tmp, sync_one, 16, FTW_DEPTH | FTW_PHYS)) {
		int e = errno;
		set_err(err, "写入 %s 失败: %s（原有内容未改动）", d->path, write_errno_zh(e ? e : EIO));
		outdir_abort(d);
		return -1;
	}
	int exists;
	char *why = NULL;
	if (check_target(d->path, 1, &exists, &why)) {
		set_err(err, "%s", why);
		free(why);
		outdir_abort(d);
		return -1;
	}
	if (!exists) {
		if (rename(d->tmp, d->path)) {
			int e = errno;
			set_err(err, "无法把新网站放到 %s: %s", d->path, write_errno_zh(e));
			outdir_abort(d);
			return -1;
		}
	} else if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->path, RENAME_EXCHANGE)) {
		/* no atomic exchange here: move the old one aside, then the new one in */
		char *old = xasprintf("%s.old", d->tmp);
		if (rename(d->path, old)) {
			int e = errno;
			set_err(err, "无法替换 %s: %s（原有内容未改动）", d->path, write_errno_zh(e));
			free(old);
			outdir_abort(d);
			return -1;
		}
		if (rename(d->tmp, d->path)) {
			int e = errno;
			rename(old, d->path);
			set_err(err, "无法替换 %s: %s（原有内容未改动）", d->path, write_errno_zh(e));
			free(old);
			outdir_abort(d);
			return -1;
		}
		rm_tree(old);
		free(old);
	} else {
		rm_tree(d->tmp); /* now the old site */
	}
	char *parent, *base;
	split_path(d->path, &parent, &base);
	int rc = 0;
	if (sync_dir(parent))
		rc = set_err(err, "替换 %s 后同步目录失败: %s", d->path, write_errno_zh(errno));
	free(parent);
	free(base);
	outdir_free(d);
	return rc;
}
