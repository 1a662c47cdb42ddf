/*
 * ner_english_label — English choices of a model span's label against its list entry, in
 * the merge (tg_ner_english_label, called by ner.c for each span): a listed place the
 * model called ORG is the place in a dateline ("HOUSTON - The ...") and after "in", "city
 * of", "town of" (also where the list's candidate was a club of that town's name); an unlisted one-word place right before "said", "says", "told" is a
 * person, and so is an unlisted ORG or place of two or three words that starts with a
 * first name ("Kate Moss"); a place that is no country, named in a game's result or before
 * a player's position, is the team ("Boston beat ...", "Newcastle striker"); an unlisted
 * name ending in "Bank", "Union" or "Federation" is an organization, and a place on a
 * listed firm's name before "'s" or after "like", "as" is the firm ("firms like
 * Amazon", also in a list with a listed firm or opening a headline: "Amazon to Buy").  A
 * listed band the model calls a person, in a sentence or document about music, is the band
 * ("Franz Ferdinand"), and a one-word team's name is no other team's of the lists when the
 * document names its own ("Lions" after "Detroit Lions").  Before any list
 * entry counts, a name right after "Mr", "Mrs" or "Ms" is a person and a name right after
 * a noun of a work's kind ("drama Vera Drake") or "role in" ("her role in Vera Drake") the
 * work's title, a PRODUCT; a model NORP on a listed organization ("Labour MPs") takes its
 * entry.  The evidence
 * is the letter case of the original text (the tokens' text).
 */
#include <string.h>

#include "labels.h"
#include "ner_internal.h"

/* Whether token t is punctuation that starts with a hyphen. */
static int dash(const char *text, const tagger_token *t)
{
    return t->kind == TAGGER_TOKEN_PUNCT && text[t->start] == '-';
}

/* A model ORG on exactly a place of the lists, in capitals, opening its sentence and
 * followed by a dash and a word in lower case, is a dateline ("HOUSTON - The Houston
 * Astros weren't ..."): *label becomes the entry's.  CoNLL's sports headers ("SOCCER -
 * JAPAN GET ...") go on in capitals and stay. */
static void dateline_place(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_entry *e,
                           const char **label)
{
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first, l = s->tok_last;
    if (l + 2 >= in->ntokens || (f > 0 && tok[f - 1].sentence == tok[f].sentence))
        return;
    for (size_t t = f; t <= l; t++)
        if (!tg_en_all_capitals(in->text, &tok[t]))
            return;
    size_t w = l + 2;
    if (!dash(in->text, &tok[l + 1]))
        return;
    if (w < in->ntokens && dash(in->text, &tok[w]))
        w++; /* "--" cut in two */
    if (w < in->ntokens && tok[w].kind == TAGGER_TOKEN_WORD && !tg_en_all_capitals(in->text, &tok[w]))
        *label = e->label;
}

/* A model ORG on exactly a place of the lists right after "in" or "city of" / "town of"
 * is the place ("championships in Adelaide", "the city of Newcastle"; a club is "at" its
 * ground, "for" or "against" a team): *label becomes the entry's. */
static void place_after_in(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_entry *e,
                           const char **label)
{
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first;
    if (f == 0)
        return;
    if (tg_en_token_is(in->text, &tok[f - 1], "in") ||
        (f >= 2 && tg_en_token_is(in->text, &tok[f - 1], "of") &&
         (tg_en_token_is(in->text, &tok[f - 2], "city") ||
          tg_en_token_is(in->text, &tok[f - 2], "town"))))
        *label = e->label;
}

/* A model ORG on a listed organization that a listed place names too (CoNLL train's clubs:
 * "Newcastle", "Blackburn"), in place_after_in's context and before no "'s", is the place
 * ("the freedom of the city of Newcastle", "activists in Blackburn"); returns 1 then (the
 * entity has no kb_id: the places of that name are many, and the list's choice was the
 * club). */
