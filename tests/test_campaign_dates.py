"""A campaign with no end reads right: "Depuis le 7 août 2026" / "Since 7 Aug 2026", never
"Du 7 août 2026 au en cours"; a closed one keeps its two dates."""
from __future__ import annotations

from datetime import date

import pytest

from lib import i18n
from lib.ui.campaigns import dates_text
from tests.conftest import assert_clean, read_store

START, END = date(2026, 8, 7), date(2026, 9, 30)


@pytest.mark.parametrize("lang, open_text, closed_text", [
    ("fr", "Depuis le 7 août 2026", "Du 7 août 2026 au 30 sept. 2026"),
    ("en", "Since 7 Aug 2026", "7 Aug 2026 to 30 Sept 2026"),
])
def test_dates_text(lang, open_text, closed_text):
    assert dates_text(START, None, lang) == open_text
    assert dates_text(START, END, lang) == closed_text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_demos_open_campaign_on_the_campaigns_page(demo_db, app_test, lang):
    from lib.channels import campaigns

    spring = read_store(demo_db, lambda s: campaigns.by_name(s, "Printemps - prospection Meta"))
    assert spring["end_day"] is None
    at = app_test(demo_db, lang, "pages/campaigns.py")
    assert_clean(at)
    captions = [c.value for c in at.caption]
    since = dates_text(spring["start_day"], None, lang)
    assert any(c.startswith(since + " · ") for c in captions)
    for c in captions:
        assert "au en cours" not in c and "to ongoing" not in c
    assert i18n.fmt_date(spring["start_day"], lang) in since
