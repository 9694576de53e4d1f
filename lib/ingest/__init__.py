"""Stage 2: validate and load parsed rows (upsert, load log, undo), uploads, column mappings, API connections, freshness and the one pull loop."""