static int listed_town_in(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match *g,
                          const char **label)
{
    const tagger_token *tok = in->tokens;
    size_t l = s->tok_last;
    tg_gaz_entry e;
    if (!tg_label_eq(*label, TG_LABEL_ORG) || g->tok_first != s->tok_first ||
        g->tok_last != l || !tg_gazetteer_entry(g->gaz, g->record, &e) ||
        !tg_label_eq(e.label, TG_LABEL_ORG) ||
        (l + 1 < in->ntokens && (tg_en_token_is(in->text, &tok[l + 1], "'s") ||
                                 tg_en_token_is(in->text, &tok[l + 1], "'"))))
        return 0;
    size_t i, end = tg_ner_gaz_at(in, s->tok_first, &i);
    for (; i < end; i++) {
        const tg_gaz_match *c = in->gaz_by_first[i];
        if (c->tok_last == l && !(c->flags & TG_ALIAS_AMBIGUOUS) &&
            tg_gazetteer_entry(c->gaz, c->record, &e) && tg_label_is(e.label, TG_LABEL_IS_PLACE)) {
            place_after_in(in, s, &e, label);
            return !tg_label_eq(*label, TG_LABEL_ORG);
        }
    }
    return 0;
}

/* A model place of one name-shaped word ("Kostunica") that no list has, right before
 * "said", "says" or "told", is a person ("..., Kostunica said"; a listed place there is a
 * government's voice: "Iraq said"; a place after "in", "of", "at" or "from" stays: "a
 * police official in Liege said"). */
static void speaker_not_place(const tg_ner_input *in, const tg_ner_span *s, const char **label)
{
    static const char *const preps[] = {"in", "of", "at", "from"};
    static const char *const says[] = {"said", "says", "told"};
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first;
    if (f != s->tok_last || f + 1 >= in->ntokens || !tg_label_is(*label, TG_LABEL_IS_PLACE) ||
        tok[f].end - tok[f].start < 3 || !tg_en_name_shaped(in->text, &tok[f]))
        return;
    for (size_t i = 0; f > 0 && i < sizeof preps / sizeof *preps; i++)
        if (tg_en_token_is(in->text, &tok[f - 1], preps[i]))
            return;
    for (size_t i = 0; i < sizeof says / sizeof *says; i++)
        if (tg_en_token_is(in->text, &tok[f + 1], says[i]))
            *label = tg_label_name(TG_LABEL_PERSON);
}

/* A model ORG or place that no list has (the caller's), of a first name
 * (english_first_names.h) and a name-shaped word, with a capital's initial or another first
 * name between them or not, is a person ("British model Kate Moss", "Sylvia (Kate
 * Winslet)"); not when the last word is a company's (company_word) or a building's, a
 * street's or a prize's ("Glen Abbey", "Clarence House", "Charles Wintour Award"). */
static void first_name_person(const tg_ner_input *in, const tg_ner_span *s, const char **label)
{
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first, l = s->tok_last;
    if (l == f || l > f + 2 ||
        !(tg_label_eq(*label, TG_LABEL_ORG) || tg_label_is(*label, TG_LABEL_IS_PLACE)) ||
        !tg_en_name_shaped(in->text, &tok[l]) || tg_en_company_word(in->text, &tok[l]) ||
        !tg_en_first_name(in->text, &tok[f]))
        return;
    if (l == f + 2) {
        const char *w = in->text + tok[f + 1].start;
        if (!tg_en_first_name(in->text, &tok[f + 1]) &&
            !(tok[f + 1].kind == TAGGER_TOKEN_WORD && tok[f + 1].end - tok[f + 1].start == 1 && *w >= 'A' &&
              *w <= 'Z'))
            return;
    }
    if (!tg_en_not_surname(in->text, &tok[l]))
        *label = tg_label_name(TG_LABEL_PERSON);
}

/* Whether a score ("2-1", "72-47": a number, "-", a number) follows token t within 8
 * tokens of its sentence ("won 2-0", "drew 1-1 with"). */
