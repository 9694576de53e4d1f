"""Altair builders over aggregated frames; no Streamlit calls."""
