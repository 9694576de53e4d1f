"""A/B tests: variants from a stored test, a typed-in table or CSV, email subjects or a GA4 split;
the comparison (rates, means, Holm, SRM, guards, verdict) and the planning of a new test."""
import streamlit as st

from lib import ui
from lib.i18n import t
from lib.ui import experiments as ui_experiments

f = ui.filters()
st.title(t("page_experiments", f.lang))
st.caption(t("exp_intro", f.lang))

mode = ui_experiments.mode(f)
# A GA4 split is not randomised: its SRM check and planned split do not apply.
randomised = mode != "ga4"
if mode == "stored":
    frame = ui_experiments.stored(f)
elif mode == "manual":
    frame = ui_experiments.typed_in(f)
elif mode == "email":
    frame = ui_experiments.email(f)
else:
    frame = ui_experiments.ga4(f)

if frame is not None and len(frame) < 2:
    st.info(t("exp_need_two", f.lang))
elif frame is not None:
    ui_experiments.comparison(frame, mode, randomised, f)

ui_experiments.explain(f.lang)
ui_experiments.planner(f.lang)
