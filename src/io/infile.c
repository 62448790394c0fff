/*
 * This file implements the checked opening of input files (see infile.h). The file is opened with
 * O_NONBLOCK so that opening a FIFO does not wait for a writer; the checks run on the descriptor.
 */
#include "io/infile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"

static void human(int64_t n, char buf[32])
{
	if (n >= ((int64_t)1 << 30) && n % ((int64_t)1 << 30) == 0)
		snprintf(buf, 32, "%lld GiB", (long long)(n >> 30));
	else if (n >= ((int64_t)1 << 20))
		snprintf(buf, 32, "%lld MiB", (long long)(n >> 20));
	else
		snprintf(buf, 32, "%lld 字节", (long long)n);
}

FILE *infile_open(const char *path, int64_t max, int64_t *size, char **err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT)
			set_err(err, "文件“%s”不存在", path);
		else if (e == EACCES)
			set_err(err, "没有读取文件“%s”的权限", path);
		else
			set_err(err, "无法打开文件“%s”（%s）", path, errno_zh(e));
		errno = e;
		return NULL;
	}
	struct stat st;
	errno = 0;
	if (fstat(fd, &st)) {
		set_err(err, "无法读取文件“%s”（%s）", path, errno_zh(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		set_err(err, "“%s”%s", path,
			S_ISDIR(st.st_mode)    ? "是目录，不是文件"
			: S_ISFIFO(st.st_mode) ? "是管道（FIFO），不是普通文件，拒绝读取"
			: S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "是设备，不是普通文件，拒绝读取"
								     : "不是普通文件，拒绝读取");
		close(fd);
		return NULL;
	}
	if ((int64_t)st.st_size > max) {
		char lim[32];
		human(max, lim);
		set_err(err, "文件“%s”过大（%lld 字节，上限 %s）", path, (long long)st.st_size, lim);
		close(fd);
		return NULL;
	}
	int flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	FILE *fp = fdopen(fd, "rb");
	if (!fp) {
		set_err(err, "无法打开文件“%s”（%s）", path, errno_zh(errno));
		close(fd);
		return NULL;
	}
	if (size)
		*size = (int64_t)st.st_size;
	return fp;
}
