"""Numbers and dates are decided once per file, from all its cells (issue 15, class 3)."""
from datetime import date

import pandas as pd
import pytest

from lib.sources import cells, meta_ads
from lib.sources.base import Refused
from lib.sources.text import read_sample


@pytest.mark.parametrize("values, delimiter, decimal", [
    (["1,234.5", "12"], ",", "."),
    (["1.234,5", "12"], ";", ","),
    (["12,5", "3"], ";", ","),          # Excel in a comma-decimal locale
    (["12.5", "3"], ";", "."),          # a `;` file can still write dots
    (["1,234", "5"], ",", "."),         # a 3-digit group alone decides nothing: the default
    (["1,234", "5"], ";", ","),
    (["1 234,50 €", "3"], ";", ","),
    (["US$1,234.50"], ",", "."),
])
def test_decimal_mark_is_decided_from_every_cell(values, delimiter, decimal):
    assert cells.number_style(values, delimiter).decimal == decimal


def test_both_marks_is_a_warning_not_a_silent_guess():
    style = cells.number_style(["12.5", "13.25", "7,5"])
    assert style.decimal == "." and "both ways" in style.warning


@pytest.mark.parametrize("text, decimal, value", [
    ("US$50.00", ".", 50.0), ("CA$1,234.56", ".", 1234.56), ("€5", ".", 5.0), ("5 €", ",", 5.0),
    ("1.234,5", ",", 1234.5), ("1 234,5", ",", 1234.5), ("22.22%", ".", 22.22), ("< 10%", ".", 10.0),
    ("--", ".", None), (" --", ".", None), ("", ".", None), ("£3", ".", 3.0), ("₹12.5", ".", 12.5),
])
def test_numbers_in_bulk(text, decimal, value):
    numbers, bad = cells.to_numbers(pd.Series([text], dtype="string"), cells.NumberStyle(decimal))
    assert not bad.iloc[0]
    assert (numbers.iloc[0] if value is not None else None) == (value if value is None
                                                                 else pytest.approx(value))


def test_text_is_bad_not_zero():
    numbers, bad = cells.to_numbers(pd.Series(["12", "abc", "inf"], dtype="string"), cells.NumberStyle())
    assert list(bad) == [False, True, True] and numbers.iloc[0] == 12


@pytest.mark.parametrize("values, day_first", [
    (["30/03/2025", "05/04/2025"], True),
    (["03/30/2025", "04/05/2025"], False),
    (["01/02/2025", "03/04/2025", "12/25/2025"], False),   # only the last row decides
    (["01/02/2025", "03/04/2025", "25/12/2025"], True),
    (["05.04.2025"], True),                                 # dotted dates are European
    (["2025-04-05", "Thu, 5 Feb 2026"], None),              # nothing to decide
    (["01/01/2025", "02/02/2025"], None),                   # reads the same both ways
])
def test_date_order_from_the_whole_file(values, day_first):
    assert cells.date_order(values, "f.csv").day_first is day_first


def test_undecidable_and_mixed_date_orders_are_refused():
    with pytest.raises(Refused, match="read both ways"):
        cells.date_order(["06/04/2025", "12/04/2025"], "w2.csv")
    with pytest.raises(Refused, match="mix day-first and month-first"):
        cells.date_order(["13/01/2025", "01/13/2025"], "x.csv")


def test_currency_from_money_marks():
    assert cells.currency_of(["US$50.00", "US$1.00"]) == "USD"
    assert cells.currency_of(["CA$3"]) == "CAD" and cells.currency_of(["€3", "5 €"]) == "EUR"
    assert cells.currency_of(["$3"]) is None and cells.currency_of(["US$3", "€3"]) is None


META_EU = ("Campaign name;Reporting starts;Reporting ends;Impressions;Amount spent (EUR)\n"
           ";01/03/2025;31/03/2025;2000;30,50\n"
           "A;01/03/2025;31/03/2025;1500;20,25\n"
           "B;01/03/2025;31/03/2025;500;10,25\n")


def test_meta_resaved_by_a_european_excel():
    [parsed] = meta_ads.parse(read_sample(META_EU.encode("cp1252"), "meta.csv"))
    f = parsed.frame
    assert list(f["cost"]) == [20.25, 10.25] and set(f["currency"]) == {"EUR"}
    assert (f["day_from"].dt.date == date(2025, 3, 1)).all() and (f["day_to"].dt.date == date(2025, 3, 31)).all()
    assert all(v["ok"] for v in parsed.notes["total_check"]["metrics"].values())


def test_meta_day_column_with_french_headers():
    text = ("Jour,Nom de la campagne,Impressions,Montant dépensé (EUR),Clics sur un lien\n"
            "2025-03-01,A,100,3.00,\n2025-03-02,A,100,3.00,2\n")
    [parsed] = meta_ads.parse(read_sample(text.encode(), "fr.csv"))
    f = parsed.frame
    assert list(f["day_from"].dt.date) == [date(2025, 3, 1), date(2025, 3, 2)]
    assert list(f["clicks"]) == [0, 2] and list(f["cost"]) == [3.0, 3.0] and set(f["currency"]) == {"EUR"}


MIXED = ["12", "-3.5", "1,234", "1,234.56", "1.234,5", "12,5", "", " 7 ", "--", "n/a", "US$1,234.50",
         "5 €", "22.22%", "< 10%", "1 234,5", "abc", "inf", "nan", "0.0734", "12.500", "+4",
         "1234567890123456789", "1,234,567,890,123.5", None]


@pytest.mark.parametrize("decimal", [".", ","])
def test_arrow_numbers_match_the_rules_cell_by_cell(decimal):
    column = pd.Series(MIXED * 3, dtype="string", index=range(100, 100 + 3 * len(MIXED)))
    style = cells.NumberStyle(decimal)
    numbers, bad = cells.to_numbers(column, style)
    ruled, ruled_bad = cells._to_numbers(column, style)
    pd.testing.assert_series_equal(numbers, ruled, check_names=False)
    pd.testing.assert_series_equal(bad, ruled_bad, check_names=False)


def test_number_style_of_a_frame_counts_every_cell():
    frame = pd.DataFrame({0: ["12.5", "1,234.5", "US$3.25"] * 3, 1: ["7,5", "3", "1.234,5 €"] * 3},
                         dtype="string")
    assert cells.number_style(frame) == cells.number_style(frame.stack().tolist())
    assert "(9 cells like 12.5, 6 like 12,5)" in cells.number_style(frame).warning


def test_date_order_of_a_frame_quotes_the_first_undecided_cell_row_by_row():
    frame = pd.DataFrame({0: ["x", "06/04/2025", "06/04/2025"], 1: ["03/02/2025", "y", "z"]},
                         dtype="string")
    with pytest.raises(Refused, match="'03/02/2025' could be"):
        cells.date_order(frame, "f.csv")
    assert cells.date_order(frame.assign(**{"2": ["13/01/2025"] * 3}), "f.csv").day_first is True
