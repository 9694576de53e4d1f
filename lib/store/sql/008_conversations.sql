-- Community management (issue 22): one row per item received (a comment on a post, a private
-- message, a review, a mention that asked something) with its first reply. Times are the
-- business's wall-clock time; the response hours are computed once when the row is built
-- (lib/sources/community.py), calendar hours across a DST change included.
CREATE TABLE conversations (
    key VARCHAR NOT NULL, load_id BIGINT NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    day_from DATE NOT NULL, day_to DATE NOT NULL,
    network VARCHAR, account VARCHAR,
    kind VARCHAR,            -- comment | message | review | mention
    item_id VARCHAR,
    received_time TIMESTAMP, replied_time TIMESTAMP,
    author VARCHAR,          -- sha256 of the author's name or handle (first 16 hex), never the name
    text VARCHAR,
    sentiment VARCHAR,       -- positive | neutral | negative, when the tool gives it
    post_id VARCHAR, url VARCHAR,
    items DOUBLE, answered DOUBLE, negative_items DOUBLE,
    response_hours DOUBLE, business_response_hours DOUBLE
);
CREATE TABLE conversations__replaced AS SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM conversations LIMIT 0;
