/*
 * main.c — the clauselint command: arguments, walking folders, choosing the report and the
 * exit status. Includes only the public header: everything it knows about contracts it asks
 * the library.
 */
#include <clauselint.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

static const char usage_text[] =
    "usage: clauselint [options] PATH...        lint contract files and folders\n"
    "       clauselint rules [--pack FILE]      list the requirements of a rule pack\n"
    "       clauselint test-rules [--pack FILE] run every requirement's own examples\n"
    "\n"
    "Checks vendor terms, SLAs and contracts against a rule pack (default: kamakura-2024,\n"
    "Kamakura City's external-service standard) and reports, per requirement, whether it is\n"
    "satisfied, partial, missing or contradicted, with the quote and where it stands.\n"
    "\n"
    "Inputs: plain text (UTF-8, Shift_JIS/CP932, EUC-JP, ISO-2022-JP, UTF-16), DOCX, Word XML,\n"
    "HTML — recognised by content. Folders are searched recursively for files ending in\n"
    ".txt .text .md .docx .xml .htm .html .xhtml (symbolic links to folders are not followed).\n"
    "\n"
    "Options:\n"
    "  --format text|json|tsv   report format (default text)\n"
    "  --output FILE            write the report to FILE (atomically) instead of stdout\n"
    "  --pack FILE              use this YAML rule pack instead of the built-in one\n"
    "  --class 1|2|3            confidentiality class of the information (default 2)\n"
    "  --fail-level LEVEL       error|warning|note|none: exit 1 when a finding is at or above\n"
    "                           LEVEL (default error; none never fails on findings)\n"
    "  --min-notice-days N      a termination notice shorter than N days is partial\n"
    "  --revisions accepted|original\n"
    "                           which reading of Word tracked changes to lint (default accepted)\n"
    "  --encoding NAME          force the text encoding (e.g. Shift_JIS, EUC-JP, UTF-16LE)\n"
    "  --no-checklist           text report: diagnostics only, no per-document checklist\n"
    "  --color / --no-color     force colour on or off (default: on a terminal, unless NO_COLOR)\n"
    "  -h, --help               show this help\n"
    "  --version                show the version\n"
    "\n"
    "Exit status: 0 no finding at or above --fail-level; 1 findings at or above it;\n"
    "2 a usage, rule-pack or input error (the other files are still linted and reported).\n";

typedef struct cli {
    const char *format;
    const char *output;
    const char *pack;
    cl_level fail_level;
    int fail_never;
    int color; /* -1 auto */
    int checklist;
    cl_options opt;
    const char **paths;
    size_t npaths;
    int command; /* 0 lint, 1 rules, 2 test-rules */
} cli;

/* ---- atomic output and signals ---- */

static char tmp_path[4096];
static volatile sig_atomic_t tmp_active;

static void on_signal(int sig)
{
    if (tmp_active)
        unlink(tmp_path); /* async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig);
}

/* ---- collecting files ---- */

typedef struct file_list {
    char **items;
    size_t n, cap;
} file_list;

static int push_file(file_list *fl, const char *path)
{
    if (fl->n == fl->cap) {
        size_t cap = fl->cap ? fl->cap * 2 : 64;
        char **p = realloc(fl->items, cap * sizeof(char *));
        if (!p)
            return -1;
        fl->items = p;
        fl->cap = cap;
    }
    fl->items[fl->n] = malloc(strlen(path) + 1);
    if (!fl->items[fl->n])
        return -1;
    memcpy(fl->items[fl->n], path, strlen(path) + 1);
    fl->n++;
    return 0;
}

static int has_lint_extension(const char *name)
{
    static const char *const exts[] = {".txt", ".text", ".md",   ".docx",
                                       ".xml", ".htm",  ".html", ".xhtml"};
    const char *dot = strrchr(name, '.');
    size_t i;
    if (!dot)
        return 0;
    for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
        const char *a = dot, *b = exts[i];
        while (*a && *b && (*a | 0x20) == *b) {
            a++;
            b++;
        }
        if (!*a && !*b)
            return 1;
    }
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks a folder depth-first in name order; directory symlinks are not followed (no loops). */
static int walk(file_list *fl, const char *dir, int depth, int *trouble)
{
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0, i;

    if (depth > 64) {
        fprintf(stderr, "clauselint: %s: folders nested too deep, skipped\n", dir);
        *trouble = 1;
        return 0;
    }
    d = opendir(dir);
    if (!d) {
        fprintf(stderr, "clauselint: %s: cannot open folder: %s\n", dir, strerror(errno));
        *trouble = 1;
        return 0;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ., .., and hidden files such as .git */
        if (n == cap) {
            char **p;
            cap = cap ? cap * 2 : 32;
            p = realloc(names, cap * sizeof(char *));
            if (!p)
                break;
            names = p;
        }
        names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
        if (!names[n])
            break;
        snprintf(names[n], strlen(dir) + strlen(e->d_name) + 2, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof(char *), cmp_names);
    for (i = 0; i < n; i++) {
        struct stat st;
        if (lstat(names[i], &st) == 0) {
            if (S_ISDIR(st.st_mode))
                walk(fl, names[i], depth + 1, trouble);
            else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) && has_lint_extension(names[i])) {
                struct stat target;
                if (S_ISLNK(st.st_mode) &&
                    (stat(names[i], &target) != 0 || !S_ISREG(target.st_mode)))
                    ; /* a link to a folder or to nothing: skipped */
                else if (push_file(fl, names[i]) < 0)
                    *trouble = 1;
            }
        }
        free(names[i]);
    }
    free(names);
    return 0;
}

