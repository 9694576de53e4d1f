"""The Data page's exchange rates (issue 16): the monthly rates a reporting currency converts
with, loaded from a CSV (the ECB reference-rate CSV is recognised) or typed."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import i18n, ui
from lib.i18n import t
from lib.i18n.messages import say_error
from lib.ingest import uploads
from lib.kpis import rates as fx
from lib.sources.base import Refused
from lib.sources.text import decode
from lib.ui import access as ui_access
from lib.ui import state

_FLASH = "fx_flash"
COMMON = ("EUR", "USD", "GBP", "CHF", "CAD", "AUD", "JPY", "INR")


def rates_section(lang: str) -> None:
    """The stored rates, and (for editors) the form that adds some."""
    st.subheader(t("fx_title", lang))
    st.caption(t("fx_intro", lang))
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    store = ui.store()
    stored = fx.stored(store)
    if stored:
        ui.dataframe(pd.DataFrame([{
            t("fx_col_month", lang): f"{r.month:%Y-%m}", t("fx_col_currency", lang): r.currency,
            t("fx_col_reporting", lang): r.reporting,
            t("fx_col_rate", lang): i18n.fmt_number(r.rate, lang, 4)} for r in stored]))
    else:
        st.caption(t("fx_none", lang))
    if not ui_access.can("upload"):
        return
    ws = state.settings()
    options = list(dict.fromkeys([c for c in (ws.get("currency"), *state.currencies(), *COMMON) if c]))
    reporting = st.selectbox(t("fx_reporting", lang), options, key="fx_reporting",
                             help=t("fx_reporting_help", lang))
    upload = ui.file_uploader(t("fx_upload", lang), ["csv"], "fx_upload", lang,
                              help=t("fx_upload_help", lang))
    typed = st.text_area(t("fx_typed", lang), key="fx_typed",
                         placeholder="month,currency,rate\n2025-03,GBP,1.19")
    if st.button(t("fx_save", lang), key="fx_save", disabled=not (upload or typed.strip())):
        try:
            if upload:
                data = upload.getvalue()
                uploads.check_upload(upload.name, data)
                text, _ = decode(data)   # as an export's: UTF-8, a spreadsheet's Windows-1252, UTF-16
            else:
                text = typed
            count = fx.save(store, fx.parse(text, reporting))
        except (fx.RatesError, Refused) as exc:
            st.warning(t("fx_refused", lang, reason=ui.md_escape(say_error(exc, lang))), icon=":material/block:")
            return
        st.session_state[_FLASH] = t("fx_saved", lang, count=count)
        st.rerun()
