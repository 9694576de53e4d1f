"""CSV and XLSX downloads that spreadsheets cannot execute (formula injection neutralised)."""
from __future__ import annotations

import io
import re

import pandas as pd

# A text cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets.
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
# ...except a signed number alone ("+31,6 %", "-1 234,50 €"): a spreadsheet reads it as a number,
# and the quote would show on every page's change column. "-2+3" has an operator: still quoted.
SIGNED_NUMBER = re.compile(r"[+-][ \u00a0\u202f]?\d[\d.,' \u00a0\u202f]*(?:[ \u00a0\u202f]?[%€$£¥])?")


QUOTE = "'"            # what Balise's own CSV and XLSX files prefix (OWASP's advice)
# What the page's grid prefixes: its toolbar's "Download as CSV" escapes nothing, so its cells
# must not start a formula either, yet a reader must not see `'@maisonlumiere.paris` on screen.
# A zero-width space is invisible and, being a character, makes the cell text to a spreadsheet.
INVISIBLE = "\u200b"


def neutralise(value, mark: str = QUOTE):
    """Prefix a dangerous text cell with MARK; numbers and other values are left as they are."""
    if (isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES)
            and not SIGNED_NUMBER.fullmatch(value)):
        return mark + value
    return value


def safe_frame(frame: pd.DataFrame, mark: str = QUOTE) -> pd.DataFrame:
    """A copy whose text columns are neutralised; numeric columns stay numeric."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: neutralise(v, mark))
    out.columns = [neutralise(str(c), mark) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel opens accents right."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "Balise") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()
