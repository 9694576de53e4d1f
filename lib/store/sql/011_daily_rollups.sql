-- Daily roll-ups of the big fact tables (issue 19; lib/store/rollups.py owns their columns and
-- keeps them fresh on every load and undo). Built here from the rows a workspace holds (replaced
-- if there: a roll-up is always its table summed).
-- tests/store/test_rollups.py checks this file against rollups.select_sql.
CREATE OR REPLACE TABLE site_traffic__daily AS
SELECT day_from, day_to, source, account, grain, currency, channel_group, source_name, medium, device, country, campaign,
    count(*) AS _rows,
    sum(sessions) AS sessions, sum(users) AS users, sum(new_users) AS new_users, sum(engaged_sessions) AS engaged_sessions, sum(bounces) AS bounces, sum(page_views) AS page_views, sum(session_duration_s) AS session_duration_s, sum(exits) AS exits, sum(add_to_carts) AS add_to_carts, sum(checkouts) AS checkouts, sum(transactions) AS transactions, sum(revenue) AS revenue, sum(key_events) AS key_events, sum(event_count) AS event_count
FROM site_traffic GROUP BY ALL ORDER BY day_from;
CREATE OR REPLACE TABLE ad_performance__daily AS
SELECT day_from, day_to, source, account, grain, currency, platform, campaign, device, age, gender,
    count(*) AS _rows,
    sum(impressions) AS impressions, sum(reach) AS reach, sum(clicks) AS clicks, sum(all_clicks) AS all_clicks, sum(cost) AS cost, sum(conversions) AS conversions, sum(conversion_value) AS conversion_value
FROM ad_performance GROUP BY ALL ORDER BY day_from;
