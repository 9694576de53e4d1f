"""Formula injection through Streamlit's grid (issue 17): the frame every table hands the grid is
the safe one, so the toolbar's "Download as CSV" cannot give a spreadsheet a formula."""
from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from lib.store import Store, rollups

CELLS = ["=HYPERLINK(\"https://attacker/x\",\"click\")", "+1+1", "@SUM(1)", "-2+3", "plain", "a=b", "+31,6 %", "-1 234,50 €"]  # as in _table_app


def _table_app():
    import pandas as pd

    from lib import ui
    cells = ["=HYPERLINK(\"https://attacker/x\",\"click\")", "+1+1", "@SUM(1)", "-2+3", "plain", "a=b", "+31,6 %", "-1 234,50 €"]
    ui.dataframe(pd.DataFrame({"campaign": cells, "clicks": [1, 2, 3, 4, 5, 6, 7, 8], "delta": [-1.5] * 8}))


def test_the_grid_gets_neutralised_text_and_untouched_numbers():
    at = AppTest.from_function(_table_app).run()
    assert not at.exception
    shown = at.dataframe[0].value
    # a signed number alone is a number to a spreadsheet: shown as it is, no quote
    # marked by an invisible character: a formula to no spreadsheet, no stray quote on screen
    assert list(shown["campaign"]) == ["\u200b" + c for c in CELLS[:4]] + ["plain", "a=b", "+31,6 %", "-1 234,50 €"]
    assert list(shown["clicks"]) == [1, 2, 3, 4, 5, 6, 7, 8] and list(shown["delta"]) == [-1.5] * 8


@pytest.mark.parametrize("cell, quoted", [
    ("+31,6 %", False), ("-12.4%", False), ("-1\u202f234,50\u00a0€", False), ("+3", False),
    ("-2+3", True), ("+1E3", True), ("-1)", True), ("+ =A1", True), ("-", True), ("+31,6 % =1", True),
    ("=1", True), ("@A1", True), ("\t1", True)])
def test_only_a_signed_number_alone_escapes_the_quote(cell, quoted):
    from lib import exports

    assert exports.neutralise(cell) == ("'" + cell if quoted else cell)


def test_a_page_table_holding_a_formula_reaches_the_grid_neutralised(demo_db, tmp_path, app_test):
    path = str(tmp_path / "demo.duckdb")
    shutil.copy(demo_db, path)
    store = Store(path)
    with store.transaction() as cur:   # a GA4 campaign anyone can set through a tagged link
        cur.execute("UPDATE site_traffic SET campaign = '=HYPERLINK(\"https://attacker/p\")' "
                    "WHERE campaign = (SELECT max(campaign) FROM site_traffic)")
        rollups.rebuild(cur, "site_traffic")   # written around the loader: its roll-up too
    store.close()
    at = app_test(path, "en", "pages/site.py")
    views = at.segmented_control(key="site_breakdown")
    views.set_value(views.options.index("Campaign")).run()   # the breakdown by campaign
    assert not at.exception
    cells = [str(v) for frame in at.dataframe for col in frame.value.columns
             for v in frame.value[col].tolist() if isinstance(v, str)]
    assert cells, "no table with text on the site page"
    assert not [c for c in cells if c.startswith(("=", "+", "@"))], "a formula reached the grid"
    assert "\u200b=HYPERLINK(\"https://attacker/p\")" in cells, "the campaign is shown, as text"
