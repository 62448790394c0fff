/*
 * This file implements "suiji verify": the independent check of a published draw package, with no
 * database. It reads the package strictly (duplicate keys, reals and control characters refused),
 * prints a short summary (with inputs_hash and salt_commitment, to compare with the announcement) and
 * either "核验通过" (exit 0) or the first difference (exit 1). It fails closed: a package must carry a
 * valid signature (member "signature", core/sign.h), whose key and fingerprint are printed, unless
 * --unsigned-ok; with --key the signature must be by that key (the bureau's published public key).
 *
 *   suiji verify 抽取包.json [--key 本局公钥.pem|十六进制] [--unsigned-ok]
 *   suiji verify --compute 输入.json 盐值(64位十六进制) 公开随机数
 *
 * The second form computes the result of a draw from its inputs, salt and beacon and prints it in
 * canonical JSON: what tools/verify.py --compute prints too, so the two implementations can be
 * compared byte for byte (docs/DRAW.md, "Verifying a draw").
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "io/infile.h"
#include "core/cj.h"
#include "core/draw.h"
#include "core/hash.h"
#include "core/sign.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct verify_opts {
	int unsigned_ok;
	char want[65];	  /* --key: the public key the package must be signed with, hex; "" when not given */
	char want_fp[40]; /* its fingerprint */
};

static const char usage_text[] = "suiji verify 抽取包.json [--key 本局公钥.pem|十六进制] [--unsigned-ok]\n"
				 "       suiji verify --compute 输入.json 盐值 公开随机数";

/* Reads "path" whole into "sb"; returns 0, or -1 after printing why. */
int read_file(const char *path, struct strbuf *sb)
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
		return error("读取 “%s” 失败：%s", path, e == EISDIR ? "这是一个目录" : errno_zh(e));
	return 0;
}

/* --key: 64 hex digits, or a PEM public key file ("suiji key export"); 0, or -1 after printing why. */
int load_public(const char *arg, char hex[65])
{
	unsigned char raw[SIGN_PUBLIC_BYTES];
	if (!sign_hex_decode(arg, raw, sizeof(raw))) {
		hex_encode(raw, sizeof(raw), hex);
		return 0;
	}
	struct strbuf pem = STRBUF_INIT;
	char *err = NULL;
	int rc = read_file(arg, &pem);
	if (!rc && sign_public_from_pem(strbuf_str(&pem), pem.len, raw, &err))
		rc = error("--key %s: %s", arg, err);
	free(err);
	strbuf_release(&pem);
	if (!rc)
		hex_encode(raw, sizeof(raw), hex);
	return rc;
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
	summary_line(ann, "inputs_hash", "inputs_hash");
	summary_line(ann, "salt_commitment", "salt_commitment");
	const json_t *visits = json_object_get(json_object_get(package, "result"), "visits");
	if (json_is_array(visits))
		printf("抽取对象: %zu 家\n", json_array_size(visits));
	fflush(stdout);
}

/*
 * What the verifier demands of the signature (docs/DRAW.md, "Verifying"): a valid one unless
 * --unsigned-ok; with --key, one made by that key. "pub" is the key that signed ("" when unsigned).
 * Prints the key and its fingerprint; 0 when acceptable, or 1 after printing why not.
 */
static int signature_policy(const char *pub, const struct verify_opts *vo)
{
	char fp[40];
	if (!*pub) {
		if (*vo->want)
			return error("抽取包没有签名，而 --key 指定了本局公钥（指纹 %s）：拒绝", vo->want_fp),
			       1;
		if (!vo->unsigned_ok)
			return error("抽取包没有签名：无法确认它出自本局，拒绝。如确需核验未签名的抽取包（只"
				     "核对内容能否"
				     "重现），请加 --unsigned-ok"),
			       1;
		warning("抽取包没有签名（--unsigned-ok）：只核对内容能否重现，不能确认它出自哪个单位");
		printf("签名: 无\n");
		return 0;
	}
	sign_fingerprint(pub, fp);
	printf("签名: 有效（Ed25519，公钥 %s）\n公钥指纹: %s\n", pub, fp);
	if (*vo->want && strcmp(pub, vo->want))
		return error("抽取包由另一把密钥签名（指纹 %s），不是 --key 指定的公钥（指纹 %s）：拒绝", fp,
			     vo->want_fp),
		       1;
	if (*vo->want)
		printf("签名公钥与 --key 指定的公钥一致\n");
	return 0;
}

static int verify_file(const char *path, const struct verify_opts *vo)
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
		printf("inputs_hash: %s\nsalt_commitment: %s\n", sum.inputs_hash, sum.salt_commitment);
		printf("抽取对象: %zu 家\n", sum.visits);
		int bad = signature_policy(sum.public_key, vo);
		if (!bad)
			printf("核验通过\n");
		package_summary_release(&sum);
		return bad;
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
	char pub[65] = "", *err = NULL;
	int sig = sign_json_check(package, pub, &err);
	if (sig < 0) {
		json_decref(package);
		error("%s", err);
		free(err);
		return 1;
	}
	if (!sig)
		pub[0] = '\0';
	char *difference = NULL;
	int rc = package_verify(package, &difference);
	json_decref(package);
	if (rc > 0)
		error("核验未通过：%s", difference);
	else if (rc < 0)
		error("抽取包无效：%s", difference);
	else if (signature_policy(pub, vo))
		rc = 1;
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
	static const struct option opts[] = {
	    {"key", required_argument, 0, 'k'}, {"unsigned-ok", no_argument, 0, 'u'}, {0, 0, 0, 0}};
	struct verify_opts vo = {0};
	const char *key = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c == 'k')
			key = optarg;
		else if (c == 'u')
			vo.unsigned_ok = 1;
		else
			die_usage("%s", usage_text);
	}
	if (argc - optind != 1)
		die_usage("%s", usage_text);
	if (key && load_public(key, vo.want))
		return 1;
	if (key)
		sign_fingerprint(vo.want, vo.want_fp);
	return verify_file(argv[optind], &vo);
}
