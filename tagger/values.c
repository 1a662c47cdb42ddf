/* values — see values.h. */
#include "values.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>

typedef struct {
    const char *word;
    double value;
} number_word;

/* Units, tens and hundreds: added to the current group. */
static const number_word units[] = {
    {"صفر", 0}, {"یک", 1}, {"یه", 1}, {"دو", 2}, {"سه", 3}, {"چهار", 4}, {"پنج", 5},
    {"شش", 6}, {"شیش", 6}, {"هفت", 7}, {"هشت", 8}, {"نه", 9}, {"ده", 10},
    {"یازده", 11}, {"دوازده", 12}, {"سیزده", 13}, {"چهارده", 14}, {"پانزده", 15},
    {"پونزده", 15}, {"شانزده", 16}, {"هفده", 17}, {"هجده", 18}, {"هیجده", 18},
    {"نوزده", 19}, {"بیست", 20}, {"سی", 30}, {"چهل", 40}, {"پنجاه", 50},
    {"شصت", 60}, {"هفتاد", 70}, {"هشتاد", 80}, {"نود", 90}, {"صد", 100},
    {"یکصد", 100}, {"دویست", 200}, {"سیصد", 300}, {"چهارصد", 400}, {"پانصد", 500},
    {"ششصد", 600}, {"هفتصد", 700}, {"هشتصد", 800}, {"نهصد", 900},
    {"zero", 0}, {"one", 1}, {"a", 1}, {"two", 2}, {"three", 3}, {"four", 4},
    {"five", 5}, {"six", 6}, {"seven", 7}, {"eight", 8}, {"nine", 9}, {"ten", 10},
    {"eleven", 11}, {"twelve", 12}, {"thirteen", 13}, {"fourteen", 14},
    {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18},
    {"nineteen", 19}, {"twenty", 20}, {"thirty", 30}, {"forty", 40}, {"fifty", 50},
    {"sixty", 60}, {"seventy", 70}, {"eighty", 80}, {"ninety", 90},
};

/* Multipliers: ≥ 1000 closes a group; "hundred" multiplies in place. */
static const number_word multipliers[] = {
    {"هزار", 1e3},  {"میلیون", 1e6}, {"ملیون", 1e6},  {"میلیارد", 1e9},
    {"ملیارد", 1e9}, {"بیلیون", 1e9}, {"تریلیون", 1e12}, {"hundred", 100},
    {"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12},
    {"bn", 1e9}, {"mn", 1e6}, {"m", 1e6}, {"tn", 1e12}, {"k", 1e3},
};

/* Denominators of fractions: «سوم» in «یک سوم». */
static const number_word denominators[] = {
    {"دوم", 2}, {"سوم", 3}, {"چهارم", 4}, {"پنجم", 5}, {"ششم", 6}, {"هفتم", 7},
    {"هشتم", 8}, {"نهم", 9}, {"دهم", 10}, {"صدم", 100}, {"هزارم", 1000},
};

static int lookup(const number_word *table, size_t count, const char *w, size_t n,
                  double *v)
{
    for (size_t i = 0; i < count; i++)
        if (n && table[i].word[0] == w[0] && strlen(table[i].word) == n &&
            memcmp(table[i].word, w, n) == 0) {
            *v = table[i].value;
            return 1;
        }
    return 0;
}

#define LOOKUP(table, w, n, v) lookup(table, sizeof table / sizeof table[0], w, n, v)

/* Digits with optional "," thousands separators and one "." decimal part. */
static int parse_digits(const char *w, size_t n, double *v)
{
    char buf[64];
    size_t k = 0;
    int dot = 0;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (c >= '0' && c <= '9') {
            if (k + 1 >= sizeof buf)
                return 0;
            buf[k++] = c;
        } else if (c == ',' && i > 0 && i + 1 < n && !dot) {
            continue;
        } else if (c == '.' && !dot && i > 0 && i + 1 < n) {
            dot = 1;
            buf[k++] = '.';
        } else {
            return 0;
        }
    }
    if (k == 0)
        return 0;
    if (!dot && k <= 15) { /* below 2^53: the integer strtod would read, exactly */
        uint64_t x = 0;
        for (size_t i = 0; i < k; i++)
            x = x * 10 + (uint64_t)(buf[i] - '0');
        *v = (double)x;
        return 1;
    }
    buf[k] = '\0';
    *v = strtod(buf, NULL);
    return 1;
}

