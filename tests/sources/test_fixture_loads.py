"""The documented-layout fixtures of the formats read through convert.py load into the store,
re-load as `unchanged` and undo exactly (issue 15)."""
from pathlib import Path

import pytest

from lib.ingest import load as ingest
from lib.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exports"

# fixture -> (format, rows stored, table, metric, its sum by hand from the file)
CASES = {
    "linkedin_ads_daily.csv": ("linkedin_ads", 3, "ad_performance", "cost", 120.50 + 80.00 + 110.25),
    "microsoft_ads_daily.csv": ("microsoft_ads", 4, "ad_performance", "impressions", 1200 + 800 + 1100 + 900),
    "microsoft_ads_summary.csv": ("microsoft_ads", 2, "ad_performance", "cost", 750.00 + 300.00),
    "klaviyo_campaigns.csv": ("klaviyo", 2, "email_campaigns", "sent", 1000 + 500),
    "brevo_campaigns.csv": ("brevo", 2, "email_campaigns", "sent", 2000 + 800),
    "mailchimp_csv_mixed_rates.csv": ("mailchimp_csv", 3, "email_campaigns", "delivered", 90 + 44 + 50),
    "hubspot_deals.csv": ("hubspot", 3, "leads", "value", 12000 + 3000 + 5000),
    "orders_shopify.csv": ("orders", 4, "orders", "revenue", 65.0 + 0 + 0 + 100.0),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_loads_reloads_unchanged_and_undoes(name):
    fmt, rows, table, metric, total = CASES[name]
    store = Store(":memory:")
    data = (FIXTURES / name).read_bytes()
    # amounts without a currency are refused unless the user names one (issue 16)
    summary = ingest.load_file(store, data, name, accept_rejected=True, currency="EUR")
    assert (summary["status"], summary["format"], summary["inserted"]) == ("loaded", fmt, rows)
    assert store.scalar(f"SELECT sum({metric}) FROM {table}") == pytest.approx(total)
    again = ingest.load_file(store, data, name, accept_rejected=True, currency="EUR")
    assert again["status"] == "unchanged"
    ingest.undo(store, summary["load_id"])
    assert store.scalar(f"SELECT count(*) FROM {table}") == 0
