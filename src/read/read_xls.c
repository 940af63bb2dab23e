/* read_xls.c — placeholder */
#include "read/read.h"
gfa_status read_xls_source(const gfa_context *ctx, const read_input *in, src_doc *out,
                           gfa_diags *diags)
{
    return GFA_ERR_INPUT;
}
