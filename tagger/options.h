/*
 * options — reading a public options struct whose first member is
 * `size_t size` (tagger.h, "Options structs"): a field is present when it
 * lies wholly inside `size`; an absent field takes its default.
 */
#ifndef TAGGER_OPTIONS_H
#define TAGGER_OPTIONS_H

#include <stddef.h>

/* Whether opt->field lies inside opt->size (opt of type `type *`). */
#define TG_OPT_HAS(opt, type, field) \
    ((opt)->size >= offsetof(type, field) + sizeof(((const type *)0)->field))

/* opt->field if present, else `dflt`. */
#define TG_OPT(opt, type, field, dflt) (TG_OPT_HAS(opt, type, field) ? (opt)->field : (dflt))

/* Whether a caller's size is one this library can read: at least the size
 * member itself, at most the struct this library was built with. */
static inline int tg_opt_size_ok(size_t size, size_t ours)
{
    return size >= sizeof(size_t) && size <= ours;
}

#endif /* TAGGER_OPTIONS_H */
