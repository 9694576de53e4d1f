"""The Alerts page's delivery set-up: the channels (e-mail, Slack, Teams, JSON webhook), a test
button for each that says what the server answered, and the app address used in links.

Secrets typed here go to the local secrets file (lib.alerts.channels), never back to the page:
a password or URL field is always empty, and leaving it empty keeps what is set.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import i18n, ui
from lib.alerts import channels
from lib.i18n import t
from lib.i18n.messages import Message, say_error
from lib.ui import access as ui_access
from lib.ui import alerts as ui_alerts


def section(f: ui.Filters) -> None:
    found = ui_alerts.all_channels()
    lang = f.lang
    if found:
        ui.dataframe(pd.DataFrame([{
            "name": c.name, "kind": t(f"alert_chkind_{c.kind}", lang), "lang": t(f"alert_lang_{c.lang}", lang),
            "to": ", ".join(c.to), "secret": t(f"alert_secret_{c.secret_from or 'missing'}", lang),
            "ready": t("alert_yes" if c.ready else "alert_no", lang)} for c in found.values()]),
            column_config={"name": t("alert_channel", lang), "kind": t("alert_channel_kind", lang),
                           "lang": t("alert_channel_lang", lang), "to": t("alert_channel_to", lang),
                           "secret": t("alert_channel_secret", lang), "ready": t("alert_channel_ready", lang)})
    else:
        st.info(t("alert_no_channels", lang))
    if not ui_access.can("edit_rules"):
        return
    _tests(found, lang)
    _editor(found, lang)
    _address(lang)


def _tests(found: dict, lang: str) -> None:
    for cid, channel in found.items():
        left, middle, right = st.columns([3, 1, 1])
        left.markdown(f"**{ui.md_escape(channel.name)}** · {t(f'alert_chkind_{channel.kind}', lang)}")
        if middle.button(t("alert_test", lang), key=f"alert_test_{cid}", icon=":material/send:",
                         disabled=not channel.ready):
            with st.spinner(t("alert_testing", lang)):
                ok, said = channels.test(channel, lang, ui_alerts.app_url())
            st.session_state[f"alert_tested_{cid}"] = (ok, said)
        if channel.origin == "store" and right.button(t("alert_delete", lang), key=f"alert_chdel_{cid}",
                                                      icon=":material/delete:"):
            channels.delete(ui.store(), cid)
            st.session_state["alert_flash"] = t("alert_channel_deleted", lang, name=channel.name)
            st.rerun()
        tested = st.session_state.get(f"alert_tested_{cid}")
        if tested:
            (st.success if tested[0] else st.warning)(ui.md_escape(tested[1]))


def _editor(found: dict, lang: str) -> None:
    editable = {cid: c for cid, c in found.items() if c.origin == "store"}
    with st.expander(t("alert_channel_setup", lang), expanded=not found):
        cid = st.selectbox(t("alert_channel_pick", lang), [None, *editable], key="alert_ch_pick",
                           format_func=lambda i: t("alert_channel_new", lang) if i is None else editable[i].name)
        current = editable.get(cid)
        kind = current.kind if current else st.selectbox(
            t("alert_channel_kind", lang), channels.KINDS, key="alert_ch_kind",
            format_func=lambda k: t(f"alert_chkind_{k}", lang))
        st.caption(t(f"alert_chhelp_{kind}", lang, env=channels.env_name(cid or "<id>")))
        key = f"alert_ch_{cid or 'new'}_{kind}_"
        c = current or channels.Channel("", kind, lang=lang)
        with st.form(f"alert_ch_form_{key}"):
            name = st.text_input(t("alert_channel", lang), c.name, key=f"{key}name")
            chosen_lang = st.selectbox(t("alert_channel_lang", lang), i18n.LANGS, key=f"{key}lang",
                                       index=list(i18n.LANGS).index(c.lang),
                                       format_func=lambda code: t(f"alert_lang_{code}", lang))
            fields = {}
            if kind == "email":
                fields["to"] = st.text_input(t("alert_channel_to", lang), ", ".join(c.to), key=f"{key}to")
                fields["smtp_host"] = st.text_input(t("alert_smtp_host", lang), c.smtp_host, key=f"{key}host")
                fields["smtp_port"] = st.number_input(t("alert_smtp_port", lang), 1, 65535, int(c.smtp_port),
                                                      key=f"{key}port")
                fields["smtp_tls"] = st.selectbox(t("alert_smtp_tls", lang), channels.notify.TLS_MODES,
                                                  index=channels.notify.TLS_MODES.index(c.smtp_tls), key=f"{key}tls",
                                                  format_func=lambda m: t(f"alert_tls_{m}", lang))
                fields["smtp_user"] = st.text_input(t("alert_smtp_user", lang), c.smtp_user, key=f"{key}user")
                fields["smtp_from"] = st.text_input(t("alert_smtp_from", lang), c.smtp_from, key=f"{key}from")
            label = "alert_smtp_password" if kind == "email" else "alert_webhook_url"
            secret = st.text_input(t(label, lang), "", type="password", key=f"{key}secret",
                                   help=t("alert_secret_help", lang))
            submitted = st.form_submit_button(t("alert_save", lang), type="primary", key=f"{key}save")
        if not submitted:
            return
        try:
            new_id = cid or _free_id(channels.slug(name), found)
            if kind != "email" and not secret and not (current and current.secret):
                raise channels.ChannelError(Message.worded("alert_url_needed"))
            channels.save(ui.store(), channels.Channel(new_id, kind, name, chosen_lang, **fields), secret or None)
        except channels.ChannelError as exc:
            st.error(t("alert_channel_invalid", lang, error=ui.md_escape(say_error(exc, lang))))
            return
        st.session_state["alert_flash"] = t("alert_channel_saved", lang, name=name.strip())
        st.rerun()


def _free_id(base: str, found: dict) -> str:
    cid, n = base, 2
    while cid in found:
        cid, n = f"{base[:36]}-{n}", n + 1
    return cid


def _address(lang: str) -> None:
    with st.form("alert_app_url_form"):
        url = st.text_input(t("alert_app_url", lang), ui_alerts.app_url(), key="alert_app_url",
                            help=t("alert_app_url_help", lang))
        if st.form_submit_button(t("alert_save", lang), key="alert_app_url_save"):
            try:
                channels.set_app_url(ui.store(), url)
            except channels.ChannelError as exc:
                st.error(t("alert_channel_invalid", lang, error=ui.md_escape(say_error(exc, lang))))
                return
            st.session_state["alert_flash"] = t("alert_app_url_saved", lang)
            st.rerun()
