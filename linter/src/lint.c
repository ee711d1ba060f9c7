/*
 * lint.c — the pipeline for one document: read -> normalise -> segment -> match -> results.
 *
 * Also where positions leave the library: every offset in the normalised text is turned into
 * line, column (code points), paragraph, part and file byte here and nowhere else, and quotes
 * are cut from the decoded original so the reader sees the words as the vendor wrote them.
 * Word documents with tracked changes are analysed in both readings; a verdict that differs
 * between them says so and names who made the change.
 */
#include "clauselint.h"

#include <string.h>

#include "engine.h"
#include "cl_limits.h"
#include "normalize.h"
#include "sha256.h"
#include "source.h"

typedef struct doc_view {
    cl_source src;
    cl_normtext nt;
    cl_segments segs;
    cl_verdict *verdicts; /* the verdicts reported (the prevailing version's) */
    size_t nverdicts;
    cl_verdict *other; /* bilingual documents: the other language version's, or NULL */
    int other_lang;    /* CL_LANG_* of `other` */
    size_t *lines;     /* plain text: offsets in decoded text where each line starts */
    size_t nlines;
} doc_view;

void cl_options_init(cl_options *opt)
{
    memset(opt, 0, sizeof(*opt));
    opt->info_class = 2;
    opt->revisions = CL_REVISIONS_ACCEPTED;
}

static void view_dispose(doc_view *dv)
{
    size_t i;
    for (i = 0; i < dv->nverdicts; i++) {
        cl__verdict_dispose(&dv->verdicts[i]);
        if (dv->other)
            cl__verdict_dispose(&dv->other[i]);
    }
    cl__free(dv->verdicts);
    cl__free(dv->other);
    cl__free(dv->lines);
    cl__segments_dispose(&dv->segs);
    cl__normtext_dispose(&dv->nt);
    cl__source_dispose(&dv->src);
    memset(dv, 0, sizeof(*dv));
}

static int index_lines(doc_view *dv)
{
    const char *t = dv->src.text.ptr;
    size_t len = dv->src.text.len, i, cap = 256;
    dv->lines = cl__malloc(cap * sizeof(size_t));
    if (!dv->lines)
        return CL_ENOMEM;
    dv->lines[0] = 0;
    dv->nlines = 1;
    for (i = 0; i < len; i++) {
        if (t[i] == '\n' || (t[i] == '\r' && (i + 1 >= len || t[i + 1] != '\n'))) {
            if (dv->nlines == cap) {
                size_t *p = cl__realloc(dv->lines, cap * 2 * sizeof(size_t));
                if (!p)
                    return CL_ENOMEM;
                dv->lines = p;
                cap *= 2;
            }
            dv->lines[dv->nlines++] = i + 1;
        }
    }
    return 0;
}

/* A document carrying both a Japanese and an English version of its terms: each language has
 * at least 5 sentences and 30 % of the total. */
static int is_bilingual(const cl_segments *segs)
{
    size_t i, ja = 0, en = 0;
    for (i = 0; i < segs->nsentences; i++) {
        if (segs->sentences[i].lang == CL_LANG_JA)
            ja++;
        else if (segs->sentences[i].lang == CL_LANG_EN)
            en++;
    }
    return ja >= 5 && en >= 5 && ja * 10 >= (ja + en) * 3 && en * 10 >= (ja + en) * 3;
}

static const char *find_bytes(const char *h, size_t hlen, const char *needle)
{
    size_t n = strlen(needle), i;
    for (i = 0; i + n <= hlen; i++)
        if (memcmp(h + i, needle, n) == 0)
            return h + i;
    return NULL;
}

/* Does the document say its English version prevails? Looks at each 優先/prevail/control and
 * the language named closest before it ("the Japanese version shall prevail" is the default). */
