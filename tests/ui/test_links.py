"""Links and stored definitions that used to crash a page give a clear message instead (issue 17)."""
from __future__ import annotations

import shutil

import pytest

from lib.dashboards import model as dashboards
from lib.store import Store


@pytest.fixture
def workspace(demo_db, tmp_path) -> str:
    """A copy of the demo holding one dashboard."""
    path = str(tmp_path / "demo.duckdb")
    shutil.copy(demo_db, path)
    store = Store(path)
    dashboards.save(store, dashboards.Dashboard(name="Board", tiles=[dashboards.Tile(["site_sessions"], "line")]))
    store.close()
    return path


def _open(app_test, db: str, page: str, params: dict):
    at = app_test(db, "en", run=False)
    at.query_params.update(params)
    at.run()
    at.switch_page(page)
    at.run()
    return at


@pytest.mark.parametrize("page, params", [
    ("pages/dashboards.py", {"dashboard": "²"}),
    ("pages/dashboards.py", {"dashboard": "99999999999999999999999"}),
    ("pages/overview.py", {"period": "custom", "start": "0001-01-01", "end": "9999-12-31"}),
    ("pages/overview.py", {"period": "custom", "start": "2025-13-45", "end": "x"}),
    ("pages/site.py", {"period": "custom", "start": "9999-12-31", "end": "9999-12-31", "compare": "year"}),
])
def test_odd_links_give_a_page(workspace, app_test, page, params):
    at = _open(app_test, workspace, page, params)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "the page did not render"


@pytest.mark.parametrize("definition", ['{"tiles": 5}', '"text"', '[1, 2]'])
def test_unreadable_home_dashboard_says_so(workspace, app_test, definition):
    """A workspace file whose dashboard definition is not one, set as home: a message, not a crash."""
    store = Store(workspace)
    ident = store.scalar("SELECT min(id) FROM dashboards")
    dashboards.set_home(store, ident)
    with store.transaction() as cur:
        cur.execute("UPDATE dashboards SET definition = ? WHERE id = ?", [definition, ident])
    store.close()
    at = app_test(workspace, "en")
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "A saved dashboard cannot be read" in at.error[0].value
    at.button(key="dash_home_reset").click().run()        # an editor puts the overview back
    assert not at.exception
    store = Store(workspace)
    assert dashboards.home(store) is None
    store.close()
    at = app_test(workspace, "en")
    assert not at.exception and not at.error and at.title
