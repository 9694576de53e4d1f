"""Meta Ads Manager exports: account total row, breakdowns, currency, empty export."""
from datetime import date
from pathlib import Path

import pytest

from lib.sources import detect, meta_ads
from lib.sources.base import Refused
from lib.sources.text import read_sample

EXPORTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real-exports"
INR = "meta_ads_manager_inr/Untitled-report-Feb-1-2025-to-Aug-4-2025_"


def sample(rel: str):
    if not EXPORTS.exists():
        pytest.skip("../shared not present: real exports unavailable")
    return read_sample(EXPORTS / rel)


@pytest.mark.parametrize("rel, rows, grain", [
    (INR + "Reach.csv", 15, ("platform", "campaign")),
    (INR + "Age.csv", 91, ("platform", "campaign", "age")),
])
def test_real_exports_add_up_to_the_account_total(rel, rows, grain):
    s = sample(rel)
    assert detect(s)[0][0] is meta_ads
    [parsed] = meta_ads.parse(s)
    f = parsed.frame
    assert len(f) == rows and parsed.grain == grain
    # account total row (empty campaign name): 878306 impressions, 33245.34 INR, 3437 purchases
    assert f["impressions"].sum() == 878306
    assert f["cost"].sum() == pytest.approx(33245.34, abs=0.01)
    assert f["clicks"].sum() == 39581 and f["all_clicks"].sum() == 40048
    assert f["conversions"].sum() == 3437
    assert set(f["currency"]) == {"INR"} and set(f["platform"]) == {"meta"}
    assert (f["day_from"].dt.date == date(2025, 2, 1)).all() and (f["day_to"].dt.date == date(2025, 8, 4)).all()
    assert not parsed.warnings and all(
        v["ok"] for v in parsed.notes["total_check"]["metrics"].values())


def test_blank_actions_are_zero_and_age_kept():
    [parsed] = meta_ads.parse(sample(INR + "Age.csv"))
    f = parsed.frame
    assert "Unknown" in set(f["age"])
    first = f.iloc[0]
    assert (first["campaign"], first["age"], first["conversions"]) == ("Add to Cart_28/06", "18-24", 0)
    assert first["cost"] == pytest.approx(2236.71510474)


def test_no_data_available_is_refused():
    with pytest.raises(Refused, match='"No data available."'):
        meta_ads.parse(sample("meta_ads_manager_inr/Daniel-Conlan-Campaigns-1-Sep-202430-Sep-2024.csv"))


def test_daily_export_with_mismatching_total():
    text = ('\ufeff"Campaign name",Day,Impressions,"Amount spent (EUR)","Link clicks"\n'
            ',,300,9.00,5\nA,2025-03-01,100,3.00,\nA,2025-03-02,100,3.00,2\n')
    [parsed] = meta_ads.parse(read_sample(text.encode(), "m.csv"))
    f = parsed.frame
    assert list(f["day_from"].dt.date) == [date(2025, 3, 1), date(2025, 3, 2)]
    assert list(f["clicks"]) == [0, 2] and set(f["currency"]) == {"EUR"}
    assert len(parsed.warnings) == 3   # impressions, cost and clicks differ from the total row


@pytest.mark.parametrize("said", ["No data available.", "Aucune donnée disponible.", "No hay datos disponibles.",
                                  "Keine Daten verfügbar."])
def test_an_export_without_delivery_is_refused_in_its_own_words(said):
    """Meta writes one sentence in place of rows, in the interface's language: quoted, whatever it is."""
    text = ('"Reporting starts","Reporting ends","Campaign name",Reach,Impressions,"Amount spent (EUR)"\n'
            f'"{said}"\n')
    with pytest.raises(Refused, match=f'the export says "{said}": Meta had no delivery'):
        meta_ads.parse(read_sample(text.encode("utf-8-sig"), "Campaigns.csv"))