static int english_prevails(const char *t, size_t len)
{
    static const char *const verbs[] = {"優先", "prevail", "control"};
    size_t v;
    for (v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++) {
        const char *p = t;
        while ((p = find_bytes(p, len - (size_t)(p - t), verbs[v])) != NULL) {
            const char *from = p - t > 120 ? p - 120 : t, *q, *en = NULL, *ja = NULL;
            for (q = from; q < p; q++) {
                if ((size_t)(p - q) >= 7 &&
                    (memcmp(q, "English", 7) == 0 || memcmp(q, "英語", 6) == 0))
                    en = q;
                if ((size_t)(p - q) >= 8 &&
                    (memcmp(q, "Japanese", 8) == 0 || memcmp(q, "日本語", 9) == 0))
                    ja = q;
            }
            if (en && (!ja || en > ja))
                return 1;
            p += strlen(verbs[v]);
        }
    }
    return 0;
}

/* Reads and analyses bytes in one reading of tracked changes. */
static int analyse(doc_view *dv, const cl_ruleset *set, const unsigned char *bytes, size_t len,
                   const cl_options *opt, cl_revisions rev, cl_error *err)
{
    cl_read_options ro;
    cl_engine_input in = {0};
    int error;

    memset(dv, 0, sizeof(*dv));
    cl__source_init(&dv->src);
    cl__normtext_init(&dv->nt);
    ro.revisions = rev;
    ro.encoding = opt->encoding;
    if ((error = cl__read(&dv->src, bytes, len, &ro, err)) < 0)
        return error;
    if ((error = cl__normalize(&dv->nt, dv->src.text.ptr ? dv->src.text.ptr : "", dv->src.text.len,
                               err)) < 0)
        return error;
    if ((error = cl__segment(&dv->segs, dv->nt.text.ptr, dv->nt.text.len, dv->src.text.ptr,
                             &dv->nt.map, err)) < 0)
        return error;
    if (!dv->src.paras && (error = index_lines(dv)) < 0)
        return cl__error_set(err, error, "out of memory");
    dv->verdicts = cl__calloc(set->nreqs, sizeof(*dv->verdicts));
    if (!dv->verdicts)
        return cl__error_set(err, CL_ENOMEM, "out of memory");
    dv->nverdicts = set->nreqs;
    in.text = dv->nt.text.ptr;
    in.len = dv->nt.text.len;
    in.segs = &dv->segs;
    in.min_notice_days = opt->min_notice_days;
    in.lang = 0;
    if (is_bilingual(&dv->segs)) {
        /* Both versions are judged; the Japanese one prevails unless the terms say otherwise. */
        int main_lang =
            english_prevails(dv->nt.text.ptr, dv->nt.text.len) ? CL_LANG_EN : CL_LANG_JA;
        dv->other_lang = main_lang == CL_LANG_JA ? CL_LANG_EN : CL_LANG_JA;
        dv->other = cl__calloc(set->nreqs, sizeof(*dv->other));
        if (!dv->other)
            return cl__error_set(err, CL_ENOMEM, "out of memory");
        in.lang = dv->other_lang;
        if ((error = cl__engine_run(dv->other, set, &in, err)) < 0)
            return error;
        in.lang = main_lang;
    }
    return cl__engine_run(dv->verdicts, set, &in, err);
}

static size_t upper_bound_lines(const size_t *starts, size_t n, size_t off)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static void locate(const doc_view *dv, size_t norm_off, cl_evidence *ev)
{
    size_t d = cl__offmap_start(&dv->nt.map, norm_off);
    const char *t = dv->src.text.ptr;

    if (dv->src.paras && dv->src.npara) {
        size_t lo = 0, hi = dv->src.npara;
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (dv->src.paras[mid].start <= d)
                lo = mid;
            else
                hi = mid;
        }
        ev->paragraph = dv->src.paras[lo].number;
        ev->line = ev->paragraph;
        ev->column =
            (unsigned)cl__utf8_count(t + dv->src.paras[lo].start, d - dv->src.paras[lo].start) + 1;
        ev->part = cl__part_name(dv->src.paras[lo].part);
    } else {
        size_t l = dv->lines ? upper_bound_lines(dv->lines, dv->nlines, d) : 0;
        size_t ls = dv->lines ? dv->lines[l] : 0;
        ev->line = (unsigned)l + 1;
        ev->column = (unsigned)cl__utf8_count(t + ls, d - ls) + 1;
        ev->paragraph = 0;
        ev->part = "body";
    }
    ev->offset = cl__source_file_offset(&dv->src, d);
}

