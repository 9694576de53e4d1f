-- GA4's BigQuery export, aggregated in BigQuery to Balise's daily grains (lib/sources/ga4_bigquery.py).
-- Written once, in BigQuery's dialect: the tests transpile this same text to DuckDB with sqlglot and run
-- it on a local table shaped like the export. Field names and meanings: GA4's "BigQuery Export schema"
-- (support.google.com/analytics/answer/7029846) and "Traffic attribution data"
-- (developers.google.com/analytics/bigquery/traffic-attribution-data).
-- {events} is `<project>.<dataset>.events_*`, checked against an allowlist before it is put here.
-- @start_suffix and @end_suffix (YYYYMMDD) keep the scan to those days' daily tables: the wildcard also
-- matches events_intraday_YYYYMMDD, whose suffix starts with a letter and so sorts after every date.
-- @key_events: the event names marked as key events in GA4 (the export does not flag them).

-- name: site_traffic
WITH events AS (
  SELECT
    -- event_date: the event's date in the property's time zone, YYYYMMDD.
    PARSE_DATE('%Y%m%d', event_date) AS day,
    -- user_pseudo_id: the pseudonymous id of the user (the app instance or browser).
    user_pseudo_id,
    -- event_params.ga_session_id: the session id, unique per user; with user_pseudo_id, one session.
    (SELECT p.value.int_value FROM UNNEST(event_params) AS p WHERE p.key = 'ga_session_id') AS session_id,
    event_name,
    -- event_timestamp: microseconds (UTC) when the event was logged.
    event_timestamp,
    -- event_params.session_engaged: '1' on the events of an engaged session (string on web, int in apps).
    COALESCE((SELECT p.value.string_value FROM UNNEST(event_params) AS p WHERE p.key = 'session_engaged'),
             CAST((SELECT p.value.int_value FROM UNNEST(event_params) AS p WHERE p.key = 'session_engaged') AS STRING),
             '0') = '1' AS engaged,
    -- event_params.page_location: the page's full URL; the landing page is the path and query of the
    -- session's first page_view, as GA4's landingPage dimension.
    IF(event_name = 'page_view',
       REGEXP_EXTRACT((SELECT p.value.string_value FROM UNNEST(event_params) AS p WHERE p.key = 'page_location'),
                      r'^[A-Za-z]+://[^/]+([^#]*)'),
       NULL) AS landing_page,
    -- session_traffic_source_last_click.cross_channel_campaign: the session's source, medium, campaign
    -- and default channel group under GA4's cross-channel last-click attribution (on every event).
    session_traffic_source_last_click.cross_channel_campaign.source AS source_name,
    session_traffic_source_last_click.cross_channel_campaign.medium AS medium,
    session_traffic_source_last_click.cross_channel_campaign.campaign_name AS campaign,
    session_traffic_source_last_click.cross_channel_campaign.default_channel_group AS channel_group,
    -- device.category (desktop, mobile, tablet) and geo.country: where the event came from.
    device.category AS device,
    geo.country AS country,
    -- ecommerce.purchase_revenue: the revenue of a purchase event, in the property's currency.
    IF(event_name = 'purchase', COALESCE(ecommerce.purchase_revenue, 0), 0) AS revenue
  FROM `{events}`
  WHERE _TABLE_SUFFIX BETWEEN @start_suffix AND @end_suffix
),
sessions AS (
  -- One row per session and day; events without ga_session_id keep their metrics in a row that
  -- counts no session (nothing dropped).
  SELECT
    day, user_pseudo_id, session_id,
    -- The session's dimensions: those of its first event that has them ('(not set)' as in GA4).
    COALESCE(ARRAY_AGG(source_name IGNORE NULLS ORDER BY event_timestamp)[SAFE_OFFSET(0)], '(not set)') AS source_name,
    COALESCE(ARRAY_AGG(medium IGNORE NULLS ORDER BY event_timestamp)[SAFE_OFFSET(0)], '(not set)') AS medium,
    COALESCE(ARRAY_AGG(campaign IGNORE NULLS ORDER BY event_timestamp)[SAFE_OFFSET(0)], '(not set)') AS campaign,
    COALESCE(ARRAY_AGG(channel_group IGNORE NULLS ORDER BY event_timestamp)[SAFE_OFFSET(0)], 'Unassigned') AS channel_group,
    COALESCE(ARRAY_AGG(device IGNORE NULLS ORDER BY event_timestamp)[SAFE_OFFSET(0)], '(not set)') AS device,
    COALESCE(ARRAY_AGG(country IGNORE NULLS ORDER BY event_timestamp)[SAFE_OFFSET(0)], '(not set)') AS country,
    COALESCE(ARRAY_AGG(landing_page IGNORE NULLS ORDER BY event_timestamp)[SAFE_OFFSET(0)], '(not set)') AS landing_page,
    LOGICAL_OR(engaged) AS engaged,
    -- first_visit (web) and first_open (apps): the event GA4 logs on a user's first visit: a new user.
    LOGICAL_OR(event_name IN ('first_visit', 'first_open')) AS new_user,
    -- page_view (web) and screen_view (apps): GA4's "Views".
    COUNTIF(event_name IN ('page_view', 'screen_view')) AS page_views,
    -- Session length: last event minus first event, in seconds.
    (MAX(event_timestamp) - MIN(event_timestamp)) / 1000000 AS session_duration_s,
    COUNTIF(event_name IN UNNEST(@key_events)) AS key_events,
    COUNTIF(event_name = 'add_to_cart') AS add_to_carts,
    COUNTIF(event_name = 'begin_checkout') AS checkouts,
    COUNTIF(event_name = 'purchase') AS transactions,
    SUM(revenue) AS revenue
  FROM events
  GROUP BY day, user_pseudo_id, session_id
)
SELECT
  day,
  source_name,
  medium,
  campaign,
  channel_group,
  device,
  country,
  landing_page,
  -- Sessions: distinct user_pseudo_id + ga_session_id; users: distinct user_pseudo_id.
  COUNTIF(session_id IS NOT NULL) AS sessions,
  COUNT(DISTINCT user_pseudo_id) AS users,
  COUNT(DISTINCT IF(new_user, user_pseudo_id, NULL)) AS new_users,
  COUNTIF(session_id IS NOT NULL AND engaged) AS engaged_sessions,
  SUM(page_views) AS page_views,
  SUM(IF(session_id IS NULL, 0, session_duration_s)) AS session_duration_s,
  SUM(key_events) AS key_events,
  SUM(add_to_carts) AS add_to_carts,
  SUM(checkouts) AS checkouts,
  SUM(transactions) AS transactions,
  SUM(revenue) AS revenue