static int score_after(const tg_ner_input *in, size_t t)
{
    const tagger_token *tok = in->tokens;
    size_t b = t;
    while (b + 1 < in->ntokens && b < t + 8 && tok[b + 1].sentence == tok[t].sentence)
        b++;
    for (size_t i = t + 1; i + 2 <= b; i++)
        if (tok[i].kind == TAGGER_TOKEN_NUMBER && tg_en_token_is(in->text, &tok[i + 1], "-") &&
            tok[i + 2].kind == TAGGER_TOKEN_NUMBER && tok[i + 1].start == tok[i].end &&
            tok[i + 2].start == tok[i + 1].end)
            return 1;
    return 0;
}

/* A model place that is a city or a state of the lists (a GPE under a country's priority,
 * with a priority or an iso= code: not England, Scotland, Wales, which the lists have
 * without) or no listed place, named in a game's result, is the team, an ORG, as CoNLL-2003
 * writes clubs named by their city ("Boston beat New York 5-3"; a country there is a
 * national team, LOC): right before "beat", "defeated", "edged", "routed", "thrashed",
 * "downed", or before "won", "drew", "lost" and a score ("Valencia won 2-0"), or before a
 * player's position, "manager", "boss", "coach", "captain", "fans", "squad" (after "'s" or
 * not: "Newcastle striker Alan Shearer", "Leeds's manager"; a listed city: CoNLL train
 * has the club there, a country for the national team, and "the Northern Hemisphere
 * squad" is a selection); right after
 * "beat", "defeated", "edged", "routed", "thrashed", "downed", or after "lost to", "drew
 * with", "win over", "victory over", "defeat to", "loss to", and a listed city after "win
 * at" ("a 2-1 win at Leeds"; an unlisted name there is often the ground: "win at
 * Twickenham", "at Carrow Road"). */
static void sports_team(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match *g,
                        const char **label)
{
    static const char *const beat[] = {"beat", "beats", "defeated", "edged", "routed", "thrashed",
                                       "downed"};
    static const char *const result[] = {"won", "drew", "lost"};
    static const char *const roles[] = {
        "striker", "strikers", "midfielder", "midfielders", "defender", "defenders",
        "goalkeeper", "keeper", "winger", "boss", "manager", "coach", "captain", "skipper",
        "fans", "supporters", "squad", "forward", "quarterback", "pitcher", "shortstop",
        "linebacker", "receiver", "outfielder"};
    static const char *const pairs[][2] = {{"win", "at"},       {"lost", "to"},  {"drew", "with"},
                                           {"win", "over"},     {"victory", "over"},
                                           {"defeat", "to"},    {"loss", "to"}};
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first, l = s->tok_last;
    tg_gaz_entry e;
    size_t len;
    if (!tg_label_is(*label, TG_LABEL_IS_PLACE) ||
        (g &&
         !(tg_gazetteer_entry(g->gaz, g->record, &e) &&
           tg_label_eq(e.label, TG_LABEL_GPE) && e.priority < TG_GAZ_COUNTRY_PRIORITY &&
           (e.priority > 0 || tg_gaz_attr(e.ids, "iso", &len)))))
        return;
    int team = 0;
    size_t r = l + 1;
    if (r + 1 < in->ntokens && tg_en_token_is(in->text, &tok[r], "'s"))
        r++;
    if (l + 1 < in->ntokens && tok[l + 1].sentence == tok[l].sentence)
        team = tg_en_word_in(in->text, &tok[l + 1], beat, sizeof beat / sizeof *beat) ||
               (tg_en_word_in(in->text, &tok[l + 1], result, sizeof result / sizeof *result) &&
                score_after(in, l + 1)) ||
               (g && r < in->ntokens && tok[r].sentence == tok[l].sentence &&
                tg_en_word_in(in->text, &tok[r], roles, sizeof roles / sizeof *roles));
    if (!team && f > 0 && tok[f - 1].sentence == tok[f].sentence)
        team = tg_en_word_in(in->text, &tok[f - 1], beat, sizeof beat / sizeof *beat);
    for (size_t i = g ? 0 : 1; !team && f > 1 && i < sizeof pairs / sizeof *pairs; i++)
        team = tg_en_token_is(in->text, &tok[f - 2], pairs[i][0]) &&
               tg_en_token_is(in->text, &tok[f - 1], pairs[i][1]);
    if (team)
        *label = tg_label_name(TG_LABEL_ORG);
}

