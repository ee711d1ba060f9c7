/*
 * engine.c — one verdict per requirement from a segmented document.
 *
 * For each requirement, every unit of its scope (sentence, 項 or article) is tried. In a unit
 * the pattern lists are tried in the order contradicted, partial, satisfied, and the first
 * list that fires decides what that unit says; a satisfied or partial pattern counts only
 * when the requirement's context matches the unit, its article heading, or the sentences that
 * lead into it (the previous sentence of the 項, the lead-in of a 号 list). Across units the
 * worst wins: contradicted > partial > satisfied > missing — false assurance is the costliest
 * error, so one contradicting clause outweighs any number of satisfying ones.
 */
#include "engine.h"

#include <pthread.h>
#include <string.h>

#include "cl_limits.h"
#include "numeral.h"

typedef struct unit_ctx {
    const cl_engine_input *in;
    const cl_ruleset *set;
    pcre2_match_data *md;
    pcre2_match_context *mctx; /* this thread's (limits + its own JIT stack); NULL: the set's */
    /* Per pattern of the current requirement: where its next match in the whole text starts
     * (SIZE_MAX: none), so units that cannot hold a match are skipped without a PCRE2 call. */
    size_t *next_match;
    size_t nnext;
    int limit_hit; /* a pattern hit PCRE2's match limit */
    const cl_regex *limit_re;
} unit_ctx;

typedef struct near_miss {
    int found;
    cl_hit hit;
    const char *why;
} near_miss;

/* A hit of a `fallback: true` pattern: used only when nothing else fired. */
typedef struct fallback_hit {
    int found;
    int kind;
    cl_hit hit;
} fallback_hit;

static int find(unit_ctx *c, const cl_regex *re, cl_span span, size_t *ms, size_t *me)
{
    int rc =
        cl__regex_find_ctx(c->set, c->mctx, re, c->in->text, span.start, span.end, c->md, ms, me);
    if (rc == CL_ELIMIT) {
        c->limit_hit = 1;
        c->limit_re = re;
        return 0;
    }
    return rc;
}

/*
 * A `match` regex in a unit, using the whole-text look-ahead: if the regex matches in the window
 * [s, e) at p, a search of the whole text from s finds a match starting at or before p, so when
 * the next whole-text match starts at or after e the unit cannot match. Units come in increasing
 * order, so each pattern scans the text about once instead of once per unit.
 */
static int find_main(unit_ctx *c, size_t slot, const cl_regex *re, cl_span unit, size_t *ms,
                     size_t *me)
{
    size_t *next = &c->next_match[slot];
    if (*next != SIZE_MAX && *next < unit.start) {
        size_t s2, e2;
        int rc = cl__regex_find_ctx(c->set, c->mctx, re, c->in->text, unit.start, c->in->len, c->md,
                                    &s2, &e2);
        if (rc == CL_ELIMIT)
            rc = 1, s2 = unit.start; /* cannot tell: fall back to the windowed match */
        if (rc < 0)
            return rc;
        *next = rc ? s2 : SIZE_MAX;
    }
    if (*next >= unit.end)
        return 0;
    return find(c, re, unit, ms, me);
}

