/*
 * resolve — turns gazetteer candidates and rule matches into one set of
 * non-overlapping entities.
 *
 * Algorithm
 * ---------
 * 1. Gazetteer: the non-ambiguous candidates are resolved greedily (longest
 *    span, later layer, priority; tg_gazetteer_resolve) into G.  Ambiguous
 *    candidates are kept aside in A.
 * 2. Value rules (DATE, TIME, MONEY, PERCENT), best first (longest span,
 *    then priority), are accepted when they overlap no accepted value; each
 *    one removes the gazetteer entities it overlaps («مهر» the agency inside
 *    «۱۵ مهر ۱۴۰۳»).
 * 3. Name rules (PERSON, ORG, GPE, LOC, FAC, NORP, EVENT, PRODUCT), by
 *    priority then length:
 *    - a rule marked `evidence no` (rules.h) takes no part: its matches are
 *      features of the entity model only (so in step 2 as well);
 *    - a rule overlapping an accepted value or rule entity is dropped;
 *    - an ambiguous candidate in A with the same label lying inside the
 *      rule's span is confirmed: it becomes an entity (with its kb_id) on
 *      the rule's span — unless it overlaps something in G;
 *    - a rule marked `confirm` stops there: it never makes an entity alone;
 *      on exactly the span of one G entity of its label it is recorded as
 *      that entity's context (its `rule`: «به گزارش راهبرد معاصر.»);
 *    - a rule whose span covers exactly one G entity of the same label, and
 *      nothing else, widens it: the entity keeps its kb_id and name and
 *      takes the rule's span («آقای X» around a known X);
 *    - a rule marked `absorb` (designators: «دانشگاه تهران», «ارتش یمن») whose
 *      span strictly contains every G entity it overlaps replaces them;
 *    - a rule that overlaps G in any other way is dropped (the list wins);
 *    - otherwise the rule makes an entity of its own, without kb_id.
 * 4. The result is sorted by start, longer first.
 *
 * Overlap tests use a bitmap of the normalized text taken by accepted
 * entities and binary search over the (sorted, disjoint) gazetteer
 * entities, so resolution stays linear in practice on long documents.
 *
 * Every entity's span is mapped back to the input through the normalizer's
 * offset map.  Values belong to the document (they are moved out of the
 * rule matches).
 */
#ifndef TG_RESOLVE_H
#define TG_RESOLVE_H

#include <stddef.h>

#include "gazetteer.h"
#include "rules.h"

/* One resolved entity, before it is mapped to the input. */
typedef struct tg_resolved {
    size_t norm_start, norm_end;
    const char *label;
    const tg_gaz_match *gaz;   /* gazetteer entry, or NULL */
    tg_rule_match *rule;       /* rule that made, widened or confirmed it */
    int ambiguous;             /* only with all_matches: an unconfirmed candidate */
    int model;                 /* made by the entity recognizer (ner.h) */
    int speaker;               /* an ambiguous alias confirmed as a speaker (below) */
    int many;                  /* a model span whose list entry many bear (link=no,
                                  ner.c), or a share's ticker: no kb_id (a place's or
                                  ORG's none from the document either), and its
                                  surname names no one (link.h) */
} tg_resolved;

/* Resolves `gaz` (all candidates, reordered in place) and `rules` over a
 * normalized text of `text_len` bytes into
 * *out (malloc'd, *nout entries).  With `all_matches` every candidate and
 * every rule match is reported unresolved.  Returns TAGGER_OK or
 * TAGGER_ERR_NOMEM. */
tagger_status tg_resolve(tg_gaz_match *gaz, size_t ngaz, size_t ntoks, size_t text_len,
                         tg_rule_match *rules, size_t nrules, int all_matches,
                         tg_resolved **out, size_t *nout);

/* Headline speakers (issue 19): an ambiguous PERSON alias of the lists (a
 * surname, '?اسلامی' of Mohammad Eslami) is confirmed without a rule when it is
 *   - whole tokens, directly followed by «:» (one space allowed before it) and,
 *     on the same line, by a word or an opening quote (not a number: no clock);
 *   - at the start of the text, of a line or of a sentence (the tokenizer's), or
 *     right after a headline separator (. ! ? ؟ ؛ ; / | * • - – — »), or right after
 *     a verb that ends a clause (است، شد، کرد، …: headlines joined by spaces,
 *     «… در مذاکرات است اسلامی: غنی سازی خط قرمز ما است»);
 *   - and it overlaps no entity of *res (the list's and the rules' winners).
 * Of several entries on one span the later layer, then the higher priority,
 * wins.  Each becomes an entity with `speaker` set, which the model's merge,
 * the last pass (tg_resolve_filter: «اسلامی» is a common word) and the
 * surname rule of link.h treat as a rule-confirmed one.  «ساخت ماسک:» in
 * a list of credits, or «مجلس شورای اسلامی:» ending a line, is no speaker.
 * *res is sorted and disjoint (tg_resolve without all_matches) and stays so.
 * Returns TAGGER_OK or TAGGER_ERR_NOMEM (then *res is unchanged). */
tagger_status tg_resolve_speakers(const tg_normtext *nt, const tagger_token *tokens,
                                  size_t ntokens, const tg_gaz_match *gaz, size_t ngaz,
                                  tg_resolved **res, size_t *nres);

/* Rule matches marked `evidence speaker` (fa.person.speaker, «X:»; rules.h)
 * become evidence (TG_EVIDENCE_YES) where a headline speaker stands, as
 * tg_resolve_speakers defines it (whole tokens, «:» then a word or a quote,
 * at the start of the text, a line, a sentence or a headline), and features
 * only (TG_EVIDENCE_NO) elsewhere: «ساخت ماسک:» in a list of credits
 * confirms no alias.  To be run before tg_resolve; the entity model's
 * features do not read `evidence`, so they are the same either way. */
void tg_resolve_evidence(const tg_normtext *nt, const tagger_token *tokens, size_t ntokens,
                         tg_rule_match *rules, size_t nrules);

#endif /* TG_RESOLVE_H */
