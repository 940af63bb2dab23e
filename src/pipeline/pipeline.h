/* pipeline.h — convert and batch. Not installed. */
#ifndef GFA_PIPELINE_H
#define GFA_PIPELINE_H

#include "read/read.h"
#include "write/render.h"

/* ---- batch.c / batch_summary.c ---- */
struct gfa_batch_result {
    gfa_batch_item *items; /* one per input, in input order */
    size_t count, cap;
    char *ruleset;
};

/* ---- pipeline.c ---- */
/* The first error of a run as one line ("line 3: [GFA-READ-002] …"; "unreadable" if none),
 * malloc'd. */
char *pipeline_first_reason(const gfa_diags *d);
/* Does writer i of the pipeline write nothing for some reports (a review page)? */
bool pipeline_output_optional(const gfa_pipeline *p, size_t i);

#endif