FROM sessions
GROUP BY day, source_name, medium, campaign, channel_group, device, country, landing_page
ORDER BY day, source_name, medium, campaign, channel_group, device, country, landing_page;

-- name: site_items
-- items: the repeated record of the products an ecommerce event is about (item_name, item_category,
-- quantity, item_revenue); view_item, add_to_cart, begin_checkout and purchase fill GA4's item metrics.
SELECT
  PARSE_DATE('%Y%m%d', event_date) AS day,
  COALESCE(item.item_category, '(not set)') AS item_category,
  COALESCE(item.item_name, '(not set)') AS item_name,
  SUM(IF(event_name = 'view_item', COALESCE(item.quantity, 1), 0)) AS items_viewed,
  SUM(IF(event_name = 'add_to_cart', COALESCE(item.quantity, 1), 0)) AS items_added_to_cart,
  SUM(IF(event_name = 'begin_checkout', COALESCE(item.quantity, 1), 0)) AS items_checked_out,
  SUM(IF(event_name = 'purchase', COALESCE(item.quantity, 1), 0)) AS items_purchased,
  -- items.item_revenue: the item's revenue on purchase events, in the property's currency.
  SUM(IF(event_name = 'purchase', COALESCE(item.item_revenue, 0), 0)) AS item_revenue
FROM `{events}`, UNNEST(items) AS item
WHERE _TABLE_SUFFIX BETWEEN @start_suffix AND @end_suffix
  AND event_name IN ('view_item', 'add_to_cart', 'begin_checkout', 'purchase')
GROUP BY day, item_category, item_name
ORDER BY day, item_category, item_name;
