"""Every page, in French and in English, reads in the page's words (issue 18): no table column of
numbers left in Streamlit's browser-locale format, and no code (platform, network, table or KPI
id) where a person reads a name."""
from __future__ import annotations

import json

import pyarrow as pa
import pytest

from lib import i18n
from lib.i18n import names
from lib.kpis import catalogue as kpis
from lib.ui import navigation
from tests.conftest import assert_clean

CODES = (set(names.codes("platform")) | set(names.codes("network")) | set(names.codes("table"))
         | {k.id for k in kpis.CATALOGUE}) - {"x", "display", "email", "mobile", "audio", "sms", "direct"}
# Values that are the same word in the code and in the name ("Mentions" is a table and a word).
SAME = {"mentions", "orders", "leads"}
# Columns and pickers whose values are the user's own words: GA4's sources are UTM values
# ("facebook" is what the campaign's links say), the glossary's id column is the KPI id the
# command line and dashboards take (the contract), shown on purpose.
OWN_WORDS = {"source_name", "source", "id"}


def _display(frame_element) -> tuple[list[str], dict, object]:
    """(numeric column names, {column: display texts} from the Styler, the raw frame)."""
    raw = frame_element.value
    config = json.loads(frame_element.proto.columns or "{}")
    numeric = [c for c in raw.columns
               if raw[c].dtype.kind in "iuf" and (config.get(str(c), {}).get("type_config") or {}).get("type") != "progress"
               and raw[c].notna().any()]
    texts = {}
    data = frame_element.proto.arrow_data.styler.display_values
    if data:
        shown = pa.ipc.open_stream(data).read_all().to_pandas()
        texts = {c: [str(v) for v in shown[c]] for c in shown.columns}
    return numeric, texts, raw


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("page", [p.path for p in navigation.PAGES])
def test_tables_and_pickers_speak_the_page_language(demo_db, app_test, page, lang):
    at = app_test(demo_db, lang, page)
    assert_clean(at)
    for element in at.dataframe:
        if element.editing_mode != "read_only":
            continue
        numeric, texts, raw = _display(element)
        for column in numeric:
            assert column in texts, f"{page}: column {column!r} left in the browser's number format"
            cells = [t for t, v in zip(texts[column], raw[column], strict=True) if v == v and v is not None]
            assert all(cells), (page, column, cells[:3])
            if lang == "fr":   # French: decimal comma, spaces between thousands, never a point
                assert not any("." in c for c in cells), (page, column, cells[:3])
        for column in raw.columns:
            if column in OWN_WORDS:
                continue
            if raw[column].dtype == object or str(raw[column].dtype) in ("str", "string"):
                shown = texts.get(column) or [str(v) for v in raw[column]]
                # a cell listing several ("ad_performance,conversations") leaks as much as one
                leaked = sorted({p for v in shown for p in str(v).split(",") if p.strip() in CODES
                                 and p.strip() not in SAME})
                assert not leaked, f"{page}: codes shown in column {column!r}: {leaked}"
    source = i18n.t("dim_source_name", lang)
    for picker in list(at.selectbox) + list(at.multiselect) + list(at.radio):
        if source in picker.label:
            continue
        leaked = sorted({o for o in picker.options if o in CODES and o not in SAME})
        assert not leaked, f"{page}: codes offered in {picker.label!r}: {leaked}"
    for metric in at.metric:
        assert metric.label not in CODES, (page, metric.label)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_changes_in_tables_are_signed_like_the_cards(demo_db, app_test, lang):
    """A change column reads "+23,2 %" as the cards do, not "23,2 %" for a rise."""
    at = app_test(demo_db, lang, "pages/search.py")
    assert_clean(at)
    _, texts, raw = _display(at.dataframe[0])
    shown = [t for t, v in zip(texts["seo_clicks_delta"], raw["seo_clicks_delta"], strict=True) if v == v]
    assert shown and all(t == i18n.fmt_delta(v, lang) for t, v in zip(
        shown, raw["seo_clicks_delta"].dropna(), strict=True))
    assert any(t.startswith("+") for t in shown)