/* Words that are fractions by themselves. */
static const number_word halves[] = {{"نیم", 0.5}, {"نصف", 0.5}, {"half", 0.5}};

/* A fraction written as one word: «یکسوم» = unit + denominator. */
static int parse_fraction(const char *w, size_t n, double *v)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (units[i].word[0] != w[0])
            continue;
        size_t ul = strlen(units[i].word);
        double den;
        if (ul < n && memcmp(units[i].word, w, ul) == 0 &&
            LOOKUP(denominators, w + ul, n - ul, &den)) {
            *v = units[i].value / den;
            return 1;
        }
    }
    return 0;
}

/* A unit and a multiplier written as one word: «یکمیلیون», «دههزار». */
static int parse_compound(const char *w, size_t n, double *v)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (units[i].word[0] != w[0])
            continue;
        size_t ul = strlen(units[i].word);
        double m;
        if (ul < n && memcmp(units[i].word, w, ul) == 0 &&
            LOOKUP(multipliers, w + ul, n - ul, &m) && m >= 1000) {
            *v = units[i].value * m;
            return 1;
        }
    }
    return 0;
}

int tg_parse_number(const char *in, size_t n, double *out)
{
    /* «31 . 5», «32 , 390»: a decimal point, or a thousands separator
     * before three digits, with spaces around it (tokenized text) */
    char joined[256];
    if (n >= sizeof joined)
        return 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int sep = in[i] == ' ' && i + 3 < n && (in[i + 1] == '.' || in[i + 1] == ',') &&
                  in[i + 2] == ' ' && k > 0 && joined[k - 1] >= '0' && joined[k - 1] <= '9' &&
                  in[i + 3] >= '0' && in[i + 3] <= '9';
        if (sep && in[i + 1] == ',') { /* exactly three digits follow */
            size_t d = i + 3;
            while (d < n && in[d] >= '0' && in[d] <= '9')
                d++;
            sep = d - (i + 3) == 3;
        }
        if (sep) {
            joined[k++] = in[i + 1];
            i += 2;
        } else {
            joined[k++] = in[i];
        }
    }
    const char *s = joined;
    n = k;
    double total = 0, current = 0;
    int seen = 0, pending_unit = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '-'))
            i++;
        /* a word ends at a space or dash, or where digits meet letters:
         * «100میلیون» is «100» «میلیون» once the ZWNJ is gone */
        size_t start = i;
        int digits = s[i] >= '0' && s[i] <= '9';
        while (i < n && s[i] != ' ' && s[i] != '-' &&
               (digits ? (s[i] >= '0' && s[i] <= '9') || s[i] == ',' || s[i] == '.'
                       : !(s[i] >= '0' && s[i] <= '9')))
            i++;
        size_t len = i - start;
        const char *w = s + start;
        if (len == 0)
            break;
        double v;
        if ((len == 2 && memcmp(w, "و", 2) == 0) || (len == 3 && memcmp(w, "and", 3) == 0))
            continue;
        if (parse_digits(w, len, &v) || LOOKUP(units, w, len, &v)) {
            current += v;
            pending_unit = 1;
        } else if (LOOKUP(multipliers, w, len, &v)) {
            if (!pending_unit && current == 0)
                current = 1;
            current *= v;
            if (v >= 1000) {
                total += current;
                current = 0;
            }
            pending_unit = 0;
        } else if (LOOKUP(denominators, w, len, &v) && pending_unit) {
            current /= v;
            pending_unit = 0;
        } else if (parse_fraction(w, len, &v) || LOOKUP(halves, w, len, &v)) {
            current += v;
            pending_unit = 1;
        } else if (parse_compound(w, len, &v)) { /* «یکمیلیون» */
            total += current + v;
            current = 0;
            pending_unit = 0;
        } else {
            return 0;
        }
        seen = 1;
    }
    if (!seen)
        return 0;
    *out = total + current;
    return 1;
}

