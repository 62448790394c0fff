/*
 * This file implements a fault-injecting SQLite VFS for tests, in the manner of SQLite's own test
 * VFSes: a shim over the default VFS that counts every write (xWrite) and every sync (xSync) of
 * every file SQLite opens (database, WAL, journals, temporary files) and fails the Nth one. It is
 * linked only into the test binary suiji-fault (CMakeLists.txt), never into suiji, and registers
 * itself as the default VFS before main() runs. Settings from the environment:
 *   SUIJI_FAULT_WRITE=N   the Nth write fails (SQLITE_FULL with SUIJI_FAULT_FULL=1, else SQLITE_IOERR_WRITE)
 *   SUIJI_FAULT_SYNC=N    the Nth sync fails (SQLITE_IOERR_FSYNC)
 *   SUIJI_FAULT_FSYNC=N   the Nth call of fsync() fails with EIO: the output files (io/outfile.c, the
 *                         published site), whose fsync this definition replaces in the test binary
 *   SUIJI_FAULT_PERSIST=1 every write or sync after the first failure fails too (a dead disk)
 *   SUIJI_FAULT_REPORT=F  at exit, write "writes W syncs S fsyncs X fired 0|1" to file F
 * tests/cli/t0616-fault-vfs.sh sweeps N over the commands that write.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct ffile {
	sqlite3_file base;
	sqlite3_file *real; /* follows this struct in the same allocation */
};

static sqlite3_vfs *orig;
static sqlite3_vfs fault_vfs;
static long n_write, n_sync, n_fsync, at_write, at_sync, at_fsync;
static int fired, persist, full;

static int fail_now(long count, long at)
{
	if (fired && persist)
		return 1;
	if (at > 0 && count == at) {
		fired = 1;
		return 1;
	}
	return 0;
}

/* The fsync of the program's own files (and of whatever else calls it by name in this binary). */
int fsync(int fd)
{
	if (fail_now(++n_fsync, at_fsync)) {
		errno = EIO;
		return -1;
	}
	return (int)syscall(SYS_fsync, fd);
}

#define REAL(f) (((struct ffile *)(f))->real)

static int f_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
	return rc;
}
static int f_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}
static int f_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	if (fail_now(++n_write, at_write))
		return full ? SQLITE_FULL : SQLITE_IOERR_WRITE;
	return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int f_sync(sqlite3_file *f, int flags)
{
	if (fail_now(++n_sync, at_sync))
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int f_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int f_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int f_check(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int f_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int f_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int f_caps(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int f_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, extend, pp);
}
static int f_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void f_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int f_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}
static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods methods = {
    3,		f_close,       f_read,	    f_write,   f_truncate, f_sync, f_size,
    f_lock,	f_unlock,      f_check,	    f_control, f_sector,   f_caps, f_shm_map,
    f_shm_lock, f_shm_barrier, f_shm_unmap, f_fetch,   f_unfetch,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
	(void)vfs;
	struct ffile *f = (struct ffile *)file;
	f->real = (sqlite3_file *)(f + 1);
	memset(f->real, 0, (size_t)orig->szOsFile);
	int rc = orig->xOpen(orig, name, f->real, flags, out_flags);
	/* a file SQLite could not open has no methods: it must not be closed through ours */
	f->base.pMethods = f->real->pMethods ? &methods : NULL;
	return rc;
}

#define FWD(ret, name, params, args)                                                                         \
	static ret v_##name params                                                                           \
	{                                                                                                    \
		(void)vfs;                                                                                   \
		return orig->x##name args;                                                                   \
	}
FWD(int, Delete, (sqlite3_vfs * vfs, const char *n, int sync), (orig, n, sync))
FWD(int, Access, (sqlite3_vfs * vfs, const char *n, int flags, int *out), (orig, n, flags, out))
FWD(int, FullPathname, (sqlite3_vfs * vfs, const char *n, int len, char *out), (orig, n, len, out))
FWD(void *, DlOpen, (sqlite3_vfs * vfs, const char *n), (orig, n))
FWD(int, Randomness, (sqlite3_vfs * vfs, int n, char *out), (orig, n, out))
FWD(int, Sleep, (sqlite3_vfs * vfs, int us), (orig, us))
FWD(int, CurrentTime, (sqlite3_vfs * vfs, double *t), (orig, t))
FWD(int, GetLastError, (sqlite3_vfs * vfs, int n, char *s), (orig, n, s))
FWD(int, CurrentTimeInt64, (sqlite3_vfs * vfs, sqlite3_int64 *t), (orig, t))
static void v_DlError(sqlite3_vfs *vfs, int n, char *s)
{
	(void)vfs;
	orig->xDlError(orig, n, s);
}
static void (*v_DlSym(sqlite3_vfs *vfs, void *h, const char *s))(void)
{
	(void)vfs;
	return orig->xDlSym(orig, h, s);
}
static void v_DlClose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	orig->xDlClose(orig, h);
}

static void report(void)
{
	const char *path = getenv("SUIJI_FAULT_REPORT");
	FILE *f = path ? fopen(path, "w") : NULL;
	if (f) {
		fprintf(f, "writes %ld syncs %ld fsyncs %ld fired %d\n", n_write, n_sync, n_fsync, fired);
		fclose(f);
	}
}

static long env_long(const char *name)
{
	const char *v = getenv(name);
	return v ? atol(v) : 0;
}

__attribute__((constructor)) static void fault_vfs_register(void)
{
	if (sqlite3_initialize() != SQLITE_OK || !(orig = sqlite3_vfs_find(NULL)))
		abort();
	fault_vfs = *orig;
	fault_vfs.iVersion = orig->iVersion < 2 ? orig->iVersion : 2;
	fault_vfs.szOsFile = (int)sizeof(struct ffile) + orig->szOsFile;
	fault_vfs.zName = "suiji-fault";
	fault_vfs.pNext = NULL;
	fault_vfs.pAppData = NULL;
	fault_vfs.xOpen = v_open;
	fault_vfs.xDelete = v_Delete;
	fault_vfs.xAccess = v_Access;
	fault_vfs.xFullPathname = v_FullPathname;
	fault_vfs.xDlOpen = v_DlOpen;
	fault_vfs.xDlError = v_DlError;
	fault_vfs.xDlSym = v_DlSym;
	fault_vfs.xDlClose = v_DlClose;
	fault_vfs.xRandomness = v_Randomness;
	fault_vfs.xSleep = v_Sleep;
	fault_vfs.xCurrentTime = v_CurrentTime;
	fault_vfs.xGetLastError = v_GetLastError;
	fault_vfs.xCurrentTimeInt64 = v_CurrentTimeInt64;
	at_write = env_long("SUIJI_FAULT_WRITE");
	at_sync = env_long("SUIJI_FAULT_SYNC");
	at_fsync = env_long("SUIJI_FAULT_FSYNC");
	persist = env_long("SUIJI_FAULT_PERSIST") != 0;
	full = env_long("SUIJI_FAULT_FULL") != 0;
	if (sqlite3_vfs_register(&fault_vfs, 1) != SQLITE_OK)
		abort();
	atexit(report);
}