#define QUOTE_MAX_CP 160

/* The sentence around a hit, from the decoded original, on one line, at most QUOTE_MAX_CP. */
static char *make_quote(const doc_view *dv, const cl_hit *hit)
{
    const cl_span *s = &dv->segs.sentences[hit->sentence].span;
    size_t a = cl__offmap_start(&dv->nt.map, s->start);
    size_t b = cl__offmap_end(&dv->nt.map, s->end);
    size_t m = cl__offmap_start(&dv->nt.map, hit->match.start);
    const char *t = dv->src.text.ptr;
    cl_buf q = CL_BUF_INIT(0);
    size_t i, cps = 0;
    int space = 0;

    if (b > dv->src.text.len)
        b = dv->src.text.len;
    if (m < a || m > b)
        m = a;
    /* Long sentence: start a little before the match so the match is in the quote. */
    if (cl__utf8_count(t + a, b - a) > QUOTE_MAX_CP && cl__utf8_count(t + a, m - a) > 40) {
        size_t back = 0;
        i = m;
        while (i > a && back < 40) {
            i--;
            if (((unsigned char)t[i] & 0xC0) != 0x80)
                back++;
        }
        a = i;
        cl__buf_puts(&q, "…");
    }
    for (i = a; i < b && cps < QUOTE_MAX_CP;) {
        size_t n = cl__utf8_len((unsigned char)t[i]);
        if (i + n > b)
            break;
        if (t[i] == '\n' || t[i] == '\r' || t[i] == '\v' || t[i] == '\t' || t[i] == ' ') {
            space = 1;
            i++;
            continue;
        }
        if (space && q.len)
            cl__buf_putc(&q, ' ');
        space = 0;
        if (t[i] == '\0')
            cl__buf_putc(&q, ' ');
        else
            cl__buf_put(&q, t + i, n);
        i += n;
        cps++;
    }
    if (i < b)
        cl__buf_puts(&q, "…");
    return cl__buf_detach(&q);
}

static int fill_result(cl_result *res, const doc_view *dv, const cl_verdict *v, int info_class)
{
    size_t i;
    const cl_requirement *req = v->req;

    res->requirement = req->id;
    res->section = req->section;
    res->status = v->status;
    res->level = v->status == CL_STATUS_SATISFIED ? CL_LEVEL_NONE : req->level[info_class];
    res->notice_days = v->notice_days;
    res->message = cl__strdup(v->message.ptr ? v->message.ptr : "");
    if (!res->message)
        return CL_ENOMEM;
    if (v->nhits) {
        res->evidence = cl__calloc(v->nhits, sizeof(*res->evidence));
        if (!res->evidence)
            return CL_ENOMEM;
    }
    for (i = 0; i < v->nhits; i++) {
        cl_evidence *ev = &res->evidence[i];
        char path[160];
        res->nevidence++;
        locate(dv, v->hits[i].match.start, ev);
        cl__segments_path(path, sizeof(path), &dv->segs, v->hits[i].sentence);
        ev->article = cl__strdup(path);
        ev->quote = make_quote(dv, &v->hits[i]);
        if (!ev->article || !ev->quote)
            return CL_ENOMEM;
    }
    return 0;
}

static int add_string(char ***list, size_t *n, const char *s)
{
    char **p = cl__realloc(*list, (*n + 1) * sizeof(char *));
    if (!p)
        return CL_ENOMEM;
    *list = p;
    if (!(p[*n] = cl__strdup(s)))
        return CL_ENOMEM;
    (*n)++;
    return 0;
}

