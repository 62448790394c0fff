/*
 * This file declares the key file that seals the draws' salts (core/salt-seal.h): 64 hex digits and a
 * newline, readable by its owner only (0600), kept beside the signing key and never in the database or
 * its backups. Without it a sealed salt cannot be opened: keep a copy with the signing key's.
 */
#ifndef SUIJI_IO_SECRET_KEY_H
#define SUIJI_IO_SECRET_KEY_H

/*
 * Reads the key at "path" into key[32]: 0; 1 when there is no such file (then, with "create", a new
 * key is written there first, never over an existing file, and 0 returned); -1 with *err (unreadable,
 * not a key, or readable by others than its owner).
 */
int secret_key_load(const char *path, unsigned char key[32], int create, char **err);

#endif
