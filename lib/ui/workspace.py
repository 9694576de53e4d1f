"""Streamlit pieces of workspace persistence: the Data page section (ephemeral-storage warning,
download of the workspace file, import with a confirmation, rebuild from the API pulls). The work
itself is in lib/store/workspace.py.
"""
from __future__ import annotations

import streamlit as st

from lib import i18n, ui
from lib.i18n import t
from lib.i18n.messages import say, say_error, why
from lib.ingest import connections, uploads
from lib.ingest import pull as pulling
from lib.sources.base import Refused
from lib.store import workspace
from lib.ui import secrets as ui_secrets

_FLASH, _CHECKED, _ROUND = "ws_flash", "ws_checked", "ws_import_round"


def workspace_section(lang: str) -> None:
    """The end of the Data page: where the workspace lives, export, import, rebuild."""
    store = ui.store()
    secrets = ui_secrets.available()
    st.subheader(t("ws_title", lang))
    if workspace.is_ephemeral(store.path, secrets=secrets):
        st.warning(t("ws_ephemeral", lang), icon=":material/cloud_off:")
    elif store.path.startswith("md:"):
        st.caption(t("ws_motherduck", lang))
    else:
        st.caption(t("ws_intro", lang))
    name = ui.settings().get("workspace_name") or ""
    # Built when clicked, on its own thread: a page run never pays for the export.
    st.download_button(t("ws_export", lang), data=lambda: workspace.export_workspace(store),
                       file_name=workspace.file_name(name), mime="application/zip",
                       key="ws_export", on_click="ignore", icon=":material/download:",
                       help=t("ws_export_help", lang))
    import_section(store, lang)
    rebuild_section(store, secrets, lang)


def import_section(store, lang: str) -> None:
    """Upload a workspace file, see what it holds, tick, confirm: everything is replaced."""
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        (st.success if flash[0] == "success" else st.warning)(flash[1])
    # Behind a toggle: replacing the workspace is rare, and the page keeps one uploader in view.
    if not st.toggle(t("ws_import_open", lang), key="ws_import_open"):
        return
    # A new key after an import empties the uploader, so the same file is not imported twice.
    upload = ui.file_uploader(t("ws_import", lang), ["zip"], f"ws_import_{st.session_state.get(_ROUND, 0)}", lang,
                              help=t("ws_import_help", lang))
    if upload is None:
        return
    checked = st.session_state.setdefault(_CHECKED, {})
    if upload.file_id not in checked:
        checked.clear()
        checked[upload.file_id] = _check(store, upload.name, upload.getvalue())
    found = checked[upload.file_id]
    if isinstance(found, str):   # why it was refused, worded in the page's language
        st.warning(t("ws_import_refused", lang, reason=ui.md_escape(say(found, lang))), icon=":material/block:")
        return
    st.markdown(t("ws_import_summary", lang, exported=ui.md_escape(found["exported"]), tables=ui.md_escape(found["tables"]),
                  rows=i18n.fmt_number(found["rows"], lang),
                  current=i18n.fmt_number(found["current"], lang)))
    sure = st.checkbox(t("ws_import_sure", lang), key=f"ws_sure_{upload.file_id}")
    if st.button(t("ws_import_confirm", lang), key="ws_import_go", type="primary", disabled=not sure,
                 icon=":material/settings_backup_restore:"):
        try:
            done = workspace.import_workspace(store, upload.getvalue())
        except workspace.WorkspaceError as exc:
            st.session_state[_FLASH] = ("warning", t("ws_import_refused", lang,
                                                     reason=ui.md_escape(say_error(exc, lang))))
        else:
            st.session_state[_FLASH] = ("success", t(
                "ws_imported", lang, imported=i18n.fmt_number(done["imported"], lang),
                replaced=i18n.fmt_number(done["replaced"], lang)))
            st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
            checked.clear()
        st.rerun()


def _check(store, name: str, data: bytes) -> dict | str:
    """What a workspace file holds, or why it is refused (checked once per uploaded file): the
    Message the refusal carries (English as a str, worded in the page's language where shown, so
    a change of language words the same check again), else the refusal's text."""
    try:
        uploads.check_upload(name, data)   # the gate every upload meets, then the Parquet budget
        manifest, tables = workspace.read_workspace(store, data)
    except (Refused, workspace.WorkspaceError) as exc:
        return why(exc)
    current = sum(store.scalar(f'SELECT count(*) FROM "{name}"')
                  for name in workspace.workspace_tables(store))
    return {"exported": str(manifest.get("exported_at") or "?")[:10], "tables": len(tables),
            "rows": sum(tb.num_rows for tb in tables.values()), "current": current}


def rebuild_section(store, secrets: dict, lang: str) -> None:
    """Pull every configured API source again (after the local file vanished)."""
    st.markdown(f"**{t('ws_rebuild_title', lang)}**")
    config = connections.load(secrets)
    ready = connections.configured_sources(config)
    if not ready:
        st.caption(t("ws_rebuild_none", lang))
        return
    st.caption(t("ws_rebuild_help", lang, sources=", ".join(ready)))
    if st.button(t("ws_rebuild", lang), key="ws_rebuild", icon=":material/cloud_sync:"):
        with st.spinner(t("ws_rebuilding", lang)):
            results = pulling.rebuild(store, config)
        for summary in results:
            source = summary.get("source", "?")
            if summary.get("status") == "ok":
                st.success(t("ws_rebuild_ok", lang, source=ui.md_escape(source)))
            else:
                st.warning(t("ws_rebuild_failed", lang, source=source, error=ui.md_escape(summary.get("error", ""))))
