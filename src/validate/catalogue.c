/* catalogue.c — the rule catalogue (gfa rules, issue 12): every rule of a validator with
 * its id, severity (after a deployment's overrides), whether it is on, family, kind of
 * check, rule set and version, title and message template; as aligned text, JSON or CSV
 * (UTF-8 with a byte-order mark, so that Excel and WPS open it). */
#include "validate/validate.h"

#include <stdlib.h>
#include <string.h>

static void catalogue_text(const gfa_validator *v, strbuf *sb)
{
    gfa_rule_info r;
    for (size_t i = 0; gfa_validator_rule_info(v, i, &r); i++)
        sb_addf(sb, "%-13s %-13s %-3s %-5s %-12s %s %s  %s\n", r.id,
                gfa_severity_name(r.severity), r.enabled ? "on" : "off", r.family, r.check,
                r.ruleset, r.ruleset_version, r.title);
}

static void catalogue_json(const gfa_validator *v, strbuf *sb)
{
    sb_adds(sb, "{\"rulesets\":[");
    const char *name, *version, *file;
    for (size_t i = 0; gfa_validator_ruleset_info(v, i, &name, &version, &file); i++) {
        sb_adds(sb, i ? ",{\"name\":" : "{\"name\":");
        sb_json_str(sb, name);
        sb_adds(sb, ",\"version\":");
        sb_json_str(sb, version);
        sb_adds(sb, ",\"file\":");
        sb_json_str(sb, file);
        sb_addc(sb, '}');
    }
    sb_adds(sb, "],\"rules\":[");
    gfa_rule_info r;
    for (size_t i = 0; gfa_validator_rule_info(v, i, &r); i++) {
        const char *const fields[][2] = {
            {"id", r.id},           {"severity", gfa_severity_name(r.severity)},
            {"family", r.family},   {"check", r.check},
            {"ruleset", r.ruleset}, {"version", r.ruleset_version},
            {"title", r.title},     {"message", r.message}};
        sb_addc(sb, i ? ',' : '\n');
        sb_addc(sb, '{');
        for (size_t k = 0; k < ARRAY_LEN(fields); k++) {
            sb_json_str(sb, fields[k][0]);
            sb_addc(sb, ':');
            sb_json_str(sb, fields[k][1]);
            sb_addc(sb, ',');
        }
        sb_addf(sb, "\"enabled\":%s}", r.enabled ? "true" : "false");
    }
    sb_adds(sb, "]}\n");
}

static void catalogue_csv(const gfa_validator *v, strbuf *sb)
{
    sb_adds(sb, UTF8_BOM "id,severity,enabled,family,check,ruleset,version,title,message\r\n");
    gfa_rule_info r;
    for (size_t i = 0; gfa_validator_rule_info(v, i, &r); i++) {
        sb_csv_field(sb, r.id, false);
        sb_csv_field(sb, gfa_severity_name(r.severity), false);
        sb_csv_field(sb, r.enabled ? "true" : "false", false);
        sb_csv_field(sb, r.family, false);
        sb_csv_field(sb, r.check, false);
        sb_csv_field(sb, r.ruleset, false);
        sb_csv_field(sb, r.ruleset_version, false);
        sb_csv_field(sb, r.title, false);
        sb_csv_field(sb, r.message, true);
    }
}

char *gfa_validator_catalogue(const gfa_validator *v, const char *format, size_t *len)
{
    static const struct {
        const char *name;
        void (*fn)(const gfa_validator *, strbuf *);
    } formats[] = {{"text", catalogue_text}, {"json", catalogue_json}, {"csv", catalogue_csv}};
    for (size_t i = 0; v && format && i < ARRAY_LEN(formats); i++)
        if (!strcmp(format, formats[i].name)) {
            strbuf sb;
            sb_init(&sb);
            formats[i].fn(v, &sb);
            if (len)
                *len = sb.len;
            if (sb.failed) {
                sb_free(&sb);
                return NULL;
            }
            return sb_take(&sb);
        }
    return NULL;
}
