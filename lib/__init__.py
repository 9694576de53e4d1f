"""Balise: marketing performance monitor (domain logic, store and command line)."""
