/*
 * Unit tests of the bureau's signatures (core/sign.c, core/sign-json.c): the RFC 8032 Ed25519 test
 * vectors (keys loaded through PEM built with our base64), generated keys, refusals of tampered
 * messages and signatures and of malformed text, the PEM and base64 forms (RFC 4648 vectors),
 * detached file signatures and signed JSON objects.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after the three it needs */
#include <jansson.h>

#include "core/cj.h"
#include "core/sign.h"

/* The PKCS#8 DER of an Ed25519 private key is this prefix and the 32-byte seed (RFC 8410). */
static const unsigned char pkcs8_prefix[16] = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
					       0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};

static struct sign_key *key_from_seed(const char *seed_hex)
{
	unsigned char der[48];
	char b64[80], pem[200];
	memcpy(der, pkcs8_prefix, 16);
	assert_int_equal(sign_hex_decode(seed_hex, der + 16, 32), 0);
	sign_base64_encode(der, sizeof(der), b64);
	snprintf(pem, sizeof(pem), "-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----\n", b64);
	char *err = NULL;
	struct sign_key *k = sign_key_from_pem(pem, strlen(pem), &err);
	assert_non_null(k);
	assert_null(err);
	return k;
}

struct vector {
	const char *seed, *pub, *msg, *sig;
};

/* RFC 8032, section 7.1, TEST 1, 2 and 3 */
static const struct vector vectors[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f"
     "0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2ea"
     "eb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e"
     "9716ed28dc027beceea1ec40a"},
};

static void rfc8032_vectors(void **state)
{
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vector *v = &vectors[i];
		struct sign_key *k = key_from_seed(v->seed);
		char pub[65], sig[129];
		unsigned char msg[64];
		size_t n = strlen(v->msg) / 2;
		assert_int_equal(sign_hex_decode(v->msg, msg, n), 0);
		sign_key_public_hex(k, pub);
		assert_string_equal(pub, v->pub);
		sign_bytes_hex(k, msg, n, sig);
		assert_string_equal(sig, v->sig);
		char *err = NULL;
		assert_int_equal(sign_verify_hex(v->pub, msg, n, v->sig, &err), 1);
		/* uppercase hex is read too */
		char upper[129];
		for (int j = 0; j < 129; j++)
			upper[j] = (char)(v->sig[j] >= 'a' && v->sig[j] <= 'f' ? v->sig[j] - 32 : v->sig[j]);
		assert_int_equal(sign_verify_hex(v->pub, msg, n, upper, &err), 1);
		/* every bit of the signature matters */
		unsigned char raw[64], pk[32];
		assert_int_equal(sign_hex_decode(v->sig, raw, 64), 0);
		assert_int_equal(sign_hex_decode(v->pub, pk, 32), 0);
		for (int bit = 0; bit < 512; bit += 37) {
			raw[bit / 8] ^= (unsigned char)(1u << (bit % 8));
			assert_int_equal(sign_verify(pk, msg, n, raw), 0);
			raw[bit / 8] ^= (unsigned char)(1u << (bit % 8));
		}
		assert_int_equal(sign_verify(pk, msg, n, raw), 1);
		/* and of the message */
		unsigned char longer[65];
		memcpy(longer, msg, n);
		longer[n] = 0;
		assert_int_equal(sign_verify(pk, longer, n + 1, raw), 0);
		sign_key_free(k);
	}
}

