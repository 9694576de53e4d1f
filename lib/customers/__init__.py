"""Customer analytics: the statistics (stats) and the store reads behind them (data)."""
