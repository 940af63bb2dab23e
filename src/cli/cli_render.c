/* cli_render.c — gfa render: instances (or published reports) to HTML and plain text. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const option_doc render_options[] = {
    {"from", 0, "FORMAT", OPT_FROM,
     "read every input as FORMAT (gfa convert --help lists them); by default detected"},
    {"output", 'o', "PATH", OPT_OUTPUT,
     "write into folder PATH (created if missing) as NAME.html and NAME.txt, or into file "
     "PATH for a single input and format; without -o the rendering goes to standard output"},
    {"format", 0, "FMT", OPT_FORMAT,
     "html, text or both (default: both with -o DIR, else html)"},
    {"width", 0, "N", OPT_WIDTH, "text: line width in columns, 20..1000 (default 100)"},
    {"ambiguous", 0, "1|2", OPT_AMBIGUOUS,
     "text: columns of East Asian Ambiguous characters such as “ ” … (default 1; 2 for CJK "
     "terminals)"},
    {"mode", 0, "MODE", OPT_MODE, CLI_MODE_HELP " (default publish)"},
};


/* Parses --width, --ambiguous and --mode into render options; prints and returns false on
 * error. */
bool cli_render_options(cli *c, gfa_render_mode mode, gfa_render_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->mode = mode;
    const char *m = c->value[OPT_MODE];
    if (m) {
        static const char *const names[] = {"auto", "publish", "review"};
        size_t k = 0;
        while (k < ARRAY_LEN(names) && strcmp(m, names[k]))
            k++;
        if (k == ARRAY_LEN(names)) {
            cli_errorf(c, "--mode must be publish, review or auto, not '%s'", m);
            return false;
        }
        opt->mode = (gfa_render_mode)k; /* the enum's order */
    }
    const char *w = c->value[OPT_WIDTH], *a = c->value[OPT_AMBIGUOUS];
    if (w) {
        char *end;
        long v = strtol(w, &end, 10);
        if (*w == '\0' || *end || v < 20 || v > 1000) {
            cli_errorf(c, "--width must be a number of columns 20..1000, not '%s'", w);
            return false;
        }
        opt->line_width = (int)v;
    }
    if (a) {
        if (strcmp(a, "1") != 0 && strcmp(a, "2") != 0) {
            cli_errorf(c, "--ambiguous must be 1 or 2, not '%s'", a);
            return false;
        }
        opt->ambiguous_width = a[0] - '0';
    }
    return true;
}

static const char *const format_ext[] = {"html", "txt"};

static int run_render(cli *c)
{
    const char *output = c->value[OPT_OUTPUT];
    const char *format = c->value[OPT_FORMAT];
    if (c->ninputs == 0) {
        cli_errorf(c, "no INPUT given");
        fprintf(c->err, "Usage: %s render [OPTIONS] INPUT...  (see --help)\n", c->prog);
        return GFA_EXIT_USAGE;
    }
    /* -o FILE.html / FILE.txt says the format; a folder gets both unless --format says */
    const char *by_ext = output && strcmp(output, "-") != 0 && !cli_is_dir(output) &&
                                 !cli_str_ends(output, "/")
                             ? cli_writer_for_file(output)
                             : NULL;
    bool want[2] = {false, false};
    if (!format && by_ext)
        want[strcmp(by_ext, "html") == 0 ? GFA_RENDER_HTML : GFA_RENDER_TEXT] = true;
    else if (!format)
        want[0] = true, want[1] = output != NULL && strcmp(output, "-") != 0 && !cli_is_stream(output);
    else if (strcmp(format, "html") == 0)
        want[GFA_RENDER_HTML] = true;
    else if (strcmp(format, "text") == 0 || strcmp(format, "txt") == 0)
        want[GFA_RENDER_TEXT] = true;
    else if (strcmp(format, "both") == 0)
        want[0] = want[1] = true;
    else {
        cli_errorf(c, "--format must be html, text or both, not '%s'", format);
        return GFA_EXIT_USAGE;
    }
    gfa_render_options opt; /* a page of render is for publication unless --mode says */
    if (!cli_render_options(c, GFA_RENDER_PUBLISH, &opt))
        return GFA_EXIT_USAGE;
    bool into_dir = false;
    if (cli_output_target(c, &output, (size_t)want[0] + (size_t)want[1], &into_dir))
        return GFA_EXIT_USAGE;
    gfa_diags *diags = gfa_diags_new();
    gfa_context *ctx = diags ? cli_open_context(c, diags) : NULL;
    gfa_renderer *r = ctx ? gfa_renderer_new(ctx, diags) : NULL;
    if (!r) {
        if (ctx)
            cli_print_diags(c, diags);
        gfa_context_free(ctx);
        gfa_diags_free(diags);
        return GFA_EXIT_USAGE;
    }
    int failed = 0, io_failed = 0;
    for (int i = 0; i < c->ninputs; i++) {
        gfa_diags_clear(diags);
        gfa_report *report = NULL;
        gfa_status st = gfa_report_read_file_as(ctx, c->inputs[i], c->value[OPT_FROM], &report, diags);
        for (int f = GFA_RENDER_HTML; st == GFA_OK && f <= GFA_RENDER_TEXT; f++) {
            if (!want[f])
                continue;
            if (output) {
                char *path = into_dir ? cli_output_name(output, c->inputs[i], format_ext[f])
                                      : strdup(output);
                st = path ? gfa_render_file(r, report, (gfa_render_format)f, &opt, path, diags)
                          : GFA_ERR_NOMEM;
                if (st == GFA_OK && c->verbosity > 0)
                    fprintf(c->err, "%s: wrote %s\n", c->prog, path);
                free(path);
            } else {
                char *data = NULL;
                size_t len = 0;
                st = gfa_render(r, report, (gfa_render_format)f, &opt, &data, &len, diags);
                if (st == GFA_OK && fwrite(data, 1, len, c->out) != len)
                    st = GFA_ERR_IO;
                free(data);
            }
        }
        cli_print_diags(c, diags);
        if (st == GFA_ERR_INPUT)
            failed++;
        else if (st != GFA_OK)
            io_failed++;
        if (st != GFA_OK)
            fprintf(c->err, "%s: %s: not rendered (%s)\n", c->prog, c->inputs[i],
                    gfa_status_name(st));
        gfa_report_free(report);
    }
    gfa_renderer_free(r);
    gfa_context_free(ctx);
    gfa_diags_free(diags);
    return cli_exit_status(c, 0, (size_t)failed, (size_t)io_failed);
}

const cli_command cli_render_command = {
    "render",
    "render instances as publication HTML and plain text",
    "[OPTIONS] INPUT...",
    "Renders each INPUT (a gfa instance, or a published report, which is read first) as\n"
    "one self-contained HTML page (inline CSS, no script, no network; A4 print styles)\n"
    "and/or as plain text aligned by display width. Every number is formatted by ICU.\n"
    "A page is for publication (the report as printed) unless --mode review: then the\n"
    "validation findings embedded in an instance (by gfa convert and gfa batch) are listed\n"
    "and marked; render itself does not validate.",
    render_options,
    ARRAY_LEN(render_options),
    run_render,
    CLI_LISTS_READERS,
};
