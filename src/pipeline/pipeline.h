/* pipeline.h — convert and batch. Not installed. */
#ifndef GFA_PIPELINE_H
#define GFA_PIPELINE_H

#include "write/render.h"

/* ---- batch.c / batch_summary.c ---- */
struct gfa_batch_result {
    gfa_batch_item *items; /* one per input, in input order */
    size_t count, cap;
    char *ruleset;
};

#endif