/* Bilingual documents: where the two versions disagree, say so with the other version's quote. */
static int compare_languages(cl_doc_report *rep, const doc_view *dv)
{
    size_t i;
    const char *other = dv->other_lang == CL_LANG_EN ? "English" : "Japanese";
    const char *main_name = dv->other_lang == CL_LANG_EN ? "Japanese" : "English";
    for (i = 0; i < rep->nresults; i++) {
        const cl_verdict *ov = &dv->other[i];
        cl_result *res = &rep->results[i];
        cl_buf msg = CL_BUF_INIT(0);
        if (ov->status == res->status)
            continue;
        cl__buf_printf(&msg,
                       "%s; the %s and %s versions disagree: the %s version (which "
                       "prevails) is %s, the %s version is %s",
                       res->message, main_name, other, main_name, cl_status_name(res->status),
                       other, cl_status_name(ov->status));
        if (!msg.ptr)
            return CL_ENOMEM;
        cl__free(res->message);
        res->message = cl__buf_detach(&msg);
        if (ov->nhits) { /* the other version's quote, after this version's evidence */
            cl_evidence *ev = cl__realloc(res->evidence, (res->nevidence + 1) * sizeof(*ev));
            char path[160];
            if (!ev)
                return CL_ENOMEM;
            res->evidence = ev;
            ev = &res->evidence[res->nevidence];
            memset(ev, 0, sizeof(*ev));
            res->nevidence++;
            locate(dv, ov->hits[0].match.start, ev);
            cl__segments_path(path, sizeof(path), &dv->segs, ov->hits[0].sentence);
            ev->article = cl__strdup(path);
            ev->quote = make_quote(dv, &ov->hits[0]);
            if (!ev->article || !ev->quote)
                return CL_ENOMEM;
        }
        {
            cl_buf w = CL_BUF_INIT(0);
            const cl_evidence *mine = res->nevidence > 1 || !ov->nhits ? &res->evidence[0] : NULL;
            const cl_evidence *theirs = ov->nhits ? &res->evidence[res->nevidence - 1] : NULL;
            cl__buf_printf(&w, "warning: [%s] the %s and %s versions disagree: %s says %s",
                           res->requirement, main_name, other, main_name,
                           cl_status_name(res->status));
            if (mine && res->status != CL_STATUS_MISSING)
                cl__buf_printf(&w, " 「%s」 (%s)", mine->quote, mine->article);
            cl__buf_printf(&w, ", %s says %s", other, cl_status_name(ov->status));
            if (theirs && ov->status != CL_STATUS_MISSING)
                cl__buf_printf(&w, " 「%s」 (%s)", theirs->quote, theirs->article);
            if (!w.ptr || add_string(&rep->warnings, &rep->nwarnings, w.ptr) < 0) {
                cl__buf_dispose(&w);
                return CL_ENOMEM;
            }
            cl__buf_dispose(&w);
        }
    }
    return 0;
}

/* Authors of the tracked changes that touch the decoded span [a, b) of a view. */
static void authors_near(cl_buf *out, const cl_source *src, size_t a, size_t b)
{
    size_t i;
    for (i = 0; i < src->nrev; i++) {
        const cl_revision *r = &src->revisions[i];
        if (r->end >= a && r->start <= b && (!out->ptr || !strstr(out->ptr, r->author))) {
            if (out->len)
                cl__buf_puts(out, ", ");
            cl__buf_puts(out, r->author);
        }
    }
}

static void evidence_authors(cl_buf *out, const doc_view *dv, const cl_verdict *v)
{
    size_t i;
    for (i = 0; i < v->nhits; i++) {
        const cl_span *s = &v->hits[i].unit;
        authors_near(out, &dv->src, cl__offmap_start(&dv->nt.map, s->start),
                     cl__offmap_end(&dv->nt.map, s->end));
    }
}

