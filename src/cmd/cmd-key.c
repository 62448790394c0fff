/*
 * This file implements the bureau's signing key on the command line, and the helpers other commands
 * call to sign (see cmd.h):
 *
 *   suiji key show                       the key in use, its file, whether the two match
 *   suiji key export [-o 文件] [--hex]    the public key (PEM, or hex) to hand to oversight and the public
 *   suiji key create [--rotate]          a key for a database made without one, or a new key in use
 *   suiji key sign 文件 [-o 签名文件]      a detached signature (默认 文件.sig)
 *   suiji key sign --json 文件.json [-o 输出]  the signature inside a JSON object (a draw package):
 *                                        member "signature", written back in canonical JSON
 *   suiji key verify 文件 签名文件 [--public-key 公钥]
 *
 * The private key lives in a file beside the database, "<数据库>.key" (SUIJI_KEY names another),
 * PKCS#8 PEM, mode 0600, never in the database: a copy of the database (a backup, a file handed to
 * oversight) cannot sign. Its public half is registered in the database under the audit subject "org".
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "op/key.h"
#include "op/org.h"
#include "core/cj.h"
#include "core/sign.h"
#include "io/infile.h"
#include "io/outfile.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] = "suiji key show|export|create|sign|verify …\n"
				 "  suiji key export [-o 文件] [--hex]\n"
				 "  suiji key create [--rotate]\n"
				 "  suiji key sign 文件 [-o 签名文件]\n"
				 "  suiji key sign --json 文件.json [-o 输出.json]\n"
				 "  suiji key verify 文件 签名文件 [--public-key 公钥.pem|十六进制]";

char *ctx_key_path(struct ctx *ctx)
{
	const char *env = getenv("SUIJI_KEY");
	if (env && *env)
		return xstrdup(env);
	return xasprintf("%s.key", ctx->db_path);
}

/* Reads a whole (small) file; 0, or -1 after printing why. */
static int slurp(const char *path, struct strbuf *sb, size_t max)
{
	char *why = NULL;
	FILE *f = infile_open(path, max ? (int64_t)max : INFILE_MAX_PACKAGE, NULL, &why);
	if (!f) {
		error("%s", why);
		free(why);
		return -1;
	}
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		strbuf_add(sb, buf, n);
		if (max && sb->len > max) {
			fclose(f);
			return error("%s 过大", path);
		}
	}
	int bad = ferror(f);
	fclose(f);
	return bad ? error("读取 %s 失败", path) : 0;
}

int key_file_write(const char *path, const struct sign_key *k)
{
	size_t len;
	char *pem = sign_key_to_pem(k, &len);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = errno;
		sign_secret_free(pem, len);
		if (e == EEXIST)
			return error("私钥文件 %s 已存在，不会覆盖它（它可能属于另一个数据库：请先移走）",
				     path);
		return error("无法创建私钥文件 %s: %s", path, errno_zh(e));
	}
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, pem + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	int ok = done == len && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	sign_secret_free(pem, len);
	if (!ok) {
		unlink(path);
		return error("写入私钥文件 %s 失败", path);
	}
	return 0;
}

struct sign_key *key_file_read(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) == 0 && (sb.st_mode & 077))
		warning("私钥文件 %s 的权限为 %03o：其他用户也能读取，建议 chmod 600", path,
			(unsigned)(sb.st_mode & 0777));
	struct strbuf pem = STRBUF_INIT;
	char *err = NULL;
	struct sign_key *k = NULL;
	int rc = slurp(path, &pem, 1 << 16);
	if (!rc)
		k = sign_key_from_pem(strbuf_str(&pem), pem.len, &err);
	size_t alloc = pem.alloc;
	sign_secret_free(strbuf_detach(&pem), alloc ? alloc : 1);
	if (rc)
		return NULL;
	if (!k) {
		error("%s: %s", path, err);
		free(err);
	}
	return k;
}

