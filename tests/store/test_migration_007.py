"""Migration 007: the site_friction table, and Shopify exports moved to the `shopify` origin."""
from __future__ import annotations

from lib.ingest import freshness
from lib.ingest.load import load_parsed
from lib.sources import orders
from lib.sources.base import Sample
from lib.store import Store
from lib.store.schema import columns

CSV = ("Name,Email,Financial Status,Created at,Currency,Total,Refunded Amount,Lineitem quantity\n"
       "#1001,a@example.com,paid,2024-05-02 10:00:00 +0200,EUR,40.00,0,1\n"
       "#1002,b@example.com,paid,2024-05-03 10:00:00 +0200,EUR,60.00,10,2\n")
# As lib/ingest/load.py computes keys: periods are timestamps on the stage, and (since 006) the
# account wraps the key.
OLD_KEY = ("md5(concat_ws('\u241f', md5(concat_ws('\u241f', 'orders', grain, "
           "CAST(CAST(day_from AS TIMESTAMP) AS VARCHAR), CAST(CAST(day_to AS TIMESTAMP) AS VARCHAR), "
           "coalesce(CAST(order_id AS VARCHAR), '\u2400'))), coalesce(CAST(account AS VARCHAR), '\u2400')))")


def test_site_friction_has_the_schemas_columns(tmp_path):
    store = Store(str(tmp_path / "w.duckdb"))
    assert tuple(store.fact_columns("site_friction"))[6:] == columns("site_friction")
    assert store.scalar("SELECT count(*) FROM site_friction__replaced") == 0
    store.close()


def test_orders_exported_before_007_move_to_shopify_with_the_keys_a_load_computes(tmp_path):
    path = str(tmp_path / "w.duckdb")
    store = Store(path)
    parsed = orders.parse(Sample("orders_export.csv", CSV.encode(), CSV, "utf-8"))
    load_parsed(store, parsed, "orders_export.csv")
    keys = sorted(store.rows("SELECT key, order_id FROM orders"))
    # As a workspace written before 007 holds them: source 'orders', keys made with it.
    with store.transaction() as cur:
        cur.execute(f"UPDATE orders SET source = 'orders', key = {OLD_KEY}")
        cur.execute("UPDATE loads SET summary = CAST(replace(CAST(summary AS VARCHAR), "
                    "'\"source\": \"shopify\"', '\"source\": \"orders\"') AS JSON)")
        cur.execute("DROP TABLE site_friction")
        cur.execute("DROP TABLE site_friction__replaced")
        cur.execute("DROP TABLE conversations")   # 008, applied again after 007
        cur.execute("DROP TABLE conversations__replaced")
        cur.execute("DELETE FROM schema_version WHERE version >= 7")
    assert store.scalar("SELECT count(*) FROM orders WHERE source = 'orders'") == 2
    store.close()
    store = Store(path)
    assert sorted(store.rows("SELECT key, order_id FROM orders")) == keys
    assert store.scalar("SELECT count(DISTINCT source) FROM orders") == 1
    assert [f.source for f in freshness.status(store)] == ["shopify"]
    again = load_parsed(store, orders.parse(Sample("o.csv", CSV.encode(), CSV, "utf-8")), "o.csv")
    assert again["unchanged"] == 2 and again["inserted"] == 0
    store.close()
