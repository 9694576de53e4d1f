"""AppTest: the Site page's Friction section, with Clarity data and without, in fr and en."""
from __future__ import annotations

import json
import shutil
from datetime import date, timedelta

import pytest

from lib.ingest.load import load_parsed
from lib.sources import clarity_api
from lib.store import Store
from tests.conftest import assert_clean
from tests.fakes.clarity import PROJECT, FakeClarity


def with_friction(demo_db: str, tmp_path) -> str:
    """The demo plus two days of the Clarity fake's answer (6 pages x devices a day)."""
    path = str(tmp_path / "friction.duckdb")
    shutil.copy(demo_db, path)
    store = Store(path)
    with store.transaction() as cur:   # the demo's own 90 days out: only the fake's rows
        cur.execute("DELETE FROM site_friction")
    fake = FakeClarity()
    for back in (2, 3):
        day = date.today() - timedelta(days=back)
        payload = fake.answer_payload(1)
        load_parsed(store, clarity_api.to_rows(payload, day, day), f"clarity {day}")
    store.close()
    fake.httpd.server_close()
    return path


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_friction_ranks_pages_with_heatmap_links(demo_db, app_test, tmp_path, monkeypatch, lang):
    file = tmp_path / "connections.json"
    file.write_text(json.dumps({"clarity": {"project_id": PROJECT}}))
    monkeypatch.setenv("BALISE_CONNECTIONS", str(file))
    at = app_test(with_friction(demo_db, tmp_path), lang, "pages/site.py")
    assert_clean(at)
    frame = next(d.value for d in at.dataframe if "heatmap" in d.value.columns)
    # by hand, per day: / has 220 sessions and (0 + 1) rage + 20 dead clicks: 21 / 220 = 0.095;
    # /panier 320 sessions, (3 + 4) + 22 = 29: 0.091; /rando 420, (6 + 7) + 24 = 37: 0.088
    assert list(frame["page"]) == ["https://boutique.example/", "https://boutique.example/panier",
                                   "https://boutique.example/rando"]
    assert list(frame["site_recorded_sessions"]) == [440, 640, 840]
    assert frame["site_rage_clicks_per_session"].iloc[1] == pytest.approx(14 / 640)
    assert frame["heatmap"].iloc[1] == clarity_api.heatmap_url(
        {"project_id": PROJECT}, "https://boutique.example/panier")
    title = {"fr": "Frictions (Microsoft Clarity)", "en": "Friction (Microsoft Clarity)"}[lang]
    assert title in [h.value for h in at.subheader]


def test_without_clarity_the_section_says_how_to_connect(demo_db, app_test, tmp_path):
    path = str(tmp_path / "no_clarity.duckdb")
    shutil.copy(demo_db, path)
    store = Store(path)
    with store.transaction() as cur:
        cur.execute("DELETE FROM site_friction")
    store.close()
    at = app_test(path, "en", "pages/site.py")
    assert_clean(at)
    assert any("Connect Microsoft Clarity" in c.value for c in at.caption)