/* ---- options ---- */

static int parse_long(long *out, const char *s)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0)
        return -1;
    *out = v;
    return 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 0)))
#endif
static int
usage_error(const char *fmt, const char *arg)
{
    fputs("clauselint: ", stderr);
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
    fprintf(stderr, fmt, arg); /* fmt is always one of this file's literals */
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    fputs("\nTry 'clauselint --help'.\n", stderr);
    return EXIT_TROUBLE;
}

static int parse_args(cli *c, int argc, char **argv)
{
    int i, only_paths = 0;
    c->format = "text";
    c->fail_level = CL_LEVEL_ERROR;
    c->color = -1;
    c->checklist = 1;
    cl_options_init(&c->opt);
    c->paths = calloc((size_t)argc + 1, sizeof(char *));
    if (!c->paths)
        return EXIT_TROUBLE;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
#define NEEDS_VALUE(name)                                                                          \
    if (strcmp(a, name) == 0) {                                                                    \
        if (i + 1 >= argc)                                                                         \
            return usage_error("option %s needs a value", name);                                   \
        val = argv[++i];                                                                           \
    } else if (strncmp(a, name "=", sizeof(name)) == 0) {                                          \
        val = a + sizeof(name);                                                                    \
    }
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            if (c->npaths == 0 && c->command == 0 && strcmp(a, "rules") == 0 && !only_paths)
                c->command = 1;
            else if (c->npaths == 0 && c->command == 0 && strcmp(a, "test-rules") == 0 &&
                     !only_paths)
                c->command = 2;
            else
                c->paths[c->npaths++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = 1;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            exit(EXIT_CLEAN);
        }
        if (strcmp(a, "--version") == 0) {
            printf("clauselint %s\n", CL_VERSION);
            exit(EXIT_CLEAN);
        }
        if (strcmp(a, "--color") == 0) {
            c->color = 1;
            continue;
        }
        if (strcmp(a, "--no-color") == 0) {
            c->color = 0;
            continue;
        }
        if (strcmp(a, "--no-checklist") == 0) {
            c->checklist = 0;
            continue;
        }
        NEEDS_VALUE("--format")
        if (val) {
            if (strcmp(val, "text") && strcmp(val, "json") && strcmp(val, "tsv"))
                return usage_error("unknown format '%s' (text, json or tsv)", val);
            c->format = val;
            continue;
        }
        NEEDS_VALUE("--output")
        if (val) {
            c->output = val;
            continue;
        }
        NEEDS_VALUE("--pack")
        if (val) {
            c->pack = val;
            continue;
        }
        NEEDS_VALUE("--encoding")
        if (val) {
            c->opt.encoding = val;
            continue;
        }
        NEEDS_VALUE("--class")
        if (val) {
            if (strcmp(val, "1") && strcmp(val, "2") && strcmp(val, "3"))
                return usage_error("--class must be 1, 2 or 3, not '%s'", val);
            c->opt.info_class = val[0] - '0';
            continue;
        }
        NEEDS_VALUE("--fail-level")
        if (val) {
            if (strcmp(val, "none") == 0)
                c->fail_never = 1;
            else if (cl_level_parse(&c->fail_level, val) < 0 || c->fail_level == CL_LEVEL_NONE)
                return usage_error("--fail-level must be error, warning, note or none, not '%s'",
                                   val);
            continue;
        }
        NEEDS_VALUE("--min-notice-days")
        if (val) {
            if (parse_long(&c->opt.min_notice_days, val) < 0)
                return usage_error("--min-notice-days needs a whole number of days, not '%s'", val);
            continue;
        }
        NEEDS_VALUE("--revisions")
        if (val) {
            if (strcmp(val, "accepted") == 0)
                c->opt.revisions = CL_REVISIONS_ACCEPTED;
            else if (strcmp(val, "original") == 0)
                c->opt.revisions = CL_REVISIONS_ORIGINAL;
            else
                return usage_error("--revisions must be accepted or original, not '%s'", val);
            continue;
        }
#undef NEEDS_VALUE
        return usage_error("unknown option '%s'", a);
    }
    return -1;
}

