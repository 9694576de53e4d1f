-- Every fact row knows whose it is (issue 16): `account` (the site, property, shop, ad account,
-- e-mail account or social account) joins the natural key of every fact table but
-- experiment_results. Existing rows get the workspace's default account 'main'. A row's key
-- becomes md5(<its key before 006> ␟ account), the same formula lib/ingest/load.py uses, so a
-- file loaded before 006 loads again as `unchanged`.
-- Tables gaining the column are rebuilt (DuckDB cannot UPDATE a table altered in the same
-- transaction); the column goes last, and before replaced_by in the kept-rows tables, so that
-- undo's `SELECT t.*, load_id` still lines up.

CREATE TABLE site_traffic__006 AS SELECT *, CAST(NULL AS VARCHAR) AS account FROM site_traffic LIMIT 0;
ALTER TABLE site_traffic__006 ALTER COLUMN key SET NOT NULL;
ALTER TABLE site_traffic__006 ALTER COLUMN load_id SET NOT NULL;
ALTER TABLE site_traffic__006 ALTER COLUMN source SET NOT NULL;
ALTER TABLE site_traffic__006 ALTER COLUMN grain SET NOT NULL;
ALTER TABLE site_traffic__006 ALTER COLUMN day_from SET NOT NULL;
ALTER TABLE site_traffic__006 ALTER COLUMN day_to SET NOT NULL;
INSERT INTO site_traffic__006 SELECT * REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key), 'main' FROM site_traffic;
DROP TABLE site_traffic;
ALTER TABLE site_traffic__006 RENAME TO site_traffic;
CREATE TABLE site_traffic__replaced__006 AS
    SELECT * EXCLUDE (replaced_by) REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key),
           CAST('main' AS VARCHAR) AS account, replaced_by
    FROM site_traffic__replaced;
DROP TABLE site_traffic__replaced;
ALTER TABLE site_traffic__replaced__006 RENAME TO site_traffic__replaced;

CREATE TABLE site_items__006 AS SELECT *, CAST(NULL AS VARCHAR) AS account FROM site_items LIMIT 0;
ALTER TABLE site_items__006 ALTER COLUMN key SET NOT NULL;
ALTER TABLE site_items__006 ALTER COLUMN load_id SET NOT NULL;
ALTER TABLE site_items__006 ALTER COLUMN source SET NOT NULL;
ALTER TABLE site_items__006 ALTER COLUMN grain SET NOT NULL;
ALTER TABLE site_items__006 ALTER COLUMN day_from SET NOT NULL;
ALTER TABLE site_items__006 ALTER COLUMN day_to SET NOT NULL;
INSERT INTO site_items__006 SELECT * REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key), 'main' FROM site_items;
DROP TABLE site_items;
ALTER TABLE site_items__006 RENAME TO site_items;
CREATE TABLE site_items__replaced__006 AS
    SELECT * EXCLUDE (replaced_by) REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key),
           CAST('main' AS VARCHAR) AS account, replaced_by
    FROM site_items__replaced;
DROP TABLE site_items__replaced;
ALTER TABLE site_items__replaced__006 RENAME TO site_items__replaced;

CREATE TABLE search_console__006 AS SELECT *, CAST(NULL AS VARCHAR) AS account FROM search_console LIMIT 0;
ALTER TABLE search_console__006 ALTER COLUMN key SET NOT NULL;
ALTER TABLE search_console__006 ALTER COLUMN load_id SET NOT NULL;
ALTER TABLE search_console__006 ALTER COLUMN source SET NOT NULL;
ALTER TABLE search_console__006 ALTER COLUMN grain SET NOT NULL;
ALTER TABLE search_console__006 ALTER COLUMN day_from SET NOT NULL;
ALTER TABLE search_console__006 ALTER COLUMN day_to SET NOT NULL;
INSERT INTO search_console__006 SELECT * REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key), 'main' FROM search_console;
DROP TABLE search_console;
ALTER TABLE search_console__006 RENAME TO search_console;
CREATE TABLE search_console__replaced__006 AS
    SELECT * EXCLUDE (replaced_by) REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key),
           CAST('main' AS VARCHAR) AS account, replaced_by
    FROM search_console__replaced;