/* A model PERSON or place of two words or more that no list has, ending in "Bank",
 * "Union" or "Federation", is an organization ("Investors Bank", "Credit Union"): listed
 * places end in them too ("West Bank", "Soviet Union", "Russian Federation"), so
 * company_words leaves them out and the lists decide. */
static void unlisted_bank(const tg_ner_input *in, const tg_ner_span *s, const char **label)
{
    static const char *const words[] = {"Bank", "Union", "Federation"};
    if (s->tok_last > s->tok_first &&
        (tg_label_eq(*label, TG_LABEL_PERSON) ||
         tg_label_is(*label, TG_LABEL_IS_PLACE)) &&
        tg_en_word_in(in->text, &in->tokens[s->tok_last], words,
                      sizeof words / sizeof *words))
        *label = tg_label_name(TG_LABEL_ORG);
}

/* Whether the word before model span s, in its sentence, is one of words[0..n)
 * (letter case included). */
static int word_before(const tg_ner_input *in, const tg_ner_span *s, const char *const *words,
                       size_t n)
{
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first;
    return f > 0 && tok[f - 1].sentence == tok[f].sentence &&
           tg_en_word_in(in->text, &tok[f - 1], words, n);
}

/* A model ORG, place or NORP right after "Mr", "Mrs" or "Ms" is a person ("Mr
 * Kilroy-Silk", "Ms Essex", "said Mr French"; not "Miss": "Miss Peru" is a title, "May
 * Miss Lions" a verb).  Returns 1 when *label becomes PERSON. */
static int titled_person(const tg_ner_input *in, const tg_ner_span *s, const char **label)
{
    static const char *const titles[] = {"Mr", "Mrs", "Ms"};
    if (tg_label_eq(*label, TG_LABEL_PERSON) ||
        !word_before(in, s, titles, sizeof titles / sizeof *titles))
        return 0;
    *label = tg_label_name(TG_LABEL_PERSON);
    return 1;
}

/* A model PERSON, ORG or place right after a lower-case noun of a work's kind is the
 * work's title ("the abortion drama Vera Drake", "hit film Amelie", "Michael Keaton
 * thriller White Noise", "their album Stakonia"): a PRODUCT, MISC as the guidelines and
 * CoNLL-2003 tag titles ("play", "show", "hit", "series" are verbs or nouns of other
 * things as often: "will play Wales", "figures show Japan's").  Returns 1 when *label
 * becomes PRODUCT. */
static int work_title(const tg_ner_input *in, const tg_ner_span *s, const char **label)
{
    static const char *const kinds[] = {
        "film", "films", "movie", "movies", "drama", "comedy", "thriller", "musical", "sitcom",
        "album", "novel", "biopic", "documentary", "sequel", "blockbuster", "cartoon", "opera"};
    if (!(tg_label_eq(*label, TG_LABEL_PERSON) || tg_label_eq(*label, TG_LABEL_ORG) ||
          tg_label_is(*label, TG_LABEL_IS_PLACE)) ||
        !word_before(in, s, kinds, sizeof kinds / sizeof *kinds))
        return 0;
    *label = tg_label_name(TG_LABEL_PRODUCT);
    return 1;
}

/* Whether tokens [a, b] are exactly an unambiguous listed ORG with no listed place there. */
static int listed_org_only(const tg_ner_input *in, size_t a, size_t b)
{
    int org = 0;
    size_t i, end = tg_ner_gaz_at(in, a, &i);
    for (; i < end; i++) {
        const tg_gaz_match *c = in->gaz_by_first[i];
        tg_gaz_entry e;
        if (c->tok_last != b || !tg_gazetteer_entry(c->gaz, c->record, &e))
            continue;
        if (tg_label_is(e.label, TG_LABEL_IS_PLACE))
            return 0;
        org |= tg_label_eq(e.label, TG_LABEL_ORG) && !(c->flags & TG_ALIAS_AMBIGUOUS);
    }
    return org;
}