static void print_diag(const char *path, unsigned line, unsigned column, const char *message,
                       void *payload)
{
    (void)payload;
    fprintf(stderr, "clauselint: %s:%u:%u: %s\n", path, line, column, message);
}

static int load_pack(cl_ruleset **set, const char *pack)
{
    cl_error err;
    cl_error_clear(&err);
    if (pack) {
        if (cl_ruleset_load_file(set, pack, print_diag, NULL, &err) < 0) {
            if (err.line == 0)
                fprintf(stderr, "clauselint: %s: %s\n", pack, err.message);
            return -1;
        }
    } else if (cl_ruleset_load_default(set, &err) < 0) {
        fprintf(stderr, "clauselint: built-in pack: %s\n", err.message);
        return -1;
    }
    return 0;
}

static int cmd_rules(const cli *c)
{
    cl_ruleset *set;
    size_t i;
    if (load_pack(&set, c->pack) < 0)
        return EXIT_TROUBLE;
    printf("%s %s — %s\n", cl_ruleset_id(set), cl_ruleset_version(set), cl_ruleset_title(set));
    for (i = 0; i < cl_ruleset_count(set); i++) {
        cl_requirement_info info;
        cl_ruleset_requirement(&info, set, i);
        printf("\n%-20s %s\n  %s\n  class 3/2/1: %s/%s/%s\n  looks for: %s\n", info.id,
               info.section, info.summary, cl_level_name(info.level[3]),
               cl_level_name(info.level[2]), cl_level_name(info.level[1]), info.looks_for);
    }
    cl_ruleset_free(set);
    return EXIT_CLEAN;
}

static void print_example(const char *req, const char *text, cl_status expected, cl_status got,
                          void *payload)
{
    int *count = payload;
    if (!text) {
        printf("FAIL %s: no example makes this requirement fire\n", req);
        return;
    }
    (*count)++;
    if (expected != got)
        printf("FAIL %s: expected %s, got %s: %s\n", req, cl_status_name(expected),
               cl_status_name(got), text);
}

