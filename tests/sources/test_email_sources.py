"""Email campaign sources: Mailchimp CSV/JSON (real files), Brevo and Klaviyo (documented layouts)."""
from datetime import date
from pathlib import Path

import pytest

from lib.sources import brevo, klaviyo, mailchimp_csv, mailchimp_json
from lib.sources.base import Refused
from lib.sources.text import read_sample

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / ".." / "shared" / "data" / "real-exports"
FIXTURES = ROOT / "tests" / "fixtures" / "exports"


def _real(rel: str):
    path = REAL / rel
    if not path.exists():
        pytest.skip("../shared not present: real exports unavailable")
    return read_sample(path)


# (module, real file, campaigns, sent, delivered, unique opens)
REAL_CASES = [
    (mailchimp_csv, "mailchimp_campaigns_export/mailchimp_campaigns_latest.csv", 62, 16961, 16193,
     2933),
    (mailchimp_csv, "mailchimp_campaigns_export/mailchimp_campaigns_first_commit.csv", 15, 1992,
     1713, 413),
    (mailchimp_json, "mailchimp_api_json/campaigns_response_uie_2016.json", 3, 15117,
     14582 + 229 + 277, 3580),
]


@pytest.mark.parametrize("module,rel,n,sent,delivered,opens", REAL_CASES)
def test_real_mailchimp(module, rel, n, sent, delivered, opens):
    sample = _real(rel)
    assert module.detect(sample) > 0.8
    (p,) = module.parse(sample)
    f = p.frame
    assert p.table == "email_campaigns" and p.grain == ("platform", "campaign_id")
    assert len(f) == n and f["campaign_id"].is_unique
    assert (f["sent"].sum(), f["delivered"].sum(), f["unique_opens"].sum()) == (sent, delivered, opens)
    assert (f["day_from"] == f["day_to"]).all() and set(f["platform"]) == {"mailchimp"}
    assert not p.warnings and not p.rejected


def test_mailchimp_latest_rates_are_percent_and_dates_mdy():
    (p,) = mailchimp_csv.parse(_real("mailchimp_campaigns_export/mailchimp_campaigns_latest.csv"))
    assert p.notes["rates"] == {"open rate": "percent", "click rate": "percent"}
    first = p.frame.iloc[0]  # "Greenbiz Group 1, Email 1",...,2/24/17 11:29,...,131,129,2,0,2,...
    assert first["campaign"] == "Greenbiz Group 1, Email 1"
    assert first["day_from"] == date(2017, 2, 24) and first["send_time"].hour == 11
    assert (first["sent"], first["delivered"], first["soft_bounces"]) == (131, 129, 2)
    for col in ("open_rate", "Open_Rate", "click_rate"):
        assert col not in p.frame


def test_mailchimp_first_commit_keeps_unique_id():
    (p,) = mailchimp_csv.parse(
        _real("mailchimp_campaigns_export/mailchimp_campaigns_first_commit.csv"))
    assert p.frame.iloc[0]["campaign_id"] == "d78b351995"


def test_mailchimp_json_rates_are_fractions_and_delivered_recomputed():
    (p,) = mailchimp_json.parse(_real("mailchimp_api_json/campaigns_response_uie_2016.json"))
    row = p.frame.set_index("campaign_id").loc["aycl3"]
    # open_rate 0.31004366812227 = 71 / 229: report_summary has no bounces, delivered = 229
    assert row["delivered"] == 229 and row["unique_clicks"] == 6
    assert p.notes["rates"] == "fraction"


def test_mailchimp_mixed_rates_fixture():
    (p,) = mailchimp_csv.parse(read_sample(FIXTURES / "mailchimp_csv_mixed_rates.csv"))
    f = p.frame.set_index("campaign")
    assert f.loc["Spring, part 1", "delivered"] == 90
    assert f.loc["Spring 2", "unique_clicks"] == 2  # n/a count recomputed from 4.55% of 44
    assert p.notes["rates"]["open rate"] == "percent"
    assert len(p.warnings) == 1 and "line 4" in p.warnings[0]  # 50% open rate vs 20/50


def test_mailchimp_reports_endpoint():
    (p,) = mailchimp_json.parse(read_sample(FIXTURES / "mailchimp_json_reports.json"))
    r = p.frame.iloc[0]
    assert (r["sent"], r["delivered"], r["hard_bounces"], r["soft_bounces"]) == (1000, 985, 10, 5)
    assert (r["unique_opens"], r["unique_clicks"], r["unsubscribes"], r["complaints"]) == (394, 50, 4, 1)
    assert (r["conversions"], r["revenue"], r["currency"]) == (3, 150.5, "EUR")
    assert not p.warnings


@pytest.mark.parametrize("module,name,n,sent,delivered,opens,clicks", [
    (klaviyo, "klaviyo_campaigns.csv", 2, 1500, 1475, 530, 62),
    (brevo, "brevo_campaigns.csv", 2, 2800, 2750, 588 + 198, 138),
    (brevo, "brevo_campaigns.json", 2, 2000, 1973, 660, 74),
])
def test_fixture_platforms(module, name, n, sent, delivered, opens, clicks):
    sample = read_sample(FIXTURES / name)
    assert module.detect(sample) > 0.5
    assert mailchimp_csv.detect(sample) == 0.0
    (p,) = module.parse(sample)
    f = p.frame
    assert len(f) == n and set(f["platform"]) == {module.NAME}
    assert (f["sent"].sum(), f["delivered"].sum()) == (sent, delivered)
    assert (f["unique_opens"].sum(), f["unique_clicks"].sum()) == (opens, clicks)


def test_klaviyo_bad_date_rejected_and_conversions():
    (p,) = klaviyo.parse(read_sample(FIXTURES / "klaviyo_campaigns.csv"))
    assert [r.line for r in p.rejected] == [4]
    assert p.frame["conversions"].sum() == 14 and p.frame["revenue"].sum() == pytest.approx(945.4)


def test_brevo_json_skips_draft_and_sums_list_stats():
    (p,) = brevo.parse(read_sample(FIXTURES / "brevo_campaigns.json"))
    may = p.frame.set_index("campaign_id").loc["9"]
    assert (may["sent"], may["complaints"], may["day_from"]) == (500, 1, date(2025, 5, 6))


@pytest.mark.parametrize("module,data", [
    (mailchimp_csv, b"Title,Send Date,Unique Opens,Successful Deliveries\n"),
    (mailchimp_json, b'{"campaigns": [{"id": "x", "settings": {}, "report_summary": {}}]}'),
    (mailchimp_json, b"[1, 2]"),
])
def test_refused(module, data):
    with pytest.raises(Refused):
        module.parse(read_sample(data, "x"))
