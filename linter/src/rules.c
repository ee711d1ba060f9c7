/*
 * rules.c — the rule-pack loader: YAML text in, a cl_ruleset with compiled PCRE2 patterns out.
 *
 * A pack is parsed with libyaml's document API (it keeps the start mark of every node, so each
 * problem can be reported at file:line:col), then walked against the fixed shape documented in
 * rules.h. Rule packs are written by legal staff, so the loader is strict and exhaustive: it does
 * not stop at the first problem but collects all of them (sqlite's Parse.nErr), sorts them into
 * file order, hands each to the caller's cl_diag_fn and the first to cl_error. Every regex is
 * compiled once here (UTF + UCP, JIT when available) and matched later by the engine through
 * cl__regex_find, under one match context per ruleset that carries the PCRE2 limits.
 *
 * Role in the data flow: patterns/NAME.yml -> rules.c -> engine.c. This file knows YAML and PCRE2
 * but nothing about documents.
 */
#include "rules.h"

#include "cl_limits.h"
#include "util.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* The default pack, turned into a C array by linter/cmake/embed.cmake. */
extern const unsigned char cl_default_pack[];
extern const size_t cl_default_pack_len;

#define DEFAULT_PACK_NAME "kamakura-2024.yml (built in)"

/* Bugs in the caller: assert in Debug, an error code in release (style.md §4). */
#ifndef CL_ASSERT_ARG
#define CL_ASSERT_ARG(expr)                                                                        \
    do {                                                                                           \
        assert(expr);                                                                              \
        if (!(expr))                                                                               \
            return cl__error_set(err, CL_EINVAL, "invalid argument: %s", #expr);                   \
    } while (0)
#endif

/* JIT stack: PCRE2's default is 32K of machine stack, which long units with nested repeats
 * can exhaust; this one starts there and grows on demand. */
#define JIT_STACK_MIN (32u * 1024u)
#define JIT_STACK_MAX (1024u * 1024u)

/* User text quoted in a message is clipped so the message stays one readable line. */
#define SHOW_MAX 60

/* ---- names --------------------------------------------------------------------------- */

static const char *const status_names[] = {"satisfied", "partial", "missing", "contradicted"};
static const char *const level_names[] = {"none", "note", "warning", "error"};
static const char *const scope_names[] = {"sentence", "clause", "article"};

const char *cl_status_name(cl_status status)
{
    if ((unsigned)status < sizeof(status_names) / sizeof(status_names[0]))
        return status_names[status];
    return "unknown";
}

const char *cl_level_name(cl_level level)
{
    if ((unsigned)level < sizeof(level_names) / sizeof(level_names[0]))
        return level_names[level];
    return "unknown";
}

int cl_level_parse(cl_level *out, const char *name)
{
    size_t i;

    if (!out || !name)
        return CL_EINVAL;
    for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
        if (strcmp(name, level_names[i]) == 0) {
            *out = (cl_level)i;
            return 0;
        }
    }
    return CL_EINVAL;
}

/* ---- the loader's state -------------------------------------------------------------- */

/* One problem in the pack, kept until all are known so they can be emitted in file order. */
typedef struct problem {
    unsigned line, column;
    size_t seq; /* tie-breaker: qsort is not stable */
    char *message;
} problem;

typedef struct loader {
    const char *name; /* the pack's path or name, for messages */
    yaml_document_t *doc;
    /*
     * Per node index: 0 not visited, 1 visited, 2 visited again and reported. libyaml resolves
     * an alias to the anchored node itself, so a second visit means an alias; refusing them
     * keeps the walk linear in the file size (no "billion laughs" through *refs).
     */
    unsigned char *seen;
    size_t nnodes;
    problem *probs;
    size_t nprobs, capprobs;
    int oom; /* an allocation failed: the load ends with CL_ENOMEM */
    cl_ruleset *set;
    pcre2_compile_context *cctx;
    size_t *ids; /* open-addressing hash of requirement indices + 1, keyed by id */
    size_t idmask;
} loader;

/* Not UINT_MAX: with -Ilinter/src, <limits.h> finds the project's limits.h, not the system's. */
static unsigned to_uint(size_t v)
{
    return v >= (unsigned)-1 ? (unsigned)-1 : (unsigned)v;
}

/* Records one problem at a 1-based position. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
report_at(loader *L, unsigned line, unsigned column, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    problem *d;

    if (L->oom)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (L->nprobs == L->capprobs) {
        size_t cap = L->capprobs ? 2 * L->capprobs : 16;
        problem *p = cl__realloc(L->probs, cap * sizeof(*p));
        if (!p) {
            L->oom = 1;
            return;
        }
        L->probs = p;
        L->capprobs = cap;
    }
    d = &L->probs[L->nprobs];
    if (!(d->message = cl__strdup(buf))) {
        L->oom = 1;
        return;
    }
    d->line = line;
    d->column = column;
    d->seq = L->nprobs++;
}

/* Records one problem at a node (libyaml marks are 0-based). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
report(loader *L, const yaml_node_t *at, const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    report_at(L, to_uint(at->start_mark.line + 1), to_uint(at->start_mark.column + 1), "%s", buf);
}

static int problem_cmp(const void *a, const void *b)
{
    const problem *x = a, *y = b;

    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Copies user text into buf (SHOW_MAX bytes at most, cut on a code point boundary) with control
 * characters replaced by '?', so a quoted key or value cannot break the one-line message.
 */
