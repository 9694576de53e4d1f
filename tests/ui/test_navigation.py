"""lib.ui.navigation: the page registry is complete, unambiguous and translated."""
from __future__ import annotations

from lib.i18n import LANGS, STRINGS
from lib.ui import navigation
from tests.conftest import ROOT


def test_every_page_file_is_registered_once():
    files = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))
    paths = [page.path for page in navigation.PAGES]
    assert sorted(paths) == files
    assert len(set(paths)) == len(paths)


def test_keys_are_unique_url_paths_named_after_their_file():
    keys = [page.key for page in navigation.PAGES]
    assert len(set(keys)) == len(keys)
    assert all(page.path == f"pages/{page.key}.py" for page in navigation.PAGES)


def test_one_default_page_and_the_home_page_exists():
    assert [page.key for page in navigation.PAGES if page.default] == ["overview"]
    assert navigation.HOME in {page.key for page in navigation.PAGES}


def test_titles_and_sections_are_translated():
    for page in navigation.PAGES:
        for key in (f"page_{page.key}", f"section_{page.section}"):
            assert key in STRINGS and all(STRINGS[key].get(lang) for lang in LANGS), key


def test_sections_are_contiguous_in_menu_order():
    sections = [page.section for page in navigation.PAGES]
    seen = list(dict.fromkeys(sections))
    assert sections == sorted(sections, key=seen.index)