/* The key the database registers as in use: 0 with *id and pub (hex), or -1 after saying there is none. */
static int current_key(struct ctx *ctx, long *id, char pub[65])
{
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return -1;
	struct op_diag d = OP_DIAG_INIT;
	int has = op_key_current(st, id, pub, &d);
	if (has < 0)
		return -ctx_fail(&d);
	if (!has)
		return error("数据库 %s 没有登记签名密钥，可运行 suiji key create 生成", ctx->db_path);
	return 0;
}

struct sign_key *ctx_sign_key(struct ctx *ctx)
{
	long id;
	char pub[65];
	if (current_key(ctx, &id, pub))
		return NULL;
	char *path = ctx_key_path(ctx);
	struct sign_key *k = key_file_read(path);
	if (k) {
		char mine[65];
		sign_key_public_hex(k, mine);
		if (strcmp(mine, pub)) {
			error("私钥文件 %s 与数据库登记的签名密钥（第 %ld 号，公钥 %.16s…）不符", path, id,
			      pub);
			sign_key_free(k);
			k = NULL;
		}
	}
	free(path);
	return k;
}

int init_org_with_key(struct ctx *ctx, struct store *st, const struct org *o)
{
	char *path = ctx_key_path(ctx), *err = NULL;
	if (access(path, F_OK) == 0) {
		error("私钥文件 %s 已存在，不会覆盖它（它可能属于另一个数据库：请先移走，或用 SUIJI_KEY "
		      "指定别的位置）",
		      path);
		free(path);
		return -1;
	}
	struct sign_key *k = sign_key_generate(&err);
	if (!k) {
		error("%s", err);
		free(err);
		free(path);
		return -1;
	}
	char pub[65];
	sign_key_public_hex(k, pub);
	int rc = key_file_write(path, k);
	sign_key_free(k);
	struct op_diag d = OP_DIAG_INIT;
	if (!rc && op_org_init(st, o, ctx->actor, pub, &d)) {
		unlink(path);
		rc = -ctx_fail(&d);
	}
	free(path);
	return rc;
}

static int key_show(struct ctx *ctx)
{
	long id;
	char pub[65];
	if (current_key(ctx, &id, pub))
		return 1;
	char *path = ctx_key_path(ctx);
	printf("签名密钥: 第 %ld 号，Ed25519\n公钥: %s\n私钥文件: %s\n", id, pub, path);
	int rc = 0;
	if (access(path, F_OK)) {
		printf("状态: 私钥文件不存在，本机不能签名\n");
		rc = 1;
	} else {
		struct sign_key *k = ctx_sign_key(ctx);
		printf("状态: %s\n", k ? "私钥与登记的公钥一致，可以签名" : "私钥不可用");
		rc = k ? 0 : 1;
		sign_key_free(k);
	}
	free(path);
	return rc;
}

static int key_export(struct ctx *ctx, const char *out, int hex)
{
	long id;
	char pub[65];
	if (current_key(ctx, &id, pub))
		return 1;
	unsigned char raw[SIGN_PUBLIC_BYTES];
	if (sign_hex_decode(pub, raw, sizeof(raw)))
		return error("数据库中的公钥格式不对"), 1;
	char *text = hex ? xasprintf("%s\n", pub) : sign_public_to_pem(raw);
	int rc = 0;
	if (out) {
		char *werr = NULL;
		if (outfile_write(out, text, strlen(text), 0644, &werr)) {
			rc = error("%s", werr);
			free(werr);
		} else {
			printf("公钥已导出到 %s\n", out);
		}
	} else {
		fputs(text, stdout);
	}
	free(text);
	return rc ? 1 : 0;
}

