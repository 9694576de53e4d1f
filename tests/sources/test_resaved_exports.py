"""Every real export that loads loads the same once re-saved the way users re-save files
(issue 15, classes 3 and 6): by a German or French Excel (`;`, decimal commas, Windows-1252,
`31/03/2025`), with a spreadsheet's padding, by Excel for Mac (CR, Mac Roman), through a French
Google Sheet (`"1 234,56"` between commas), as UTF-16 TAB text and as an .xlsx workbook.

The variants are written here from the real files' own cells, so each of the collection's
exports, whatever its tool and language, is also checked in the regional settings it was not
exported with: same rows, same totals of every metric, same days. A file whose days all read
both ways is refused rather than guessed, unless its name gives its period (Ads Manager's).
"""
from __future__ import annotations

import csv
import functools
import io
import re
from datetime import date, datetime

import pytest

from lib.ingest import load as ingest
from lib.sources.base import Refused
from lib.store import Store
from lib.store.schema import METRICS
from tests.conftest import shared_path
from tests.sources.test_real_exports import CURRENCY, EXPECTED

LOADED = sorted(n for n, e in EXPECTED.items() if e[0] == "loaded" and n.endswith(".csv"))

# an amount as English-language exports write it: optional currency sign, thousands commas,
# a point before the decimals, an optional percent sign
_NUMBER = re.compile(r"^(?P<sign>-?)(?P<cur>US\$|CA\$|\$|£|€)?(?P<int>\d{1,3}(?:,\d{3})+|\d+)"
                     r"(?P<dec>\.\d+)?(?P<pct>%?)$")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:   # an export already re-saved by a Windows Excel
        return data.decode("cp1252")


def _rows(text: str) -> list[list[str]]:
    head = text[:4000]
    delimiter = max(("\t", ";", ","), key=head.count)   # the files' own: an earlier re-save wrote ;
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _european(cell: str) -> str:
    """The cell as a French or German Excel writes it: `1234,56`, `12,5%`, `-3,2`."""
    m = _NUMBER.match(cell.strip())
    if not m:
        return cell
    digits = m["int"].replace(",", "") + (m["dec"] or "").replace(".", ",")
    return f"{m['sign']}{m['cur'] or ''}{digits}{m['pct']}"


def _excel_csv(data: bytes, cell) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(
        [[cell(c) for c in row] for row in _rows(_decode(data))])
    text = out.getvalue()
    try:
        return text.encode("cp1252")
    except UnicodeEncodeError:   # kept whole: saved as UTF-8 with its BOM ("CSV UTF-8")
        return text.encode("utf-8-sig")


def excel_eu(data: bytes) -> bytes:
    """A German or Italian Excel's re-save: `;`, decimal commas, ISO days kept."""
    return _excel_csv(data, _european)


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def excel_fr(data: bytes) -> bytes:
    """A French Excel's re-save: excel_eu, and days written `31/03/2025`."""
    return _excel_csv(data, lambda c: _ISO_DAY.sub(r"\3/\2/\1", _european(c)))


def _french_sheet_cell(cell: str) -> str:
    """A cell as a Google Sheet in French writes it: `1\u202f234,56`, `12,5%`, `31/03/2025`."""
    m = _NUMBER.match(cell.strip())
    if not m:
        return _ISO_DAY.sub(r"\3/\2/\1", cell)
    grouped = f"{int(m['int'].replace(',', '')):,}".replace(",", "\u202f")
    return f"{m['sign']}{m['cur'] or ''}{grouped}{(m['dec'] or '').replace('.', ',')}{m['pct']}"


