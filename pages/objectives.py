"""Objectives: progress of each (status and its rule, forecast, chart), the SMART form, CSV."""
import streamlit as st

from lib import ui
from lib.i18n import t
from lib.i18n.messages import say_error
from lib.objectives import tracker as objectives
from lib.ui import access as ui_access
from lib.ui import objective_form as ui_objective_form
from lib.ui import objectives as ui_objectives

f = ui.filters()
st.title(t("page_objectives", f.lang))
if not ui.any_data():
    ui.empty_state(f.lang)
    st.stop()

store = ui.store()
show_archived = st.toggle(t("obj_show_archived", f.lang), key="obj_show_archived")
listed = objectives.list_objectives(store, include_archived=show_archived)
if not listed:
    st.info(t("obj_none", f.lang))
for obj in listed:
    ui_objectives.card(obj, f, key=f"page_{obj['id']}")
    label = t("obj_unarchive" if obj["archived"] else "obj_archive", f.lang)
    if ui_access.can("edit_objectives") and st.button(label, key=f"obj_archive_{obj['id']}"):
        objectives.archive(store, obj["id"], archived=not obj["archived"])
        st.rerun()

if not ui_access.can("edit_objectives"):
    ui_access.read_only(f.lang)
else:
    st.subheader(t("obj_new", f.lang))
    ui_objective_form.form(f.lang, "new")

if listed and ui_access.can("edit_objectives"):
    st.subheader(t("obj_edit", f.lang))
    names = {o["id"]: o["name"] for o in listed}
    chosen = st.selectbox(t("obj_edit_which", f.lang), list(names), format_func=names.get, key="obj_edit_which")
    ui_objective_form.form(f.lang, f"edit_{chosen}", objectives.get(store, chosen))

st.subheader(t("obj_csv", f.lang))
st.download_button(t("obj_export", f.lang), lambda: objectives.export_csv(store), "objectives.csv", "text/csv",
                   key="obj_export", on_click="ignore")
upload = (ui.file_uploader(t("obj_import", f.lang), ["csv"], "obj_import", f.lang)
          if ui_access.can("edit_objectives") else None)
if upload is not None and st.button(t("obj_import_go", f.lang), key="obj_import_go"):
    try:
        result = objectives.import_csv(store, upload.getvalue())
        st.success(t("obj_imported", f.lang, count=result["created"], updated=result["updated"]))
    except objectives.ObjectiveError as exc:
        st.error(f"{t('obj_import_failed', f.lang)} {ui.md_escape(say_error(exc, f.lang))}")
