"""Streamlit components for timeline notes: a form to add one, the list with delete.

The Data page shows both; channel pages put the form under their trend ("from a chart").
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from lib import i18n, ui
from lib.channels import annotations
from lib.i18n import t
from lib.i18n.messages import say_error
from lib.ui import access as ui_access


def kind_label(kind: str | None, lang: str) -> str:
    """A kind's name in `lang`; kinds from older notes or the demo are shown as they are."""
    key = f"ann_kind_{kind}"
    return t(key, lang) if key in i18n.STRINGS else (kind or "")


def channel_label(channel: str | None, lang: str) -> str:
    if not channel or channel == "all":
        return t("ann_channel_all", lang)
    key = f"glossary_ch_{channel}"
    return t(key, lang) if key in i18n.STRINGS else channel


def annotation_form(lang: str, key: str, channel: str = "all", day: date | None = None) -> int | None:
    """A form to add a dated note; returns the new note's id when one was added on this run."""
    if not ui_access.can("edit_annotations"):
        ui_access.read_only(lang)
        return None
    channels = list(annotations.CHANNELS)
    with st.form(f"ann_form_{key}", clear_on_submit=True):
        left, mid, right = st.columns([1, 1, 1])
        picked_day = left.date_input(t("ann_day", lang), value=day or date.today() - timedelta(days=1),
                                     format="DD/MM/YYYY", key=f"ann_day_{key}")
        kind = mid.selectbox(t("ann_kind", lang), annotations.KINDS, key=f"ann_kind_{key}",
                             format_func=lambda k: kind_label(k, lang))
        picked_channel = right.selectbox(t("ann_channel", lang), channels, key=f"ann_channel_{key}",
                                         index=channels.index(channel) if channel in channels else 0,
                                         format_func=lambda c: channel_label(c, lang))
        text = st.text_input(t("ann_text", lang), key=f"ann_text_{key}", max_chars=annotations.MAX_TEXT)
        submitted = st.form_submit_button(t("ann_submit", lang))
    if not submitted:
        return None
    if not (text or "").strip():
        st.warning(t("ann_empty_text", lang))
        return None
    try:
        new_id = annotations.add(ui.store(), picked_day, text, kind, picked_channel)
    except ValueError as exc:   # AnnotationError: the reason in the page's language
        st.warning(ui.md_escape(say_error(exc, lang)))
        return None
    st.success(t("ann_added", lang, text=ui.md_escape(text.strip())))
    return new_id


def annotation_list(lang: str, key: str = "notes") -> None:
    """Every note, latest first, downloadable, with a delete control."""
    notes = annotations.list(ui.store()).sort_values(["day", "id"], ascending=False)
    if notes.empty:
        st.caption(t("ann_none", lang))
        return
    shown = pd.DataFrame({
        "day": pd.to_datetime(notes["day"]).dt.date,
        "kind": [kind_label(k, lang) for k in notes["kind"]],
        "channel": [channel_label(c, lang) for c in notes["channel"]],
        "text": notes["text"],
    })
    ui.dataframe(shown, column_config={
        "day": st.column_config.DateColumn(t("ann_day", lang), format="DD/MM/YYYY"),
        "kind": t("ann_kind", lang), "channel": t("ann_channel", lang), "text": t("ann_text", lang)})
    ui.downloads(shown, f"annotations_{key}")
    if not ui_access.can("edit_annotations"):
        return
    labels = {int(r.id): f"{i18n.fmt_date(pd.Timestamp(r.day).date(), lang)} · {r.text}"
              for r in notes.itertuples()}
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    picked = left.selectbox(t("ann_delete_pick", lang), list(labels), key=f"ann_pick_{key}",
                            format_func=lambda i: labels.get(i, str(i)))
    if right.button(t("ann_delete", lang), key=f"ann_delete_{key}"):
        try:
            annotations.delete(ui.store(), picked)
        except ValueError as exc:
            st.warning(ui.md_escape(say_error(exc, lang)))
            return
        st.toast(t("ann_deleted", lang))
        st.rerun()
