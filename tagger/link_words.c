/* link_words — the words of link.c's document keys, one row a language (see
 * link.h).  Every row applies to every document: a Persian article may quote
 * an English name, and the rows' words never meet the other script. */
#include "link.h"

const tg_link_words tg_link_words_table[TG_LINK_NLANGS] = {
    {
        .lang = "fa",
        /* «جمهوری آذربایجان» keys «آذربایجان»; «(استان) آذربایجان شرقی» blocks it */
        .republic_head = "جمهوری ",
        .province_head = "استان ",
        .province_sides = {" شرقی", " غربی"},
        /* «در گلستان», «مرز بازرگان»: a place, whoever's surname it is */
        .place_before = {"در ", "مرز ", "شهر ", "استان ", "شهرستان ", "بندر ", "منطقه "},
        /* «شهید چمران», «مرحوم هاشمی»: the famous bearer, whoever else the article names */
        .bearer_before = {"شهید ", "مرحوم "},
        /* «شهید آیت الله مطهری», «مرحوم دکتر …» (normalized: no ZWNJ, «آیتالله») */
        .bearer_titles = {"آیت الله ", "آیتالله ", "حجت الاسلام ", "حجتالاسلام ", "دکتر ",
                          "استاد "},
        /* «کشورهای آذربایجان»، «منات آذربایجان» (the manat), «رئیس‌جمهور آذربایجان»
         * (normalized: «ئ» folds to «ی», no ZWNJ) */
        .country_before = {"کشور ", "کشورهای ", "منات ", "دولت ", "سفیر ", "سفارت ",
                           "رییسجمهور ", "رییس جمهور ", "رییسجمهوری ", "رییس جمهوری "},
        .list_joints = {"، ", " ، ", " و ", "-"},
    },
    {
        .lang = "en",
        /* Manchester United, Newcastle United: a lone "United" */
        .club_tail = " United",
        .club_suffixes = {" F.C.", " FC"},
        .club_key = "united",
        /* "President Bush": the English model's span leaves the title out */
        .title = "president ",
        /* left out of an acronym's initials ("International Atomic Energy Agency (IAEA)")
         */
        .acronym_fillers = {"of", "and", "for", "the", "on", "de", "&"},
        .place_before = {"in "},
    },
};
