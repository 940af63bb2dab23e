/* main.c — the gfa executable: everything happens in gfa_main (cli.c). */
#include "gfa.h"

int main(int argc, char **argv)
{
    gfa_global_init();
    int rc = gfa_main(argc, argv, stdout, stderr);
    gfa_global_cleanup();
    return rc;
}