DROP TABLE search_console__replaced;
ALTER TABLE search_console__replaced__006 RENAME TO search_console__replaced;

CREATE TABLE email_campaigns__006 AS SELECT *, CAST(NULL AS VARCHAR) AS account FROM email_campaigns LIMIT 0;
ALTER TABLE email_campaigns__006 ALTER COLUMN key SET NOT NULL;
ALTER TABLE email_campaigns__006 ALTER COLUMN load_id SET NOT NULL;
ALTER TABLE email_campaigns__006 ALTER COLUMN source SET NOT NULL;
ALTER TABLE email_campaigns__006 ALTER COLUMN grain SET NOT NULL;
ALTER TABLE email_campaigns__006 ALTER COLUMN day_from SET NOT NULL;
ALTER TABLE email_campaigns__006 ALTER COLUMN day_to SET NOT NULL;
INSERT INTO email_campaigns__006 SELECT * REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key), 'main' FROM email_campaigns;
DROP TABLE email_campaigns;
ALTER TABLE email_campaigns__006 RENAME TO email_campaigns;
CREATE TABLE email_campaigns__replaced__006 AS
    SELECT * EXCLUDE (replaced_by) REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key),
           CAST('main' AS VARCHAR) AS account, replaced_by
    FROM email_campaigns__replaced;
DROP TABLE email_campaigns__replaced;
ALTER TABLE email_campaigns__replaced__006 RENAME TO email_campaigns__replaced;

CREATE TABLE orders__006 AS SELECT *, CAST(NULL AS VARCHAR) AS account FROM orders LIMIT 0;
ALTER TABLE orders__006 ALTER COLUMN key SET NOT NULL;
ALTER TABLE orders__006 ALTER COLUMN load_id SET NOT NULL;
ALTER TABLE orders__006 ALTER COLUMN source SET NOT NULL;
ALTER TABLE orders__006 ALTER COLUMN grain SET NOT NULL;
ALTER TABLE orders__006 ALTER COLUMN day_from SET NOT NULL;
ALTER TABLE orders__006 ALTER COLUMN day_to SET NOT NULL;
INSERT INTO orders__006 SELECT * REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key), 'main' FROM orders;
DROP TABLE orders;
ALTER TABLE orders__006 RENAME TO orders;
CREATE TABLE orders__replaced__006 AS
    SELECT * EXCLUDE (replaced_by) REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key),
           CAST('main' AS VARCHAR) AS account, replaced_by
    FROM orders__replaced;
DROP TABLE orders__replaced;
ALTER TABLE orders__replaced__006 RENAME TO orders__replaced;

CREATE TABLE leads__006 AS SELECT *, CAST(NULL AS VARCHAR) AS account FROM leads LIMIT 0;
ALTER TABLE leads__006 ALTER COLUMN key SET NOT NULL;
ALTER TABLE leads__006 ALTER COLUMN load_id SET NOT NULL;
ALTER TABLE leads__006 ALTER COLUMN source SET NOT NULL;
ALTER TABLE leads__006 ALTER COLUMN grain SET NOT NULL;
ALTER TABLE leads__006 ALTER COLUMN day_from SET NOT NULL;
ALTER TABLE leads__006 ALTER COLUMN day_to SET NOT NULL;
INSERT INTO leads__006 SELECT * REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key), 'main' FROM leads;
DROP TABLE leads;
ALTER TABLE leads__006 RENAME TO leads;
CREATE TABLE leads__replaced__006 AS
    SELECT * EXCLUDE (replaced_by) REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key),
           CAST('main' AS VARCHAR) AS account, replaced_by
    FROM leads__replaced;
DROP TABLE leads__replaced;
ALTER TABLE leads__replaced__006 RENAME TO leads__replaced;

