-- Microsoft Clarity's friction signals per day, page and device (issue 21), and one origin for
-- Shopify orders whether exported or pulled.
-- Counts are raw: rage_clicks, dead_clicks... are events; *_sessions are sessions with at least
-- one of them; scroll_depth_sum is the average scroll depth (%) times sessions and
-- active_time_s the average active time times sessions, so ratios of sums give Clarity's averages.
CREATE TABLE site_friction (
    key VARCHAR NOT NULL, load_id BIGINT NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    day_from DATE NOT NULL, day_to DATE NOT NULL,
    page VARCHAR, device VARCHAR,
    sessions DOUBLE, page_views DOUBLE, rage_clicks DOUBLE, rage_click_sessions DOUBLE,
    dead_clicks DOUBLE, dead_click_sessions DOUBLE, quick_backs DOUBLE, quick_back_sessions DOUBLE,
    excessive_scrolls DOUBLE, script_errors DOUBLE, error_clicks DOUBLE, scroll_depth_sum DOUBLE,
    active_time_s DOUBLE
);
CREATE TABLE site_friction__replaced AS
    SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM site_friction LIMIT 0;

-- Shopify order exports were stored under the format's name ('orders'); the API connector and
-- the exports now share the system's ('shopify'), so an export and a pull of the same orders
-- replace each other. Keys hold the source and (since 006) the account: recompute them as lib/ingest/load.py does.
UPDATE orders SET source = 'shopify', key = md5(concat_ws('␟', md5(concat_ws('␟', 'shopify', grain,
    CAST(CAST(day_from AS TIMESTAMP) AS VARCHAR),
    CAST(CAST(day_to AS TIMESTAMP) AS VARCHAR), coalesce(CAST(order_id AS VARCHAR), '␀'))),
    coalesce(CAST(account AS VARCHAR), '␀')))
WHERE source = 'orders';
UPDATE orders__replaced SET source = 'shopify', key = md5(concat_ws('␟', md5(concat_ws('␟', 'shopify', grain,
    CAST(CAST(day_from AS TIMESTAMP) AS VARCHAR),
    CAST(CAST(day_to AS TIMESTAMP) AS VARCHAR), coalesce(CAST(order_id AS VARCHAR), '␀'))),
    coalesce(CAST(account AS VARCHAR), '␀')))
WHERE source = 'orders';
UPDATE loads SET summary = CAST(replace(CAST(summary AS VARCHAR), '"source": "orders"',
                                        '"source": "shopify"') AS JSON)
WHERE format = 'orders';