static int key_create(struct ctx *ctx, int rotate)
{
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	long id;
	char pub[65], *err = NULL;
	if (op_key_prepare(s, rotate, &id, &d))
		return ctx_fail(&d);
	char *path = ctx_key_path(ctx), *retired = NULL;
	int rc = 1;
	if (id && access(path, F_OK) == 0) {
		/* the old private key is kept beside, renamed: nothing is destroyed without the operator */
		retired = xasprintf("%s.%ld.retired", path, id);
		if (access(retired, F_OK) == 0 || rename(path, retired)) {
			error("无法把旧私钥 %s 改名为 %s", path, retired);
			goto out;
		}
	}
	struct sign_key *k = sign_key_generate(&err);
	if (!k) {
		error("%s", err);
		goto out;
	}
	sign_key_public_hex(k, pub);
	if (key_file_write(path, k)) {
		sign_key_free(k);
		goto out;
	}
	sign_key_free(k);
	long nid = op_key_add(s, pub, &d);
	if (nid < 0) {
		unlink(path);
		if (retired)
			rename(retired, path);
		ctx_fail(&d);
		goto out;
	}
	printf("已生成签名密钥第 %ld 号\n公钥: %s\n私钥文件: %s（请妥善保管并另行备份）\n", nid, pub, path);
	if (retired)
		printf("旧私钥已改名为 %s；旧公钥仍登记在数据库中，用于核验以前的签名\n", retired);
	rc = 0;
out:
	free(err);
	free(path);
	free(retired);
	return rc;
}

/*
 * Signs a JSON object inside itself (member "signature", core/sign.h): the file is read strictly and
 * written back to "out" (default: the same file) in canonical JSON with its signature.
 */
static int key_sign_json(struct op_session *s, struct sign_key *k, const char *file, const char *out,
			 struct strbuf *data)
{
	char *err = NULL;
	struct op_diag d = OP_DIAG_INIT;
	int rc = 1;
	json_t *obj = cj_load(strbuf_str(data), data->len, &err);
	if (!obj) {
		error("%s 不是有效的 JSON：%s", file, err);
		goto out;
	}
	if (op_key_sign_json(s, k, obj, &d)) {
		if (d.fail == OP_INVALID)
			error("%s: %s", file, d.msg);
		ctx_fail(&d);
		goto out;
	}
	size_t len;
	char *text = cj_dump(obj, &len, &err);
	if (!text) {
		error("%s: %s", file, err);
		goto out;
	}
	const char *path = out ? out : file;
	text = xrealloc(text, len + 1);
	text[len++] = '\n';
	if (outfile_write(path, text, len, 0644, &err))
		error("%s", err);
	else
		rc = 0, printf("已签名: %s → %s（签名在其 signature 字段中）\n", file, path);
	free(text);
out:
	free(err);
	json_decref(obj);
	return rc;
}

static int key_sign(struct ctx *ctx, const char *file, const char *out, int json)
{
	struct op_session *s = ctx_session(ctx);
	struct op_diag d = OP_DIAG_INIT;
	/* refused before the key file is read: nothing is touched for an operator who may not sign */
	if (!s || op_key_may_sign(s, &d))
		return s ? ctx_fail(&d) : 1;
	struct sign_key *k = ctx_sign_key(ctx);
	if (!k)
		return 1;
	struct strbuf data = STRBUF_INIT;
	int rc = 1;
	char *sig_path = out ? xstrdup(out) : xasprintf("%s.sig", file);
	if (slurp(file, &data, 0))
		goto out;
	if (json) {
		rc = key_sign_json(s, k, file, out, &data);
		goto out;
	}
	char *sig = op_key_sign_detached(s, k, strbuf_str(&data), data.len, &d);
	if (!sig) {
		ctx_fail(&d);
		goto out;
	}
	char *werr = NULL;
	if (outfile_write(sig_path, sig, strlen(sig), 0644, &werr))
		error("%s", werr);
	else
		rc = 0, printf("已签名: %s → %s\n", file, sig_path);
	free(werr);
	free(sig);
out:
	strbuf_release(&data);
	free(sig_path);
	sign_key_free(k);
	return rc;
}

