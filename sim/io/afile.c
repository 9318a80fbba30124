/* Final files under a temporary name owned by this process: exclusive
 * creation, a lock held while writing, publication by rename only of the
 * file this process created (afile.h). The lock is an open file
 * description lock (fcntl F_OFD_SETLK): the kernel drops it when the
 * process dies (kill -9 included), HDF5's own flock() on its descriptor
 * neither conflicts with it nor releases it, and closing another
 * descriptor of the file (as H5Fclose does) leaves it in place. */
#define _GNU_SOURCE
#include "io/afile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef F_OFD_SETLK
#define F_OFD_SETLK F_SETLK /* without OFD locks: per-process locks */
#endif

static void seterr(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Try to take the write lock of fd without waiting: 0, or -1 (errno
 * EAGAIN or EACCES when another process holds it). */
static int lock_fd(int fd)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    return fcntl(fd, F_OFD_SETLK, &fl);
}

static char *concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);
    if (s) {
        memcpy(s, a, la);
        memcpy(s + la, b, lb + 1);
    }
    return s;
}

/* Does the name still hold the file open as fd? */
static int same_file(const char *name, int fd)
{
    struct stat a, b;
    return lstat(name, &a) == 0 && fstat(fd, &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* An existing partial: 1 in use by a live process, 0 stale (removed when
 * remove is set, if still the same file), -1 with errno on failure. */
static int examine(const char *partial, int remove)
{
    int fd = open(partial, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    if (lock_fd(fd) != 0) {
        int e = errno;
        close(fd);
        if (e == EAGAIN || e == EACCES)
            return 1;
        errno = e;
        return -1;
    }
    int rc = 0;
    if (remove && same_file(partial, fd) && unlink(partial) != 0 &&
        errno != ENOENT)
        rc = -1;
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

int afile_begin(struct afile *a, const char *path, int force, char *err,
                size_t errlen)
{
    struct stat st;
    memset(a, 0, sizeof *a);
    a->fd = -1;
    a->force = force;
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        seterr(err, errlen, "%s is a folder; give a file name", path);
        return -1;
    }
    if (!force && lstat(path, &st) == 0) {
        seterr(err, errlen, "%s exists; use --force to replace it", path);
        return -1;
    }
    a->path = concat(path, "");
    a->partial = concat(path, ".partial");
    char tail[48];
    snprintf(tail, sizeof tail, ".%ld", (long)getpid());
    char *tmp = a->partial ? concat(a->partial, tail) : NULL;
    if (!a->path || !a->partial || !tmp) {
        seterr(err, errlen, "%s: out of memory", path);
        goto fail;
    }
    /* The partial appears under its name already locked: created under a
     * name of this process, locked, then linked (link fails atomically
     * when the name exists). A stale partial is removed and we try
     * again; a few rounds cover a concurrent writer's removal. */
    for (int round = 0; round < 8; round++) {
        unlink(tmp);
        int fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            seterr(err, errlen, "%s: cannot create it: %s", a->partial,
                   strerror(errno));
            goto fail;
        }
        if (lock_fd(fd) != 0) {
            seterr(err, errlen, "%s: cannot lock it: %s", a->partial,
                   strerror(errno));
            close(fd);
            unlink(tmp);
            goto fail;
        }
        int linked = link(tmp, a->partial);
        int e = errno;
        if (!linked || e != EEXIST) {
            if (linked && e != EEXIST) {
                /* no hard links here: an exclusive rename is not
                 * available, so check, then rename */
                if (access(a->partial, F_OK) == 0 ||
                    rename(tmp, a->partial) != 0) {
                    e = access(a->partial, F_OK) == 0 ? EEXIST : errno;
                    close(fd);
                    unlink(tmp);
                    if (e != EEXIST) {
                        seterr(err, errlen, "%s: cannot create it: %s",
                               a->partial, strerror(e));
                        goto fail;
                    }
                    goto exists;
                }
            } else {
                unlink(tmp);
            }
            if (fstat(fd, &st) != 0) {
                seterr(err, errlen, "%s: %s", a->partial, strerror(errno));
                close(fd);
                unlink(a->partial);
                goto fail;
            }
            a->fd = fd;
            a->dev = st.st_dev;
            a->ino = st.st_ino;
            free(tmp);
            return 0;
        }
        close(fd);
        unlink(tmp);
    exists:;
        int busy = examine(a->partial, 1);
        if (busy == 1) {
            seterr(err, errlen, "%s is being written by another running "
                   "process (its %s exists and is locked); wait for it or "
                   "choose another name", path, a->partial);
            goto fail;
        }
        if (busy < 0) {
            seterr(err, errlen, "cannot remove stale %s: %s",
                   a->partial, strerror(errno));
            goto fail;
        }
    }
    seterr(err, errlen, "%s: could not create it exclusively (other "
           "processes keep creating it)", a->partial);
fail:
    free(tmp);
    free(a->path);
    free(a->partial);
    a->path = a->partial = NULL;
    return -1;
}

static int fsync_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : strdup(".");
    if (!dir)
        return -1;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    /* some file systems cannot sync a directory; that is not our failure */
    if (rc != 0 && (errno == EINVAL || errno == EBADF))
        rc = 0;
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

int afile_publish(struct afile *a, char *err, size_t errlen)
{
    if (a->fd < 0) {
        seterr(err, errlen, "%s: not open", a->path ? a->path : "(null)");
        return -1;
    }
    if (fsync(a->fd) != 0) {
        seterr(err, errlen, "fsync %s: %s", a->partial, strerror(errno));
        return -1;
    }
    if (!same_file(a->partial, a->fd)) {
        seterr(err, errlen, "%s is no longer the file this process wrote "
               "(removed or replaced by another process); %s was not "
               "written", a->partial, a->path);
        return -1;
    }
    if (!a->force) {
        if (link(a->partial, a->path) == 0) {
            if (unlink(a->partial) != 0) {
                seterr(err, errlen, "%s is complete but the temporary name "
                       "%s could not be removed: %s", a->path, a->partial,
                       strerror(errno));
                return -1;
            }
            goto synced;
        }
        int e = errno;
        if (e != EEXIST && e != EPERM && e != ENOTSUP && e != EOPNOTSUPP &&
            e != ENOSYS && e != EMLINK && e != EXDEV) {
            seterr(err, errlen, "cannot name %s as %s: %s", a->partial,
                   a->path, strerror(e));
            return -1;
        }
        struct stat st;
        if (e == EEXIST || lstat(a->path, &st) == 0) {
            seterr(err, errlen, "%s appeared while the run was writing; the "
                   "complete result is kept as %s (use --force or another "
                   "name)", a->path, a->partial);
            return -1;
        }
    }
    if (rename(a->partial, a->path) != 0) {
        seterr(err, errlen, "cannot rename %s to %s: %s", a->partial,
               a->path, strerror(errno));
        return -1;
    }
synced:
    if (fsync_dir_of(a->path) != 0) {
        seterr(err, errlen, "fsync of the folder of %s: %s", a->path,
               strerror(errno));
        return -1;
    }
    return 0;
}

FILE *afile_fopen(struct afile *a, const char *path, int force, char *err,
                  size_t errlen)
{
    if (afile_begin(a, path, force, err, errlen) != 0)
        return NULL;
    int fd = fcntl(a->fd, F_DUPFD_CLOEXEC, 0);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        seterr(err, errlen, "%s: %s", a->partial, strerror(errno));
        if (fd >= 0)
            close(fd);
        afile_end(a, 1);
    }
    return f;
}

int afile_fclose(struct afile *a, FILE *f, int failed, char *err,
                 size_t errlen)
{
    int bad = 0, e = 0;
    if (f) {
        bad = fflush(f) != 0 || ferror(f);
        e = errno;
        if (fclose(f) != 0 && !bad) {
            bad = 1;
            e = errno;
        }
    }
    if (failed || bad) {
        if (bad && !failed)
            seterr(err, errlen, "cannot write %s: %s", a->path,
                   e ? strerror(e) : "write error");
        afile_end(a, 1);
        return -1;
    }
    int rc = afile_publish(a, err, errlen);
    afile_end(a, 0);   /* a complete file that could not be named stays */
    return rc;
}

void afile_end(struct afile *a, int remove)
{
    if (a->fd >= 0) {
        if (remove && a->partial && same_file(a->partial, a->fd))
            unlink(a->partial);
        close(a->fd);
    }
    a->fd = -1;
    free(a->path);
    free(a->partial);
    a->path = a->partial = NULL;
}

int afile_busy(const char *path)
{
    char *partial = concat(path, ".partial");
    if (!partial)
        return 0;
    int rc = examine(partial, 0) == 1;
    free(partial);
    return rc;
}

int afile_clear_stale(const char *path, char *err, size_t errlen)
{
    char *partial = concat(path, ".partial");
    if (!partial) {
        seterr(err, errlen, "%s: out of memory", path);
        return -1;
    }
    int rc = examine(partial, 1);
    if (rc == 1)
        seterr(err, errlen, "%s is being written by another running process "
               "(%s is locked)", path, partial);
    else if (rc < 0)
        seterr(err, errlen, "cannot remove stale %s: %s", partial,
               strerror(errno));
    free(partial);
    return rc ? -1 : 0;
}

/* realpath of the folder of p, then "/" and p's last component (malloc'd);
 * NULL when the folder does not exist. */
static char *resolved(const char *p)
{
    const char *slash = strrchr(p, '/');
    char *dir = slash ? strndup(p, slash == p ? 1 : (size_t)(slash - p))
                      : strdup(".");
    if (!dir)
        return NULL;
    char *real = realpath(dir, NULL);
    free(dir);
    if (!real)
        return NULL;
    const char *base = slash ? slash + 1 : p;
    size_t n = strlen(real) + strlen(base) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", real, base);
    free(real);
    return out;
}

int afile_same(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    if (!strcmp(a, b))
        return 1;
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char *ra = resolved(a), *rb = resolved(b);
    int same = ra && rb && !strcmp(ra, rb);
    free(ra);
    free(rb);
    return same;
}

void afile_safe_name(char *out, size_t n, const char *text)
{
    size_t k = 0;
    if (!n)
        return;
    for (const unsigned char *c = (const unsigned char *)text; *c && k + 1 < n;
         c++) {
        int ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                 (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' ||
                 *c >= 0x80;
        out[k++] = ok ? (char)*c : '_';
    }
    out[k] = 0;
}

int afile_folder(const char *dir, const char *what, char *err,
                 size_t errlen)
{
    struct stat st;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s %s: cannot create it: %s", what, dir,
                 strerror(errno));
        return -1;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s %s: not a folder", what, dir);
        return -1;
    }
    return 0;
}
