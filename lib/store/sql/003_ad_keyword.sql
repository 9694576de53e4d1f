-- Paid search is read by keyword and search term first (issue 15): both become dimensions of
-- ad_performance. One ALTER per file (DuckDB commits one ALTER of a populated table at a time).
ALTER TABLE ad_performance ADD COLUMN keyword VARCHAR;
