"""Wide tables at 1440 px in a real Chromium (issue 18): the metrics a table is ranked by are
drawn on screen, next to its label, however many columns run past the table's right edge."""
from __future__ import annotations

import pytest

from tests.browser import assert_no_error, open_page, screenshot, streamlit_server

pytestmark = pytest.mark.browser
WIDTH = 1440


def _grids(page, at_least: int = 2) -> list[tuple[int, list[str]]]:
    """Each table's column count and the headers it draws: the grid's accessible table holds the
    columns in view only. A grid draws its table once scrolled into view, and a busy machine draws
    late: each frame is brought into view and its table waited for."""
    frames = page.locator("[data-testid='stDataFrame']")
    frames.nth(at_least - 1).wait_for(timeout=60_000)
    for i in range(frames.count()):
        frames.nth(i).scroll_into_view_if_needed()
        frames.nth(i).locator("table[role='grid'] th[role='columnheader']").first.wait_for(state="attached", timeout=60_000)
    out = []
    for grid in page.locator("[data-testid='stDataFrame'] table[role='grid']").all():
        heads = [h.strip() for h in grid.locator("th[role='columnheader']").all_inner_texts()]
        out.append((int(grid.get_attribute("aria-colcount") or 0), heads))
    return out


def test_paid_tables_keep_spend_cpa_and_roas_in_view(browser, demo_db):
    with streamlit_server(demo_db) as url:
        page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
        open_page(page, f"{url}/paid?lang=fr")
        assert_no_error(page, "paid")
        grids = _grids(page)
        screenshot(page, "ranked_paid_fr")
        page.close()
    wide = [(n, heads) for n, heads in grids if heads and heads[0] == "Plateforme" and n > len(heads)]
    assert len(wide) >= 2, grids   # the cross-platform table and the campaign breakdown run past 1440 px
    for _, heads in wide:
        assert {"Dépense (EUR)", "CPA (EUR)", "ROAS"} <= set(heads), heads
