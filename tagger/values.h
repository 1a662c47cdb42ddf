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
 */
#ifndef TG_VALUES_H
#define TG_VALUES_H

#include <stddef.h>

typedef enum { TG_CAL_GREGORIAN, TG_CAL_PERSIAN, TG_CAL_ISLAMIC } tg_calendar;

/* The three ICU calendars, opened once (opening one costs far more than a
 * conversion) and cloned for each conversion, so one set serves any number
 * of threads. */
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

#endif /* TG_VALUES_H */
