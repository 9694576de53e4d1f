"""Stage 4: the KPI catalogue (ids are the contract), the query builder, the glossary."""
