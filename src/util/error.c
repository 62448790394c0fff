/*
 * This file implements the error helpers declared in error.h.
 */
#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "xalloc.h"
#include "strbuf.h"

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("错误: ", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("警告: ", fmt, ap);
	va_end(ap);
}

void die_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("用法错误: ", fmt, ap);
	va_end(ap);
	exit(EXIT_USAGE);
}

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("严重错误: ", fmt, ap);
	va_end(ap);
	exit(1);
}

int set_err(char **err, const char *fmt, ...)
{
	if (err) {
		struct strbuf sb = STRBUF_INIT;
		va_list ap;
		va_start(ap, fmt);
		strbuf_vaddf(&sb, fmt, ap);
		va_end(ap);
		free(*err);
		*err = strbuf_detach(&sb);
	}
	return -1;
}

const char *errno_zh(int e)
{
	static _Thread_local char buf[48];
	switch (e) {
	case ENOENT:
		return "文件不存在";
	case EACCES:
	case EPERM:
		return "没有权限";
	case ENOSPC:
		return "磁盘空间不足";
	case EDQUOT:
		return "超出磁盘配额";
	case EROFS:
		return "文件系统只读";
	case EIO:
		return "输入输出错误";
	case EISDIR:
		return "这是一个目录";
	case ENOTDIR:
		return "路径中有一项不是目录";
	case EEXIST:
		return "文件已存在";
	case ENAMETOOLONG:
		return "文件名过长";
	case ELOOP:
		return "符号链接层数过多";
	case EMFILE:
	case ENFILE:
		return "打开的文件过多";
	case ENOMEM:
		return "内存不足";
	case EBUSY:
		return "设备或资源忙";
	case EXDEV:
		return "不能跨文件系统移动";
	case EFBIG:
		return "文件过大";
	case ETXTBSY:
		return "文件正被使用";
	default:
		snprintf(buf, sizeof(buf), "系统错误（errno %d）", e);
		return buf;
	}
}
