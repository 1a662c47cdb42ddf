/*
 * resolve_filter — the last pass over a document's entities: after the
 * gazetteer candidates, the rules (resolve.h), the headline speakers and the
 * entity model's merge (ner.h) have made one set of entities, it decides
 * which of them a reader sees.
 *
 * Algorithm
 * ---------
 * 1. Other mentions of a work's title are marked first, while every entity
 *    is still there (a quoted title named elsewhere in the document as a
 *    whole title, a title in a list of works and makers, a place in a list
 *    of quoted titles).
 * 2. Each remaining entity is judged on its own tokens and their
 *    neighbours (keep, drop, become the place at its end, take back the
 *    «ی» its link cut, or a narrower span), in one pass that compacts the
 *    array in place; the rules are below.
 */
#ifndef TG_RESOLVE_FILTER_H
#define TG_RESOLVE_FILTER_H

#include <stddef.h>

#include "gazetteer.h"
#include "normalize.h"
#include "resolve.h"
#include "tokenize.h"

/* The last pass over a document's entities (issue 19, docs/junk.md): drops
 * junk and titles from res[0..n) in place and returns the new count.
 * No entity lies in a web or e-mail address: a span inside the run of
 * non-space bytes around it (quotes, «<>;» and brackets end it) that holds
 * "@", "://" or "www.", or that is a domain name ("iran-newspaper.com": a dot
 * after a letter or digit and com, net, org, ir …) the span is not the whole
 * of, is dropped, a value too ("Forbes.com" alone stays).  Otherwise values
 * (DATE, TIME, MONEY, PERCENT), entities a rule made, widened or
 * confirmed and headline speakers are never touched.  A model entity that its list link cut
 * before an attached «ی» or «یی» («علی رضا|یی», «بیت رهبر|ی») takes back
 * its whole word and loses the link.  A name that opens a bracket and does
 * not close it takes the closing bracket when it comes next («امام خمینی
 * (ره)»), else ends before the opening one; one that closes a bracket opened
 * before it starts after that («جین» (برونو دومون)» → «(برونو دومون)»), and a
 * pair around all of it is left out («برونو دومون»).  A name entity is dropped when
 *   - it starts inside a token, or ends inside one other than before the
 *     attached suffix its gazetteer match left out (a mid-word span);
 *   - it begins or ends with a function word (و، در، از، به، با، که، را، یا،
 *     تا: «فرودگاه‌ها و»);
 *   - it lies in one token whose whole normalized text is a common word
 *     (tg_common_word: «جهان» "world", «رؤسای» "heads of", «قاضی» "judge",
 *     «کهکشان» "galaxy", not «کهک» and the clitic «شان»),
 *     whatever the model or a list said of it or of a part of it, or it is a
 *     generic head (استان حرم دولت شهر صنعت کشور مرکز منطقه) followed only by such
 *     words («صنعت سینما», «دولت اسلامی»);
 *   - it is one Persian letter (the initials of «پ. ک. ک», «ر. ک» "see");
 *   - it is a PERSON right after the head of a thing named after a person
 *     (کوی، شهرک، خیابان، میدان، دبیرستان، کاشی …: «کاشی سعدی» is Saadi Tile, a share,
 *     not the poet);
 *   - it is an ORG that begins with a mayor's or governor's title («شهردار
 *     تبریز», «استاندار», «فرماندار»): it becomes the place at its end (any
 *     list place, GPE «تبریز»), else is dropped;
 *   - it is a PERSON or ORG with a ruler's title right before a country of the
 *     lists at its end («امیر قطر», «پادشاه بوتان», «پیام امیر کویت»): the title is
 *     no name; the entity becomes the country (GPE «قطر», Qatar);
 *   - it is an ORG right after a minister's title («وزیر نفت», «وزرای خارجه»):
 *     the portfolio is not the ministry, which is named by «وزارت»; if the
 *     span ends with a country of the lists («وزیر خارجه روسیه»), the entity
 *     becomes that place (GPE «روسیه» with its entry) instead;
 *   - it is exactly an ambiguous alias whose entry names evidence words
 *     (`evidence=`, gazetteers/README.md) and none stands around it: one in its
 *     sentence, «<W» right before it, «>W» right after it («#» a number), or a
 *     plain alias of its entry anywhere in the document («خسرو شکیبایی»); none
 *     when it ends a quoted title of more words.  «کن» is Cannes only so, not the
 *     verb of «مثبت فکر کن».  Another alias of the same span without evidence=
 *     keeps it; an entry marked `given_name=yes` asks a place span only («کامران»
 *     the PERSON is no Cam Ranh);
 *   - it is the whole quoted title of a work («فیلم «روما»», «روما» ساخته …;
 *     not a festival's town, «جشنواره فیلم «پاناما»»), another quoted mention of
 *     such a title that the lists do not name, or a Latin title in brackets
 *     after the Persian one («…» (The Graveless) به کارگردانی …).
 * `gaz` are all the document's candidates (for the place at the end); by_first points to
 * them stably sorted by first token (tg_gaz_sort_by: the order the merge read, not made
 * again). */
size_t tg_resolve_filter(const tg_normtext *nt, const tagger_token *tokens, size_t ntokens,
                         const tg_gaz_match *gaz, size_t ngaz,
                         const tg_gaz_match *const *by_first, tg_resolved *res, size_t n);

/* Whether list candidate g is an alias that asks for evidence= words (an ambiguous
 * one) and none stands around it (as the filter reads them; the document's other
 * mentions not counted). */
int tg_resolve_lacks_evidence(const char *norm, const tagger_token *tokens, size_t ntokens,
                              const tg_gaz_match *g);

/* Whether the document's candidates gaz[0..ngaz) name m's entry through an alias that is
 * neither ambiguous nor in need of evidence («خسرو شکیبایی» before a lone «شکیبایی»,
 * «شرکت کروز» before a lone «کروز»): evidence for the whole document (the filter's and
 * the merge's, ner_candidates.c). */
int tg_resolve_named_in_full(const tg_gaz_match *gaz, size_t ngaz, const tg_gaz_match *m);

/* Whether the normalized bytes s[0..len) are a word of the common-word
 * table: words that are never an entity on their own (the list is
 * gazetteers/build/common-words-junk.txt; a test keeps the two equal). */
int tg_common_word(const char *s, size_t len);

#endif /* TG_RESOLVE_FILTER_H */
