"""The report as one self-contained HTML file: inline CSS, charts inline as SVG (vl-convert)."""
from __future__ import annotations

import html

from lib.reports import doc as report_doc

CSS = """
body{font-family:-apple-system,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;max-width:960px;margin:2em auto;
color:#1f2328;padding:0 1em}
h1{font-size:1.7em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #d0d7de;
padding-bottom:.2em}
table{border-collapse:collapse;width:100%;margin:.6em 0 1em;font-size:.92em}
th,td{border:1px solid #d0d7de;padding:.35em .55em;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;white-space:nowrap}
td.good{color:#1a7f37;font-weight:600}td.bad{color:#cf222e;font-weight:600}
figure{margin:1em 0}figcaption{font-size:.9em;color:#59636e}.chart svg{max-width:100%;height:auto}
"""


def chart_svg(chart) -> str | None:
    """An Altair chart as SVG text, rendered offline; None when vl-convert is not installed."""
    try:
        import vl_convert
    except ImportError:
        return None
    return vl_convert.vegalite_to_svg(chart.to_json())


def _numeric(text: str) -> bool:
    stripped = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    return bool(stripped) and (stripped[0].isdigit() or stripped[0] in "+-−€$£" or stripped[-1] in "%€")


def _cell(text: str, tone: str | None) -> str:
    classes = " ".join(c for c in ("n" if _numeric(text) else "", tone or "") if c)
    return f'<td class="{classes}">{html.escape(text)}</td>' if classes else f"<td>{html.escape(text)}</td>"


def render(report) -> str:
    """The HTML document (UTF-8 text)."""
    e = html.escape
    parts = [f'<!DOCTYPE html><html lang="{report.lang}"><head><meta charset="utf-8">',
             f"<title>{e(report.campaign['name'])}</title><style>{CSS}</style></head><body>"]
    for b in report_doc.blocks(report):
        if b.kind == "title":
            parts.append(f"<h1>{e(b.text)}</h1>")
        elif b.kind == "heading":
            parts.append(f"<h2>{e(b.text)}</h2>")
        elif b.kind == "text":
            parts.append("<p>" + "<br>".join(e(line) for line in b.text.splitlines()) + "</p>")
        elif b.kind == "table":
            head = "".join(f"<th>{e(h)}</th>" for h in b.headers)
            tones = b.tones or [[None] * len(row) for row in b.rows]
            body = "".join("<tr>" + "".join(_cell(c, tone) for c, tone in zip(row, tone_row, strict=True)) + "</tr>"
                           for row, tone_row in zip(b.rows, tones, strict=True))
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif b.kind == "chart":
            svg = chart_svg(b.chart)
            if svg:
                parts.append(f'<figure class="chart">{svg}<figcaption>{e(b.text)}</figcaption></figure>')
    parts.append("</body></html>")
    return "\n".join(parts)
