"""A/B tests: the statistics (stats) and the variant tables they read (data)."""
