"""Every file format has its name in each language (the Data page says what it detected, the load
history what each load was), the English one being the format's own LABEL (what the CLI says)."""
from __future__ import annotations

import pytest

from lib import i18n, sources


@pytest.mark.parametrize("module", [m for m in sources.FORMATS if not hasattr(m, "FORMAT")],
                         ids=lambda m: m.NAME)
def test_every_file_format_is_named_in_each_language(module):
    key = f"format_{module.NAME}"
    assert set(i18n.STRINGS[key]) >= set(i18n.LANGS), key
    assert i18n.t(key, "en") == module.LABEL
    assert i18n.t(key, "fr") != module.LABEL   # said in French, not left in English


def test_the_data_page_says_the_detected_format_in_the_page_language(app_test, workspace):
    from tests.conftest import shared_path

    path = shared_path("data", "real-exports", "meta_ads_manager_gbp", "april-w1.csv")
    for lang, name in (("fr", "Rapport du Gestionnaire de publicités Meta"), ("en", "Meta Ads Manager report")):
        at = app_test(workspace, lang, "pages/data.py")
        at.file_uploader(key="data_upload").set_value([(path.name, path.read_bytes(), "text/csv")]).run()
        assert not at.exception
        said = " ".join(str(m.value) for m in at.markdown)
        assert name in said, said[:400]
