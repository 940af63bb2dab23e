/* replay — runs a fuzz target's LLVMFuzzerTestOneInput over files and folders, without
 * libFuzzer, so that make check (with ASan and UBSan) replays the committed corpus and
 * every crash reproducer kept under tests/fuzz-regressions/. */
#include "fuzz_common.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)n + 1);
    size_t got = buf ? fread(buf, 1, (size_t)n, f) : 0;
    fclose(f);
    LLVMFuzzerTestOneInput(buf, got);
    free(buf);
    return 0;
}

static int run(const char *path, int *count)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return 0; /* an absent folder: nothing kept yet */
    if (!S_ISDIR(sb.st_mode)) {
        (*count)++;
        return run_file(path);
    }
    DIR *d = opendir(path);
    int rc = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        rc |= run(sub, count);
    }
    if (d)
        closedir(d);
    return rc;
}

int main(int argc, char **argv)
{
    int count = 0, rc = 0;
    for (int i = 1; i < argc; i++)
        rc |= run(argv[i], &count);
    printf("%s: replayed %d input(s)\n", argv[0], count);
    return rc;
}