void tg_format_number(double v, char *buf, size_t size)
{
    double r = round(v);
    if (fabs(v - r) < 1e-9 && fabs(v) < 1e18) {
        /* an integer below 2^63: its digits as "%.0f" prints them, without
         * printf's conversion of a double (but "-0" and a short buffer) */
        if (size >= 24 && (r != 0 || !signbit(r))) {
            char d[24];
            size_t k = 0;
            uint64_t x = r < 0 ? (uint64_t)-(long long)r : (uint64_t)(long long)r;
            do
                d[k++] = (char)('0' + x % 10);
            while ((x /= 10) > 0);
            size_t o = 0;
            if (r < 0)
                buf[o++] = '-';
            while (k > 0)
                buf[o++] = d[--k];
            buf[o] = '\0';
            return;
        }
        snprintf(buf, size, "%.0f", r);
        return;
    }
    snprintf(buf, size, "%.6f", v);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = '\0';
}

struct tg_calendars {
    /* indexed by tg_calendar, each opened at its first use: opening the
     * three cost 37 page faults of every start (ICU's zone and calendar
     * data), docs/performance.md 2026-12-04 */
    _Atomic(UCalendar *) cal[3];
    pthread_mutex_t lock; /* held while one is opened */
};

tg_calendars *tg_calendars_new(void)
{
    tg_calendars *c = calloc(1, sizeof *c);
    if (!c || pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return NULL;
    }
    for (int i = 0; i < 3; i++)
        atomic_init(&c->cal[i], NULL);
    return c;
}

void tg_calendars_free(tg_calendars *c)
{
    if (!c)
        return;
    for (int i = 0; i < 3; i++) {
        UCalendar *u = atomic_load(&c->cal[i]);
        if (u)
            ucal_close(u);
    }
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* A clone of calendar i (close it), the calendar opened first if it is not
 * yet; NULL with *st set when ICU fails (or *st was already a failure). */
static UCalendar *cal_clone(const tg_calendars *cc, tg_calendar i, UErrorCode *st)
{
    static const UChar utc[] = {'U', 'T', 'C', 0};
    static const char *const locales[3] = {"en@calendar=gregorian", "fa_IR@calendar=persian",
                                           "ar@calendar=islamic-umalqura"};
    if (U_FAILURE(*st))
        return NULL;
    tg_calendars *c = (tg_calendars *)cc; /* the calendars are the only state, and locked */
    UCalendar *u = atomic_load_explicit(&c->cal[i], memory_order_acquire);
    if (!u) {
        pthread_mutex_lock(&c->lock);
        if (!(u = atomic_load_explicit(&c->cal[i], memory_order_relaxed))) {
            u = ucal_open(utc, -1, locales[i], UCAL_DEFAULT, st);
            if (U_FAILURE(*st) && u) {
                ucal_close(u);
                u = NULL;
            }
            if (u)
                atomic_store_explicit(&c->cal[i], u, memory_order_release);
        }
        pthread_mutex_unlock(&c->lock);
        if (!u)
            return NULL;
    }
    return ucal_clone(u, st);
}

/* Sets `from` to y-m-d at noon and reads the same instant in `to`. */
static int convert(const tg_calendars *cals, tg_calendar from, tg_calendar to, int y, int m,
                   int d, int *oy, int *om, int *od)
{
    if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1 || y > 9999)
        return 0;
    UErrorCode st = U_ZERO_ERROR;
    UCalendar *a = cal_clone(cals, from, &st);
    UCalendar *b = cal_clone(cals, to, &st);
    int ok = 0;
    if (U_SUCCESS(st)) {
        ucal_clear(a);
        ucal_setDateTime(a, y, m - 1, d, 12, 0, 0, &st);
        UDate t = ucal_getMillis(a, &st);
        /* read back: a day past the month's end would have rolled over */
        int ry = ucal_get(a, UCAL_YEAR, &st), rm = ucal_get(a, UCAL_MONTH, &st) + 1;
        int rd = ucal_get(a, UCAL_DATE, &st);
        ucal_setMillis(b, t, &st);
        *oy = ucal_get(b, UCAL_YEAR, &st);
        *om = ucal_get(b, UCAL_MONTH, &st) + 1;
        *od = ucal_get(b, UCAL_DATE, &st);
        ok = U_SUCCESS(st) && ry == y && rm == m && rd == d;
    }
    if (a)
        ucal_close(a);
    if (b)
        ucal_close(b);
    return ok;
}

