ALTER TABLE ad_performance ADD COLUMN search_term VARCHAR;
