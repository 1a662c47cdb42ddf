/* render_html — a self-contained HTML page in the spirit of displaCy
 * (docs/formats.md): the document's topics on top, then its text, one
 * paragraph a line, with each entity a <mark> coloured by its label, the
 * label after it (CSS generated content, so the mark's text is the
 * entity's text and copying the page copies the article), and the label,
 * the canonical name, the kb_id and the value in its title (shown on
 * hover).  Nothing is fetched: the style is inline and there is no script.
 *
 * Right-to-left text: the section has the document's language (lang) and
 * direction (dir="rtl" for Persian and the other Arabic-script and Hebrew
 * languages) and every paragraph the direction of its first strong letter
 * (what dir="auto" does, but a line with none, only digits or white
 * space, takes the document's direction instead of left to right).  Everything from
 * the document is HTML-escaped; control characters but TAB become U+FFFD.
 *
 * Overlapping entities (with --all-matches) cannot nest in marks: the
 * first of each overlapping run (the longest) is shown.  An entity across
 * a line break is a mark in each paragraph.  As one record of several
 * (TAGGER_PART_RECORD) the document is a <section> alone, and `head` and
 * `tail` write the page around the sections.  Only the document view. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

/* s[0..len) as HTML text or attribute value. */
static void escape(tg_render *r, const char *s, size_t len)
{
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *with = c == '&'   ? "&amp;"
                           : c == '<' ? "&lt;"
                           : c == '>' ? "&gt;"
                           : c == '"' ? "&quot;"
                           : c == '\'' ? "&#39;"
                           : (c < 0x20 && c != '\t') || c == 0x7F ? "\xEF\xBF\xBD"
                                                                    : NULL;
        if (!with)
            continue;
        tg_render_put(r, s + from, i - from);
        tg_render_lit(r, with);
        from = i + 1;
    }
    tg_render_put(r, s + from, len - from);
}

static void escape_str(tg_render *r, const char *s)
{
    escape(r, s, strlen(s));
}

static const char style[] =
    "<style>\n"
    "body{font:17px/2.1 system-ui,\"Noto Sans\",\"Noto Naskh Arabic\",\"DejaVu Sans\","
    "sans-serif;color:#222;max-width:52em;margin:1.5em auto;padding:0 1em}\n"
    "section.doc{border-bottom:1px solid #ccc;margin-bottom:2em;padding-bottom:1em}\n"
    "h2{font-size:1em;color:#555;margin:.2em 0}\n"
    ".topics{line-height:1.6;margin:.5em 0 1em}\n"
    ".topic{display:inline-block;background:#eee;border-radius:.3em;padding:0 .5em;"
    "margin-inline-end:.4em;font-size:.9em}\n"
    ".topic b{font-weight:normal;color:#666;margin-inline-start:.3em}\n"
    "p{margin:0 0 .8em}\n"
    "mark{background:#ddd;color:inherit;padding:.2em .35em;margin:0 .1em;border-radius:.35em;"
    "line-height:1;box-decoration-break:clone;-webkit-box-decoration-break:clone}\n"
    "mark::after{content:attr(data-label);font-size:.6em;font-weight:bold;"
    "margin-inline-start:.4em;vertical-align:middle;direction:ltr;unicode-bidi:isolate}\n"
    ".e-PERSON{background:#aa9cfc}.e-GPE{background:#feca74}.e-LOC{background:#ff9561}\n"
    ".e-ORG{background:#7aecec}.e-FAC{background:#9cc9cc}.e-NORP{background:#c887fb}\n"
    ".e-EVENT{background:#ffeb80}.e-PRODUCT{background:#bfeeb7}\n"
    ".e-DATE,.e-TIME{background:#bfe1d9}.e-MONEY,.e-PERCENT{background:#e4e7d2}\n"
    "</style>\n";

static void page_head(tg_render *r, const char *title)
{
    tg_render_lit(r, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"generator\" content=\"tagger ");
    escape_str(r, tagger_version());
    tg_render_lit(r, "\">\n<title>");
    escape_str(r, title);
    tg_render_lit(r, "</title>\n");
    tg_render_lit(r, style);
    tg_render_lit(r, "</head>\n<body>\n");
}

static void head(tg_render *r)
{
    page_head(r, "tagger");
}

static void tail(tg_render *r)
{
    tg_render_lit(r, "</body>\n</html>\n");
}

static int rtl(const char *lang)
{
    static const char *const langs[] = {"fa", "ar", "he", "ur", "ps", "ckb", "yi", "dv", "sd"};
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
        if (strlen(langs[i]) == n && strncmp(lang, langs[i], n) == 0)
            return 1;
    return 0;
}

static void topics(tg_render *r)
{
    size_t n = tagger_doc_topic_count(r->doc);
    if (!n)
        return;
    tg_render_lit(r, "<p class=\"topics\" dir=\"ltr\" lang=\"en\">Topics: ");
    for (size_t i = 0; i < n; i++) {
        const tagger_topic *tp = tagger_doc_topic(r->doc, i);
        char score[16];
        int k = snprintf(score, sizeof score, "%.2f", tp->score);
        tg_render_lit(r, "<span class=\"topic\"");
        if (tp->iptc) {
            tg_render_lit(r, " title=\"");
            escape_str(r, tp->iptc);
            tg_render_put(r, "\"", 1);
        }
        tg_render_put(r, ">", 1);
        escape_str(r, tp->label);
        tg_render_lit(r, "<b>");
        tg_render_put(r, score, (size_t)k);
        tg_render_lit(r, "</b></span>");
    }
    tg_render_lit(r, "</p>\n");
}

