/*
 * numeral.h — numbers as contracts write them: 15, １５, 十五, 百八十, 千, thirty (30), and
 * durations ("90日", "三ヶ月", "6 months") converted to days (month = 30, year = 365, week = 7).
 * Input is normalised text (NFKC: full-width digits already half-width), UTF-8.
 */
#ifndef CL_NUMERAL_H
#define CL_NUMERAL_H

#include <stddef.h>

/*
 * Largest value a number or a duration can take. Longer digit runs are still consumed whole
 * (so their tail is never read as a second number), but the value saturates here.
 */
#define CL_NUMERAL_MAX 1000000000L

/*
 * Parses a number at s[0..len): arabic digits (with ',' grouping), kanji numerals
 * (〇一二三四五六七八九十百千万, also 壱弐参拾 and 两/廿 are not needed), or an English number
 * word ("thirty", "ninety", "one hundred and eighty", "twelve"). Returns the bytes consumed
 * (0 when no number starts at s) and sets *value.
 */
size_t cl__numeral_parse(long *value, const char *s, size_t len);

/* A duration found in text. */
typedef struct cl_duration {
    size_t start, end; /* byte span of the whole expression (number + unit) in s */
    long days;         /* converted to days */
} cl_duration;

/*
 * Finds the first duration in s[0..len) that reads as a period of advance notice: a number
 * followed by a unit (日, 営業日, 週間, か月/ヶ月/カ月/ケ月/箇月/ヵ月/ケ月, 年, day(s), business
 * day(s), week(s), month(s), year(s)), optionally "以上", and then 前 / 以前 / "prior" /
 * "in advance" / "notice" nearby. Returns 1 and fills *out, or 0 when none is found.
 */
int cl__duration_find_notice(cl_duration *out, const char *s, size_t len);

/* Finds the first number+unit duration of any kind in s[0..len). Returns 1 or 0. */
int cl__duration_find(cl_duration *out, const char *s, size_t len);

#endif
