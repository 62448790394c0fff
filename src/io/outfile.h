/*
 * This file declares how suiji writes every output file: atomically and checked. The bytes go to a
 * temporary file ".<name>.XXXXXX" beside the target (same directory, so the final rename stays on one
 * file system); outfile_commit flushes, fsyncs and closes it (each step checked), renames it over the
 * target and fsyncs the directory, so a reader sees either the previous file or the whole new one,
 * never a half-written or empty file — also after a crash, a full disk or a kill. outfile_abort (and
 * any failed commit) removes the temporary file and leaves the previous target untouched.
 *
 * The final path is never written through: a target that is a symbolic link, a directory, a device
 * or a FIFO is refused with a Chinese message before anything is written.
 *
 * outfile_dir_open/commit do the same for a whole directory (the public site): it is built in
 * ".<name>.XXXXXX" beside the target and swapped in with one rename; the old directory is removed only
 * after the swap succeeded.
 */
#ifndef SUIJI_IO_OUTFILE_H
#define SUIJI_IO_OUTFILE_H
#include <stddef.h>
#include <stdio.h>

struct outfile;

/*
 * 0 when "path" may be written by renaming a file onto it (missing, or a regular file); -1 with *err
 * when it is a symbolic link, a directory, a device or a FIFO. For writers that keep their own
 * temporary file (backup).
 */
int outfile_check_target(const char *path, char **err);

/*
 * Creates the temporary file for "path" with permissions "mode" (0644 or 0600; the umask still
 * applies to 0644). NULL with *err set (in Chinese) when the target is refused or cannot be written.
 */
struct outfile *outfile_open(const char *path, int mode, char **err);
/* The stream to write to. */
FILE *outfile_fp(struct outfile *o);
/*
 * For libraries that write a file by name (libxlsxwriter): closes the stream and returns the
 * temporary file's path (it exists); commit then reopens it to sync it.
 */
const char *outfile_by_name(struct outfile *o);
/*
 * Finishes: fflush, fsync, fclose, rename over the target, fsync of the directory. Returns 0, or -1
 * with *err set after removing the temporary file (the target is then as it was). Frees "o".
 */
int outfile_commit(struct outfile *o, char **err);
/* Gives up: closes and removes the temporary file, frees "o". NULL is accepted. */
void outfile_abort(struct outfile *o);
/* The whole cycle for a buffer already in memory. 0, or -1 with *err set. */
int outfile_write(const char *path, const void *data, size_t len, int mode, char **err);

struct outdir;
/*
 * Creates the temporary directory for the directory "path". An existing target must be a directory,
 * not a symbolic link, and either empty or a site written before (it holds index.html), since it is
 * replaced whole. NULL with *err set.
 */
struct outdir *outdir_open(const char *path, char **err);
/* The temporary directory to build in. */
const char *outdir_path(const struct outdir *d);
/* Syncs the new tree, swaps it in, then removes the old one. 0, or -1 with *err (old one untouched). */
int outdir_commit(struct outdir *d, char **err);
/* Removes the temporary directory and everything in it; frees "d". NULL is accepted. */
void outdir_abort(struct outdir *d);

#endif
