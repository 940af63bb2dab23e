/* check_hygiene.c — placeholder replaced below. */
#include "validate.h"

void check_hygiene(vrun *v, const rule *r, const rule_check *c)
{
    (void)v;
    (void)r;
    (void)c;
}
