/*
 * replay.c — runs a fuzz target without libFuzzer: LLVMFuzzerTestOneInput over every file
 * named on the command line or found (recursively, in name order) in the directories named.
 * Each input is handed over in an exact-size heap buffer, as libFuzzer does, so the sanitizers
 * see reads past its end. This is how every target runs in CTest (fuzz-replay/<target>) and how
 * a crash saved under tests/fuzz/regressions/<target>/ is replayed:
 *
 *   replay_<target> [--max-bytes N] PATH...
 *
 * A path that does not exist is noted and skipped (a target may have no regressions yet);
 * symbolic links to directories are not followed (no loops); unreadable files are noted and
 * skipped. Exit status: 0 when every input ran (a crash aborts the process), 2 on a usage
 * error or when not a single input was found.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long g_ran, g_skipped;
static unsigned long long g_max_bytes; /* 0 = no limit */

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_file(const char *path, const struct stat *st)
{
    FILE *fp;
    unsigned char *buf;
    size_t size, got;

    if (g_max_bytes && (unsigned long long)st->st_size > g_max_bytes) {
        fprintf(stderr, "replay: %s: %lld bytes, above --max-bytes: skipped\n", path,
                (long long)st->st_size);
        g_skipped++;
        return;
    }
    fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "replay: %s: %s: skipped\n", path, strerror(errno));
        g_skipped++;
        return;
    }
    size = (size_t)st->st_size;
    buf = malloc(size ? size : 1);
    if (!buf) {
        fprintf(stderr, "replay: %s: out of memory\n", path);
        exit(2);
    }
    got = size ? fread(buf, 1, size, fp) : 0;
    fclose(fp);
    if (got != size) {
        fprintf(stderr, "replay: %s: short read: skipped\n", path);
        free(buf);
        g_skipped++;
        return;
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
    LLVMFuzzerTestOneInput(buf, size);
    free(buf);
    g_ran++;
}

static void run_path(const char *path, int top)
{
    struct stat st;

    if (lstat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: %s: skipped\n", path, strerror(errno));
        if (!top)
            g_skipped++;
        return;
    }
    if (S_ISLNK(st.st_mode)) {
        /* Follow links to files (and links named on the command line); never links to
         * directories found while walking (loops). */
        struct stat target;
        if (stat(path, &target) != 0 || (!top && S_ISDIR(target.st_mode))) {
            fprintf(stderr, "replay: %s: dangling link or link to a directory: skipped\n", path);
            g_skipped++;
            return;
        }
        st = target;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *dir = opendir(path);
        struct dirent *de;
        char **names = NULL;
        size_t n = 0, cap = 0, i;

        if (!dir) {
            fprintf(stderr, "replay: %s: %s: skipped\n", path, strerror(errno));
            g_skipped++;
            return;
        }
        while ((de = readdir(dir)) != NULL) {
            size_t len;
            char *full;
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            len = strlen(path) + 1 + strlen(de->d_name) + 1;
            full = malloc(len);
            if (!full) {
                fprintf(stderr, "replay: out of memory\n");
                exit(2);
            }
            snprintf(full, len, "%s/%s", path, de->d_name);
            if (n == cap) {
                char **grown;
                cap = cap ? cap * 2 : 64;
                grown = realloc(names, cap * sizeof *names);
                if (!grown) {
                    fprintf(stderr, "replay: out of memory\n");
                    exit(2);
                }
                names = grown;
            }
            names[n++] = full;
        }
        closedir(dir);
        if (n > 1)
            qsort(names, n, sizeof *names, name_cmp);
        for (i = 0; i < n; i++) {
            run_path(names[i], 0);
            free(names[i]);
        }
        free(names);
    } else if (S_ISREG(st.st_mode)) {
        run_file(path, &st);
    } else {
        fprintf(stderr, "replay: %s: not a regular file: skipped\n", path);
        g_skipped++;
    }
}

int main(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--max-bytes") == 0 && i + 1 < argc) {
            char *end;
            g_max_bytes = strtoull(argv[++i], &end, 10);
            if (*end != '\0') {
                fprintf(stderr, "replay: --max-bytes wants a number\n");
                return 2;
            }
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("usage: %s [--max-bytes N] PATH...\n", argv[0]);
            return 0;
        } else {
            run_path(argv[i], 1);
        }
    }
    fprintf(stderr, "replay: %lu inputs ran, %lu skipped\n", g_ran, g_skipped);
    if (g_ran == 0) {
        fprintf(stderr, "replay: no input found\n");
        return 2;
    }
    return 0;
}
