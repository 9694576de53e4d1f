"""Data never renders as Markdown (issue 17): names from files, APIs and workspaces show as typed."""
from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from lib.store import Store
from lib.ui.markdown import md_escape

IMAGE = "google![x](https://attacker/p.png)"


@pytest.mark.parametrize("text, shown", [
    (IMAGE, r"google!\[x\](https://attacker/p.png)"),
    ("[click](https://attacker)", r"\[click\](https://attacker)"),
    ("<img src=x>", r"\<img src=x\>"),
    ("# big", r"\# big"),
    ("**bold** _it_ `code` ~x~ $x$ a|b", r"\*\*bold\*\* \_it\_ \`code\` \~x\~ \$x\$ a\|b"),
    (":red[alarm]", r":red\[alarm\]"),
    ("back\\slash", r"back\\slash"),
    ("bob@x.fr", "bob@x.fr"),                          # ordinary text is unchanged
    (12.5, "12.5"),
])
def test_md_escape(text, shown):
    assert md_escape(text) == shown


def _verdict_app():
    import pandas as pd

    from lib.experiments import data as experiment_data
    from lib.ui import experiments as ui_experiments
    frame = pd.DataFrame({"variant": ["google![x](https://attacker/p.png)", "direct"], "units": [5000.0, 5000.0],
                          "conversions": [150.0, 185.0], "value_sum": [None, None], "value_sq_sum": [None, None]})
    ui_experiments.verdict(experiment_data.analyse(frame), True, "en")


def test_ab_verdict_shows_a_utm_source_as_text():
    at = AppTest.from_function(_verdict_app).run()
    assert not at.exception
    verdict = (at.success or at.info)[0].value
    assert r"google!\[x\](https://attacker/p.png)" in verdict
    assert "![x](" not in verdict


@pytest.fixture
def workspace(demo_db, tmp_path) -> str:
    path = str(tmp_path / "demo.duckdb")
    shutil.copy(demo_db, path)
    return path


def _markdown_texts(at) -> str:
    kinds = ("markdown", "caption", "info", "warning", "success", "error", "expander", "toast")
    return "\n".join(str(getattr(e, "value", None) or getattr(e, "label", "")) for k in kinds for e in at.get(k))


@pytest.mark.parametrize("page, sql", [
    ("pages/overview.py", "UPDATE settings SET value = '{x}' WHERE name = 'workspace_name'"),
    ("pages/objectives.py", "UPDATE objectives SET name = '{x}' WHERE id = (SELECT min(id) FROM objectives)"),
    ("pages/campaigns.py", "UPDATE campaigns SET name = '{x}' WHERE id = (SELECT min(id) FROM campaigns)"),
])
def test_names_from_the_workspace_show_as_text(workspace, app_test, page, sql):
    store = Store(workspace)
    with store.transaction() as cur:
        cur.execute(sql.format(x=IMAGE))
    store.close()
    at = app_test(workspace, "en", page)
    assert not at.exception, [e.value for e in at.exception]
    shown = _markdown_texts(at) + "\n".join(c.value for c in at.sidebar.caption)
    assert r"google!\[x\](https://attacker/p.png)" in shown, "the name is not shown"
    assert IMAGE not in shown, "the name reached Markdown as an image"
