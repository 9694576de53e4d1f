"""Google Ads UI downloads: both flavours, totals cross-check, All time, Day segment."""
from datetime import date
from pathlib import Path

import pytest

from lib.sources import detect, google_ads
from lib.sources.base import Refused
from lib.sources.text import read_sample

EXPORTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real-exports"


def sample(rel: str):
    if not EXPORTS.exists():
        pytest.skip("../shared not present: real exports unavailable")
    return read_sample(EXPORTS / rel)


@pytest.mark.parametrize("rel, rows, currency, impressions, cost, period", [
    ("google_ads_campaign_report_eur/Campaign report.csv", 3, "EUR", 0, 0.0,
     (date(2026, 3, 27), date(2026, 4, 23))),
    ("google_ads_campaign_report_gbp/Campaign report (1).csv", 2, "GBP", 40585, 1164.09,
     (date(2026, 1, 27), date(2026, 2, 23))),
    ("google_ads_campaign_report_gbp/Campaign report.csv", 1, "GBP", 9380, 365.22,  # UTF-16 TAB
     (date(2026, 1, 27), date(2026, 2, 23))),
    ("google_ads_channel_report_vnd/Channel distribution report.csv", 7, "VND", 481293, 5450671,
     (date(2026, 5, 6), date(2026, 6, 4))),
])
def test_real_reports_match_their_total_row(rel, rows, currency, impressions, cost, period):
    s = sample(rel)
    assert detect(s)[0][0] is google_ads
    [parsed] = google_ads.parse(s)
    f = parsed.frame
    assert len(f) == rows and set(f["currency"]) == {currency} and set(f["platform"]) == {"google_ads"}
    assert f["impressions"].sum() == impressions
    assert f["cost"].sum() == pytest.approx(cost, abs=0.01 * rows, rel=1e-6)  # VND: 1 dong of rounding
    assert all(v["ok"] for v in parsed.notes["total_check"]["metrics"].values())
    assert not parsed.warnings
    assert (f["day_from"].dt.date == period[0]).all() and (f["day_to"].dt.date == period[1]).all()
    assert parsed.grain == ("platform", "campaign")


def test_gbp_values_with_thousands_separators():
    [parsed] = google_ads.parse(sample("google_ads_campaign_report_gbp/Campaign report (1).csv"))
    row = parsed.frame.set_index("campaign").loc["Fruit-Veg-Boxes-Shopping-SMP"]
    assert (row["impressions"], row["clicks"], row["cost"]) == (31193, 603, 798.88)
    assert (row["conversions"], row["conversion_value"]) == (49, 1286.58)


def test_all_time_is_refused():
    with pytest.raises(Refused, match="(?i)re-download it with a date range instead of All time"):
        google_ads.parse(sample("google_ads_campaign_report_usd/Campaign report.csv"))


DAILY = ("Untitled report\nAll time\nDay,Campaign,Impr.,Clicks,Currency code,Cost\n"
         "2026-05-09,Brand,\"1,000\",10,USD,5.50\n2026-05-10,Brand,900,9,USD,4.50\n"
         "2026-05-10,Other,x,1,USD,1\nTotal: Account,,\"1,900\",19,USD,10.00\n")


def test_day_segmented_report_gives_daily_rows_and_rejects_bad_cells():
    [parsed] = google_ads.parse(read_sample(DAILY.encode(), "Untitled report.csv"))
    f = parsed.frame
    assert list(f["day_from"].dt.date) == [date(2026, 5, 9), date(2026, 5, 10)]
    assert (f["day_from"] == f["day_to"]).all()
    assert [(r.line, r.reason) for r in parsed.rejected] == [(6, "not a number: 'x' in Impr.")]
    assert parsed.notes["total_check"]["against"] == "total: account" and not parsed.warnings


def test_total_mismatch_is_a_warning():
    text = DAILY.replace('"1,900"', '"2,000"').replace("2026-05-10,Other,x,1,USD,1\n", "")
    [parsed] = google_ads.parse(read_sample(text.encode(), "r.csv"))
    assert parsed.warnings == [
        "the rows add up to 1,900.00 impressions but the file's 'total: account' row says 2,000.00"]


def test_header_and_totals_only_is_refused():
    text = "Campaign report\n\"March 1, 2026 - March 2, 2026\"\nCampaign,Impr.,Cost\nTotal: Account,0,0\n"
    with pytest.raises(Refused, match="no data rows"):
        google_ads.parse(read_sample(text.encode(), "r.csv"))


def test_a_dutch_report_that_spells_impressions_out():
    """Dutch Google Ads writes `Vertoningen`, not `Impr.`: recognised by its `Valutacode`."""
    text = ("Campagnerapport\n1 januari 2025 - 31 januari 2025\n"
            "Campagne,Valutacode,Vertoningen,Klikken,Kosten,Conversies\n"
            "Merk,EUR,1000,50,25.50,2\nGeneriek,EUR,3000,60,40.00,1\n"
            "Totaal: account,EUR,4000,110,65.50,3\n")
    sample = read_sample(text.encode(), "Campagnerapport.csv")
    assert detect(sample)[0][0] is google_ads
    [parsed] = google_ads.parse(sample)
    assert parsed.frame["impressions"].sum() == 4000 and parsed.frame["cost"].sum() == 65.5
    days = {(a.date(), b.date()) for a, b in zip(parsed.frame["day_from"], parsed.frame["day_to"], strict=True)}
    assert days == {(date(2025, 1, 1), date(2025, 1, 31))}
    assert parsed.notes["total_check"]["against"] == "totaal: account" and not parsed.warnings
    assert all(v["ok"] for v in parsed.notes["total_check"]["metrics"].values())


def test_a_meta_export_is_not_taken_for_a_google_ads_report():
    text = ("Campaign name,Reach,Impressions,Currency,Amount spent (EUR),Reporting starts,Reporting ends\n"
            "A,10,100,EUR,5.00,2025-01-01,2025-01-31\n")
    assert detect(read_sample(text.encode(), "meta.csv"))[0][0].NAME == "meta_ads"
