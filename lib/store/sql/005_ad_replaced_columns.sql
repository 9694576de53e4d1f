-- Undo copies rows with `SELECT t.*, load_id`: the kept-rows table takes the new columns in the
-- same order, before replaced_by.
CREATE TABLE ad_performance__replaced_new AS
    SELECT * EXCLUDE (replaced_by), CAST(NULL AS VARCHAR) AS keyword,
           CAST(NULL AS VARCHAR) AS search_term, replaced_by
    FROM ad_performance__replaced;
DROP TABLE ad_performance__replaced;
ALTER TABLE ad_performance__replaced_new RENAME TO ad_performance__replaced;
