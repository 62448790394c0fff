/*
 * This file declares the reading of the bureau's signing key file (a PEM private key, `suiji key
 * create`) for the server, which signs draw documents with it: a regular file within the small-input
 * limit (io/infile.h), its bytes wiped after parsing.
 */
#ifndef SUIJI_IO_SIGN_KEY_FILE_H
#define SUIJI_IO_SIGN_KEY_FILE_H

struct sign_key;

/*
 * Reads the key at "path": 0 with *k (free it with sign_key_free, core/sign.h); 1 when there is no such
 * file; -1 with *err (unreadable, too large, not a key), in Chinese naming the file.
 */
int sign_key_file_load(const char *path, struct sign_key **k, char **err);

#endif
