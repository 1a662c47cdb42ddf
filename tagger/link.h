/*
 * link — in-document linking: a name that the gazetteer could not link on
 * its own takes the entry of the document's other mentions of it.
 *
 * Algorithm
 * ---------
 * The linked name entities (with a kb_id) give keys: their normalized text
 * (case-folded, without ZWNJ), and for a PERSON also every tail of whole
 * words («سرگئی لاوروف» → «لاوروف», "Bill Clinton" → "clinton").  The keys
 * are sorted by label and text.  Each unlinked name entity (PERSON, ORG,
 * GPE, LOC, FAC, NORP, EVENT, PRODUCT) looks its own normalized text up
 * under its label; when every key it meets names the same entry, it takes
 * that entry's kb_id, name and list ("Clinton" after "Bill Clinton"); when
 * they disagree ("Bill Clinton" and "Hillary Clinton" in one article), it
 * stays unlinked; so it does when a PERSON of the document whose list entry
 * says many people bear the name (`link=no`) ends with it (the common name
 * «محمدرضا منصوری» and a linked «تورج منصوری»: «منصوری» is either).  Sorting keeps it O(n
 * log n) in the entities.
 *
 * Regions (2026-12-04): a linked GPE written «جمهوری X» (the republic in
 * full) also keys X, so a lone «آذربایجان» in an article about «جمهوری
 * آذربایجان» is the country; a linked «X شرقی» / «X غربی» (with or without
 * «استان») keys X as a block, so where the article names Iran's provinces of
 * that region the lone name stays unlinked (Azerbaijan the republic, or Iran's
 * Azerbaijan: the article says which).
 *
 * Surnames need evidence (issue 19): a PERSON that the gazetteer linked only
 * through an ambiguous alias (a surname alone, '?کوثری' of Baran Kosari) and
 * that no rule confirmed (a speaker «اسلامی:» is evidence) is unlinked first,
 * then goes through the lookup above like any unlinked name: it keeps an
 * entry only when the document names that person in full («باران کوثری» …
 * «کوثری»).  A lone surname is left unlinked rather than
 * given to the famous bearer (the weather expert «کوثری» is not the actress).
 * When the document's full names give the surname to several people, it takes
 * the entry of most full names if that has at least 4 and 4 times the
 * others' and no other entry has the surname linked on its own (a title said
 * so): «کیارستمی» after thirteen «عباس کیارستمی» and two «احمد کیارستمی».
 * Except the famous bearer's lone surname of an entry marked `link=surname`,
 * which keeps its link when no other full name of the document ends in it
 * but that entry's: the PERSONs' tails are sorted once, their groups count
 * the entities unlinked so far (updated at each unlink), so each question is
 * a binary search (tidy31b: the whole list was read for each).
 *
 * Acronyms: an ORG right after an ORG, in parentheses, of 2 to 8 Latin letters
 * that the first one's initials spell ("International Atomic Energy Agency
 * (IAEA)"; "of", "and", "for", "the", "on", "de", "&" left out) names the same
 * organization: when the name is linked and the acronym is not, the acronym
 * takes the name's entry before the lookup above (which then gives it to the
 * acronym's other mentions).
 *
 * Places (2026-12-05, issue 19): a country named inside a longer entity
 * («تیم ملی فوتبال ایران», «جنوب لبنان», «پلیس ژاپن») is no entity of its
 * own (spans do not nest), so the outer entity lists it: the gazetteer
 * candidates of a countries list strictly inside its span, the longest of
 * overlapping ones, each with the country's entry (tg_link_places).  Not a
 * name with an attached suffix: «آمریکای لاتین» (the ezafe: Latin America is
 * no part of the US), «فلسطینی» (an adjective); none in a country's own name
 * («سودان جنوبی» is no part of Sudan).  A place's name that holds a
 * country's ("New Mexico") is not told from a place and its country
 * («کردستان عراق», «دوحه قطر»): it lists the country.  A span the lists name as a
 * people (NORP) lists none, whatever label the model gave it («بنی اسرائیل», the
 * Israelites, is no place of Israel).
 *
 * Another's surname (2026-12-06, reader32fb): a PERSON of one word that a list
 * links on its own (a plain alias: «هاشمی», Akbar Hashemi Rafsanjani) loses
 * that link when the document names another listed person of that surname
 * in full («محسن هاشمی») and never its bearer — not in full, nor after a word
 * that says he is meant («شهید چمران» beside «مهدی چمران», his brother:
 * bearer_before, also past titles: «استاد شهید آیت الله مطهری» beside «علی
 * مطهری», his son, is Morteza Motahhari: bearer_titles); the lookup above then
 * gives it the full name's entry.
 *
 * A country's ambiguous name (2026-12-06, reader33fa): a GPE linked to a country of
 * the countries lists marked `link=country` through an ambiguous alias («آذربایجان»,
 * also Iran's region of East and West Azerbaijan) keeps its link only where the
 * document says it is the country: a word of country_before right before it
 * («کشورهای», «منات», «رئیس‌جمهور»), a country of the lists named beside it in a list
 * («عراق، بلغارستان، آذربایجان و سوریه»: list_joints between), the same entry named
 * plainly in the document («جمهوری آذربایجان», «کشور آذربایجان»), or a place of the
 * lists in that country (its iso= code: Baku) where the document names no province of
 * the name («آذربایجان شرقی»: province_sides).  Else it loses the link (the region, or
 * no evidence either way) and the keys below may give it back only from a mention
 * that has its evidence.
 *
 * Surnames of places (2026-12-05, reader15): a GPE or LOC of one word, not
 * a country of the lists, that is the last word of a linked PERSON of two
 * words or more in the document («گلستان» beside «ابراهیم گلستان», «مورالس»
 * beside «اوا مورالس») is that person: it becomes a PERSON, unlinked, and the
 * lookup above gives it the entry.  Not right after a word that makes it a
 * place (place_before: «در», «مرز», «شهر», "in": «مرز بازرگان» is the border
 * town beside «مهدی بازرگان»).
 *
 * Words: link.c holds no language's words; the republic and province heads,
 * the club name tail, the title and the acronym's filler words are
 * tg_link_words_table's, one row a language (link_words.c).
 */