int tg_to_gregorian(const tg_calendars *cals, tg_calendar cal, int y, int m, int d, int *gy,
                    int *gm, int *gd)
{
    return convert(cals, cal, TG_CAL_GREGORIAN, y, m, d, gy, gm, gd);
}

int tg_from_gregorian(const tg_calendars *cals, tg_calendar cal, int gy, int gm, int gd, int *y,
                      int *m, int *d)
{
    return convert(cals, TG_CAL_GREGORIAN, cal, gy, gm, gd, y, m, d);
}

/* A Gregorian calendar set to y-m-d at noon (close it), or NULL. */
static UCalendar *gregorian_noon(const tg_calendars *cals, int y, int m, int d, UErrorCode *st)
{
    UCalendar *cal = cal_clone(cals, TG_CAL_GREGORIAN, st);
    if (U_FAILURE(*st))
        return NULL;
    ucal_clear(cal);
    ucal_setDateTime(cal, y, m - 1, d, 12, 0, 0, st);
    return cal;
}

int tg_weekday(const tg_calendars *cals, int y, int m, int d)
{
    UErrorCode st = U_ZERO_ERROR;
    UCalendar *cal = gregorian_noon(cals, y, m, d, &st);
    if (!cal)
        return 0;
    int dow = ucal_get(cal, UCAL_DAY_OF_WEEK, &st); /* 1 Sunday .. 7 Saturday */
    ucal_close(cal);
    return U_SUCCESS(st) && dow >= 1 && dow <= 7 ? (dow + 5) % 7 + 1 : 0;
}

int tg_add_days(const tg_calendars *cals, int y, int m, int d, int delta, int *oy, int *om,
                int *od)
{
    UErrorCode st = U_ZERO_ERROR;
    UCalendar *cal = gregorian_noon(cals, y, m, d, &st);
    if (!cal)
        return 0;
    ucal_add(cal, UCAL_DATE, delta, &st);
    *oy = ucal_get(cal, UCAL_YEAR, &st);
    *om = ucal_get(cal, UCAL_MONTH, &st) + 1;
    *od = ucal_get(cal, UCAL_DATE, &st);
    ucal_close(cal);
    return U_SUCCESS(st);
}

/* ------------------------------------------------------ value normalizers */

static const char *const value_names[] = {
    "none", "date.jalali", "date.gregorian", "date.hijri", "date.numeric",
    "date.year", "date.relative", "date.weekday", "time", "money", "percent", "number"};

int tg_value_kind_find(const char *name)
{
    for (size_t k = 0; k < sizeof value_names / sizeof value_names[0]; k++)
        if (strcmp(value_names[k], name) == 0)
            return (int)k;
    return -1;
}

/* One normalization: where the match's groups come from, the calendars
 * and the document date. */
typedef struct {
    const tg_value_source *src;
    const tg_calendars *cals;
    const tg_doc_date *date;
} value_ctx;

/* The text of named group `name`, or 0 if the group is absent, unset or
 * empty. */
static int group(const value_ctx *c, const char *name, const char **s, size_t *n)
{
    return c->src->group(c->src->ud, name, s, n);
}

static int group_int(const value_ctx *c, const char *name, int *v)
{
    const char *s;
    size_t n;
    double d;
    if (!group(c, name, &s, &n) || !tg_parse_number(s, n, &d) || d < 0 || d > 1e6)
        return 0;
    *v = (int)d;
    return (double)*v == d;
}

