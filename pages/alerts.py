"""Alerts: the state of every rule, the delivery channels, the digests and reports and the last
scheduled run, the rules (create, edit, enable, snooze, delete, backtest), the history."""
import streamlit as st

from lib import ui
from lib.i18n import t
from lib.ui import access as ui_access
from lib.ui import alert_delivery
from lib.ui import alerts as ui_alerts
from lib.ui import schedule as ui_schedule

f = ui.filters()
st.title(t("page_alerts", f.lang))
ui_alerts.flash()

st.subheader(t("alert_status", f.lang))
ui_alerts.status(f)

st.subheader(t("alert_delivery_title", f.lang))
alert_delivery.section(f)

st.subheader(t("sched_title", f.lang))
ui_schedule.section(f)

st.subheader(t("alert_rules", f.lang))
if ui_access.can("edit_rules"):
    ui_alerts.editor(f)
else:
    ui_access.read_only(f.lang)

st.subheader(t("alert_history", f.lang))
ui_alerts.history(f)
