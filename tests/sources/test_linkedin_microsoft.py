"""LinkedIn (real empty export + documented-layout fixture) and Microsoft Ads fixtures."""
from datetime import date
from pathlib import Path

import pytest

from lib.sources import detect, linkedin_ads, microsoft_ads
from lib.sources.base import Refused
from lib.sources.text import read_sample

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
EXPORTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real-exports"


def test_real_linkedin_empty_export_is_refused():
    if not EXPORTS.exists():
        pytest.skip("../shared not present: real exports unavailable")
    s = read_sample(EXPORTS / "linkedin_campaign_manager" / "creative_performance_report.csv")
    assert s.encoding == "utf-16-le" and detect(s)[0][0] is linkedin_ads
    with pytest.raises(Refused, match="the export has no rows"):
        linkedin_ads.parse(s)


def test_linkedin_daily_fixture():
    s = read_sample(FIXTURES / "linkedin_ads_daily.csv")
    assert detect(s)[0][0] is linkedin_ads
    [parsed] = linkedin_ads.parse(s)
    f = parsed.frame
    assert parsed.grain == ("platform", "account", "campaign")
    assert len(f) == 3 and f["cost"].sum() == pytest.approx(310.75)
    assert list(f["day_from"]) == [date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 2)]
    assert set(f["currency"]) == {"EUR"} and set(f["platform"]) == {"linkedin"}


@pytest.mark.parametrize("name, rows, daily, impressions, cost, value, currency", [
    ("microsoft_ads_daily.csv", 4, True, 4000, 100.0, 290.0, "USD"),
    ("microsoft_ads_summary.csv", 2, False, 42000, 1050.0, 3400.0, "EUR"),
])
def test_microsoft_fixtures(name, rows, daily, impressions, cost, value, currency):
    s = read_sample(FIXTURES / name)
    assert detect(s)[0][0] is microsoft_ads
    [parsed] = microsoft_ads.parse(s)
    f = parsed.frame
    assert len(f) == rows and not parsed.rejected   # the copyright footer is not a rejected row
    assert (f["day_from"] == f["day_to"]).all() == daily
    assert f["impressions"].sum() == impressions and f["cost"].sum() == pytest.approx(cost)
    assert f["conversion_value"].sum() == pytest.approx(value) and set(f["currency"]) == {currency}
    if not daily:
        assert (f["day_from"] == date(2026, 3, 1)).all() and (f["day_to"] == date(2026, 3, 31)).all()