/* Adds "depends on a tracked change" notes where the two readings disagree. */
static int compare_views(cl_doc_report *rep, const doc_view *main, const doc_view *other,
                         cl_revisions main_rev)
{
    size_t i;
    for (i = 0; i < rep->nresults && i < other->nverdicts; i++) {
        cl_buf msg = CL_BUF_INIT(0);
        cl_buf authors = CL_BUF_INIT(0);
        const char *other_name = main_rev == CL_REVISIONS_ACCEPTED ? "before the tracked changes"
                                                                   : "with the tracked "
                                                                     "changes accepted";
        if (other->verdicts[i].status == main->verdicts[i].status)
            continue;
        evidence_authors(&authors, main, &main->verdicts[i]);
        evidence_authors(&authors, other, &other->verdicts[i]);
        if (!authors.len) {
            size_t r;
            for (r = 0; r < main->src.nrev && authors.len < 200; r++)
                authors_near(&authors, &main->src, main->src.revisions[r].start,
                             main->src.revisions[r].end);
        }
        cl__buf_printf(&msg,
                       "%s; this verdict depends on unaccepted tracked changes (by %s): "
                       "%s it would be %s",
                       rep->results[i].message, authors.len ? authors.ptr : "unknown", other_name,
                       cl_status_name(other->verdicts[i].status));
        cl__buf_dispose(&authors);
        if (!msg.ptr)
            return CL_ENOMEM;
        cl__free(rep->results[i].message);
        rep->results[i].message = cl__buf_detach(&msg);
    }
    return 0;
}

int cl_lint_memory(cl_doc_report **out, const cl_ruleset *set, const char *path, const void *bytes,
                   size_t len, const cl_options *opt_in, cl_error *err)
{
    cl_doc_report *rep;
    cl_options defaults;
    const cl_options *opt = opt_in;
    doc_view dv, other;
    cl_error derr;
    int error = 0, cls;
    size_t i;

    if (!out || !set || (!bytes && len))
        return cl__error_set(err, CL_EINVAL, "invalid argument");
    *out = NULL;
    if (!opt) {
        cl_options_init(&defaults);
        opt = &defaults;
    }
    cls = opt->info_class >= 1 && opt->info_class <= 3 ? opt->info_class : 2;
    rep = cl__calloc(1, sizeof(*rep));
    if (!rep || !(rep->path = cl__strdup(path ? path : "-"))) {
        cl__free(rep);
        return cl__error_set(err, CL_ENOMEM, "out of memory");
    }
    cl__sha256_hex(rep->sha256, bytes ? bytes : "", len);
    cl_error_clear(&derr);
    memset(&other, 0, sizeof(other));
    error = analyse(&dv, set, bytes ? bytes : (const void *)"", len, opt, opt->revisions, &derr);
    if (error == CL_ENOMEM) {
        view_dispose(&dv);
        cl_doc_report_free(rep);
        return cl__error_set(err, CL_ENOMEM, "out of memory");
    }
    if (error < 0) {
        /* an input problem: reported in the document, not a failure of the run */
        char msg[320];
        if (derr.offset >= 0)
            snprintf(msg, sizeof(msg), "%s (byte %lld)", derr.message, derr.offset);
        else
            snprintf(msg, sizeof(msg), "%s", derr.message[0] ? derr.message : "unreadable");
        rep->format = NULL; /* unread: no format (clauselint.h) */
        error = add_string(&rep->errors, &rep->nerrors, msg);
        view_dispose(&dv);
        if (error < 0) {
            cl_doc_report_free(rep);
            return cl__error_set(err, error, "out of memory");
        }
        *out = rep;
        return 0;
    }
    rep->format = dv.src.format;
    snprintf(rep->encoding, sizeof(rep->encoding), "%s", dv.src.encoding);
    rep->encoding_guessed = dv.src.encoding_guessed;
    if (rep->encoding_guessed) {
        char note[128];
        snprintf(note, sizeof(note),
                 "note: encoding guessed as %s with low confidence; use "
                 "--encoding to set it",
                 rep->encoding);
        error = add_string(&rep->warnings, &rep->nwarnings, note);
    }
    if (!error && dv.nt.text.len == 0)
        error = add_string(&rep->warnings, &rep->nwarnings, "note: the document has no text");
    if (!error) {
        rep->results = cl__calloc(set->nreqs, sizeof(*rep->results));
        if (!rep->results)
            error = CL_ENOMEM;
    }
    for (i = 0; !error && i < set->nreqs; i++) {
        rep->nresults++;
        error = fill_result(&rep->results[i], &dv, &dv.verdicts[i], cls);
    }
    if (!error && dv.other)
        error = compare_languages(rep, &dv);
    if (!error && dv.src.nrev > 0) {
        cl_revisions alt =
            opt->revisions == CL_REVISIONS_ACCEPTED ? CL_REVISIONS_ORIGINAL : CL_REVISIONS_ACCEPTED;
        cl_error_clear(&derr);
        if (analyse(&other, set, bytes, len, opt, alt, &derr) == 0)
            error = compare_views(rep, &dv, &other, opt->revisions);
    }
    view_dispose(&other);
    view_dispose(&dv);
    if (error < 0) {
        cl_doc_report_free(rep);
        return cl__error_set(err, error, "out of memory");
    }
    *out = rep;
    return 0;
}

