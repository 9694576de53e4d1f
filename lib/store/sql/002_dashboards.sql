-- "My dashboards": one row per user dashboard; its tiles, refresh and goal are the JSON definition
-- (lib/dashboards.py to_dict). The home dashboard is the `home_dashboard` row of `settings`.
CREATE TABLE dashboards (
    id BIGINT PRIMARY KEY, name VARCHAR NOT NULL, definition JSON NOT NULL,
    created_at TIMESTAMP, updated_at TIMESTAMP
);