/* Whether model span s is coordinated with a listed organization ("imitating Amazon and
 * Microsoft", "Microsoft, Amazon to combine", "BTG hits Amazon, Netflix and others": the
 * word across "," or "and" ends or starts one, of one or two words) or opens the document's
 * first sentence (AG News' title) before "to" or a verb's "-s" ("Amazon to Buy", "Amazon
 * Snaps Up", "Amazon sues spammers"). */
static int firm_context(const tg_ner_input *in, const tg_ner_span *s)
{
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first, l = s->tok_last, n = in->ntokens;
    for (size_t w = 0; w < 2; w++) {
        if (l + 2 < n && tg_en_list_joint(in->text, &tok[l + 1]) &&
            l + 2 + w < n && listed_org_only(in, l + 2, l + 2 + w))
            return 1;
        if (f >= 2 + w && tg_en_list_joint(in->text, &tok[f - 1]) &&
            listed_org_only(in, f - 2 - w, f - 2))
            return 1;
    }
    if (f != 0 || l + 1 >= n || tok[l + 1].sentence != tok[0].sentence || tok[l + 1].kind != TAGGER_TOKEN_WORD)
        return 0;
    const tagger_token *v = &tok[l + 1];
    size_t len = v->end - v->start;
    return tg_en_token_is(in->text, v, "to") ||
           (len >= 4 && in->text[v->end - 1] == 's' && in->text[v->end - 2] != 's');
}

/* A model PERSON or place no list has, after "role in" or "roles in", or after a singular
 * "film" or "movie" and a comma ("her latest movie, Eucalyptus"; not an award's "best film,"),
 * in a document about films (two words of cinema), not before "'s" or "'" (a director's
 * film: "role in Mike Nichols' Closer"), is the film's title ("his role in Vera Drake", "her role in Eternal Sunshine"):
 * a PRODUCT, as work_title.  Returns 1 when *label becomes PRODUCT. */
static int role_title(const tg_ner_input *in, const tg_ner_span *s, const char **label)
{
    static const char *const cinema[] = {"film", "films", "movie", "movies", "actor", "actress",
                                         "Oscar", "Oscars", "director", "starred"};
    static const char *const kinds[] = {"film", "movie"}, *const best[] = {"best", "Best"};
    static const char *const roles[] = {"role", "roles"};
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first, l = s->tok_last, n = 0;
    if (!(tg_label_eq(*label, TG_LABEL_PERSON) ||
          tg_label_is(*label, TG_LABEL_IS_PLACE)) ||
        f < 2 || tok[f - 2].sentence != tok[f].sentence || tg_en_listed_label(in, f, l) ||
        (l + 1 < in->ntokens && (tg_en_token_is(in->text, &tok[l + 1], "'s") ||
                                 tg_en_token_is(in->text, &tok[l + 1], "'"))))
        return 0;
    int after = (tg_en_token_is(in->text, &tok[f - 1], "in") &&
                 tg_en_word_in(in->text, &tok[f - 2], roles, sizeof roles / sizeof *roles)) ||
                (tg_en_token_is(in->text, &tok[f - 1], ",") &&
                 tg_en_word_in(in->text, &tok[f - 2], kinds, sizeof kinds / sizeof *kinds) &&
                 !(f >= 3 && tg_en_word_in(in->text, &tok[f - 3], best, 2)));
    for (size_t t = 0; after && n < 2 && t < in->ntokens; t++)
        n += tg_en_word_in(in->text, &tok[t], cinema, sizeof cinema / sizeof *cinema);
    if (n < 2)
        return 0;
    *label = tg_label_name(TG_LABEL_PRODUCT);
    return 1;
}

/* A model place on exactly a listed organization, with no place among the lists' entries
 * there and no "the" before it, is the organization where it owns something or stands for
 * a kind of firm: before "'s" or "'" ("Amazon's book chart", AG News' "Amazon 's new site")
 * or after "like" or "as" ("firms like Amazon", "survivors such as Amazon"), in a list with a
 * listed organization or opening a headline (firm_context).  Not without
 * such context: CoNLL-2003 tags "White House" and "Kremlin" LOC ("the Kremlin's auction"
 * too), and clubs' towns ("In St Louis") are listed organizations too.  *g becomes the organization's candidate when it was NULL
 * (the merge found none for the place). */
