/*
 * fuzz_rules.c — arbitrary bytes as a YAML rule pack (cl_ruleset_load_memory: libyaml, the
 * pack checks, PCRE2 compilation). Every diagnostic must have a position and a one-line
 * message; a pack that loads has its own examples run through the real engine (small packs
 * only, to keep executions fast).
 */
#include "fuzz_common.h"

static void on_diag(const char *path, unsigned line, unsigned column, const char *message,
                    void *payload)
{
    (void)column;
    FUZZ_CHECK(path != NULL);
    FUZZ_CHECK(message != NULL && strchr(message, '\n') == NULL);
    FUZZ_CHECK(line >= 1);
    ++*(unsigned long *)payload;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cl_ruleset *set = NULL;
    cl_error err;
    unsigned long ndiag = 0;
    int rc;

    cl_error_clear(&err);
    rc = cl_ruleset_load_memory(&set, (const char *)data, size, "fuzz.yml", on_diag, &ndiag, &err);
    if (rc < 0) {
        fuzz_check_error(rc, &err);
        FUZZ_CHECK(set == NULL);
        return 0;
    }
    FUZZ_CHECK(set != NULL);
    FUZZ_CHECK(cl_ruleset_id(set) != NULL && cl_ruleset_count(set) > 0);
    if (size <= 16 * 1024)
        (void)cl_ruleset_test_examples(set, NULL, NULL);
    cl_ruleset_free(set);
    return 0;
}
