"""User dashboards: tiles, scopes, starters, refresh frequency and the home dashboard (model)."""
