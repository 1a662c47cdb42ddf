/*
 * test_web_address — tg_in_web_address (resolve_filter_state.h): whether a span lies in a
 * web or e-mail address, on texts with the address before, inside, after or beside the
 * span (another run), at the text's end (the last 16 bytes read back from it), past the
 * first 16 bytes of a run, in a text shorter than 16 bytes, and with marks that make no
 * address (a decimal point, a Persian sentence's dot); and entities of one text in order,
 * the run of the first kept for the next (a run without an address kept whole).
 */
#include <string.h>

#include "check.h"
#include "resolve_filter_state.h"

static const struct {
    const char *text, *span; /* the span: its first occurrence in text */
    int want;
} cases[] = {
    {"site iran-newspaper.com here", "newspaper.com", 1},
    {"site iran-newspaper.com here", "iran-newspaper.com", 0}, /* the whole domain: an outlet */
    {"forbes.com said", "forbes.com", 0},
    {"write to info@isna.ir today", "isna", 1},
    {"see www.isna.ir now", "isna", 1},
    {"see http://abc.de/x now", "abc", 1},
    {"x@name and more text here", "name", 1},                /* the mark before the span */
    {"ali reza@x.com and more text", "ali reza", 1},         /* across runs */
    {"name www.x.com and more text", "name", 0},             /* the mark in another run */
    {"\xd8\xa7\xdb\x8c\xd8\xb1\xd8\xa7\xd9\x86(www.iycs.ir) text", "\xd8\xa7\xdb\x8c\xd8\xb1\xd8\xa7\xd9\x86", 0},
    {"rate 3.5 percent of them all", "3.5", 0},             /* a mark, no domain */
    {"the year 2024.com and so on", "2024", 1},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@b.c tail", "aaaa", 1}, /* past 16 bytes */
    {"some words here then example.com", "example", 1},     /* in the text's last 16 bytes */
    {"some words here then example.xyz", "example", 0},
    {"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 \xd8\xa8\xd8\xb1 \xd8\xa7\xdb\x8c\xd8\xb1\xd8\xa7\xd9\x86. "
     "\xd8\xae\xd9\x88\xd8\xa8 \xd8\xa7\xd8\xb3\xd8\xaa",
     "\xd8\xa7\xdb\x8c\xd8\xb1\xd8\xa7\xd9\x86", 0},          /* a Persian sentence's dot */
    {"a@b c", "a", 1},                                       /* shorter than 16 bytes */
    {"ab. c", "ab", 0},
    {"ab.ir", "ab", 1},
};

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *t = cases[i].text, *at = strstr(t, cases[i].span);
        CHECK(at != NULL);
        if (!at)
            continue;
        size_t s = (size_t)(at - t), e = s + strlen(cases[i].span);
        tg_web_run run = {0}; /* no entity before */
        int got = tg_in_web_address(t, strlen(t), s, e, &run);
        if (got != cases[i].want)
            fprintf(stderr, "case %zu: got %d\n", i, got);
        CHECK_INT(got, cases[i].want);
    }
    /* one text, its entities in order: the run the first reads is kept for the next */
    const char *t = "mail ali.reza@isna.ir or call";
    tg_web_run run = {0};
    CHECK_INT(tg_in_web_address(t, strlen(t), 5, 8, &run), 1);   /* «ali» */
    CHECK_INT(tg_in_web_address(t, strlen(t), 9, 13, &run), 1);  /* «reza» */
    CHECK_INT(tg_in_web_address(t, strlen(t), 25, 29, &run), 0); /* «call» */
    /* a run without an address, kept for the entities in it, then an address after it */
    const char *u = "\xd8\xa7\xdb\x8c\xd8\xb1\xd8\xa7\xd9\x86\xd8\x8c" /* «ایران،» */
                    "\xd8\xa7\xdb\x8c\xd8\xb1\xd8\xa7\xd9\x86\xd8\x8c see www.isna.ir";
    tg_web_run kept = {0};
    CHECK_INT(tg_in_web_address(u, strlen(u), 0, 10, &kept), 0);
    CHECK_INT((int)kept.core_end, 24);
    CHECK_INT(tg_in_web_address(u, strlen(u), 12, 22, &kept), 0);
    CHECK_INT(tg_in_web_address(u, strlen(u), 25, 28, &kept), 0); /* «see» */
    CHECK_INT(tg_in_web_address(u, strlen(u), 33, 37, &kept), 1); /* «isna» */
    return check_done();
}