static void generated_keys(void **state)
{
	char *err = NULL;
	struct sign_key *a = sign_key_generate(&err), *b = sign_key_generate(&err);
	assert_non_null(a);
	assert_non_null(b);
	char pa[65], pb[65], sig[129], sig2[129];
	sign_key_public_hex(a, pa);
	sign_key_public_hex(b, pb);
	assert_string_not_equal(pa, pb);
	const char msg[] = "焦作市生态环境局 2025Q1";
	sign_bytes_hex(a, msg, strlen(msg), sig);
	sign_bytes_hex(a, msg, strlen(msg), sig2);
	assert_string_equal(sig, sig2); /* deterministic */
	assert_int_equal(sign_verify_hex(pa, msg, strlen(msg), sig, &err), 1);
	assert_int_equal(sign_verify_hex(pb, msg, strlen(msg), sig, &err), 0);
	assert_int_equal(sign_verify_hex(pa, msg, strlen(msg) - 1, sig, &err), 0);

	/* PEM round trip: the private key, then the public key */
	size_t len;
	char *pem = sign_key_to_pem(a, &len);
	assert_int_equal(strlen(pem), len);
	assert_non_null(strstr(pem, "BEGIN PRIVATE KEY"));
	struct sign_key *a2 = sign_key_from_pem(pem, len, &err);
	assert_non_null(a2);
	char p2[65];
	sign_key_public_hex(a2, p2);
	assert_string_equal(p2, pa);
	sign_secret_free(pem, len);
	unsigned char raw[32], back[32];
	sign_key_public(a, raw);
	char *pub_pem = sign_public_to_pem(raw);
	assert_non_null(strstr(pub_pem, "BEGIN PUBLIC KEY"));
	assert_int_equal(sign_public_from_pem(pub_pem, strlen(pub_pem), back, &err), 0);
	assert_memory_equal(raw, back, 32);
	/* a public key is not a private key, and the reverse */
	assert_null(sign_key_from_pem(pub_pem, strlen(pub_pem), &err));
	assert_non_null(err);
	free(err);
	err = NULL;
	free(pub_pem);
	sign_key_free(a);
	sign_key_free(a2);
	sign_key_free(b);
}

static void malformed_text(void **state)
{
	char *err = NULL;
	const struct vector *v = &vectors[0];
	assert_int_equal(sign_verify_hex("d75a98", "", 0, v->sig, &err), -1);
	assert_string_equal(err, "公钥应为 64 位十六进制数字");
	free(err);
	err = NULL;
	assert_int_equal(sign_verify_hex(v->pub, "", 0, "zz", &err), -1);
	assert_string_equal(err, "签名应为 128 位十六进制数字");
	free(err);
	err = NULL;
	char bad[129];
	memcpy(bad, v->sig, 129);
	bad[5] = 'g';
	assert_int_equal(sign_verify_hex(v->pub, "", 0, bad, &err), -1);
	free(err);
	err = NULL;
	unsigned char out[4];
	assert_int_equal(sign_hex_decode("0011223", out, 4), -1);
	assert_int_equal(sign_hex_decode("001122334", out, 4), -1);
	assert_int_equal(sign_hex_decode(NULL, out, 4), -1);
	assert_null(sign_key_from_pem("not a key", 9, &err));
	assert_non_null(err);
	free(err);
	err = NULL;
	/* a well-formed public key that is not a point of the curve verifies nothing */
	unsigned char pk[32], sig[64];
	memset(pk, 0xff, 32);
	memset(sig, 0, 64);
	assert_int_equal(sign_verify(pk, "", 0, sig), 0);
}

static void base64(void **state)
{
	static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	static const char *const coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
	for (int i = 0; i < 7; i++) {
		char out[16];
		unsigned char back[16];
		sign_base64_encode((const unsigned char *)plain[i], strlen(plain[i]), out);
		assert_string_equal(out, coded[i]);
		assert_int_equal(sign_base64_decode(coded[i], back), (long)strlen(plain[i]));
		assert_memory_equal(back, plain[i], strlen(plain[i]));
	}
	unsigned char back[16];
	assert_int_equal(sign_base64_decode("Zg=", back), -1);	    /* length */
	assert_int_equal(sign_base64_decode("Zh==", back), -1);	    /* bits after the data */
	assert_int_equal(sign_base64_decode("Z===", back), -1);	    /* too much padding */
	assert_int_equal(sign_base64_decode("Zg==Zg==", back), -1); /* padding inside */
	assert_int_equal(sign_base64_decode("Zm9-", back), -1);	    /* URL alphabet */
	assert_int_equal(sign_base64_decode("Zm=v", back), -1);
}

