-- Balise canonical schema, version 1.
-- Every fact row: key (md5 of source, grain, period and dimensions: the natural key; unique by
-- construction in lib/ingest.py, without an index: DuckDB's ART index made 1M-row loads 3x slower),
-- load_id (the load that wrote it), source (export format or API), grain (dimensions the
-- export carried, prefixed "date+" for daily rows), day_from/day_to (inclusive period).
-- Metric columns are raw counts or amounts: rates are computed, ratio of sums.

CREATE TABLE site_traffic (
    key VARCHAR NOT NULL, load_id BIGINT NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    day_from DATE NOT NULL, day_to DATE NOT NULL,
    source_name VARCHAR, medium VARCHAR, campaign VARCHAR, channel_group VARCHAR, device VARCHAR,
    country VARCHAR, landing_page VARCHAR, page_path VARCHAR, event_name VARCHAR,
    sessions DOUBLE, users DOUBLE, new_users DOUBLE, engaged_sessions DOUBLE, bounces DOUBLE,
    page_views DOUBLE, session_duration_s DOUBLE, exits DOUBLE, add_to_carts DOUBLE,
    checkouts DOUBLE, transactions DOUBLE, revenue DOUBLE, key_events DOUBLE, event_count DOUBLE,
    currency VARCHAR
);

CREATE TABLE site_items (
    key VARCHAR NOT NULL, load_id BIGINT NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    day_from DATE NOT NULL, day_to DATE NOT NULL,
    item_category VARCHAR, item_name VARCHAR,
    items_viewed DOUBLE, items_added_to_cart DOUBLE, items_checked_out DOUBLE,
    items_purchased DOUBLE, item_revenue DOUBLE, currency VARCHAR
);

CREATE TABLE ad_performance (
    key VARCHAR NOT NULL, load_id BIGINT NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    day_from DATE NOT NULL, day_to DATE NOT NULL,
    platform VARCHAR, account VARCHAR, campaign VARCHAR, ad_group VARCHAR, ad VARCHAR,
    age VARCHAR, gender VARCHAR, device VARCHAR, region VARCHAR,
    impressions DOUBLE, reach DOUBLE, clicks DOUBLE, all_clicks DOUBLE, cost DOUBLE,
    conversions DOUBLE, conversion_value DOUBLE, currency VARCHAR
);

CREATE TABLE social_performance (
    key VARCHAR NOT NULL, load_id BIGINT NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    day_from DATE NOT NULL, day_to DATE NOT NULL,
    network VARCHAR, account VARCHAR, post_id VARCHAR,
    post_type VARCHAR, post_text VARCHAR, post_url VARCHAR, published_time TIMESTAMP,
    impressions DOUBLE, reach DOUBLE, engagements DOUBLE, reactions DOUBLE, comments DOUBLE,
    shares DOUBLE, saves DOUBLE, clicks DOUBLE, video_views DOUBLE, profile_visits DOUBLE,
    followers DOUBLE, follows DOUBLE, unfollows DOUBLE
);

CREATE TABLE email_campaigns (
    key VARCHAR NOT NULL, load_id BIGINT NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    day_from DATE NOT NULL, day_to DATE NOT NULL,
    platform VARCHAR, campaign_id VARCHAR, campaign VARCHAR, subject VARCHAR, list VARCHAR,
    send_time TIMESTAMP,
    sent DOUBLE, delivered DOUBLE, hard_bounces DOUBLE, soft_bounces DOUBLE, unique_opens DOUBLE,
    unique_clicks DOUBLE, unsubscribes DOUBLE, complaints DOUBLE, conversions DOUBLE,
    revenue DOUBLE, list_size DOUBLE, currency VARCHAR
);

CREATE TABLE search_console (
    key VARCHAR NOT NULL, load_id BIGINT NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    day_from DATE NOT NULL, day_to DATE NOT NULL,
    query VARCHAR, page VARCHAR, country VARCHAR, device VARCHAR, search_appearance VARCHAR,
    clicks DOUBLE, impressions DOUBLE, position_sum DOUBLE
);

CREATE TABLE orders (
    key VARCHAR NOT NULL, load_id BIGINT NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    day_from DATE NOT NULL, day_to DATE NOT NULL,
    order_id VARCHAR, customer_id VARCHAR, order_time TIMESTAMP, channel VARCHAR, country VARCHAR,
    kind VARCHAR,            -- order | cancellation | return
    items DOUBLE, revenue DOUBLE, currency VARCHAR
);

CREATE TABLE leads (
    key VARCHAR NOT NULL, load_id BIGINT NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    day_from DATE NOT NULL, day_to DATE NOT NULL,
    lead_id VARCHAR, created_time TIMESTAMP, lead_source VARCHAR, campaign VARCHAR,
    status VARCHAR,          -- lead | qualified | customer
    leads DOUBLE, customers DOUBLE, value DOUBLE, currency VARCHAR
);

CREATE TABLE mentions (
    key VARCHAR NOT NULL, load_id BIGINT NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    day_from DATE NOT NULL, day_to DATE NOT NULL,
    mention_id VARCHAR, mention_time TIMESTAMP, network VARCHAR, author VARCHAR, url VARCHAR,
    text VARCHAR, sentiment VARCHAR,  -- positive | neutral | negative
    mentions DOUBLE, negative_mentions DOUBLE, author_reach DOUBLE
);

CREATE TABLE nps_responses (
    key VARCHAR NOT NULL, load_id BIGINT NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    day_from DATE NOT NULL, day_to DATE NOT NULL,
    response_id VARCHAR, response_time TIMESTAMP, segment VARCHAR, comment VARCHAR,
    score DOUBLE
);

CREATE TABLE experiment_results (
    key VARCHAR NOT NULL, load_id BIGINT NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    day_from DATE NOT NULL, day_to DATE NOT NULL,
    experiment VARCHAR, variant VARCHAR, metric VARCHAR,
    units DOUBLE, conversions DOUBLE, value_sum DOUBLE, value_sq_sum DOUBLE
);

-- Workspace tables ------------------------------------------------------------------------

CREATE TABLE loads (
    load_id BIGINT PRIMARY KEY, file_name VARCHAR, sha256 VARCHAR, format VARCHAR,
    tables VARCHAR, inserted BIGINT, replaced BIGINT, rejected BIGINT, loaded_at TIMESTAMP,
    status VARCHAR,          -- loaded | undone
    summary JSON
);

CREATE TABLE settings (name VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE annotations (
    id BIGINT PRIMARY KEY, day DATE NOT NULL, channel VARCHAR, kind VARCHAR, text VARCHAR NOT NULL,
    created_at TIMESTAMP
);

CREATE TABLE campaigns (
    id BIGINT PRIMARY KEY, name VARCHAR UNIQUE NOT NULL, platforms VARCHAR, utm_campaigns VARCHAR,
    start_day DATE, end_day DATE, budget DOUBLE, currency VARCHAR, crisis_plan VARCHAR,
    checklist JSON, lessons VARCHAR, created_at TIMESTAMP,
    crisis_contacts VARCHAR,         -- who to call
    crisis_answers VARCHAR,          -- prepared answers
    archived BOOLEAN DEFAULT false, updated_at TIMESTAMP
);

CREATE TABLE objectives (
    id BIGINT PRIMARY KEY, name VARCHAR NOT NULL, kpi VARCHAR NOT NULL, scope JSON,
    target DOUBLE NOT NULL, direction VARCHAR NOT NULL, start_day DATE, deadline DATE,
    baseline DOUBLE, owner VARCHAR, notes VARCHAR, campaign_id BIGINT, business_goal VARCHAR,
    archived BOOLEAN DEFAULT false, created_at TIMESTAMP,
    pacing VARCHAR DEFAULT 'auto',   -- auto | linear | last_year
    updated_at TIMESTAMP
);

CREATE TABLE alert_rules (
    id BIGINT PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, kpi VARCHAR,
    scope JSON, params JSON, pending_for INTEGER DEFAULT 1, channels JSON,
    enabled BOOLEAN DEFAULT true, snoozed_until TIMESTAMP, campaign_id BIGINT, created_at TIMESTAMP,
    updated_at TIMESTAMP
);

CREATE TABLE alert_events (
    id BIGINT PRIMARY KEY, rule_id BIGINT NOT NULL, state VARCHAR NOT NULL, evaluated_at TIMESTAMP,
    day DATE, value DOUBLE, expected_low DOUBLE, expected_high DOUBLE, message VARCHAR,
    notified BOOLEAN DEFAULT false, delivery JSON,
    -- streak: consecutive breaching evaluations (pending until it reaches the rule's pending_for);
    -- episode: id of the event that opened the firing episode (one notification per episode).
    streak INTEGER DEFAULT 0, episode BIGINT
);

CREATE TABLE mappings (
    header_sha VARCHAR PRIMARY KEY, target_table VARCHAR, mapping JSON, created_at TIMESTAMP
);

-- History of rows a load replaced (platforms revise recent days), so undo restores them exactly.
CREATE TABLE site_traffic__replaced AS SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM site_traffic LIMIT 0;
CREATE TABLE site_items__replaced AS SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM site_items LIMIT 0;
CREATE TABLE ad_performance__replaced AS SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM ad_performance LIMIT 0;
CREATE TABLE social_performance__replaced AS SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM social_performance LIMIT 0;
CREATE TABLE email_campaigns__replaced AS SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM email_campaigns LIMIT 0;
CREATE TABLE search_console__replaced AS SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM search_console LIMIT 0;
CREATE TABLE orders__replaced AS SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM orders LIMIT 0;
CREATE TABLE leads__replaced AS SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM leads LIMIT 0;
CREATE TABLE mentions__replaced AS SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM mentions LIMIT 0;
CREATE TABLE nps_responses__replaced AS SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM nps_responses LIMIT 0;
CREATE TABLE experiment_results__replaced AS SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM experiment_results LIMIT 0;