static const char *show(char *buf, size_t size, const char *s, size_t len)
{
    size_t n = len, i;

    assert(size > SHOW_MAX + 4);
    (void)size;
    if (n > SHOW_MAX) {
        n = SHOW_MAX;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* s[n] is a continuation byte: cut before its lead byte */
    }
    for (i = 0; i < n; i++)
        buf[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
    if (n < len) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
    return buf;
}

#define SHOWN(buf, node)                                                                           \
    show(buf, sizeof(buf), (const char *)(node)->data.scalar.value, (node)->data.scalar.length)

/* ---- YAML node helpers --------------------------------------------------------------- */

static const char *kind(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE:
        return "a string";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a mapping";
    default:
        return "nothing";
    }
}

/*
 * Marks n visited. Returns 1 the first time; later visits mean n is reached through an alias,
 * which is reported once and skipped.
 */
static int enter(loader *L, const yaml_node_t *n)
{
    size_t i = (size_t)(n - L->doc->nodes.start);

    assert(i < L->nnodes);
    if (L->seen[i] == 0) {
        L->seen[i] = 1;
        return 1;
    }
    if (L->seen[i] == 1) {
        L->seen[i] = 2;
        report(L, n,
               "this node is reused through an alias; aliases (*name) are not supported "
               "in rule packs");
    }
    return 0;
}

static yaml_node_t *node_at(loader *L, int index)
{
    yaml_node_t *n = yaml_document_get_node(L->doc, index);

    assert(n); /* libyaml only hands out valid indices */
    return n;
}

/* A plain scalar that YAML reads as null ("key:" with nothing after it). */
static int is_null(const yaml_node_t *n)
{
    const char *v = (const char *)n->data.scalar.value;

    return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           (n->data.scalar.length == 0 || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
            strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0);
}

/*
 * Returns the text of a scalar that must be a non-empty string (libyaml NUL-terminates it),
 * or NULL after reporting why it is not. what names the value in messages ("'summary'").
 */
static const char *text_of(loader *L, yaml_node_t *n, const char *what)
{
    if (!enter(L, n))
        return NULL;
    if (n->type != YAML_SCALAR_NODE) {
        report(L, n, "%s must be a string, not %s", what, kind(n));
        return NULL;
    }
    if (is_null(n) || n->data.scalar.length == 0) {
        report(L, n, "%s is empty", what);
        return NULL;
    }
    /* A "\0" escape would silently cut the C string the rest of clauselint sees. */
    if (memchr(n->data.scalar.value, '\0', n->data.scalar.length)) {
        report(L, n, "%s contains a NUL character", what);
        return NULL;
    }
    return (const char *)n->data.scalar.value;
}

/* Duplicates a string into the ruleset; sets L->oom on failure. */
static char *dup(loader *L, const char *s)
{
    char *p;

    if (!s)
        return NULL;
    if (!(p = cl__strdup(s)))
        L->oom = 1;
    return p;
}

static void *alloc_array(loader *L, size_t n, size_t size)
{
    void *p;

    if (n == 0)
        return NULL;
    if (!(p = cl__calloc(n, size)))
        L->oom = 1;
    return p;
}

/* A mapping's allowed keys: the walk fills val[i]/key[i] for keys[i] when present. */
typedef struct keyset {
    const char *const *names;
    size_t n;
} keyset;

/*
 * Walks mapping n: reports keys that are not strings, unknown keys (naming the allowed ones)
 * and duplicate keys; fills key[i]/val[i] for each allowed key present (first occurrence).
 * Returns 1 when n is a mapping, 0 after reporting that it is not. what is "requirement 'x'".
 */
static int walk_map(loader *L, yaml_node_t *n, const char *what, keyset ks, yaml_node_t **key,
                    yaml_node_t **val)
{
    yaml_node_pair_t *p;
    size_t i;

    for (i = 0; i < ks.n; i++)
        key[i] = val[i] = NULL;
    if (!enter(L, n))
        return 0;
    if (n->type != YAML_MAPPING_NODE) {
        report(L, n, "%s must be a mapping, not %s", what, kind(n));
        return 0;
    }
    for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(L, p->key);
        const char *name;
        char s[SHOW_MAX + 8];

        if (k->type != YAML_SCALAR_NODE) {
            report(L, k, "keys in %s must be strings, not %s", what, kind(k));
            continue;
        }
        name = (const char *)k->data.scalar.value;
        for (i = 0; i < ks.n; i++)
            if (strlen(ks.names[i]) == k->data.scalar.length && strcmp(name, ks.names[i]) == 0)
                break;
        if (i == ks.n) {
            char allowed[256];
            size_t j, len = 0;

            allowed[0] = '\0';
            for (j = 0; j < ks.n && len < sizeof(allowed); j++)
                len += (size_t)snprintf(allowed + len, sizeof(allowed) - len, "%s%s", j ? ", " : "",
                                        ks.names[j]);
            report(L, k, "unknown key '%s' in %s (allowed: %s)", SHOWN(s, k), what, allowed);
            continue;
        }
        if (key[i]) {
            report(L, k, "duplicate key '%s' in %s (first at line %u)", ks.names[i], what,
                   to_uint(key[i]->start_mark.line + 1));
            continue;
        }
        key[i] = k;
        val[i] = node_at(L, p->value);
    }
    return 1;
}

