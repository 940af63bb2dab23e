#include "write/write.h"
gfa_status write_xlsx(const writer_env *env, gfa_report *report, const char *path,
                      gfa_diags *diags)
{
    return GFA_ERR_IO;
}