int cl_lint_file(cl_doc_report **out, const cl_ruleset *set, const char *path,
                 const cl_options *opt, cl_error *err)
{
    cl_buf bytes = CL_BUF_INIT(0);
    cl_error rerr;
    int error;

    if (!out || !set || !path)
        return cl__error_set(err, CL_EINVAL, "invalid argument");
    *out = NULL;
    cl_error_clear(&rerr);
    if ((error = cl__read_file(&bytes, path, CL_MAX_INPUT_BYTES, &rerr)) < 0) {
        cl_doc_report *rep;
        cl__buf_dispose(&bytes);
        if (error == CL_ENOMEM)
            return cl__error_set(err, CL_ENOMEM, "out of memory");
        rep = cl__calloc(1, sizeof(*rep));
        if (!rep || !(rep->path = cl__strdup(path)) ||
            add_string(&rep->errors, &rep->nerrors, rerr.message) < 0) {
            cl_doc_report_free(rep);
            return cl__error_set(err, CL_ENOMEM, "out of memory");
        }
        *out = rep;
        return 0;
    }
    error = cl_lint_memory(out, set, path, bytes.ptr, bytes.len, opt, err);
    cl__buf_dispose(&bytes);
    return error;
}

void cl_doc_report_free(cl_doc_report *rep)
{
    size_t i, j;
    if (!rep)
        return;
    for (i = 0; i < rep->nresults; i++) {
        for (j = 0; j < rep->results[i].nevidence; j++) {
            cl__free(rep->results[i].evidence[j].quote);
            cl__free(rep->results[i].evidence[j].article);
        }
        cl__free(rep->results[i].evidence);
        cl__free(rep->results[i].message);
    }
    cl__free(rep->results);
    for (i = 0; i < rep->nerrors; i++)
        cl__free(rep->errors[i]);
    cl__free(rep->errors);
    for (i = 0; i < rep->nwarnings; i++)
        cl__free(rep->warnings[i]);
    cl__free(rep->warnings);
    cl__free(rep->path);
    cl__free(rep);
}

/* ---- rule examples ---- */

int cl_ruleset_test_examples(const cl_ruleset *set, cl_example_fn fn, void *payload)
{
    size_t r, e;
    int failures = 0;
    cl_options opt;

    cl_options_init(&opt);
    for (r = 0; r < set->nreqs; r++) {
        const cl_requirement *req = &set->reqs[r];
        int fired = 0;
        for (e = 0; e < req->nexamples; e++) {
            const cl_example *ex = &req->examples[e];
            cl_doc_report *rep = NULL;
            cl_status got = CL_STATUS_MISSING;
            if (cl_lint_memory(&rep, set, req->id, ex->text, strlen(ex->text), &opt, NULL) < 0)
                return failures + 1;
            if (rep->nresults > r)
                got = rep->results[r].status;
            cl_doc_report_free(rep);
            if (got != ex->expect)
                failures++;
            else if (got != CL_STATUS_MISSING)
                fired = 1;
            if (fn)
                fn(req->id, ex->text, ex->expect, got, payload);
        }
        if (!fired) {
            failures++;
            if (fn)
                fn(req->id, NULL, CL_STATUS_SATISFIED, CL_STATUS_MISSING, payload);
        }
    }
    return failures;
}
