"""The report as a PDF (fpdf2): DejaVu Sans when a copy is found (matplotlib's bundled one, or the
system's), else the core Helvetica with text transliterated to Latin-1; charts as PNG (vl-convert)."""
from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from lib.reports import doc as report_doc

SYSTEM_FONTS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
                Path("/usr/local/share/fonts"), Path("/Library/Fonts"))
# What Latin-1 lacks but the report writes (Babel's narrow spaces, the euro, typographic marks).
LATIN1 = {"\u202f": " ", "\u00a0": " ", "\u2009": " ", "€": "EUR", "–": "-", "—": "-", "−": "-", "’": "'",
          "‘": "'", "“": '"', "”": '"', "œ": "oe", "Œ": "OE", "…": "...", "•": "-", "≥": ">=", "≤": "<="}


TONES = {"good": FontFace(emphasis="BOLD", color=(26, 127, 55)), "bad": FontFace(emphasis="BOLD", color=(207, 34, 46))}


def dejavu() -> tuple[Path, Path | None] | None:
    """(regular, bold) DejaVu Sans files found on this machine, or None."""
    dirs = []
    spec = importlib.util.find_spec("matplotlib")
    if spec and spec.origin:
        dirs.append(Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf")
    dirs += SYSTEM_FONTS
    for d in dirs:
        regular = d / "DejaVuSans.ttf"
        if regular.is_file():
            bold = d / "DejaVuSans-Bold.ttf"
            return regular, bold if bold.is_file() else None
    return None


def latin1(text: str) -> str:
    for ch, repl in LATIN1.items():
        text = text.replace(ch, repl)
    return text.encode("latin-1", "replace").decode("latin-1")


class _Writer:
    def __init__(self, font: tuple[Path, Path | None] | None):
        self.pdf = FPDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_auto_page_break(True, margin=15)
        self.pdf.set_margins(15, 15, 15)
        if font:
            self.pdf.add_font("DejaVu", "", str(font[0]))
            self.pdf.add_font("DejaVu", "B", str(font[1] or font[0]))
            self.family, self.clean = "DejaVu", (lambda s: s)
        else:
            self.family, self.clean = "helvetica", latin1
        self.pdf.add_page()

    def text(self, text: str, size: float = 10, bold: bool = False, space: float = 1.5) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.multi_cell(0, size * 0.5, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(space)

    def table(self, headers: list, rows: list, tones: list | None = None) -> None:
        self.pdf.set_font(self.family, "", 8)
        tones = [[None] * len(headers)] + (tones or [[None] * len(row) for row in rows])
        with self.pdf.table(headings_style=FontFace(emphasis="BOLD", fill_color=(246, 248, 250)),
                            line_height=4.2, padding=1, text_align="LEFT") as table:
            for row, tone_row in zip([headers] + rows, tones, strict=True):
                cells = table.row()
                for cell, tone in zip(row, tone_row, strict=True):
                    cells.cell(self.clean(str(cell)), style=TONES.get(tone))
        self.pdf.ln(2)

    def chart(self, chart, caption: str) -> None:
        try:
            import vl_convert
        except ImportError:
            return
        png = vl_convert.vegalite_to_png(chart.to_json(), scale=2)
        self.pdf.image(io.BytesIO(png), w=self.pdf.epw)
        self.text(caption, size=8, space=3)


def render(report) -> bytes:
    """The PDF document."""
    w = _Writer(dejavu())
    w.pdf.set_title(w.clean(report.campaign["name"]))
    w.pdf.set_creator("Balise")
    for b in report_doc.blocks(report):
        if b.kind == "title":
            w.text(b.text, size=18, bold=True, space=3)
        elif b.kind == "heading":
            w.pdf.ln(2)
            w.text(b.text, size=13, bold=True, space=2)
        elif b.kind == "text":
            w.text(b.text)
        elif b.kind == "table":
            w.table(b.headers, b.rows, b.tones)
        elif b.kind == "page":
            w.pdf.add_page()
        elif b.kind == "chart":
            w.chart(b.chart, b.text)
    return bytes(w.pdf.output())
