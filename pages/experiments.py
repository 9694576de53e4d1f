"""A/B tests: variants from a stored test, a typed-in table or CSV, email subjects or a GA4 split;
the comparison (rates, means, Holm or BH, SRM, guards, sequential reading, guardrails, CUPED,
verdict) and the planning of a new test."""
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
    picked = ui_experiments.stored(f)
elif mode == "manual":
    picked = ui_experiments.typed_in(f)
elif mode == "email":
    picked = ui_experiments.email(f)
else:
    picked = ui_experiments.ga4(f)

if picked is not None and len(picked.frame) < 2:
    st.info(t("exp_need_two", f.lang))
elif picked is not None:
    ui_experiments.comparison(picked, mode, randomised, f)

ui_experiments.explain(f.lang)
ui_experiments.planner(f.lang)