/* Reports each required key (required[i] != 0) that walk_map did not find, at the mapping. */
static void check_required(loader *L, const yaml_node_t *n, const char *what, keyset ks,
                           const unsigned char *required, yaml_node_t *const *key)
{
    size_t i;

    for (i = 0; i < ks.n; i++)
        if (required[i] && !key[i])
            report(L, n, "%s is missing the required key '%s'", what, ks.names[i]);
}

/*
 * Checks that n is a list; returns its length (0 with *ok == 1 for an empty list, which the
 * caller judges), or 0 with *ok == 0 after reporting that it is not a list.
 */
static size_t list_len(loader *L, yaml_node_t *n, const char *what, int *ok)
{
    *ok = 0;
    if (!enter(L, n))
        return 0;
    if (n->type != YAML_SEQUENCE_NODE) {
        report(L, n, "%s must be a list, not %s", what, kind(n));
        return 0;
    }
    *ok = 1;
    return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

/* ---- regexes ------------------------------------------------------------------------- */

/*
 * PCRE2 allocates through cl__malloc too, so OOM injection in tests reaches compiled code and
 * match contexts (the compile context's allocator is copied into each pcre2_code).
 */
static void *pcre_malloc(PCRE2_SIZE n, void *data)
{
    (void)data;
    return cl__malloc(n);
}

static void pcre_free(void *p, void *data)
{
    (void)data;
    cl__free(p);
}

/*
 * Compiles the regex scalar n into re (source, position, code). An invalid regex is reported
 * with PCRE2's own message and offset at the scalar's position. where names the list ("'context'").
 */
static void compile_regex(loader *L, yaml_node_t *n, const char *where, cl_regex *re)
{
    const char *src = text_of(L, n, where);
    int ec;
    PCRE2_SIZE eo;

    if (!src)
        return;
    re->line = to_uint(n->start_mark.line + 1);
    re->column = to_uint(n->start_mark.column + 1);
    /*
     * NEVER_BACKSLASH_C: \C matches one byte even in UTF mode and could end a match inside a
     * character, breaking the engine's rule that spans fall on code point boundaries.
     */
    re->code = pcre2_compile((PCRE2_SPTR)src, n->data.scalar.length,
                             PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C, &ec, &eo, L->cctx);
    if (!re->code) {
        PCRE2_UCHAR msg[160];

        if (ec == PCRE2_ERROR_HEAP_FAILED) { /* pcre2_compile's "failed to get memory" */
            L->oom = 1;
            return;
        }
        if (pcre2_get_error_message(ec, msg, sizeof(msg)) < 0)
            snprintf((char *)msg, sizeof(msg), "error %d", ec);
        report(L, n, "invalid regex in %s: %s at offset %zu in the pattern", where,
               (const char *)msg, (size_t)eo);
        return;
    }
    /* JIT failure (no JIT on this platform, or out of executable memory) is not an error:
     * pcre2_match falls back to the interpreter on its own. */
    /* CLAUSELINT_NO_JIT=1 runs the interpreter: valgrind's memcheck cannot see into JIT code
     * and reports its reads as uninitialised */
    if (!getenv("CLAUSELINT_NO_JIT"))
        (void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
    re->source = dup(L, src);
}

static void regex_dispose(cl_regex *re)
{
    cl__free(re->source);
    pcre2_code_free(re->code); /* NULL-safe */
}

/* Loads a non-empty list of regexes (context, unless, also). */
static void load_regex_list(loader *L, yaml_node_t *n, const char *what, cl_regex **out,
                            size_t *nout)
{
    int ok;
    size_t len = list_len(L, n, what, &ok), i;

    if (!ok)
        return;
    if (len == 0) {
        report(L, n, "%s is an empty list: give at least one regex or leave the key out", what);
        return;
    }
    if (!(*out = alloc_array(L, len, sizeof(**out))))
        return;
    *nout = len;
    for (i = 0; i < len; i++)
        compile_regex(L, node_at(L, n->data.sequence.items.start[i]), what, &(*out)[i]);
}

/* ---- requirements -------------------------------------------------------------------- */

static const char *const pattern_keys[] = {"match",   "unless",   "also",
                                           "message", "fallback", "without"};
static const unsigned char pattern_required[] = {1, 0, 0, 0, 0, 0};

static void load_bool(loader *L, yaml_node_t *n, const char *what, int *out);

/*
 * One entry of contradicted/partial/satisfied: a regex string, or a mapping
 * {match, unless, also, message, fallback, without}.
 */
static void load_pattern(loader *L, yaml_node_t *n, const char *list, cl_pattern *p)
{
    keyset ks = {pattern_keys, 6};
    yaml_node_t *key[6], *val[6];
    char what[64], where[80];

    if (n->type == YAML_SCALAR_NODE) {
        compile_regex(L, n, list, &p->match);
        return;
    }
    if (n->type != YAML_MAPPING_NODE) {
        (void)enter(L, n);
        report(L, n, "entries of %s must be regexes or mappings with 'match', not %s", list,
               kind(n));
        return;
    }
    snprintf(what, sizeof(what), "a pattern in %s", list);
    if (!walk_map(L, n, what, ks, key, val))
        return;
    check_required(L, n, what, ks, pattern_required, key);
    if (val[0]) {
        snprintf(where, sizeof(where), "'match' of %s", list);
        compile_regex(L, val[0], where, &p->match);
    }
    if (val[1]) {
        snprintf(where, sizeof(where), "'unless' of %s", list);
        load_regex_list(L, val[1], where, &p->unless, &p->nunless);
    }
    if (val[2]) {
        snprintf(where, sizeof(where), "'also' of %s", list);
        load_regex_list(L, val[2], where, &p->also, &p->nalso);
    }
    if (val[3])
        p->message = dup(L, text_of(L, val[3], "'message'"));
    if (val[4])
        load_bool(L, val[4], "'fallback'", &p->fallback);
    if (val[5]) {
        snprintf(where, sizeof(where), "'without' of %s", list);
        load_regex_list(L, val[5], where, &p->without, &p->nwithout);
    }
}

/* A list of patterns; an empty list is allowed here (the requirement checks all three). */
static void load_pattern_list(loader *L, yaml_node_t *n, const char *what, cl_pattern **out,
                              size_t *nout)
{
    int ok;
    size_t len = list_len(L, n, what, &ok), i;

    if (!ok || len == 0)
        return;
    if (!(*out = alloc_array(L, len, sizeof(**out))))
        return;
    *nout = len;
    for (i = 0; i < len; i++)
        load_pattern(L, node_at(L, n->data.sequence.items.start[i]), what, &(*out)[i]);
}

static const char *const level_keys[] = {"class1", "class2", "class3"};

/* level: {class1: note, class2: error, class3: error}, all three required. */
static void load_level(loader *L, yaml_node_t *n, const char *req, cl_level *level)
{
    keyset ks = {level_keys, 3};
    yaml_node_t *key[3], *val[3];
    char what[96];
    size_t i;

    snprintf(what, sizeof(what), "'level' of %s", req);
    if (!walk_map(L, n, what, ks, key, val))
        return;
    for (i = 0; i < 3; i++) {
        const char *name;
        char w[32];
        char s[SHOW_MAX + 8];

        if (!key[i]) {
            report(L, n, "'level' must give class1, class2 and class3: '%s' is missing",
                   level_keys[i]);
            continue;
        }
        snprintf(w, sizeof(w), "'level' %s", level_keys[i]);
        if (!(name = text_of(L, val[i], w)))
            continue;
        if (cl_level_parse(&level[i + 1], name) < 0)
            report(L, val[i], "unknown level '%s' for %s (expected error, warning, note or none)",
                   SHOWN(s, val[i]), level_keys[i]);
    }
}

/* examples: {satisfied: [text, ...], missing: [...], ...}: keys are status names. */
static void load_examples(loader *L, yaml_node_t *n, cl_requirement *r)
{
    keyset ks = {status_names, 4};
    yaml_node_t *key[4], *val[4];
    size_t i, j, total = 0, len[4] = {0, 0, 0, 0};
    int ok[4] = {0, 0, 0, 0};

    if (!walk_map(L, n, "'examples'", ks, key, val))
        return;
    if (n->data.mapping.pairs.top == n->data.mapping.pairs.start) {
        report(L, n,
               "'examples' is empty: give texts under satisfied, partial, missing or "
               "contradicted");
        return;
    }
    for (i = 0; i < 4; i++) {
        char what[48];

        if (!val[i])
            continue;
        snprintf(what, sizeof(what), "'examples' %s", status_names[i]);
        len[i] = list_len(L, val[i], what, &ok[i]);
        if (ok[i] && len[i] == 0)
            report(L, val[i], "%s is an empty list: give at least one text or leave the key out",
                   what);
        total += len[i];
    }
    if (!(r->examples = alloc_array(L, total, sizeof(*r->examples))))
        return;
    for (i = 0; i < 4; i++) {
        char what[48];

        if (!ok[i])
            continue;
        snprintf(what, sizeof(what), "an example under '%s'", status_names[i]);
        for (j = 0; j < len[i]; j++) {
            yaml_node_t *t = node_at(L, val[i]->data.sequence.items.start[j]);
            cl_example *ex = &r->examples[r->nexamples];
            const char *s = text_of(L, t, what);

            if (!s)
                continue;
            ex->text = dup(L, s);
            ex->expect = (cl_status)i;
            ex->line = to_uint(t->start_mark.line + 1);
            r->nexamples++;
        }
    }
}

/* YAML 1.2 core booleans; a quoted "true" is a string and is refused. */
static void load_bool(loader *L, yaml_node_t *n, const char *what, int *out)
{
    static const char *const truths[] = {"true", "True", "TRUE"};
    static const char *const lies[] = {"false", "False", "FALSE"};
    const char *v;
    size_t i;
    char s[SHOW_MAX + 8];

    if (!enter(L, n))
        return;
    if (n->type != YAML_SCALAR_NODE) {
        report(L, n, "%s must be true or false, not %s", what, kind(n));
        return;
    }
    v = (const char *)n->data.scalar.value;
    if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        for (i = 0; i < 3; i++) {
            if (strcmp(v, truths[i]) == 0) {
                *out = 1;
                return;
            }
            if (strcmp(v, lies[i]) == 0) {
                *out = 0;
                return;
            }
        }
    }
    report(L, n, "%s must be true or false, not '%s'%s", what, SHOWN(s, n),
           n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? "" : " (a quoted string)");
}

static int valid_id(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
        return 0;
    for (s++; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

/* FNV-1a: requirement ids are short ASCII strings. */
static size_t hash_id(const char *s)
{
    size_t h = (size_t)14695981039346656037ull;

    while (*s)
        h = (h ^ (unsigned char)*s++) * (size_t)1099511628211ull;
    return h;
}

/* Returns the index of the requirement that already uses r's id, or inserts r and returns -1. */
static long id_seen(loader *L, size_t index)
{
    const char *id = L->set->reqs[index].id;
    size_t i;

    if (!L->ids)
        return -1;
    for (i = hash_id(id) & L->idmask; L->ids[i]; i = (i + 1) & L->idmask)
        if (strcmp(L->set->reqs[L->ids[i] - 1].id, id) == 0)
            return (long)(L->ids[i] - 1);
    L->ids[i] = index + 1;
    return -1;
}

enum {
    RK_ID,
    RK_SECTION,
    RK_SUMMARY,
    RK_LOOKS_FOR,
    RK_LEVEL,
    RK_SCOPE,
    RK_CONTEXT,
    RK_NOTICE,
    RK_CONTRADICTED,
    RK_PARTIAL,
    RK_SATISFIED,
    RK_SUGGESTION,
    RK_EXAMPLES,
    RK_COUNT
};
static const char *const req_keys[RK_COUNT] = {
    "id",        "section",    "summary",       "looks_for",    "level",
    "scope",     "context",    "notice_period", "contradicted", "partial",
    "satisfied", "suggestion", "examples"};
static const unsigned char req_required[RK_COUNT] = {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1};

/*
 * Names requirement index for messages: "requirement 'id'" when it has a valid id (looked up
 * before the walk, so even the walk's own messages can use it), else "requirement N" (1-based).
 */
static void requirement_name(loader *L, char *buf, size_t size, const yaml_node_t *n, size_t index)
{
    yaml_node_pair_t *p;

    snprintf(buf, size, "requirement %zu", index + 1);
    if (n->type != YAML_MAPPING_NODE)
        return;
    for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = node_at(L, p->key), *v = node_at(L, p->value);

        if (k->type == YAML_SCALAR_NODE && k->data.scalar.length == 2 &&
            memcmp(k->data.scalar.value, "id", 2) == 0) {
            if (v->type == YAML_SCALAR_NODE && v->data.scalar.length <= SHOW_MAX &&
                strlen((const char *)v->data.scalar.value) == v->data.scalar.length &&
                valid_id((const char *)v->data.scalar.value))
                snprintf(buf, size, "requirement '%s'", (const char *)v->data.scalar.value);
            return;
        }
    }
}

/* Loads requirements[index] into L->set->reqs[index]. */
static void load_requirement(loader *L, yaml_node_t *n, size_t index)
{
    keyset ks = {req_keys, RK_COUNT};
    yaml_node_t *key[RK_COUNT], *val[RK_COUNT];
    cl_requirement *r = &L->set->reqs[index];
    char what[96];
    char s[SHOW_MAX + 8];
    size_t i;

    r->line = to_uint(n->start_mark.line + 1);
    requirement_name(L, what, sizeof(what), n, index);
    if (!walk_map(L, n, what, ks, key, val))
        return;
    if (val[RK_ID]) {
        const char *id = text_of(L, val[RK_ID], "'id'");

        if (id && !valid_id(id)) {
            report(L, val[RK_ID], "requirement id '%s' must match [a-z0-9][a-z0-9-]*",
                   SHOWN(s, val[RK_ID]));
        } else if (id) {
            long first;

            if (!(r->id = dup(L, id)))
                return;
            if ((first = id_seen(L, index)) >= 0)
                report(L, val[RK_ID], "duplicate requirement id '%s' (first at line %u)", id,
                       L->set->reqs[first].line);
        }
    }
    check_required(L, n, what, ks, req_required, key);

    if (val[RK_SECTION])
        r->section = dup(L, text_of(L, val[RK_SECTION], "'section'"));
    if (val[RK_SUMMARY])
        r->summary = dup(L, text_of(L, val[RK_SUMMARY], "'summary'"));
    if (val[RK_LOOKS_FOR])
        r->looks_for = dup(L, text_of(L, val[RK_LOOKS_FOR], "'looks_for'"));
    if (val[RK_SUGGESTION])
        r->suggestion = dup(L, text_of(L, val[RK_SUGGESTION], "'suggestion'"));
    if (val[RK_LEVEL])
        load_level(L, val[RK_LEVEL], what, r->level);
    if (val[RK_SCOPE]) {
        const char *scope = text_of(L, val[RK_SCOPE], "'scope'");

        for (i = 0; scope && i < 3; i++)
            if (strcmp(scope, scope_names[i]) == 0)
                break;
        if (scope && i < 3)
            r->scope = (cl_scope)i;
        else if (scope)
            report(L, val[RK_SCOPE], "unknown scope '%s' (expected sentence, clause or article)",
                   SHOWN(s, val[RK_SCOPE]));
    }
    if (val[RK_CONTEXT])
        load_regex_list(L, val[RK_CONTEXT], "'context'", &r->context, &r->ncontext);
    if (val[RK_NOTICE])
        load_bool(L, val[RK_NOTICE], "'notice_period'", &r->notice_period);
    /* RK_CONTRADICTED..RK_SATISFIED are in CL_PAT_* order. */
    for (i = 0; i < CL_PAT_KINDS; i++) {
        char w[32];

        if (!val[RK_CONTRADICTED + i])
            continue;
        snprintf(w, sizeof(w), "'%s'", req_keys[RK_CONTRADICTED + i]);
        load_pattern_list(L, val[RK_CONTRADICTED + i], w, &r->patterns[i], &r->npatterns[i]);
    }
    for (i = 0; i < CL_PAT_KINDS; i++) {
        yaml_node_t *v = val[RK_CONTRADICTED + i];

        /* A value of the wrong type was reported already: do not pile on. */
        if (v && (v->type != YAML_SEQUENCE_NODE ||
                  v->data.sequence.items.top > v->data.sequence.items.start))
            break;
    }
    if (i == CL_PAT_KINDS)
        report(L, n,
               "%s has no patterns: contradicted, partial and satisfied are all empty or "
               "absent",
               what);
    if (val[RK_EXAMPLES])
        load_examples(L, val[RK_EXAMPLES], r);
}

static const char *const top_keys[] = {"pack", "version", "title", "requirements"};
static const unsigned char top_required[] = {1, 1, 1, 1};

static void load_pack(loader *L, yaml_node_t *root)
{
    keyset ks = {top_keys, 4};
    yaml_node_t *key[4], *val[4];
    size_t n, i;
    int ok;

    if (!walk_map(L, root, "the rule pack", ks, key, val))
        return;
    check_required(L, root, "the rule pack", ks, top_required, key);
    if (val[0])
        L->set->id = dup(L, text_of(L, val[0], "'pack'"));
    if (val[1])
        L->set->version = dup(L, text_of(L, val[1], "'version'"));
    if (val[2])
        L->set->title = dup(L, text_of(L, val[2], "'title'"));
    if (!val[3])
        return;
    n = list_len(L, val[3], "'requirements'", &ok);
    if (!ok)
        return;
    if (n == 0) {
        report(L, val[3], "'requirements' is an empty list: a pack needs at least one");
        return;
    }
    if (!(L->set->reqs = alloc_array(L, n, sizeof(*L->set->reqs))))
        return;
    L->set->nreqs = n;
    for (L->idmask = 16; L->idmask < 2 * n; L->idmask *= 2)
        ;
    if (!(L->ids = alloc_array(L, L->idmask, sizeof(*L->ids))))
        return;
    L->idmask--;
    for (i = 0; i < n && !L->oom; i++)
        load_requirement(L, node_at(L, val[3]->data.sequence.items.start[i]), i);
}

/* ---- YAML syntax errors -------------------------------------------------------------- */

/*
 * Turns a libyaml reader error's byte offset into line:col by scanning the input (the reader
 * fails before marks exist). Columns count code points, as marks do.
 */
static void offset_position(const char *yaml, size_t len, size_t off, unsigned *line, unsigned *col)
{
    size_t i, l = 1, c = 1;

    for (i = 0; i < off && i < len; i++) {
        if (yaml[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)yaml[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = to_uint(l);
    *col = to_uint(c);
}

/* Reports the parser's error; returns CL_ENOMEM for libyaml's out-of-memory, else 0. */
static int report_yaml_error(loader *L, const yaml_parser_t *p, const char *yaml, size_t len)
{
    const char *what = p->problem ? p->problem : "unknown error";

    switch (p->error) {
    case YAML_MEMORY_ERROR:
        L->oom = 1;
        return CL_ENOMEM;
    case YAML_READER_ERROR: {
        unsigned line, col;

        offset_position(yaml, len, p->problem_offset, &line, &col);
        if (p->problem_value != -1)
            report_at(L, line, col, "invalid YAML: %s (#%X at byte %zu)", what,
                      (unsigned)p->problem_value, p->problem_offset);
        else
            report_at(L, line, col, "invalid YAML: %s (at byte %zu)", what, p->problem_offset);
        return 0;
    }
    default:
        if (p->context)
            report_at(L, to_uint(p->problem_mark.line + 1), to_uint(p->problem_mark.column + 1),
                      "invalid YAML: %s (%s started at line %u column %u)", what, p->context,
                      to_uint(p->context_mark.line + 1), to_uint(p->context_mark.column + 1));
        else
            report_at(L, to_uint(p->problem_mark.line + 1), to_uint(p->problem_mark.column + 1),
                      "invalid YAML: %s", what);
        return 0;
    }
}

/* ---- ruleset lifetime ---------------------------------------------------------------- */

static void pattern_dispose(cl_pattern *p)
{
    size_t i;

    regex_dispose(&p->match);
    for (i = 0; i < p->nunless; i++)
        regex_dispose(&p->unless[i]);
    cl__free(p->unless);
    for (i = 0; i < p->nalso; i++)
        regex_dispose(&p->also[i]);
    cl__free(p->also);
    for (i = 0; i < p->nwithout; i++)
        regex_dispose(&p->without[i]);
    cl__free(p->without);
    cl__free(p->message);
}

static void requirement_dispose(cl_requirement *r)
{
    size_t i, k;

    cl__free(r->id);
    cl__free(r->section);
    cl__free(r->summary);
    cl__free(r->looks_for);
    cl__free(r->suggestion);
    for (i = 0; i < r->ncontext; i++)
        regex_dispose(&r->context[i]);
    cl__free(r->context);
    for (k = 0; k < CL_PAT_KINDS; k++) {
        for (i = 0; i < r->npatterns[k]; i++)
            pattern_dispose(&r->patterns[k][i]);
        cl__free(r->patterns[k]);
    }
    for (i = 0; i < r->nexamples; i++)
        cl__free(r->examples[i].text);
    cl__free(r->examples);
}

void cl_ruleset_free(cl_ruleset *set)
{
    size_t i;

    if (!set)
        return;
    for (i = 0; i < set->nreqs; i++)
        requirement_dispose(&set->reqs[i]);
    cl__free(set->reqs);
    cl__free(set->id);
    cl__free(set->version);
    cl__free(set->title);
    cl__free(set->path);
    pcre2_jit_stack_free(set->jit_stack);
    pcre2_match_context_free(set->mctx);
    cl__free(set);
}

/*
 * Creates the ruleset and the PCRE2 contexts that go with it: the compile context for the load
 * (returned in *cctx, caller frees) and the match context with the limits and a JIT stack.
 * Returns 0 or CL_ENOMEM.
 */
static int ruleset_new(cl_ruleset **out, pcre2_compile_context **cctx, const char *name)
{
    cl_ruleset *set;
    pcre2_general_context *gctx;
    uint32_t jit = 0;

    *out = NULL;
    *cctx = NULL;
    if (!(set = cl__calloc(1, sizeof(*set))))
        return CL_ENOMEM;
    gctx = pcre2_general_context_create(pcre_malloc, pcre_free, NULL);
    if (gctx) {
        /* Each context copies the allocator, so gctx is not needed past this block. */
        *cctx = pcre2_compile_context_create(gctx);
        set->mctx = pcre2_match_context_create(gctx);
        (void)pcre2_config(PCRE2_CONFIG_JIT, &jit);
        if (jit)
            set->jit_stack = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, gctx);
        pcre2_general_context_free(gctx);
    }
    set->path = cl__strdup(name);
    if (!gctx || !*cctx || !set->mctx || (jit && !set->jit_stack) || !set->path) {
        pcre2_compile_context_free(*cctx);
        *cctx = NULL;
        cl_ruleset_free(set);
        return CL_ENOMEM;
    }
    pcre2_set_match_limit(set->mctx, CL_PCRE2_MATCH_LIMIT);
    pcre2_set_depth_limit(set->mctx, CL_PCRE2_DEPTH_LIMIT);
    if (set->jit_stack)
        pcre2_jit_stack_assign(set->mctx, NULL, set->jit_stack);
    *out = set;
    return 0;
}

/* cl__error_set leaves the position alone: every failure here says which pack and where. */
static int set_where(cl_error *err, int code, const char *path, unsigned line, unsigned column)
{
    if (err) {
        err->path = path;
        err->line = line;
        err->column = column;
        err->offset = -1;
    }
    return code;
}

/* Fills err from a problem found in the pack. */
static void set_rule_error(cl_error *err, const char *name, const problem *d)
{
    cl__error_set(err, CL_ERULE, "%s", d->message);
    set_where(err, CL_ERULE, name, d->line, d->column);
}

/*
 * Parses and checks the pack text; on success sets *out. Every problem goes to diag (sorted
 * into file order) and the first to err, and the result is CL_ERULE; CL_ENOMEM on OOM.
 */
static int parse_pack(cl_ruleset **out, const char *yaml, size_t len, const char *name,
                      cl_diag_fn diag, void *payload, cl_error *err)
{
    yaml_parser_t parser;
    yaml_document_t doc, extra;
    int have_doc = 0, error = 0;
    size_t i;
    loader L;

    memset(&L, 0, sizeof(L));
    L.name = name;
    if ((error = ruleset_new(&L.set, &L.cctx, name)) < 0)
        return set_where(err, cl__error_set(err, error, "out of memory"), name, 0, 0);
    if (!yaml_parser_initialize(&parser)) {
        error = set_where(err, cl__error_set(err, CL_ENOMEM, "out of memory"), name, 0, 0);
        goto done_set;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);

    if (!yaml_parser_load(&parser, &doc)) {
        report_yaml_error(&L, &parser, yaml, len);
    } else {
        yaml_node_t *root;

        have_doc = 1;
        L.doc = &doc;
        root = yaml_document_get_root_node(&doc);
        if (!root) {
            report_at(&L, 1, 1, "the rule pack is empty");
        } else {
            L.nnodes = (size_t)(doc.nodes.top - doc.nodes.start);
            if ((L.seen = alloc_array(&L, L.nnodes, 1)))
                load_pack(&L, root);
            /* A stream may hold more documents; a pack is exactly one. */
            if (!L.oom && !yaml_parser_load(&parser, &extra)) {
                report_yaml_error(&L, &parser, yaml, len);
            } else if (!L.oom) {
                yaml_node_t *second = yaml_document_get_root_node(&extra);

                if (second)
                    report(&L, second,
                           "a rule pack is a single YAML document; found another "
                           "one here");
                yaml_document_delete(&extra);
            }
        }
    }

    if (L.oom) {
        error = set_where(err, cl__error_set(err, CL_ENOMEM, "out of memory"), name, 0, 0);
    } else if (L.nprobs > 0) {
        qsort(L.probs, L.nprobs, sizeof(*L.probs), problem_cmp);
        for (i = 0; diag && i < L.nprobs; i++)
            diag(name, L.probs[i].line, L.probs[i].column, L.probs[i].message, payload);
        set_rule_error(err, name, &L.probs[0]);
        error = CL_ERULE;
    } else {
        *out = L.set;
        L.set = NULL;
    }

    for (i = 0; i < L.nprobs; i++)
        cl__free(L.probs[i].message);
    cl__free(L.probs);
    cl__free(L.seen);
    cl__free(L.ids);
    if (have_doc)
        yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
done_set:
    pcre2_compile_context_free(L.cctx);
    cl_ruleset_free(L.set);
    return error;
}

/* ---- public API ---------------------------------------------------------------------- */

int cl_ruleset_load_memory(cl_ruleset **out, const char *yaml, size_t len, const char *name,
                           cl_diag_fn diag, void *payload, cl_error *err)
{
    CL_ASSERT_ARG(out && (yaml || len == 0));
    if (!name)
        name = "(memory)";
    if (len > CL_MAX_PACK_BYTES) {
        cl__error_set(err, CL_ELIMIT, "rule pack is %zu bytes, above the limit of %zu bytes", len,
                      (size_t)CL_MAX_PACK_BYTES);
        return set_where(err, CL_ELIMIT, name, 0, 0);
    }
    return parse_pack(out, yaml ? yaml : "", len, name, diag, payload, err);
}

int cl_ruleset_load_file(cl_ruleset **out, const char *path, cl_diag_fn diag, void *payload,
                         cl_error *err)
{
    cl_buf text = CL_BUF_INIT(0);
    int error;

    CL_ASSERT_ARG(out && path);
    if ((error = cl__read_file(&text, path, CL_MAX_PACK_BYTES, err)) < 0) {
        set_where(err, error, path, 0, 0);
    } else {
        error = cl_ruleset_load_memory(out, text.ptr, text.len, path, diag, payload, err);
    }
    cl__buf_dispose(&text);
    return error;
}

int cl_ruleset_load_default(cl_ruleset **out, cl_error *err)
{
    return cl_ruleset_load_memory(out, (const char *)cl_default_pack, cl_default_pack_len,
                                  DEFAULT_PACK_NAME, NULL, NULL, err);
}

const char *cl_ruleset_id(const cl_ruleset *set)
{
    return set ? set->id : NULL;
}

const char *cl_ruleset_version(const cl_ruleset *set)
{
    return set ? set->version : NULL;
}

const char *cl_ruleset_title(const cl_ruleset *set)
{
    return set ? set->title : NULL;
}

size_t cl_ruleset_count(const cl_ruleset *set)
{
    return set ? set->nreqs : 0;
}

void cl_ruleset_requirement(cl_requirement_info *out, const cl_ruleset *set, size_t i)
{
    const cl_requirement *r;
    size_t k;

    assert(out && set && i < set->nreqs);
    if (!out)
        return;
    memset(out, 0, sizeof(*out));
    if (!set || i >= set->nreqs)
        return;
    r = &set->reqs[i];
    out->id = r->id;
    out->section = r->section;
    out->summary = r->summary;
    out->looks_for = r->looks_for;
    out->suggestion = r->suggestion;
    for (k = 0; k < 4; k++)
        out->level[k] = r->level[k];
}

/* ---- matching ------------------------------------------------------------------------ */

/*
 * pcre2_match rather than pcre2_jit_match: it runs the JIT code itself when the pattern was
 * JIT-compiled (with the context's JIT stack and match limit) and the interpreter otherwise
 * (with both limits), so one call covers both cases without tracking which patterns JIT took.
 * The subject is passed with length end and start offset start: text before start stays
 * visible to lookbehind and \b, text from end on does not exist for the pattern. start and end
 * must fall on code point boundaries of valid UTF-8 (PCRE2_NO_UTF_CHECK: checked upstream).
 */
int cl__regex_find(const cl_ruleset *set, const cl_regex *re, const char *subject, size_t start,
                   size_t end, pcre2_match_data *md, size_t *ms, size_t *me)
{
    return cl__regex_find_ctx(set, set->mctx, re, subject, start, end, md, ms, me);
}

int cl__regex_find_ctx(const cl_ruleset *set, pcre2_match_context *mctx, const cl_regex *re,
                       const char *subject, size_t start, size_t end, pcre2_match_data *md,
                       size_t *ms, size_t *me)
{
    int rc;

    assert(set && re && re->code && md && ms && me && start <= end);
    if (!subject)
        subject = ""; /* only valid with end == 0 */
    rc = pcre2_match(re->code, (PCRE2_SPTR)subject, end, start, PCRE2_NO_UTF_CHECK, md,
                     mctx ? mctx : set->mctx);
    if (rc >= 0) {
        /* rc == 0 means md has too few pairs for the groups; pair 0 is still set. */
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

        *ms = ov[0];
        *me = ov[1] < ov[0] ? ov[0] : ov[1];
        return 1;
    }
    switch (rc) {
    case PCRE2_ERROR_NOMATCH:
        return 0;
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
        return CL_ELIMIT;
    case PCRE2_ERROR_NOMEMORY:
        return CL_ENOMEM;
    default:
        return CL_ERROR;
    }
}