/* The value of group `name` in list `list`. */
static const char *group_list_value(const value_ctx *c, const char *name, const char *list)
{
    const char *s;
    size_t n;
    if (!group(c, name, &s, &n))
        return NULL;
    return c->src->list_value(c->src->ud, list, s, n);
}

static char *format_date(int y, int m, int d)
{
    char b[32];
    if (d > 0)
        snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
    else
        snprintf(b, sizeof b, "%04d-%02d", y, m);
    return strdup(b);
}

static char *calendar_date(const value_ctx *c, tg_calendar cal, const char *month_list,
                           int *invalid)
{
    const char *mv = group_list_value(c, "month", month_list);
    int m = mv ? atoi(mv) : 0, d = 0, y = 0, gy, gm, gd;
    if (m < 1 || m > 12)
        return NULL;
    int has_day = group_int(c, "day", &d);
    const char *ord = has_day ? NULL : group_list_value(c, "day", "ordinal_day");
    if (ord) {
        d = atoi(ord);
        has_day = 1;
    }
    if (group_int(c, "year", &y) && y < 100 && cal == TG_CAL_PERSIAN)
        y += y >= 40 ? 1300 : 1400; /* «۱۸ تیر ۷۸»: a two-digit Jalali year */
    else if (!group_int(c, "year", &y)) {
        if (!c->date->known || !has_day)
            return NULL;
        int cy, cm, cd;
        if (!tg_from_gregorian(c->cals, cal, c->date->y, c->date->m, c->date->d, &cy, &cm, &cd))
            return NULL;
        y = cy;
    }
    if (!has_day) /* month and year: only Gregorian months have an ISO form */
        return cal == TG_CAL_GREGORIAN && y >= 1 ? format_date(y, m, 0) : NULL;
    if (!tg_to_gregorian(c->cals, cal, y, m, d, &gy, &gm, &gd)) {
        *invalid = 1; /* a day the month does not have */
        return NULL;
    }
    return format_date(gy, gm, gd);
}

/* A weekday named relative to the document date (group `wd` in list
 * weekday, valued 1 Monday .. 7 Sunday; group `rel` in list week_relation):
 * "last" is the latest such day before the document date, "next" the first
 * after it; "last_week", "this_week" and "next_week" the day in the week
 * before, of or after the document date, weeks starting on Saturday as in
 * Iran.  No relation, no value: a bare weekday may be either side. */
static char *weekday_date(const value_ctx *c)
{
    const char *wv = group_list_value(c, "wd", "weekday");
    const char *rel = group_list_value(c, "rel", "week_relation");
    int want = wv ? atoi(wv) : 0, gy, gm, gd;
    if (want < 1 || want > 7 || !rel || !c->date->known)
        return NULL;
    int today = tg_weekday(c->cals, c->date->y, c->date->m, c->date->d);
    if (!today)
        return NULL;
    int back = (today - want + 7) % 7, ahead = (want - today + 7) % 7;
    int since_saturday = (today - 6 + 7) % 7, want_from_saturday = (want - 6 + 7) % 7;
    int delta;
    if (strcmp(rel, "last") == 0)
        delta = -(back ? back : 7);
    else if (strcmp(rel, "next") == 0)
        delta = ahead ? ahead : 7;
    else if (strcmp(rel, "last_week") == 0)
        delta = want_from_saturday - since_saturday - 7;
    else if (strcmp(rel, "this_week") == 0)
        delta = want_from_saturday - since_saturday;
    else if (strcmp(rel, "next_week") == 0)
        delta = want_from_saturday - since_saturday + 7;
    else
        return NULL;
    return tg_add_days(c->cals, c->date->y, c->date->m, c->date->d, delta, &gy, &gm,
                       &gd)
               ? format_date(gy, gm, gd)
               : NULL;
}

