/*
 * values — the normalized values of rule matches: numbers written in digits
 * or words, and dates converted between calendars.
 *
 * Numbers
 * -------
 * tg_parse_number reads normalized text (ASCII digits, Persian letters
 * folded, no ZWNJ) made of digit groups ("1,250.5"), Persian and English
 * number words and the connective «و»/"and", with the usual additive-
 * multiplicative reading: units, tens and hundreds add up in `current`;
 * a multiplier (هزار, میلیون, میلیارد, thousand, million …) multiplies
 * `current` and, being ≥ 1000, moves it into `total`.  So «سه هزار و پانصد»
 * = 3500, «دو میلیون و پانصد هزار» = 2 500 000, "2.5 billion" = 2.5e9.
 * Fractions: «یک‌سوم» (written «یکسوم» once ZWNJ is gone), «سه چهارم», «نیم».
 *
 * Calendars
 * ---------
 * Conversions go through ICU calendars (persian, islamic-umalqura,
 * gregorian), never through tables of our own: the source calendar is set to
 * the given year/month/day at noon UTC and the resulting instant is read
 * back in the Gregorian calendar.  Out-of-range days are rejected by
 * reading the fields back (ICU is lenient by default and would roll over).
 *
 * Value normalizers
 * -----------------
 * A rule names one (`value date.jalali`); it reads the match's named groups
 * (day, month, year, hour, minute, period, amount, minus, currency, rel, wd) and
 * the values of the rule files' lists (month_jalali, month_gregorian,
 * month_hijri, ordinal_day, clock_hour, period, currency, relative_day,
 * weekday, week_relation) through a tg_value_source, so this module knows
 * neither PCRE2 nor the rule set.  Dates become ISO 8601 (a two-digit
 * Jalali year is 13xx from 40 up, else 14xx; a date without a year takes
 * the document date's year, relative days and weekdays count from the
 * document date, weeks starting on Saturday as in Iran), times "HH:MM",
 * amounts a number and, for money, the currency's code.
 */
#ifndef TG_VALUES_H
#define TG_VALUES_H

#include <stddef.h>

typedef enum { TG_CAL_GREGORIAN, TG_CAL_PERSIAN, TG_CAL_ISLAMIC } tg_calendar;

/* The three ICU calendars, each opened once, at the first conversion that
 * needs it (opening one costs far more than a conversion), and cloned for
 * each conversion, so one set serves any number of threads.  NULL when out
 * of memory. */
typedef struct tg_calendars tg_calendars;
tg_calendars *tg_calendars_new(void);
void tg_calendars_free(tg_calendars *cals);

/* Parses the number in s[0..n).  Returns 1 and sets *out, or 0 if s holds
 * anything that is not part of a number. */
int tg_parse_number(const char *s, size_t n, double *out);

/* Writes v without exponent or trailing zeros ("2500000", "0.333333"). */
void tg_format_number(double v, char *buf, size_t size);

/* Converts a date of `cal` (month 1-12) to Gregorian.  Returns 1 on
 * success, 0 if the date does not exist or ICU fails. */
int tg_to_gregorian(const tg_calendars *cals, tg_calendar cal, int y, int m, int d, int *gy,
                    int *gm, int *gd);

/* The Gregorian date `delta` days after y-m-d (ICU calendar arithmetic). */
int tg_add_days(const tg_calendars *cals, int y, int m, int d, int delta, int *oy, int *om,
                int *od);

/* The ISO weekday (1 Monday .. 7 Sunday) of a Gregorian date, or 0 if ICU
 * fails. */
int tg_weekday(const tg_calendars *cals, int y, int m, int d);

/* Converts a Gregorian date to `cal`; same conventions. */
int tg_from_gregorian(const tg_calendars *cals, tg_calendar cal, int gy, int gm, int gd, int *y,
                      int *m, int *d);

/* The value normalizers, in the order of their names (tg_value_kind_find). */
typedef enum {
    TG_VALUE_NONE,
    TG_VALUE_DATE_JALALI,
    TG_VALUE_DATE_GREGORIAN,
    TG_VALUE_DATE_HIJRI,
    TG_VALUE_DATE_NUMERIC,
    TG_VALUE_DATE_YEAR,
    TG_VALUE_DATE_RELATIVE,
    TG_VALUE_DATE_WEEKDAY,
    TG_VALUE_TIME,
    TG_VALUE_MONEY,
    TG_VALUE_PERCENT,
    TG_VALUE_NUMBER
} tg_value_kind;

/* The normalizer named `name` ("none", "date.jalali", "date.gregorian",
 * "date.hijri", "date.numeric", "date.year", "date.relative",
 * "date.weekday", "time", "money", "percent", "number"), or -1. */
int tg_value_kind_find(const char *name);

/* The document date for relative dates and years left out, or none. */
typedef struct tg_doc_date {
    int known;
    int y, m, d;  /* Gregorian */
    int dateline; /* not known: take it from the document's dateline
                     (tg_rules_dateline), once */
} tg_doc_date;

/* What a normalizer reads of one match: group() gives the text of a named
 * group (0 when the group is absent, unset or empty), list_value() the
 * value of the item s[0..n) of a named list (spaces ignored; NULL when
 * the list or the item is missing or has no value). */
typedef struct tg_value_source {
    const void *ud;
    int (*group)(const void *ud, const char *name, const char **s, size_t *n);
    const char *(*list_value)(const void *ud, const char *list, const char *s, size_t n);
} tg_value_source;

/* The value of a match by normalizer `kind`: a string from malloc, or NULL
 * when there is none.  Sets *invalid when the groups are there but make no
 * valid value (31 February, 25:70): such a match is not an entity at all. */
char *tg_value_compute(tg_value_kind kind, const tg_value_source *src,
                       const tg_calendars *cals, const tg_doc_date *date, int *invalid);

#endif /* TG_VALUES_H */