static int cmd_test_rules(const cli *c)
{
    cl_ruleset *set;
    int failures, count = 0;
    if (load_pack(&set, c->pack) < 0)
        return EXIT_TROUBLE;
    failures = cl_ruleset_test_examples(set, print_example, &count);
    printf("%d examples in %zu requirements: %d passed, %d failed\n", count, cl_ruleset_count(set),
           count - failures > 0 ? count - failures : 0, failures);
    cl_ruleset_free(set);
    return failures ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int write_report(const cli *c, const cl_report_meta *meta, cl_doc_report **docs, size_t n,
                        FILE *fp)
{
    if (strcmp(c->format, "json") == 0)
        return cl_report_write_json(fp, meta, docs, n);
    if (strcmp(c->format, "tsv") == 0)
        return cl_report_write_tsv(fp, meta, docs, n);
    return cl_report_write_text(fp, meta, docs, n);
}

int main(int argc, char **argv)
{
    cli c;
    cl_ruleset *set = NULL;
    file_list files = {NULL, 0, 0};
    cl_doc_report **docs = NULL;
    cl_report_meta meta;
    int rc, trouble = 0, findings = 0;
    size_t i, j;
    FILE *out = stdout;

    memset(&c, 0, sizeof(c));
    if ((rc = parse_args(&c, argc, argv)) >= 0) {
        free(c.paths);
        return rc;
    }
    if (c.command == 1 || c.command == 2) {
        rc = c.command == 1 ? cmd_rules(&c) : cmd_test_rules(&c);
        free(c.paths);
        return rc;
    }
    if (c.npaths == 0) {
        free(c.paths);
        return usage_error("%s", "no files to lint");
    }
    if (load_pack(&set, c.pack) < 0) {
        free(c.paths);
        return EXIT_TROUBLE;
    }

    for (i = 0; i < c.npaths; i++) {
        struct stat st;
        if (stat(c.paths[i], &st) == 0 && S_ISDIR(st.st_mode))
            walk(&files, c.paths[i], 0, &trouble);
        else if (push_file(&files, c.paths[i]) < 0)
            trouble = 1;
    }

    docs = calloc(files.n ? files.n : 1, sizeof(*docs));
    for (i = 0; docs && i < files.n; i++) {
        cl_error err;
        cl_error_clear(&err);
        if (cl_lint_file(&docs[i], set, files.items[i], &c.opt, &err) < 0) {
            fprintf(stderr, "clauselint: %s: %s\n", files.items[i], err.message);
            trouble = 1;
            continue;
        }
        if (docs[i]->nerrors) {
            trouble = 1;
            for (j = 0; j < docs[i]->nerrors; j++)
                fprintf(stderr, "clauselint: %s: %s\n", docs[i]->path, docs[i]->errors[j]);
        }
        for (j = 0; j < docs[i]->nresults; j++) {
            cl_level l = docs[i]->results[j].level;
            if (!c.fail_never && l != CL_LEVEL_NONE && l >= c.fail_level)
                findings = 1;
        }
    }

    /* Pack the reports that exist (a NULL is an OOM already reported). */
    for (i = j = 0; docs && i < files.n; i++)
        if (docs[i])
            docs[j++] = docs[i];

    memset(&meta, 0, sizeof(meta));
    meta.set = set;
    meta.info_class = c.opt.info_class;
    meta.checklist = c.checklist;
    if (c.color >= 0)
        meta.color = c.color;
    else
        meta.color = !c.output && isatty(STDOUT_FILENO) &&
                     !(getenv("NO_COLOR") && getenv("NO_COLOR")[0]) &&
                     strcmp(c.format, "text") == 0;

    if (c.output) {
        int fd;
        snprintf(tmp_path, sizeof(tmp_path), "%s.tmp.XXXXXX", c.output);
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        fd = mkstemp(tmp_path);
        if (fd < 0 || !(out = fdopen(fd, "w"))) {
            fprintf(stderr, "clauselint: %s: cannot write the report: %s\n", c.output,
                    strerror(errno));
            if (fd >= 0) {
                close(fd);
                unlink(tmp_path);
            }
            out = NULL;
            trouble = 1;
        } else {
            tmp_active = 1;
        }
    }
    if (out) {
        int werr = write_report(&c, &meta, docs, j, out);
        if (c.output) {
            if (fflush(out) != 0 || fsync(fileno(out)) != 0)
                werr = -1;
            if (fclose(out) != 0)
                werr = -1;
            if (werr == 0 && rename(tmp_path, c.output) != 0)
                werr = -1;
            if (werr != 0) {
                fprintf(stderr, "clauselint: %s: cannot write the report: %s\n", c.output,
                        strerror(errno));
                unlink(tmp_path);
                trouble = 1;
            }
            tmp_active = 0;
        } else if (werr != 0 || fflush(stdout) != 0) {
            trouble = 1;
        }
    }

    for (i = 0; i < j; i++)
        cl_doc_report_free(docs[i]);
    free(docs);
    for (i = 0; i < files.n; i++)
        free(files.items[i]);
    free(files.items);
    cl_ruleset_free(set);
    free(c.paths);
    if (trouble)
        return EXIT_TROUBLE;
    return findings ? EXIT_FINDINGS : EXIT_CLEAN;
}
