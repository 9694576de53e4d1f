"""The Meta connection's Page comments and replies (requests) against the local fake Graph API."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from lib.ingest import pull as pulling
from lib.sources import meta_api, meta_page
from lib.store import Store
from tests.fakes.meta import ACCOUNT, IG, PAGE, TOKEN, FakeMeta
from tests.fakes.server import fast_policy


@pytest.fixture
def fake():
    with FakeMeta() as server:
        yield server


@pytest.fixture
def config(fake):
    return {"access_token": TOKEN, "account_id": ACCOUNT, "endpoint": fake.url, "page_id": PAGE}


def test_comments_paged_with_nested_replies(fake, config):
    meta = meta_api.Meta(config, policy=fast_policy())
    (parsed,) = meta_page.conversations(meta, PAGE, date(2024, 6, 1), date(2024, 6, 3), page_size=1)
    frame = parsed.frame.set_index("item_id")
    # the Page's own comment p1_c2 is not an item; m1_i2's reply predates it: rejected
    assert sorted(frame.index) == ["m1_i1", "p1_c1", "p1_c3", "p1_c4"]
    assert [r.reason.split(":")[0] for r in parsed.rejected] == ["reply at 2024-06-02 14"]
    # June in Paris is UTC+2; the Page answered c1 after 1.5 h, c4 on the third page of replies
    assert frame.loc["p1_c1", "received_time"] == datetime(2024, 6, 1, 11)
    assert frame.loc["p1_c1", "response_hours"] == 1.5
    assert frame.loc["p1_c4", "replied_time"] == datetime(2024, 6, 3, 10)
    assert frame.loc["p1_c4", "response_hours"] == 25
    assert frame.loc["p1_c3", "answered"] == 0 and frame.loc["m1_i1", "answered"] == 1
    assert frame.loc["m1_i1", "network"] == "instagram" and frame.loc["m1_i1", "account"] == IG
    assert frame.loc["p1_c3", "url"] == "https://facebook.com/p1?c=3"
    assert frame.loc["p1_c1", "post_id"] == "p1" and frame.loc["p1_c1", "author"] != "Julie"
    paths = [r.path.split("/", 2)[2] for r in fake.requests]
    assert paths.count(f"{PAGE}/published_posts") == 2           # posts paged one at a time
    assert "p1/comments" in paths and "p1_c4/comments" in paths   # comments and replies paged
    assert "m1/comments" not in paths and "m0/comments" not in paths
    assert all("access_token" not in r.query for r in fake.requests)
    assert "comments" in fake.seen_fields[0] and "from" in fake.seen_fields[0]


def test_pull_loads_comments_and_a_repull_changes_nothing(fake, config, tmp_path):
    store = Store(str(tmp_path / "meta.duckdb"))
    try:
        first = pulling.pull(store, "meta", config, date(2024, 6, 1), date(2024, 6, 3), policy=fast_policy())
        assert first["status"] == "ok", first
        assert store.scalar("SELECT count(*) FROM conversations") == 4
        assert store.scalar("SELECT sum(answered) FROM conversations") == 3
        again = pulling.pull(store, "meta", config, date(2024, 6, 1), date(2024, 6, 3), policy=fast_policy())
        assert again["status"] == "ok" and again["inserted"] == 0 and again["replaced"] == 0
        assert store.scalar("SELECT count(*) FROM conversations") == 4
    finally:
        store.close()


def test_page_form_field():
    settings, drop = meta_api.check({"account": "act_42", "token": "EAAGm0PX4ZCpsBAFake1234", "page": PAGE}, {})
    assert settings["page_id"] == PAGE and drop == ()
    settings, drop = meta_api.check({"account": "act_42", "token": "EAAGm0PX4ZCpsBAFake1234"}, {})
    assert "page_id" not in settings and drop == ("page_id",)
    with pytest.raises(ValueError, match="src_meta_bad_page"):
        meta_api.check({"account": "act_42", "token": "EAAGm0PX4ZCpsBAFake1234", "page": "ma page"}, {})
