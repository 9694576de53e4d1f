"""The uploader's own words in the page's language (lib/ui/uploader.py): the style sheet that
draws them, and every uploader of the app going through it."""
from __future__ import annotations

import re
from pathlib import Path

from lib.ui import uploader
from tests.conftest import ROOT


def test_the_style_draws_the_button_and_the_note_for_the_uploader_key_only():
    css = uploader.style("data_upload", ["csv", ".TSV", "csv", "xlsx"], "fr", multiple=True)
    assert css.startswith("<style>") and css.endswith("</style>")
    assert 'content: "Parcourir"' in css and 'content: "Déposez les fichiers ici"' in css
    assert 'content: "Déposez le fichier ici"' in uploader.style("obj_import", ["csv"], "fr")
    # Streamlit's own list of types: upper case, dot dropped, each once, in the given order
    assert 'content: "200 Mo par fichier • CSV, TSV, XLSX"' in css
    scopes = set(re.findall(r"\.st-key-([\w-]+) ", css))
    assert scopes == {"data_upload"}


def test_a_key_is_written_as_streamlit_writes_its_class_name():
    # Streamlit: "st-key-" + key.trim() with every character outside [a-zA-Z0-9_-] as "-"
    css = uploader.style(" ws import.1é ", ["zip"], "fr")
    assert ".st-key-ws-import-1- " in css


def test_no_translated_word_can_close_the_declaration():
    assert uploader._css_text('a"b\\c</style>') == '"a\\22 b\\5c c\\3c /style\\3e "'


def test_every_uploader_of_the_app_goes_through_the_helper():
    """A bare st.file_uploader would show Streamlit's English words on a French page."""
    files = [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "lib").rglob("*.py")]
    bare = [str(p.relative_to(ROOT)) for p in files
            if "st.file_uploader(" in p.read_text() and p != Path(uploader.__file__)]
    assert bare == [] and "st.file_uploader(" in (ROOT / "lib/ui/uploader.py").read_text()
