"""Glossary: every KPI of the catalogue, its formula, what it means and what good looks like."""
import pandas as pd
import streamlit as st

from lib import ui
from lib.i18n import t
from lib.kpis import catalogue as kpis
from lib.kpis import glossary

f = ui.filters()
st.title(t("page_glossary", f.lang))
st.caption(t("glossary_intro", f.lang))

left, right = st.columns([2, 1])
search = left.text_input(t("glossary_search", f.lang), key="glossary_search")
channel = right.selectbox(t("glossary_channel", f.lang), ("all",) + kpis.CHANNELS, key="glossary_channel",
                          format_func=lambda c: t("glossary_all", f.lang) if c == "all"
                          else glossary.channel_label(c, f.lang))
frame = pd.DataFrame(glossary.rows(f.lang, None if channel == "all" else channel)
                     + (glossary.method_rows(f.lang) + glossary.model_rows(f.lang) if channel == "all" else []),
                     columns=glossary.COLUMNS)
if search.strip():
    needle = search.strip().lower()
    text = frame[["id", "label", "formula", "description"]].agg(" ".join, axis=1).str.lower()
    frame = frame[text.str.contains(needle, regex=False)]
st.caption(t("glossary_count", f.lang, n=len(frame)))
ui.dataframe(frame, column_config={
    "id": t("glossary_col_id", f.lang), "channel": t("glossary_channel", f.lang),
    "label": t("glossary_col_label", f.lang), "formula": t("glossary_col_formula", f.lang),
    "description": st.column_config.TextColumn(t("glossary_col_description", f.lang), width="large"),
    "good": st.column_config.TextColumn(t("glossary_col_good", f.lang), width="large")})
ui.downloads(frame, f"glossary_{f.lang}")