/* <mark> of e around text[s..e) */
static void mark(tg_render *r, const tagger_entity *e, const char *text, size_t s, size_t end)
{
    tg_render_lit(r, "<mark class=\"e-");
    escape_str(r, e->label);
    tg_render_lit(r, "\" data-label=\"");
    escape_str(r, e->label);
    tg_render_lit(r, "\" title=\"");
    escape_str(r, e->label);
    if (e->name) {
        tg_render_lit(r, "&#10;");
        escape_str(r, e->name);
    }
    if (e->kb_id) {
        tg_render_lit(r, "&#10;kb: ");
        escape_str(r, e->kb_id);
    }
    if (e->value) {
        tg_render_lit(r, "&#10;value: ");
        escape_str(r, e->value);
    }
    tg_render_lit(r, "\">");
    escape(r, text + s, end - s);
    tg_render_lit(r, "</mark>");
}

/* The entities shown, in order: the next one that ends after `pos`. */
typedef struct {
    size_t k, last_end;
    const tagger_entity *cur;
} shown;

static const tagger_entity *next_entity(tg_render *r, shown *sh, size_t pos)
{
    while (!sh->cur || sh->cur->end <= pos) {
        if (sh->k >= tagger_doc_entity_count(r->doc))
            return sh->cur = NULL;
        const tagger_entity *e = tagger_doc_entity(r->doc, sh->k++);
        size_t end = tg_render_keep(e, sh->last_end);
        if (end != SIZE_MAX) {
            sh->last_end = end;
            sh->cur = e;
        }
    }
    return sh->cur;
}

/* 1 when text[pos..end) starts (by its first strong letter) right to
 * left, 0 left to right, `dflt` when it has no strong letter (the Latin,
 * Greek, Cyrillic, Hebrew and Arabic blocks are looked at). */
static int line_rtl(const char *text, size_t pos, size_t end, int dflt)
{
    for (size_t i = pos; i < end; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            return 0;
        if (c < 0xC0 || c >= 0xF0 || i + 1 >= end)
            continue; /* ASCII, continuation bytes, and past the BMP: neutral here */
        unsigned cp = c < 0xE0 ? (c & 0x1Fu) << 6 | ((unsigned char)text[i + 1] & 0x3Fu)
                      : i + 2 < end ? (c & 0x0Fu) << 12 |
                                          ((unsigned char)text[i + 1] & 0x3Fu) << 6 |
                                          ((unsigned char)text[i + 2] & 0x3Fu)
                                    : 0;
        if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
            (cp >= 0x370 && cp <= 0x52F))
            return 0;
        if ((cp >= 0x5D0 && cp <= 0x5EA) || (cp >= 0x620 && cp <= 0x64A) ||
            (cp >= 0x66E && cp <= 0x6D3) || (cp >= 0x6FA && cp <= 0x6FF) ||
            (cp >= 0x750 && cp <= 0x77F) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
            (cp >= 0xFE70 && cp <= 0xFEFC))
            return 1;
    }
    return dflt;
}

/* One line of the text, text[pos..end), as a paragraph. */
static void paragraph(tg_render *r, shown *sh, const char *text, size_t pos, size_t end,
                      int doc_rtl)
{
    tg_render_lit(r, line_rtl(text, pos, end, doc_rtl) ? "<p dir=\"rtl\">" : "<p dir=\"ltr\">");
    while (pos < end) {
        const tagger_entity *e = next_entity(r, sh, pos);
        if (!e || e->start >= end) {
            escape(r, text + pos, end - pos);
            break;
        }
        size_t s = e->start > pos ? e->start : pos;
        size_t stop = e->end < end ? e->end : end;
        escape(r, text + pos, s - pos);
        mark(r, e, text, s, stop);
        pos = stop;
    }
    tg_render_lit(r, "</p>\n");
}

static void section(tg_render *r)
{
    size_t len;
    const char *text = tagger_doc_text(r->doc, &len);
    const char *lang = r->opt.lang ? r->opt.lang : tagger_doc_lang(r->doc);
    tg_render_lit(r, "<section class=\"doc\" lang=\"");
    escape_str(r, lang);
    int doc_rtl = rtl(lang);
    tg_render_lit(r, doc_rtl ? "\" dir=\"rtl\">\n" : "\" dir=\"ltr\">\n");
    if (r->opt.id) {
        tg_render_lit(r, "<h2 dir=\"auto\">");
        escape_str(r, r->opt.id);
        tg_render_lit(r, "</h2>\n");
    }
    topics(r);
    shown sh = {0, 0, NULL};
    for (size_t pos = 0; pos < len && !tg_render_done(r);) {
        size_t end = pos;
        while (end < len && text[end] != '\n' && text[end] != '\r')
            end++;
        if (end > pos)
            paragraph(r, &sh, text, pos, end, doc_rtl);
        pos = end + 1;
        tg_render_piece(r);
    }
    tg_render_lit(r, "</section>\n");
}

static void document_view(tg_render *r)
{
    if (r->opt.part == TAGGER_PART_RECORD) {
        section(r);
        return;
    }
    page_head(r, r->opt.id ? r->opt.id : "tagger");
    section(r);
    tail(r);
}

const tg_render_format tg_render_html = {
    "html", {[TAGGER_VIEW_DOCUMENT] = document_view}, NULL, head, tail, NULL,
};
