/* The HTML page's inline style sheet and script: no external resource,
 * so the page works offline and from file://. */
#include "trace_render_html_svg.h"

const char html_style[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1000px;padding:1em;"
    "color:#222;background:#fafafa}\n"
    "h1{font-size:1.5em}h2{border-bottom:2px solid #888;margin-top:2em}\n"
    ".summary{background:#fff;border:1px solid #ccc;border-radius:6px;padding:.6em 1em;"
    "width:100%}\n.summary th{text-align:left;width:13em;vertical-align:top}\n"
    ".diagram{display:block;margin:1em auto;background:#fff;border:1px solid #ccc}\n"
    ".diagram .who{font-weight:bold}.diagram .life{stroke:#999;stroke-width:2}\n"
    ".diagram .arrow line{stroke:#246;stroke-width:2}.diagram .arrow text{fill:#246;"
    "font-size:13px}\n"
    ".diagram .enc line{stroke:#a50}.diagram .enc text{fill:#a50}\n"
    ".diagram .note{fill:#eef;stroke:#99c}.diagram .note.fail{fill:#fdd;stroke:#c66}"
    ".diagram .notetext{font-size:12px}\n"
    ".card{background:#fff;border:1px solid #ccc;border-left:6px solid #468;"
    "border-radius:6px;margin:1em 0;padding:.4em 1em}\n"
    ".card.server{border-left-color:#846}.card.keys{border-left-color:#a80}"
    ".card.check{border-left-color:#484}.card.fail{border-left-color:#c22;background:#fff4f4}\n"
    ".card h3{margin:.3em 0;font-size:1.1em}.card h3 small{font-weight:normal;color:#666}\n"
    ".hex{font:13px/1.6 ui-monospace,monospace;word-break:break-all;background:#f4f4f4;"
    "padding:.4em;border-radius:4px}\n"
    ".hex span{padding:1px 0}.hex span.on{outline:2px solid #000}\n"
    ".c0{background:#ffd8d8}.c1{background:#d8ffd8}.c2{background:#d8e4ff}.c3{background:#fff2c0}"
    ".c4{background:#f0d8ff}.c5{background:#c8f4f4}.c6{background:#ffe0c0}.c7{background:#e0e0e0}\n"
    "table.fields{border-collapse:collapse;margin:.4em 0;font-size:13px}\n"
    "table.fields td{padding:1px 6px;vertical-align:top}table.fields tr:hover{background:#eee}\n"
    ".sw{width:1em;border:1px solid #999}\n"
    "dl.decoded dt{font-weight:bold;float:left;clear:left;width:13em;color:#555}"
    "dl.decoded dd{margin-left:14em;word-break:break-all}\n"
    ".secret{font-family:ui-monospace,monospace;color:#a00;word-break:break-all}\n"
    ".hidden{color:#666;font-style:italic}pre.plain{background:#f4f4f4;padding:.4em;"
    "white-space:pre-wrap;word-break:break-all}\n"
    ".ok{color:#070}.bad{color:#c00;font-weight:bold}\n"
    ".record{margin:.2em 0 .2em 2em;padding:0 .6em;border-left:3px dotted #999;"
    "font-size:13px}\n";

/* Hovering a field's row outlines its bytes; the buttons fold and unfold
 * every nested structure. The last line tells a test the script ran. */
const char html_script[] =
    "document.querySelectorAll('table.fields tr[data-f]').forEach(function(tr){\n"
    "  var span=document.getElementById(tr.getAttribute('data-f'));\n"
    "  if(!span)return;\n"
    "  tr.addEventListener('mouseenter',function(){span.classList.add('on');});\n"
    "  tr.addEventListener('mouseleave',function(){span.classList.remove('on');});\n"
    "});\n"
    "function fold(open){document.querySelectorAll('details').forEach(function(d){"
    "d.open=open;});}\n"
    "document.getElementById('unfold').addEventListener('click',function(){fold(true);});\n"
    "document.getElementById('fold').addEventListener('click',function(){fold(false);});\n"
    "console.log('latch-page-ready');\n";
