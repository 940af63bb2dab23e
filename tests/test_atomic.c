/* test_atomic.c — outputs put in place atomically (src/base/atomic.c): a new file and a
 * replaced one hold exactly what was written, an aborted or failed write leaves the old
 * file and no temporary, and a target that is a device or a named pipe is written
 * directly, never replaced (renaming over /dev/null made it a regular file). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/base.h"

static char *folder(void)
{
    char tmpl[] = "/tmp/gfa-atomic.XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 4096);
    assert_non_null(buf);
    size_t n = fread(buf, 1, 4095, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

static void remove_folder(char *dir, const char *name)
{
    char *p = NULL;
    assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
    unlink(p);
    free(p);
    rmdir(dir);
    free(dir);
}

static void new_and_replaced_files(void **state)
{
    (void)state;
    char *dir = folder(), *path = NULL;
    assert_true(asprintf(&path, "%s/out.txt", dir) > 0);
    gfa_diags *d = gfa_diags_new();
    assert_int_equal(gfa_write_file_atomic(path, "first", 5, d), GFA_OK);
    char *got = slurp(path);
    assert_string_equal(got, "first");
    free(got);
    assert_int_equal(gfa_write_file_atomic(path, "second one", 10, d), GFA_OK);
    got = slurp(path);
    assert_string_equal(got, "second one");
    free(got);
    /* an aborted write leaves the old file and nothing else */
    atomic_out o;
    assert_int_equal(atomic_open(&o, path, d), GFA_OK);
    atomic_write(&o, "half", 4);
    atomic_abort(&o);
    got = slurp(path);
    assert_string_equal(got, "second one");
    free(got);
    assert_int_equal(entries(dir), 1);
    assert_int_equal(gfa_diags_count(d), 0);
    gfa_diags_free(d);
    free(path);
    remove_folder(dir, "out.txt");
}

static void a_device_is_written_not_replaced(void **state)
{
    (void)state;
    gfa_diags *d = gfa_diags_new();
    struct stat before, after;
    assert_int_equal(stat("/dev/null", &before), 0);
    assert_true(S_ISCHR(before.st_mode));
    assert_int_equal(gfa_write_file_atomic("/dev/null", "gone", 4, d), GFA_OK);
    assert_int_equal(stat("/dev/null", &after), 0);
    assert_true(S_ISCHR(after.st_mode));
    assert_true(before.st_rdev == after.st_rdev && before.st_ino == after.st_ino);
    assert_int_equal(gfa_diags_count(d), 0);
    gfa_diags_free(d);
}

static void a_named_pipe_is_written_not_replaced(void **state)
{
    (void)state;
    char *dir = folder(), *fifo = NULL;
    assert_true(asprintf(&fifo, "%s/pipe", dir) > 0);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) { /* the reader: what the pipe gave, back through fds */
        close(fds[0]);
        alarm(10); /* no writer ever (the pipe replaced, not written): fail, not hang */
        int in = open(fifo, O_RDONLY);
        char buf[64];
        ssize_t n, total = 0;
        while (in >= 0 && (n = read(in, buf + total, sizeof buf - 1 - (size_t)total)) > 0)
            total += n;
        if (total > 0 && write(fds[1], buf, (size_t)total) != total)
            _exit(2);
        _exit(in >= 0 ? 0 : 1);
    }
    close(fds[1]);
    gfa_diags *d = gfa_diags_new();
    assert_int_equal(gfa_write_file_atomic(fifo, "through the pipe", 16, d), GFA_OK);
    char buf[64] = {0};
    ssize_t n, total = 0;
    while ((n = read(fds[0], buf + total, sizeof buf - 1 - (size_t)total)) > 0)
        total += n;
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_string_equal(buf, "through the pipe");
    struct stat st;
    assert_int_equal(stat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(entries(dir), 1); /* no temporary beside it */
    gfa_diags_free(d);
    free(fifo);
    remove_folder(dir, "pipe");
}

static void a_folder_that_cannot_hold_it_is_an_error(void **state)
{
    (void)state;
    gfa_diags *d = gfa_diags_new();
    assert_int_equal(gfa_write_file_atomic("/nonexistent-gfa-folder/out.txt", "x", 1, d), GFA_ERR_IO);
    assert_true(gfa_diags_count(d) > 0);
    gfa_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_and_replaced_files),
        cmocka_unit_test(a_device_is_written_not_replaced),
        cmocka_unit_test(a_named_pipe_is_written_not_replaced),
        cmocka_unit_test(a_folder_that_cannot_hold_it_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