static void detached(void **state)
{
	char *err = NULL, pub[65], mine[65];
	struct sign_key *k = sign_key_generate(&err);
	sign_key_public_hex(k, mine);
	const char data[] = "序号,单位名称\n1,焦作市某公司\n";
	char *sig = sign_detached(k, data, strlen(data));
	assert_int_equal(sign_detached_check(sig, strlen(sig), data, strlen(data), pub, &err), 1);
	assert_string_equal(pub, mine);
	/* another file */
	assert_int_equal(sign_detached_check(sig, strlen(sig), data, strlen(data) - 1, pub, &err), 0);
	assert_non_null(strstr(err, "文件已不是签名时的文件"));
	free(err);
	err = NULL;
	/* a forged value for the right file */
	char *forged = strdup(sig);
	char *value = strstr(forged, "\"value\":\"") + 9;
	value[0] = value[0] == '0' ? '1' : '0';
	assert_int_equal(sign_detached_check(forged, strlen(forged), data, strlen(data), pub, &err), 0);
	assert_non_null(strstr(err, "签名值不是该公钥对此文件的签名"));
	free(err);
	err = NULL;
	free(forged);
	/* not a signature text */
	assert_int_equal(sign_detached_check("[1]", 3, data, strlen(data), pub, &err), -1);
	free(err);
	err = NULL;
	const char rsa[] = "{\"alg\":\"RSA\",\"public_key\":\"00\",\"sha256\":\"\",\"value\":\"\"}";
	assert_int_equal(sign_detached_check(rsa, strlen(rsa), data, strlen(data), pub, &err), -1);
	assert_non_null(strstr(err, "RSA"));
	free(err);
	err = NULL;
	const char dup[] = "{\"alg\":\"Ed25519\",\"alg\":\"Ed25519\"}";
	assert_int_equal(sign_detached_check(dup, strlen(dup), data, strlen(data), pub, &err), -1);
	free(err);
	free(sig);
	sign_key_free(k);
}

static void signed_json(void **state)
{
	char *err = NULL, pub[65], mine[65];
	struct sign_key *k = sign_key_generate(&err);
	sign_key_public_hex(k, mine);
	const char src[] = "{\"protocol\":\"suiji-draw-v1\",\"inputs\":{\"b\":1,\"a\":\"焦作\\\"\\\\\"}}";
	json_t *pkg = cj_load(src, strlen(src), &err);
	assert_non_null(pkg);
	assert_int_equal(sign_json_check(pkg, pub, &err), 0); /* none yet */
	assert_int_equal(sign_json(pkg, k, &err), 0);
	assert_int_equal(sign_json_check(pkg, pub, &err), 1);
	assert_string_equal(pub, mine);
	/* the value signs CJ of the object without "signature": check it by hand */
	char *value = strdup(json_string_value(json_object_get(json_object_get(pkg, "signature"), "value")));
	const char cj[] = "{\"inputs\":{\"a\":\"焦作\\\"\\\\\",\"b\":1},\"protocol\":\"suiji-draw-v1\"}";
	assert_int_equal(sign_verify_hex(mine, cj, strlen(cj), value, &err), 1);
	/* re-read in another key order, re-signed: the same */
	char *text = json_dumps(pkg, 0);
	json_t *again = cj_load(text, strlen(text), &err);
	assert_int_equal(sign_json_check(again, pub, &err), 1);
	assert_int_equal(sign_json(again, k, &err), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(again, "signature"), "value")),
			    value);
	/* a changed member no longer verifies */
	json_object_set_new(json_object_get(again, "inputs"), "b", json_integer(2));
	assert_int_equal(sign_json_check(pkg, pub, &err), 1);
	json_object_set_new(json_object_get(pkg, "inputs"), "b", json_integer(2));
	assert_int_equal(sign_json_check(pkg, pub, &err), -1);
	assert_non_null(strstr(err, "签名无效"));
	free(err);
	err = NULL;
	/* malformed signature members */
	json_object_set_new(pkg, "signature", json_string("abc"));
	assert_int_equal(sign_json_check(pkg, pub, &err), -1);
	free(err);
	err = NULL;
	json_object_set_new(pkg, "signature",
			    json_pack("{s:s, s:s, s:s, s:i}", "alg", "Ed25519", "public_key", mine, "value",
				      value, "extra", 1));
	assert_int_equal(sign_json_check(pkg, pub, &err), -1);
	free(err);
	err = NULL;
	json_object_set_new(pkg, "signature", json_pack("{s:s, s:s}", "alg", "Ed25519", "public_key", mine));
	assert_int_equal(sign_json_check(pkg, pub, &err), -1);
	assert_non_null(strstr(err, "value"));
	free(err);
	json_decref(pkg);
	json_decref(again);
	free(value);
	free(text);
	sign_key_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rfc8032_vectors), cmocka_unit_test(generated_keys),
	    cmocka_unit_test(malformed_text),  cmocka_unit_test(base64),
	    cmocka_unit_test(detached),	       cmocka_unit_test(signed_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
