"""Alerts: rules measured on the store, the check math, delivery by e-mail and webhook."""