static int any_matches(unit_ctx *c, const cl_regex *res, size_t n, cl_span span)
{
    size_t i, ms, me;
    for (i = 0; i < n; i++) {
        int rc = find(c, &res[i], span, &ms, &me);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int all_match(unit_ctx *c, const cl_regex *res, size_t n, cl_span span)
{
    size_t i, ms, me;
    for (i = 0; i < n; i++) {
        int rc = find(c, &res[i], span, &ms, &me);
        if (rc <= 0)
            return rc;
    }
    return 1;
}

/* Index of the sentence containing offset off (binary search; sentences are ordered). */
static size_t sentence_at(const cl_segments *segs, size_t off)
{
    size_t lo = 0, hi = segs->nsentences;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (segs->sentences[mid].span.start <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The sentence a hit is quoted from: the one holding the match, or — for a match in an article
 * heading, which is no sentence — the unit's first sentence. */
static size_t hit_sentence(const cl_segments *segs, size_t ms, cl_span unit)
{
    size_t i = sentence_at(segs, ms);
    if (i < segs->nsentences && segs->sentences[i].span.end <= ms && i + 1 < segs->nsentences &&
        segs->sentences[i + 1].span.start < unit.end)
        i++;
    return i;
}

/* Is the match at ms in a sentence of the language being judged (or of none)? */
static int lang_ok(const unit_ctx *c, size_t ms, cl_span unit)
{
    const cl_segments *segs = c->in->segs;
    unsigned char lang;
    if (!segs->nsentences)
        return 1;
    lang = segs->sentences[hit_sentence(segs, ms, unit)].lang;
    return lang == CL_LANG_NONE || lang == c->in->lang;
}

/* Does the requirement's context match this unit or what leads into it? */
static int context_ok(unit_ctx *c, const cl_requirement *req, cl_span unit, size_t first_sent)
{
    const cl_segments *segs = c->in->segs;
    const cl_sentence *s;
    int rc;

    if (req->ncontext == 0)
        return 1;
    if ((rc = any_matches(c, req->context, req->ncontext, unit)) != 0)
        return rc;
    if (first_sent >= segs->nsentences)
        return 0;
    s = &segs->sentences[first_sent];
    if (s->article >= 0) {
        cl_span h = segs->articles[s->article].heading;
        if (h.end > h.start && (rc = any_matches(c, req->context, req->ncontext, h)) != 0)
            return rc;
    }
    /* the title of the enclosing section: "9. Return of Data" for a sentence in 9.2. Only
     * dotted labels have one, and it stands among the articles of the same top-level number,
     * so the walk back stops there (no quadratic walk over a 第N条 document). */
    if (s->article >= 0 && strchr(segs->articles[s->article].label, '.')) {
        const cl_article *a = &segs->articles[s->article];
        size_t alen = strlen(a->label), top = strcspn(a->label, ".");
        int k;
        for (k = s->article - 1; k >= 0; k--) {
            const cl_article *p = &segs->articles[k];
            size_t plen = strlen(p->label);
            if (strncmp(p->label, a->label, top) != 0 ||
                (p->label[top] != '.' && p->label[top] != '\0'))
                break; /* left the top-level section */
            if (plen < alen && strncmp(p->label, a->label, plen) == 0 && a->label[plen] == '.') {
                if (p->heading.end > p->heading.start &&
                    (rc = any_matches(c, req->context, req->ncontext, p->heading)) != 0)
                    return rc;
                break;
            }
        }
    }
    /* the article's opening sentence ("契約が終了する場合、…" governs its later 項) */
    if (s->article >= 0) {
        size_t open = sentence_at(segs, segs->articles[s->article].span.start);
        if (open < segs->nsentences &&
            segs->sentences[open].span.start < segs->articles[s->article].span.start)
            open++;
        if (open < first_sent && segs->sentences[open].article == s->article &&
            (rc = any_matches(c, req->context, req->ncontext, segs->sentences[open].span)) != 0)
            return rc;
    }
    /* the sentence before, in the same 項 ("…終了した場合、" / "この場合、…") */
    if (first_sent > 0) {
        const cl_sentence *prev = &segs->sentences[first_sent - 1];
        if (prev->clause == s->clause && prev->article == s->article &&
            (rc = any_matches(c, req->context, req->ncontext, prev->span)) != 0)
            return rc;
    }
    /* the lead-in of a 号 list: the 項's first sentence */
    if (s->item >= 0 && s->clause >= 0) {
        size_t lead = sentence_at(segs, segs->clauses[s->clause].span.start);
        if (lead < segs->nsentences && lead != first_sent &&
            segs->sentences[lead].clause == s->clause &&
            (rc = any_matches(c, req->context, req->ncontext, segs->sentences[lead].span)) != 0)
            return rc;
    }
    return 0;
}

static int add_hit(cl_verdict *v, const cl_hit *hit)
{
    if (v->nhits == v->caphits) {
        size_t cap = v->caphits ? v->caphits * 2 : 8;
        cl_hit *h = cl__realloc(v->hits, cap * sizeof(*h));
        if (!h)
            return CL_ENOMEM;
        v->hits = h;
        v->caphits = cap;
    }
    v->hits[v->nhits++] = *hit;
    return 0;
}

/* What a unit says about a requirement. */
typedef struct unit_result {
    int kind; /* CL_PAT_* that fired, or -1 */
    cl_hit hit;
} unit_result;

/* Keeps the first near-miss of a requirement: a match that did not count, and why. */
static void note_near_miss(near_miss *nm, const cl_segments *segs, const cl_pattern *pat, size_t ms,
                           size_t me, cl_span unit, const char *why)
{
    if (nm->found)
        return;
    nm->found = 1;
    nm->hit.match.start = ms;
    nm->hit.match.end = me;
    nm->hit.unit = unit;
    nm->hit.sentence = hit_sentence(segs, ms, unit);
    nm->hit.pattern = pat;
    nm->why = why;
}

static int eval_unit(unit_result *out, unit_ctx *c, const cl_requirement *req, cl_span unit,
                     near_miss *nm, fallback_hit *fb)
{
    int kind, rc, ctx = -1;
    cl_span sent;
    size_t slot = 0;
    size_t p, ms, me, first = sentence_at(c->in->segs, unit.start);

    out->kind = -1;
    for (kind = 0; kind < CL_PAT_KINDS; kind++) {
        for (p = 0; p < req->npatterns[kind]; p++) {
            const cl_pattern *pat = &req->patterns[kind][p];
            const char *why = NULL;
            if ((rc = find_main(c, slot++, &pat->match, unit, &ms, &me)) < 0)
                return rc;
            /* A match the sentence around it excludes (unless) does not end the search: a
             * later match of the same pattern in the unit may stand in another sentence. */
            for (;;) {
                cl_span rest = unit;
                /* one version of a bilingual document: skip matches in the other language */
                while (rc == 1 && c->in->lang && !lang_ok(c, ms, unit)) {
                    rest.start = ms + cl__utf8_len((unsigned char)c->in->text[ms]);
                    if (rest.start >= rest.end)
                        rc = 0;
                    else if ((rc = find(c, &pat->match, rest, &ms, &me)) < 0)
                        return rc;
                }
                if (rc == 0)
                    break;
                why = NULL;
                /* `also` may stand anywhere in the unit (a clause spanning sentences);
                 * `unless` qualifies the sentence(s) the match stands in, so an exception
                 * elsewhere in a long article does not cancel it. */
                sent.start =
                    c->in->segs->nsentences
                        ? c->in->segs->sentences[hit_sentence(c->in->segs, ms, unit)].span.start
                        : unit.start;
                sent.end = c->in->segs->nsentences
                               ? c->in->segs->sentences[sentence_at(c->in->segs, me ? me - 1 : me)]
                                     .span.end
                               : unit.end;
                if (sent.start < unit.start)
                    sent.start = unit.start;
                if (sent.end > unit.end || sent.end <= sent.start)
                    sent.end = unit.end;
                if ((rc = any_matches(c, pat->unless, pat->nunless, sent)) < 0)
                    return rc;
                if (rc == 0) {
                    rc = 1; /* a match no `unless` excludes */
                    break;
                }
                why = "the wording around it excludes it (a right, not a duty; another "
                      "subject; or a different kind of ending)";
                if (kind != CL_PAT_CONTRADICTED)
                    note_near_miss(nm, c->in->segs, pat, ms, me, unit, why);
                /* the next match starts after the sentence this one was excluded in */
                rest.start = sent.end > ms ? sent.end : ms + 1;
                while (rest.start < rest.end &&
                       ((unsigned char)c->in->text[rest.start] & 0xC0) == 0x80)
                    rest.start++;
                if (rest.start >= rest.end) {
                    rc = 0;
                    break;
                }
                if ((rc = find(c, &pat->match, rest, &ms, &me)) < 0)
                    return rc;
            }
            if (rc == 0)
                continue;
            why = NULL;
            if ((rc = all_match(c, pat->also, pat->nalso, unit)) < 0)
                return rc;
            if (rc == 0)
                why = "only part of what the rule needs is there";
            else if ((rc = any_matches(c, pat->without, pat->nwithout, unit)) < 0)
                return rc;
            else if (rc == 1)
                why = "the rest of the clause changes its meaning";
            else if (kind != CL_PAT_CONTRADICTED) {
                if (ctx < 0 && (ctx = context_ok(c, req, unit, first)) < 0)
                    return ctx;
                if (!ctx)
                    why = "it does not stand in a clause about the situation the rule is about";
            }
            if (why) {
                if (kind != CL_PAT_CONTRADICTED)
                    note_near_miss(nm, c->in->segs, pat, ms, me, unit, why);
                continue;
            }
            if (pat->fallback) {
                if (!fb->found) {
                    fb->found = 1;
                    fb->kind = kind;
                    fb->hit.match.start = ms;
                    fb->hit.match.end = me;
                    fb->hit.unit = unit;
                    fb->hit.sentence = hit_sentence(c->in->segs, ms, unit);
                    fb->hit.pattern = pat;
                }
                continue;
            }
            out->kind = kind;
            out->hit.match.start = ms;
            out->hit.match.end = me;
            out->hit.unit = unit;
            out->hit.sentence = hit_sentence(c->in->segs, ms, unit);
            out->hit.pattern = pat;
            return 0;
        }
    }
    return 0;
}

static const int kind_status[CL_PAT_KINDS] = {CL_STATUS_CONTRADICTED, CL_STATUS_PARTIAL,
                                              CL_STATUS_SATISFIED};

/* Do two articles belong to the same top-level numbered section ("10" / "10.1" / "10.2")? */
static int same_section(const cl_article *a, const cl_article *b)
{
    size_t n = 0;
    if (a->label[0] < '0' || a->label[0] > '9')
        return 0;
    while (a->label[n] >= '0' && a->label[n] <= '9')
        n++;
    return strncmp(a->label, b->label, n) == 0 && (b->label[n] == '.' || b->label[n] == '\0') &&
           (a->label[n] == '.' || a->label[n] == '\0') &&
           !(b->label[n] == '\0' && a->label[n] == '\0');
}

/* Iterates the units of a scope: calls eval on each. */
static int for_each_unit(unit_ctx *c, const cl_requirement *req, cl_verdict *v, near_miss *nm,
                         fallback_hit *fb, fallback_hit *noperiod, cl_hit best[CL_PAT_KINDS],
                         int have[CL_PAT_KINDS], long *notice_min, int *short_partial)
{
    const cl_segments *segs = c->in->segs;
    size_t i;
    int error;

    for (i = 0; i < segs->nsentences; i++) {
        const cl_sentence *s = &segs->sentences[i];
        cl_span unit = s->span;
        unit_result r;
        size_t last = i;

        if (req->scope == CL_SCOPE_CLAUSE && s->clause >= 0) {
            unit = segs->clauses[s->clause].span;
            while (last + 1 < segs->nsentences && segs->sentences[last + 1].clause == s->clause)
                last++;
        } else if (req->scope == CL_SCOPE_ARTICLE && s->article >= 0) {
            /* SLA sections 10, 10.1, 10.2 … form one article: the top-level section */
            int a_end = s->article;
            while ((size_t)a_end + 1 < segs->narticles &&
                   same_section(&segs->articles[s->article], &segs->articles[a_end + 1]))
                a_end++;
            unit.start = segs->articles[s->article].span.start;
            unit.end = segs->articles[a_end].span.end;
            while (last + 1 < segs->nsentences && segs->sentences[last + 1].article >= 0 &&
                   segs->sentences[last + 1].article <= a_end)
                last++;
        }
        if ((error = eval_unit(&r, c, req, unit, nm, fb)) < 0)
            return error;
        i = last;
        if (r.kind < 0)
            continue;
        if (req->notice_period && r.kind != CL_PAT_CONTRADICTED) {
            cl_duration d;
            /* the period must stand in the sentence that gives the notice, or the unit */
            cl_span sp = segs->sentences[r.hit.sentence].span;
            if (cl__duration_find_notice(&d, c->in->text + sp.start, sp.end - sp.start) ||
                cl__duration_find_notice(&d, c->in->text + unit.start, unit.end - unit.start)) {
                if (*notice_min < 0 || d.days < *notice_min)
                    *notice_min = d.days;
                if (r.kind == CL_PAT_SATISFIED && c->in->min_notice_days > 0 &&
                    d.days < c->in->min_notice_days) {
                    *short_partial = 1;
                    r.kind = CL_PAT_PARTIAL;
                }
            } else if (r.kind == CL_PAT_SATISFIED) {
                /* Notice without a period: partial, unless another clause gives a period
                 * (a second sentence about the same notice need not repeat it). */
                if (!noperiod->found) {
                    noperiod->found = 1;
                    noperiod->kind = CL_PAT_PARTIAL;
                    noperiod->hit = r.hit;
                    noperiod->hit.unit = unit;
                }
                continue;
            }
        }
        if (!have[r.kind]) {
            have[r.kind] = 1;
            best[r.kind] = r.hit;
        }
        if ((error = add_hit(v, &r.hit)) < 0)
            return error;
        v->hits[v->nhits - 1].unit = unit;
        /* remember the kind in the unit span's spare bit of information: keep order */
    }
    return 0;
}

/* Is pattern one of the requirement's patterns of this kind? */
static int is_kind(const cl_requirement *req, const cl_pattern *pattern, int kind)
{
    return pattern >= req->patterns[kind] && pattern < req->patterns[kind] + req->npatterns[kind];
}

static int run_one(cl_verdict *v, unit_ctx *c, const cl_requirement *req)
{
    cl_hit best[CL_PAT_KINDS];
    int have[CL_PAT_KINDS] = {0, 0, 0};
    near_miss nm;
    fallback_hit fb, noperiod;
    long notice_min = -1;
    int period_partial = 0, short_partial = 0, error, k, winner = -1;
    cl_hit *all;
    size_t nall, i;

    memset(&nm, 0, sizeof(nm));
    memset(&fb, 0, sizeof(fb));
    memset(&noperiod, 0, sizeof(noperiod));
    memset(best, 0, sizeof(best));
    v->req = req;
    v->status = CL_STATUS_MISSING;
    v->notice_days = -1;
    if ((error = for_each_unit(c, req, v, &nm, &fb, &noperiod, best, have, &notice_min,
                               &short_partial)) < 0)
        return error;
    if (noperiod.found && !have[CL_PAT_SATISFIED]) {
        if (!have[CL_PAT_PARTIAL]) {
            have[CL_PAT_PARTIAL] = 1;
            best[CL_PAT_PARTIAL] = noperiod.hit;
            period_partial = 1;
        }
        if ((error = add_hit(v, &noperiod.hit)) < 0)
            return error;
    }
    if (!have[0] && !have[1] && !have[2] && fb.found) {
        have[fb.kind] = 1;
        best[fb.kind] = fb.hit;
        if ((error = add_hit(v, &fb.hit)) < 0)
            return error;
    }

    /* Evidence: the deciding hit first, then the others in document order (at most 5). */
    all = v->hits;
    nall = v->nhits;
    v->hits = NULL;
    v->nhits = v->caphits = 0;
    for (k = 0; k < CL_PAT_KINDS; k++)
        if (have[k]) {
            winner = k;
            break;
        }
    if (winner >= 0) {
        v->status = (cl_status)kind_status[winner];
        if ((error = add_hit(v, &best[winner])) < 0)
            goto done;
        for (i = 0; i < nall && v->nhits < 5; i++)
            if (all[i].match.start != best[winner].match.start && (error = add_hit(v, &all[i])) < 0)
                goto done;
    }
    v->notice_days = notice_min;

    /* The message: what was found and why, or what was searched for. */
    switch (v->status) {
    case CL_STATUS_SATISFIED:
        error = cl__buf_printf(&v->message, "%s",
                               best[CL_PAT_SATISFIED].pattern->message
                                   ? best[CL_PAT_SATISFIED].pattern->message
                                   : req->summary);
        if (!error && notice_min >= 0)
            error = cl__buf_printf(&v->message, " (notice period: %ld days)", notice_min);
        break;
    case CL_STATUS_PARTIAL:
        /* The deciding hit may be a satisfied pattern demoted for its notice period: then the
         * period is the reason, not the pattern's own message. */
        if (period_partial)
            error =
                cl__buf_printf(&v->message, "notice is promised but no definite period is stated");
        else if (short_partial && is_kind(req, best[CL_PAT_PARTIAL].pattern, CL_PAT_SATISFIED))
            error = cl__buf_printf(&v->message,
                                   "notice period of %ld days is shorter than the required "
                                   "minimum of %ld days",
                                   notice_min, c->in->min_notice_days);
        else
            error = cl__buf_printf(&v->message, "weakened: %s",
                                   best[CL_PAT_PARTIAL].pattern->message
                                       ? best[CL_PAT_PARTIAL].pattern->message
                                       : "the clause is qualified or incomplete");
        if (!error && have[CL_PAT_SATISFIED])
            error = cl__buf_printf(&v->message, "; a satisfying clause also exists but does "
                                                "not outweigh this");
        break;
    case CL_STATUS_CONTRADICTED:
        error = cl__buf_printf(&v->message, "contradicted: %s",
                               best[CL_PAT_CONTRADICTED].pattern->message
                                   ? best[CL_PAT_CONTRADICTED].pattern->message
                                   : "the terms say the opposite");
        if (!error && (have[CL_PAT_SATISFIED] || have[CL_PAT_PARTIAL]))
            error = cl__buf_printf(&v->message, "; another clause seems to meet the "
                                                "requirement, but the contradiction prevails");
        break;
    case CL_STATUS_MISSING:
        error = cl__buf_printf(&v->message, "not found: %s", req->looks_for);
        if (!error && nm.found) {
            error = add_hit(v, &nm.hit);
            if (!error)
                error = cl__buf_printf(&v->message, "; nearest near-miss is quoted below, but %s",
                                       nm.why);
        }
        break;
    }
    if (!error && c->limit_hit)
        error = cl__buf_printf(&v->message,
                               "; a pattern (pack line %u) reached PCRE2's match limit and was "
                               "skipped",
                               c->limit_re->line);
    if (!error && c->limit_hit && v->status == CL_STATUS_SATISFIED)
        v->status = CL_STATUS_PARTIAL; /* we could not check everything: no assurance */
done:
    cl__free(all);
    return error;
}

/* Runs the requirements first, first + step, first + 2 * step … of the set into out. */
typedef struct engine_job {
    cl_verdict *out;
    const cl_ruleset *set;
    const cl_engine_input *in;
    size_t first, step;
    pcre2_match_context *mctx;
    int error;
} engine_job;

static void *run_job(void *arg)
{
    engine_job *job = arg;
    unit_ctx c;
    size_t r;

    memset(&c, 0, sizeof(c));
    c.in = job->in;
    c.set = job->set;
    c.mctx = job->mctx;
    c.md = pcre2_match_data_create(4, NULL);
    job->error = c.md ? 0 : CL_ENOMEM;
    for (r = job->first; r < job->set->nreqs && !job->error; r += job->step) {
        const cl_requirement *req = &job->set->reqs[r];
        size_t n = req->npatterns[0] + req->npatterns[1] + req->npatterns[2], i;
        c.limit_hit = 0;
        c.limit_re = NULL;
        if (n > c.nnext) {
            size_t *p = cl__realloc(c.next_match, n * sizeof(size_t));
            if (!p) {
                job->error = CL_ENOMEM;
                break;
            }
            c.next_match = p;
            c.nnext = n;
        }
        for (i = 0; i < n; i++)
            c.next_match[i] = 0; /* 0: not searched yet (every unit starts at or after 0) */
        job->error = run_one(&job->out[r], &c, req);
    }
    pcre2_match_data_free(c.md);
    cl__free(c.next_match);
    return NULL;
}

int cl__engine_run(cl_verdict *out, const cl_ruleset *set, const cl_engine_input *in, cl_error *err)
{
    engine_job jobs[2];
    pthread_t worker;
    pcre2_jit_stack *stack = NULL;
    int threaded = 0;
    size_t r;

    for (r = 0; r < set->nreqs; r++)
        memset(&out[r], 0, sizeof(out[r]));
    memset(jobs, 0, sizeof(jobs));
    jobs[0].out = jobs[1].out = out;
    jobs[0].set = jobs[1].set = set;
    jobs[0].in = jobs[1].in = in;
    jobs[0].step = 1;

    /* A big document is matched on two threads, requirements split between them; each thread
     * needs its own match context, since a JIT stack cannot be shared. Verdicts do not depend
     * on the split, so output stays the same. */
    if (in->len >= CL_PARALLEL_MIN_BYTES && set->nreqs >= 2) {
        jobs[1].mctx = pcre2_match_context_copy(set->mctx);
        stack = jobs[1].mctx ? pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL) : NULL;
        if (stack) {
            pcre2_jit_stack_assign(jobs[1].mctx, NULL, stack);
            jobs[0].step = jobs[1].step = 2;
            jobs[1].first = 1;
            threaded = pthread_create(&worker, NULL, run_job, &jobs[1]) == 0;
            if (!threaded)
                jobs[0].step = 1;
        }
    }
    run_job(&jobs[0]);
    if (threaded)
        pthread_join(worker, NULL);
    pcre2_match_context_free(jobs[1].mctx);
    pcre2_jit_stack_free(stack);
    if (jobs[0].error < 0 || jobs[1].error < 0)
        return cl__error_set(err, CL_ENOMEM, "out of memory matching rules");
    return 0;
}

void cl__verdict_dispose(cl_verdict *v)
{
    cl__buf_dispose(&v->message);
    cl__free(v->hits);
    v->hits = NULL;
    v->nhits = v->caphits = 0;
}