CREATE TABLE mentions__006 AS SELECT *, CAST(NULL AS VARCHAR) AS account FROM mentions LIMIT 0;
ALTER TABLE mentions__006 ALTER COLUMN key SET NOT NULL;
ALTER TABLE mentions__006 ALTER COLUMN load_id SET NOT NULL;
ALTER TABLE mentions__006 ALTER COLUMN source SET NOT NULL;
ALTER TABLE mentions__006 ALTER COLUMN grain SET NOT NULL;
ALTER TABLE mentions__006 ALTER COLUMN day_from SET NOT NULL;
ALTER TABLE mentions__006 ALTER COLUMN day_to SET NOT NULL;
INSERT INTO mentions__006 SELECT * REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key), 'main' FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions__006 RENAME TO mentions;
CREATE TABLE mentions__replaced__006 AS
    SELECT * EXCLUDE (replaced_by) REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key),
           CAST('main' AS VARCHAR) AS account, replaced_by
    FROM mentions__replaced;
DROP TABLE mentions__replaced;
ALTER TABLE mentions__replaced__006 RENAME TO mentions__replaced;

CREATE TABLE nps_responses__006 AS SELECT *, CAST(NULL AS VARCHAR) AS account FROM nps_responses LIMIT 0;
ALTER TABLE nps_responses__006 ALTER COLUMN key SET NOT NULL;
ALTER TABLE nps_responses__006 ALTER COLUMN load_id SET NOT NULL;
ALTER TABLE nps_responses__006 ALTER COLUMN source SET NOT NULL;
ALTER TABLE nps_responses__006 ALTER COLUMN grain SET NOT NULL;
ALTER TABLE nps_responses__006 ALTER COLUMN day_from SET NOT NULL;
ALTER TABLE nps_responses__006 ALTER COLUMN day_to SET NOT NULL;
INSERT INTO nps_responses__006 SELECT * REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key), 'main' FROM nps_responses;
DROP TABLE nps_responses;
ALTER TABLE nps_responses__006 RENAME TO nps_responses;
CREATE TABLE nps_responses__replaced__006 AS
    SELECT * EXCLUDE (replaced_by) REPLACE (system.main.md5(system.main.concat_ws('␟', key, 'main')) AS key),
           CAST('main' AS VARCHAR) AS account, replaced_by
    FROM nps_responses__replaced;
DROP TABLE nps_responses__replaced;
ALTER TABLE nps_responses__replaced__006 RENAME TO nps_responses__replaced;

-- ad_performance had the column: it is filled where the export did not carry it.
UPDATE ad_performance SET account = CASE WHEN account IS NULL AND NOT list_contains(string_split(grain, '+'), 'account') THEN 'main' ELSE account END;
UPDATE ad_performance SET key = system.main.md5(system.main.concat_ws('␟', key, coalesce(CAST(account AS VARCHAR), '␀')));
UPDATE ad_performance__replaced SET account = CASE WHEN account IS NULL AND NOT list_contains(string_split(grain, '+'), 'account') THEN 'main' ELSE account END;
UPDATE ad_performance__replaced SET key = system.main.md5(system.main.concat_ws('␟', key, coalesce(CAST(account AS VARCHAR), '␀')));

-- social_performance had the column: it is filled where the export did not carry it.
UPDATE social_performance SET account = CASE WHEN account IS NULL AND NOT list_contains(string_split(grain, '+'), 'account') THEN 'main' ELSE account END;
UPDATE social_performance SET key = system.main.md5(system.main.concat_ws('␟', key, coalesce(CAST(account AS VARCHAR), '␀')));
UPDATE social_performance__replaced SET account = CASE WHEN account IS NULL AND NOT list_contains(string_split(grain, '+'), 'account') THEN 'main' ELSE account END;
UPDATE social_performance__replaced SET key = system.main.md5(system.main.concat_ws('␟', key, coalesce(CAST(account AS VARCHAR), '␀')));