#ifndef TG_LINK_H
#define TG_LINK_H

#include <stddef.h>

#include "resolve.h"
#include "tagger.h"

/* The words of one language's keys (NULL or empty where the language has
 * none), normalized (case-folded) except `club_tail` and `club_suffixes`, which end a
 * canonical name. */
typedef struct {
    const char *lang;
    const char *republic_head; /* before a country's short name: «جمهوری » */
    const char *province_head; /* before a province's name, left off: «استان » */
    const char *province_sides[2];  /* after a region's name, a province: « شرقی» */
    const char *club_tail;          /* a club's canonical name ends so: " United" */
    const char *club_suffixes[2];   /* may follow the tail: " F.C." */
    const char *club_key;           /* and keys a lone "united" */
    const char *title;              /* a surname after it is evidence: "president " */
    const char *acronym_fillers[8]; /* words an acronym leaves out: "of", "and" */
    const char *place_before[8];    /* keep a place a place: «مرز » of «مرز بازرگان» */
    const char *bearer_before[2];   /* a lone surname after it is its famous bearer's: «شهید » */
    const char *bearer_titles[6];   /* may stand between the two: «شهید آیت الله مطهری» */
    const char *country_before[10]; /* a country's ambiguous name after it is the country */
    const char *list_joints[4];     /* between the names of a list: «، », « و » */
} tg_link_words;

#define TG_LINK_NLANGS 2
extern const tg_link_words tg_link_words_table[TG_LINK_NLANGS];

/* ents[i] was made from res[i] (norm_start/norm_end into `norm`); fills in
 * kb_id, name and list of unlinked names as above.  Returns TAGGER_OK or
 * TAGGER_ERR_NOMEM (then some links may already be dropped: the caller fails the
 * document). */
tagger_status tg_link_in_document(const char *norm, const tg_resolved *res, tagger_entity *ents,
                                  size_t n);

/* The countries named inside entity ent (made from res, norm_start/norm_end
 * into the normalized text): the candidates of `gaz` (the gazetteers'
 * non-ambiguous candidates, sorted by norm_start: tg_resolve leaves them
 * so) that are a country's alias of a countries list, whole tokens strictly
 * inside the span of an ORG, FAC, EVENT, PRODUCT, GPE or LOC, written
 * without an attached suffix, of another entry than the entity's own; of
 * overlapping ones the longest.  None in an entity linked to a country (a
 * country's name names no other: «سودان جنوبی»), and none of another country
 * than the one the entity's own entry is in by its `iso=` code ("New Mexico",
 * iso=US-NM, names no part of Mexico).  Writes up to `cap` of
 * them to out (start and end: normalized offsets) and returns how many
 * there are. */
size_t tg_link_places(const tg_resolved *res, const tagger_entity *ent, const tg_gaz_match *gaz,
                      size_t ngaz, tagger_place *out, size_t cap);

#endif /* TG_LINK_H */