static void listed_firm(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match **g,
                        const char **label)
{
    static const char *const kinds[] = {"like", "as"}, *const articles[] = {"the", "The"};
    const tagger_token *tok = in->tokens;
    size_t l = s->tok_last;
    const tg_gaz_match *org = NULL;
    if (!tg_label_is(*label, TG_LABEL_IS_PLACE) || word_before(in, s, articles, 2) ||
        !(word_before(in, s, kinds, 2) || firm_context(in, s) ||
          (l + 1 < in->ntokens && (tg_en_token_is(in->text, &tok[l + 1], "'s") ||
                                   tg_en_token_is(in->text, &tok[l + 1], "'")))))
        return;
    size_t i, end = tg_ner_gaz_at(in, s->tok_first, &i);
    for (; i < end; i++) {
        const tg_gaz_match *c = in->gaz_by_first[i];
        tg_gaz_entry e;
        if (c->tok_last != l || !tg_gazetteer_entry(c->gaz, c->record, &e))
            continue;
        if (tg_label_is(e.label, TG_LABEL_IS_PLACE))
            return;
        if (tg_label_eq(e.label, TG_LABEL_ORG) && !(c->flags & TG_ALIAS_AMBIGUOUS) &&
            !org)
            org = c;
    }
    if (org) {
        *label = tg_label_name(TG_LABEL_ORG);
        if (!*g)
            *g = org;
    }
}

/* The (last) list candidate on exactly span s when every candidate there is an organization's
 * (an ambiguous alias too); NULL when there is none or another kind is listed there. */
static const tg_gaz_match *only_org(const tg_ner_input *in, const tg_ner_span *s)
{
    const tg_gaz_match *org = NULL;
    size_t i, end = tg_ner_gaz_at(in, s->tok_first, &i);
    for (; i < end; i++) {
        const tg_gaz_match *c = in->gaz_by_first[i];
        tg_gaz_entry e;
        if (c->tok_last != s->tok_last || !tg_gazetteer_entry(c->gaz, c->record, &e))
            continue;
        if (!tg_label_eq(e.label, TG_LABEL_ORG))
            return NULL;
        org = c;
    }
    return org;
}

/* A model PERSON on exactly a listed organization (an ambiguous alias too: "?Franz
 * Ferdinand", the band and the archduke) with no listed person there, in a sentence about
 * music (a word of bands, records, gigs or awards) or a document with a word of records,
 * bands or gigs, is the band ("Glasgow's Franz
 * Ferdinand earned a place at number nine", "supporting Franz Ferdinand"); in a sentence
 * about a team's sport (a word of coaches, games and players) it is the team, a school's or
 * a club's ("Notre Dame head coach Charlie Weis", "whom Notre Dame has targeted for its
 * head coaching vacancy", "their game against Clemson": AG News): *label becomes ORG and *g
 * its candidate. */
