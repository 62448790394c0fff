/*
 * This file implements "suiji verify": the independent check of a published draw package, with no
 * database. It reads the package strictly (duplicate keys, reals and control characters refused),
 * prints a short summary and either "核验通过" (exit 0) or the first difference (exit 1). A package
 * signed by the bureau (member "signature", core/sign.h) must carry a valid signature; the summary
 * then names the key that signed.
 *
 *   suiji verify 抽取包.json
 *   suiji verify --compute 输入.json 盐值(64位十六进制) 公开随机数
 *
 * The second form computes the result of a draw from its inputs, salt and beacon and prints it in
 * canonical JSON: what tools/verify.py --compute prints too, so the two implementations can be
 * compared byte for byte (docs/DRAW.md, "Verifying a draw").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "io/infile.h"
#include "core/cj.h"
#include "core/draw.h"
#include "core/sign.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] = "suiji verify 抽取包.json\n"
				 "       suiji verify --compute 输入.json 盐值 公开随机数";

/* Reads "path" whole into "sb"; returns 0, or -1 after printing why. */
static int read_file(const char *path, struct strbuf *sb)
{
	char *why = NULL;
	int64_t size = 0;
	FILE *fp = infile_open(path, INFILE_MAX_PACKAGE, &size, &why);
	if (!fp) {
		int e = errno;
		if (e == ENOENT || e == EACCES)
			error("无法打开 “%s”：%s", path, e == ENOENT ? "文件不存在" : "没有读取权限");
		else
			error("%s", why);
		free(why);
		return -1;
	}
	if (size > 0)
		strbuf_grow(sb, (size_t)size); /* a package can be hundreds of megabytes */
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(sb, buf, n);
	int failed = ferror(fp);
	int e = errno;
	fclose(fp);
	if (failed)
		return error("读取 “%s” 失败：%s", path, e == EISDIR ? "这是一个目录" : strerror(e));
	return 0;
}

/* Loads "path" strictly as JSON; NULL after printing the file, line, column or path and reason. */
static json_t *load_json(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	if (read_file(path, &sb)) {
		strbuf_release(&sb);
		return NULL;
	}
	char *err = NULL;
	json_t *v = cj_load(strbuf_str(&sb), sb.len, &err);
	strbuf_release(&sb);
	if (!v) {
		error("“%s” 不是有效的抽取包 JSON：%s", path, err);
		free(err);
	}
	return v;
}

static void summary_line(const json_t *obj, const char *key, const char *label)
{
	const json_t *v = json_object_get(obj, key);
	if (json_is_string(v))
		printf("%s: %s\n", label, json_string_value(v));
}

static void print_summary(const json_t *package)
{
	const json_t *ann = json_object_get(package, "announcement");
	summary_line(package, "protocol", "协议");
	summary_line(ann, "org", "单位");
	summary_line(ann, "announced_at", "公告时间");
	summary_line(ann, "beacon_source", "公开随机数来源");
	const json_t *visits = json_object_get(json_object_get(package, "result"), "visits");
	if (json_is_array(visits))
		printf("抽取对象: %zu 家\n", json_array_size(visits));
	fflush(stdout);
}

static int verify_file(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	if (read_file(path, &sb)) {
		strbuf_release(&sb);
		return 1;
	}
	/* a package in canonical form (as exported) is verified without a tree of its frame; anything
	 * else, and anything that does not reproduce, goes the general way below, which names why */
	struct package_summary sum;
	if (sb.len && package_verify_text(sb.buf, sb.len, &sum)) {
		strbuf_release(&sb);
		printf("协议: %s\n", DRAW_PROTOCOL);
		if (sum.org)
			printf("单位: %s\n", sum.org);
		if (sum.announced_at)
			printf("公告时间: %s\n", sum.announced_at);
		if (sum.beacon_source)
			printf("公开随机数来源: %s\n", sum.beacon_source);
		printf("抽取对象: %zu 家\n", sum.visits);
		if (*sum.public_key)
			printf("签名: 有效（Ed25519，公钥 %s）\n", sum.public_key);
		printf("核验通过\n");
		package_summary_release(&sum);
		return 0;
	}
	strbuf_release(&sb);
	json_t *package = load_json(path);
	if (!package)
		return 1;
	if (!json_is_object(package)) {
		json_decref(package);
		error("“%s” 不是抽取包：顶层应为对象", path);
		return 1;
	}
	print_summary(package);
	/* a signature, when present, must verify (docs/SECURITY.md); the key that signed is printed */
	char pub[65], *err = NULL;
	int sig = sign_json_check(package, pub, &err);
	if (sig < 0) {
		json_decref(package);
		error("%s", err);
		free(err);
		return 1;
	}
	if (sig)
		printf("签名: 有效（Ed25519，公钥 %s）\n", pub);
	char *difference = NULL;
	int rc = package_verify(package, &difference);
	json_decref(package);
	if (rc > 0)
		error("核验未通过：%s", difference);
	else if (rc < 0)
		error("抽取包无效：%s", difference);
	else
		printf("核验通过\n");
	free(difference);
	return rc ? 1 : 0;
}

static int compute(const char *inputs_path, const char *salt_hex, const char *beacon)
{
	unsigned char salt[32];
	if (draw_unhex(salt_hex, salt, 32))
		die_usage("盐值应为 64 位小写十六进制数字（实为 “%s”）", salt_hex);
	json_t *inputs = load_json(inputs_path);
	if (!inputs)
		return 1;
	json_t *result = NULL;
	char *err = NULL;
	int rc = draw_compute(inputs, salt, beacon, &result, &err);
	json_decref(inputs);
	if (rc) {
		error("无法计算抽取结果：%s", err);
		free(err);
		return 1;
	}
	size_t len = 0;
	char *cj = cj_dump(result, &len, &err);
	json_decref(result);
	if (!cj) {
		error("%s", err);
		free(err);
		return 1;
	}
	fwrite(cj, 1, len, stdout);
	fputc('\n', stdout);
	free(cj);
	if (fflush(stdout)) {
		error("写出结果失败");
		return 1;
	}
	return 0;
}

int cmd_verify(int argc, char **argv, struct ctx *ctx)
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("用法: %s\n", usage_text);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "--compute")) {
		if (argc != 5)
			die_usage("%s", usage_text);
		return compute(argv[2], argv[3], argv[4]);
	}
	if (argc != 2 || argv[1][0] == '-')
		die_usage("%s", usage_text);
	return verify_file(argv[1]);
}
