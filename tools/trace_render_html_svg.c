#include "trace_render_html_svg.h"

#include "latch.h"
#include "trace_render_html.h"

enum { WIDTH = 640, LEFT = 110, RIGHT = 530, TOP = 46, ROW = 30 };

static void arrow(FILE *out, const struct html_row *row, int y, unsigned conn)
{
    bool right = row->sender == LATCH_CLIENT;
    int from = right ? LEFT : RIGHT;
    int to = right ? RIGHT - 4 : LEFT + 4;
    fprintf(out, "<a href=\"#%s\"><g class=\"arrow%s\">", row->target,
            row->encrypted ? " enc" : "");
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" marker-end=\"url(#head%u)\"%s/>",
            from, y, to, y, conn, row->encrypted ? " stroke-dasharray=\"6 4\"" : "");
    fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", (LEFT + RIGHT) / 2, y - 6);
    html_text(out, row->text);
    fputs(row->encrypted ? " (encrypted)</text></g></a>\n" : "</text></g></a>\n", out);
}

void html_svg(FILE *out, const struct html_row *rows, size_t n, unsigned conn)
{
    int height = TOP + (int)n * ROW + 20;
    fprintf(out,
            "<svg class=\"diagram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
            "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"sequence diagram\">\n",
            WIDTH, height, WIDTH, height);
    fprintf(out,
            "<defs><marker id=\"head%u\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" "
            "refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\"/></marker></defs>\n",
            conn);
    fprintf(out,
            "<text class=\"who\" x=\"%d\" y=\"20\" text-anchor=\"middle\">Client</text>"
            "<text class=\"who\" x=\"%d\" y=\"20\" text-anchor=\"middle\">Server</text>\n",
            LEFT, RIGHT);
    fprintf(out,
            "<line class=\"life\" x1=\"%d\" y1=\"28\" x2=\"%d\" y2=\"%d\"/>"
            "<line class=\"life\" x1=\"%d\" y1=\"28\" x2=\"%d\" y2=\"%d\"/>\n",
            LEFT, LEFT, height - 8, RIGHT, RIGHT, height - 8);
    for (size_t i = 0; i < n; i++) {
        int y = TOP + (int)i * ROW + 12;
        if (rows[i].kind == ROW_ARROW) {
            arrow(out, &rows[i], y, conn);
            continue;
        }
        fprintf(out, "<rect class=\"note%s\" x=\"8\" y=\"%d\" width=\"%d\" height=\"20\"/>",
                rows[i].failure ? " fail" : "", y - 14, WIDTH - 16);
        fprintf(out, "<text class=\"notetext\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
                WIDTH / 2, y);
        html_text(out, rows[i].text);
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
}