def sheets_fr(data: bytes) -> bytes:
    """The export imported into a French Google Sheet and downloaded as CSV: commas still
    separate the fields, so every `12,5` comes quoted; UTF-8 without a BOM."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(
        [[_french_sheet_cell(c) for c in row] for row in _rows(_decode(data))])
    return out.getvalue().encode("utf-8")


def _day_order_unknown(data: bytes) -> bool:
    """No day of the file is after the 12th (and one is not its month's number): `05/04/2025`
    reads both ways, and nothing else in the file decides it."""
    days = [m for row in _rows(_decode(data)) for c in row if (m := _ISO_DAY.match(c.strip()))]
    return all(int(m[3]) <= 12 for m in days) and any(m[2] != m[3] for m in days)


def utf16_tab(data: bytes) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(_rows(_decode(data)))
    return b"\xff\xfe" + out.getvalue().encode("utf-16-le")


def excel_padded(data: bytes) -> bytes:
    """excel_eu from a sheet where a stray cell widened the used range: every line then ends with
    empty fields up to that width (`…;12,5;;`), the title lines too."""
    rows = _rows(_decode(data))
    width = max(len(r) for r in rows) + 2
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(
        [[_european(c) for c in r] + [""] * (width - len(r)) for r in rows])
    return out.getvalue().encode("utf-8-sig")


def mac_cr(data: bytes) -> bytes:
    """Excel for Mac's "CSV (Macintosh)": lines end with a lone CR, in Mac Roman."""
    def field(cell: str) -> str:   # quoted as Excel does: when it holds a comma, quote or break
        return f'"{cell.replace(chr(34), 2 * chr(34))}"' if any(c in cell for c in ',"\r\n') else cell
    lines = [",".join(field(c) for c in row) for row in _rows(_decode(data))]
    text = "".join(line + "\r" for line in lines)
    try:
        return text.encode("mac_roman")
    except UnicodeEncodeError:   # kept whole: saved as UTF-8 with its BOM ("CSV UTF-8")
        return text.encode("utf-8-sig")


def _typed(cell: str):
    """The cell as Excel keeps it once opened: a number or a date where it reads as one."""
    m = _NUMBER.match(cell.strip())
    if m and not m["cur"] and not m["pct"]:
        value = float(m.group().replace(",", ""))
        return int(value) if value.is_integer() and not m["dec"] else value
    for shape, kind in (("%Y-%m-%d", date), ("%Y-%m-%dT%H:%M:%S", datetime)):
        try:
            moment = datetime.strptime(cell.strip(), shape)
            return moment.date() if kind is date else moment
        except ValueError:
            pass
    return cell


def excel_xlsx(data: bytes) -> bytes:
    """The export opened in Excel and saved as a workbook (.xlsx)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Sheet1")
    for row in _rows(_decode(data)):
        sheet.append([_typed(c) for c in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _loaded(data: bytes, name: str, file_name: str) -> tuple[dict, dict]:
    store = Store(":memory:")
    summary = ingest.load_file(store, data, file_name, currency=CURRENCY.get(name))
    figures = {}
    for table in sorted({t["table"] for t in summary["tables"]}):
        sums = ", ".join(f"round(sum({m}), 4)" for m in METRICS[table])
        figures[table] = store.rows(f"SELECT count(*), min(day_from), max(day_to), {sums} FROM {table}")
    return summary, figures


@functools.cache
def _original(name: str) -> tuple[dict, dict]:
    """The export as downloaded, loaded once per test process for its seven re-saves."""
    path = shared_path("data", "real-exports", name)
    return _loaded(path.read_bytes(), name, path.name)


@pytest.mark.parametrize("variant", [excel_eu, excel_fr, excel_padded, mac_cr, sheets_fr, utf16_tab, excel_xlsx],
                         ids=["excel_eu", "excel_fr", "padded", "mac_cr", "sheets_fr", "utf16_tab", "xlsx"])
@pytest.mark.parametrize("name", LOADED)
def test_a_resaved_export_loads_the_same(name, variant):
    path = shared_path("data", "real-exports", name)
    data = path.read_bytes()
    original, figures = _original(name)
    saved_as = path.with_suffix(".xlsx").name if variant is excel_xlsx else path.name
    undecided = variant in (excel_fr, sheets_fr) and _day_order_unknown(data)
    if undecided and not re.search(r"-to-", name):   # refused rather than guessed
        with pytest.raises(Refused, match="read both ways"):
            _loaded(variant(data), name, saved_as)
        return
    resaved, figures_again = _loaded(variant(data), name, saved_as)
    if undecided:   # Ads Manager's file name (`…-Feb-1-2025-to-Aug-4-2025`) decided, and says so
        assert any("as the period in the file's name says" in w for w in resaved["warnings"])
    assert (resaved["status"], resaved["format"], resaved["inserted"]) == \
        (original["status"], original["format"], original["inserted"])
    assert figures_again == figures


def test_the_european_cells_are_what_excel_writes():
    assert [_european(c) for c in ("1,234.56", "12.5%", "-3.2", "US$1,000.00", "2025-01-01", "Brand 2.0", "7")] \
        == ["1234,56", "12,5%", "-3,2", "US$1000,00", "2025-01-01", "Brand 2.0", "7"]


def _rounded_ids(data: bytes) -> bytes:
    """The export opened in Excel and saved again: its long IDs written `1.83552E+16`."""
    def cell(c: str) -> str:
        return f"{float(c):.5E}" if re.fullmatch(r"\d{12,}", c.strip()) else c
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([[cell(c) for c in r] for r in _rows(_decode(data))])
    return out.getvalue().encode("utf-8-sig")


@pytest.mark.parametrize("name", [   # the real exports whose IDs are long enough for Excel to round
    "meta_business_suite_insights/Jan-14-2025_Apr-14-2025_1396269028466733.csv",
    "meta_business_suite_insights/Mar-18-2025_Apr-14-2025_1019826952924933.csv",
])
def test_ids_a_spreadsheet_rounded_are_refused_not_stored(name):
    path = shared_path("data", "real-exports", name)
    store = Store(":memory:")
    with pytest.raises(ingest.IngestError, match="post_id values were rounded by a spreadsheet"):
        ingest.load_file(store, _rounded_ids(path.read_bytes()), path.name)
    assert store.scalar("SELECT count(*) FROM loads") == 0