/* The public key given on the command line: hex, or a PEM file. */
static int parse_public(const char *arg, char hex[65])
{
	unsigned char raw[SIGN_PUBLIC_BYTES];
	if (!sign_hex_decode(arg, raw, sizeof(raw))) {
		for (int i = 0; i < 64; i++)
			hex[i] = (char)(arg[i] >= 'A' && arg[i] <= 'F' ? arg[i] - 'A' + 'a' : arg[i]);
		hex[64] = '\0';
		return 0;
	}
	struct strbuf pem = STRBUF_INIT;
	char *err = NULL;
	int rc = slurp(arg, &pem, 1 << 16);
	if (!rc && sign_public_from_pem(strbuf_str(&pem), pem.len, raw, &err))
		rc = error("%s: %s", arg, err);
	free(err);
	strbuf_release(&pem);
	if (!rc) {
		static const char digits[] = "0123456789abcdef";
		for (int i = 0; i < SIGN_PUBLIC_BYTES; i++) {
			hex[2 * i] = digits[raw[i] >> 4];
			hex[2 * i + 1] = digits[raw[i] & 15];
		}
		hex[64] = '\0';
	}
	return rc;
}

static int key_verify(struct ctx *ctx, const char *file, const char *sig_path, const char *want)
{
	struct strbuf data = STRBUF_INIT, sig = STRBUF_INIT;
	char pub[65], want_hex[65], *err = NULL;
	int rc = 1;
	if ((want && parse_public(want, want_hex)) || slurp(file, &data, 0) || slurp(sig_path, &sig, 1 << 16))
		goto out;
	int ok = sign_detached_check(strbuf_str(&sig), sig.len, strbuf_str(&data), data.len, pub, &err);
	if (ok <= 0) {
		error("%s: %s", ok < 0 ? sig_path : file, err);
		goto out;
	}
	if (want) {
		if (strcmp(pub, want_hex)) {
			error("签名有效，但签名公钥 %s 不是指定的公钥 %s", pub, want_hex);
			goto out;
		}
		printf("签名有效: %s 由指定公钥 %s 签名\n", file, pub);
	} else if (access(ctx->db_path, F_OK) == 0 && ctx_store(ctx, 0)) {
		struct op_diag d = OP_DIAG_INIT;
		int known = op_key_known(ctx->store, pub, &d);
		if (known < 0) {
			ctx_fail(&d);
			goto out;
		}
		if (!known) {
			error("签名有效，但签名公钥 %s 不是数据库 %s 登记的本单位密钥", pub, ctx->db_path);
			goto out;
		}
		printf("签名有效: %s 由本单位登记的密钥（公钥 %s）签名\n", file, pub);
	} else {
		printf("签名有效: %s 由公钥 %s 签名（未核对该公钥属于谁：可用 --public-key 指定）\n", file,
		       pub);
	}
	rc = 0;
out:
	free(err);
	strbuf_release(&data);
	strbuf_release(&sig);
	return rc;
}

int cmd_key(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"output", required_argument, 0, 'o'}, {"hex", no_argument, 0, 'x'},
	    {"rotate", no_argument, 0, 'r'},	   {"public-key", required_argument, 0, 'p'},
	    {"json", no_argument, 0, 'j'},	   {0, 0, 0, 0},
	};
	const char *out = NULL, *public_key = NULL;
	int hex = 0, rotate = 0, json = 0, c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "o:", opts)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'x':
			hex = 1;
			break;
		case 'r':
			rotate = 1;
			break;
		case 'p':
			public_key = optarg;
			break;
		case 'j':
			json = 1;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	int n = argc - optind;
	const char *sub = n > 0 ? argv[optind] : "";
	/* verifying a signature against a given public key needs no database; everything else does */
	int needs_db = strcmp(sub, "verify") || (!public_key && access(ctx->db_path, F_OK) == 0);
	if (needs_db && !ctx_session(ctx))
		return 1;
	if (!strcmp(sub, "show") && n == 1)
		return key_show(ctx);
	if (!strcmp(sub, "export") && n == 1)
		return key_export(ctx, out, hex);
	if (!strcmp(sub, "create") && n == 1)
		return key_create(ctx, rotate);
	if (!strcmp(sub, "sign") && n == 2)
		return key_sign(ctx, argv[optind + 1], out, json);
	if (!strcmp(sub, "verify") && n == 3)
		return key_verify(ctx, argv[optind + 1], argv[optind + 2], public_key);
	die_usage("%s", usage_text);
}
