-- run-schedule (issue 20): the digests and reports sent on a schedule, and what each run did, so
-- that a run every 15 minutes and a run once a day do the same things and nothing goes twice.
-- IF NOT EXISTS: a test replays the migrations after 007 on a workspace that already has them.
CREATE TABLE IF NOT EXISTS schedules (
    id BIGINT PRIMARY KEY, kind VARCHAR NOT NULL,       -- digest | report
    name VARCHAR NOT NULL, every VARCHAR NOT NULL,      -- daily | weekly
    hour INTEGER NOT NULL, weekday INTEGER,             -- local hour 0-23; weekly: 0 Monday .. 6 Sunday
    channels JSON, recipients JSON, params JSON,        -- report: {"campaign": "<name>"}
    enabled BOOLEAN DEFAULT true, created_at TIMESTAMP
);
-- One row per task, period and channel: pull:<source> | digest:<id> | report:<id>; slot: the
-- period's day (ISO); status: sending (written before the send) | sent | done | failed | interrupted.
CREATE TABLE IF NOT EXISTS schedule_log (
    task VARCHAR NOT NULL, slot VARCHAR NOT NULL, target VARCHAR NOT NULL,
    status VARCHAR NOT NULL, attempts INTEGER DEFAULT 0, error VARCHAR, done_at TIMESTAMP
);
-- Each run's summary (the command's JSON), for the Alerts page.
CREATE TABLE IF NOT EXISTS schedule_runs (
    id BIGINT PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR, summary JSON
);
