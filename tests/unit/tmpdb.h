/*
 * This file implements what unit tests of the store share: a fresh database in /tmp named after the
 * test and the process, opened (migrated) for a test, and removed with its WAL and shared-memory files
 * afterwards. Include after cmocka.h.
 */
#ifndef SUIJI_TEST_TMPDB_H
#define SUIJI_TEST_TMPDB_H
#include <stdio.h>
#include <unistd.h>

#include "store/store.h"

static char tmpdb_path[96];

/* Opens a new database for test "name"; fails the test when it cannot. */
static inline struct store *tmpdb_open(const char *name)
{
	snprintf(tmpdb_path, sizeof(tmpdb_path), "/tmp/suiji-test-%s-%ld.db", name, (long)getpid());
	unlink(tmpdb_path);
	char *err = NULL;
	struct store *st = store_open(tmpdb_path, 1, &err);
	assert_non_null(st);
	return st;
}

/* Closes "st" and removes the database's files. */
static inline void tmpdb_close(struct store *st)
{
	store_close(st);
	char other[112];
	static const char *const suffixes[] = {"-wal", "-shm"};
	for (int i = 0; i < 2; i++) {
		snprintf(other, sizeof(other), "%s%s", tmpdb_path, suffixes[i]);
		unlink(other);
	}
	unlink(tmpdb_path);
}

#endif
