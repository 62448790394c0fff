/*
 * This file implements the salt key file (io/secret-key.h): created with O_EXCL and mode 0600, synced
 * with its directory, read back only when it is a regular file that only its owner can read.
 */
#include "io/secret-key.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/draw.h"
#include "util/error.h"
#include "util/xalloc.h"

static int create_key(const char *path, char **err)
{
	unsigned char key[32];
	char text[66];
	if (RAND_bytes(key, sizeof(key)) != 1)
		return set_err(err, "无法生成盐值密钥（随机数）");
	draw_hex(key, 32, text);
	text[64] = '\n';
	text[65] = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return set_err(err, "无法创建盐值密钥文件 %s: %s", path, strerror(errno));
	int ok = write(fd, text, 65) == 65 && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (ok) {
		char *copy = xstrdup(path);
		int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		free(copy);
		if (dfd >= 0) {
			(void)fsync(dfd);
			close(dfd);
		}
	}
	memset(key, 0, sizeof(key));
	memset(text, 0, sizeof(text));
	if (!ok) {
		unlink(path);
		return set_err(err, "写入盐值密钥文件 %s 失败: %s", path, strerror(errno));
	}
	return 0;
}

int secret_key_load(const char *path, unsigned char key[32], int create, char **err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		if (!create)
			return 1;
		if (create_key(path, err))
			return -1;
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0)
		return set_err(err, "无法读取盐值密钥文件 %s: %s", path, strerror(errno));
	struct stat sb;
	char text[80];
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode) || (sb.st_mode & 077)) {
		close(fd);
		return set_err(err, "盐值密钥文件 %s 不是只有所有者可读写的普通文件（应为 0600）", path);
	}
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 64 || draw_unhex((text[64] = 0, text), key, 32)) {
		memset(text, 0, sizeof(text));
		return set_err(err, "盐值密钥文件 %s 已损坏（应为 64 位十六进制数字）", path);
	}
	memset(text, 0, sizeof(text));
	return 0;
}
