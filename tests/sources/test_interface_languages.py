"""Every real export Balise reads through the header vocabulary, its header row written as the
tool writes it in each interface language (the vocabulary's word in the same place of its entry),
reads exactly as the file itself: same format, rows and totals (issue 15: adding a language is
adding words). The GA4 downloads have their own test (test_ga4_csv.py)."""
from __future__ import annotations

import csv
import io

import pytest

from lib.ingest import load
from lib.sources import vocabulary
from lib.sources.text import decode, read_sample, read_table
from tests.conftest import REAL
from tests.sources.test_real_exports import EXPECTED

TABLES = {"google_ads": "ad_performance", "meta_ads": "ad_performance", "google_ads_cards": "ad_performance",
          "search_console": "search_console", "mailchimp_csv": "email_campaigns",
          "meta_business_suite": "social_performance"}
FILES = sorted(rel for rel, exp in EXPECTED.items() if exp[0] == "loaded" and exp[1] in TABLES)
LANGS = ("fr", "es", "de", "it", "pt", "nl")


def _word(table: str, cell: str, lang: str) -> str:
    column = vocabulary.columns(table, [cell]).columns.get(0)
    if column is None:
        return cell   # a column Balise does not read stays as the tool wrote it
    entry = vocabulary.entry(table, column)
    english = [vocabulary.key(w) for w in entry["en"]]
    words = entry[lang]
    word = words[min(english.index(vocabulary.key(cell)) if vocabulary.key(cell) in english else 0, len(words) - 1)]
    currency = vocabulary.currency_suffix(cell)
    return f"{word} ({currency})" if currency else word


def _translated(data: bytes, name: str, table: str, lang: str) -> bytes:
    text, encoding = decode(data)
    layout = read_table(read_sample(data, name=name))
    lines = text.splitlines(keepends=True)
    header = lines[layout.header_row - 1]
    cells = next(csv.reader([header.rstrip("\r\n")], delimiter=layout.delimiter))
    out = io.StringIO()
    csv.writer(out, delimiter=layout.delimiter, lineterminator="").writerow([_word(table, c, lang) for c in cells])
    lines[layout.header_row - 1] = out.getvalue() + header[len(header.rstrip("\r\n")):]
    return "".join(lines).encode(encoding)


def _read(data: bytes, name: str):
    reading = load.read_file(data, name)
    numbers = [sorted((c, round(float(p.frame[c].sum()), 6)) for c in p.frame.columns
                      if p.frame[c].dtype.kind in "fi") for p in reading.parsed]
    return reading.format, [(p.table, len(p.frame)) for p in reading.parsed], numbers


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("rel", FILES)
def test_a_real_export_in_each_interface_language_reads_as_itself(rel, lang):
    path = REAL / rel
    if not path.exists():
        pytest.skip("../shared not present: real exports unavailable")
    data = path.read_bytes()
    translated = _translated(data, path.name, TABLES[EXPECTED[rel][1]], lang)
    if translated == data:
        pytest.skip(f"{rel} is written in {lang} already")
    assert _read(translated, path.name) == _read(data, path.name)