static void band_name(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match **g,
                      const char **label)
{
    /* in the sentence: words of music, or of a team's sport */
    static const char *const in_sentence[] = {
        "band", "bands", "album", "albums", "singles", "gig", "gigs", "frontman", "singer",
        "headliners", "headlining", "indie", "music", "song", "songs", "Brit", "Brits",
        "artists", "concert", "nominations",
        "coach", "coaches", "coaching", "football", "basketball", "game", "games", "players",
        "quarterback", "season", "team", "teams", "playoffs", "touchdown", "touchdowns"};
    /* in the document: words of music only */
    static const char *const records[] = {"album", "albums", "band", "bands", "frontman", "gig",
                                          "gigs", "singer", "song", "songs", "concert", "music"};
    const size_t nsentence = sizeof in_sentence / sizeof *in_sentence;
    const tagger_token *tok = in->tokens;
    if (*g || !tg_label_eq(*label, TG_LABEL_PERSON))
        return;
    const tg_gaz_match *org = only_org(in, s);
    if (!org)
        return;
    int words = tg_en_music_words(in, s, in_sentence, nsentence, records,
                                  sizeof records / sizeof *records);
    if (words >= 0) { /* the document's counts (ner_english_teams.c) */
        if (words) {
            *label = tg_label_name(TG_LABEL_ORG);
            *g = org;
        }
        return;
    }
    size_t a = s->tok_first, b = s->tok_last; /* out of memory: read the document */
    while (a > 0 && tok[a - 1].sentence == tok[s->tok_first].sentence)
        a--;
    while (b + 1 < in->ntokens && tok[b + 1].sentence == tok[s->tok_last].sentence)
        b++;
    for (size_t t = 0; t < in->ntokens; t++)
        if ((t >= a && t <= b && tg_en_word_in(in->text, &tok[t], in_sentence, nsentence)) ||
            tg_en_word_in(in->text, &tok[t], records, sizeof records / sizeof *records)) {
            *label = tg_label_name(TG_LABEL_ORG);
            *g = org;
            return;
        }
}

/* Whether the one-word model span s, linked to candidate g, is the last word of another
 * organization's listed name that the document writes ("Lions" in an article on the
 * "Detroit Lions": not the British and Irish Lions of "=Lions"; the entity is left
 * unlinked).  The candidates ending in its word come from in->teams (ner_english_teams.c). */
static int other_team(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match *g)
{
    tg_gaz_entry own, e;
    if (!g || s->tok_first != s->tok_last ||
        !tg_gazetteer_entry(g->gaz, g->record, &own) ||
        !tg_label_eq(own.label, TG_LABEL_ORG))
        return 0;
    const tg_gaz_match *const *c = NULL;
    size_t n = tg_en_teams_at(in, s->tok_first, &c);
    for (size_t i = 0; i < n; i++)
        if (tg_gazetteer_entry(c[i]->gaz, c[i]->record, &e) &&
            tg_label_eq(e.label, TG_LABEL_ORG) && strcmp(e.kb_id, own.kb_id) != 0 &&
            !strstr(own.name, e.name))
            return 1;
    return 0;
}

/* A model NORP on exactly a listed organization (an ambiguous alias too: "?Labour", "?Lib
 * Dem") with no listed group, place or person there names the organization: a party's
 * name before a noun ("Labour MPs", "the Lib Dem leader") is the party, not a people as
 * "British" is.  It keeps its label (the dev set's guidelines: a name used as a modifier
 * is no ORG span) and takes the organization's entry: *g becomes its candidate. */
static void party_name(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match **g,
                       const char **label)
{
    const tg_gaz_match *org = tg_label_eq(*label, TG_LABEL_NORP) ? only_org(in, s) : NULL;
    if (org)
        *g = org;
}

int tg_ner_english_label(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match **gp,
                         const char **label)
{
    tg_gaz_entry e;
    if (titled_person(in, s, label) || work_title(in, s, label) || role_title(in, s, label))
        return 1;
    listed_firm(in, s, gp, label);
    band_name(in, s, gp, label);
    party_name(in, s, gp, label);
    tg_en_place_region(in, s, gp);
    const tg_gaz_match *g = *gp;
    if (tg_label_eq(*label, TG_LABEL_ORG) && other_team(in, s, g))
        return 1;
    sports_team(in, s, g, label);
    if (!g) {
        unlisted_bank(in, s, label);
        speaker_not_place(in, s, label);
        first_name_person(in, s, label);
        return 0;
    }
    if (listed_town_in(in, s, g, label))
        return 1;
    if (!tg_label_eq(*label, TG_LABEL_ORG) || g->tok_first != s->tok_first ||
        g->tok_last != s->tok_last || !tg_gazetteer_entry(g->gaz, g->record, &e) ||
        !tg_label_is(e.label, TG_LABEL_IS_PLACE))
        return 0;
    dateline_place(in, s, &e, label);
    place_after_in(in, s, &e, label);
    return 0;
}