/* The value of the current match by normalizer `kind` (tg_value_compute). */
static char *compute_value(const value_ctx *c, tg_value_kind kind, int *invalid)
{
    *invalid = 0;
    const char *s;
    size_t n;
    char num[64], out[128];
    double v;
    int y, m, d, gy, gm, gd;
    switch (kind) {
    case TG_VALUE_NONE:
        return NULL;
    case TG_VALUE_DATE_JALALI:
        return calendar_date(c, TG_CAL_PERSIAN, "month_jalali", invalid);
    case TG_VALUE_DATE_GREGORIAN:
        return calendar_date(c, TG_CAL_GREGORIAN, "month_gregorian", invalid);
    case TG_VALUE_DATE_HIJRI:
        return calendar_date(c, TG_CAL_ISLAMIC, "month_hijri", invalid);
    case TG_VALUE_DATE_NUMERIC:
        if (!group_int(c, "year", &y) || !group_int(c, "month", &m) || !group_int(c, "day", &d))
            return NULL;
        if (y < 100) /* «۲۷/۳/۶۶», «۹۵.۳.۱۳»: a two-digit Jalali year, as above */
            y += y >= 40 ? 1300 : 1400;
        if (tg_to_gregorian(c->cals, y >= 1700 ? TG_CAL_GREGORIAN : TG_CAL_PERSIAN, y, m,
                            d, &gy, &gm, &gd))
            return format_date(gy, gm, gd);
        *invalid = 1;
        return NULL;
    case TG_VALUE_DATE_YEAR:
        if (!group_int(c, "year", &y) || y < 1700 || y > 2200)
            return NULL;
        snprintf(out, sizeof out, "%04d", y);
        return strdup(out);
    case TG_VALUE_DATE_RELATIVE: {
        const char *off = group_list_value(c, "rel", "relative_day");
        if (!off || !c->date->known)
            return NULL;
        return tg_add_days(c->cals, c->date->y, c->date->m, c->date->d, atoi(off), &gy, &gm, &gd)
                   ? format_date(gy, gm, gd) : NULL;
    }
    case TG_VALUE_DATE_WEEKDAY:
        return weekday_date(c);
    case TG_VALUE_TIME: {
        int h, mi = 0;
        if (!group_int(c, "hour", &h)) {
            /* «ساعت هفت صبح»: an hour written as a word (list clock_hour) */
            const char *hv = group_list_value(c, "hour", "clock_hour");
            if (!hv)
                return NULL;
            h = atoi(hv);
        }
        if (group(c, "minute", &s, &n) && !group_int(c, "minute", &mi))
            return NULL;
        const char *period = group_list_value(c, "period", "period");
        if (period && strcmp(period, "pm") == 0 && h < 12)
            h += 12;
        else if (period && strcmp(period, "am") == 0 && h == 12)
            h = 0;
        if (h > 24 || mi > 59 || (h == 24 && mi > 0)) {
            *invalid = 1;
            return NULL;
        }
        snprintf(out, sizeof out, "%02d:%02d", h, mi);
        return strdup(out);
    }
    case TG_VALUE_MONEY: {
        if (!group(c, "amount", &s, &n) || !tg_parse_number(s, n, &v))
            return NULL;
        const char *cur = group_list_value(c, "currency", "currency");
        if (!cur)
            return NULL;
        char code[16];
        double factor = 1;
        const char *star = strchr(cur, '*');
        snprintf(code, sizeof code, "%.*s", (int)(star ? (size_t)(star - cur) : strlen(cur)), cur);
        if (star)
            factor = strtod(star + 1, NULL);
        tg_format_number(v * factor, num, sizeof num);
        snprintf(out, sizeof out, "%s %s", num, code);
        return strdup(out);
    }
    case TG_VALUE_PERCENT:
    case TG_VALUE_NUMBER:
        if (!group(c, "amount", &s, &n) || !tg_parse_number(s, n, &v))
            return NULL;
        if (group(c, "minus", &s, &n)) /* «منفی ۲ درصد» */
            v = -v;
        tg_format_number(v, num, sizeof num);
        return strdup(num);
    }
    return NULL;
}

char *tg_value_compute(tg_value_kind kind, const tg_value_source *src,
                       const tg_calendars *cals, const tg_doc_date *date, int *invalid)
{
    const value_ctx c = {src, cals, date};
    return compute_value(&c, kind, invalid);
}
