"""st.file_uploader in the page's language.

Streamlit writes the uploader's button ("Upload") and its size note ("200MB per file • CSV") in
English only, with no parameter to change them (streamlit/streamlit#13500). For another language,
a style sheet scoped to the widget's key (Streamlit's `st-key-<key>` class) draws our words in
their place; the note keeps Streamlit's own list of types. English pages keep Streamlit's text.

Streamlit also refuses a file of another type in the browser, in English and by MIME type
("application/vnd.ms-excel files are not allowed"). An uploader whose files our own checks
refuse in the page's language, saying what to do (lib/ingest/uploads.py: "save it as .xlsx or
CSV"), lets every file through (checked=True) and still lists the accepted types in its note.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import streamlit as st

from lib.i18n import t


def file_uploader(label: str, types: Sequence[str], key: str, lang: str, checked: bool = False, **kwargs):
    """st.file_uploader(label, type=types, key=key, **kwargs) with its words in LANG; CHECKED:
    the caller refuses other types itself, so the browser lets them through."""
    upload = st.file_uploader(label, type=None if checked else list(types), key=key, **kwargs)
    if lang != "en" or checked:   # a body of <style> only takes no room on the page
        st.html(style(key, types, lang, multiple=bool(kwargs.get("accept_multiple_files"))))
    return upload


def style(key: str, types: Sequence[str], lang: str, multiple: bool = False) -> str:
    """The CSS that replaces the English words of the uploader KEY: its button, its note and the
    line shown while a file is dragged over it (font-size 0 hides Streamlit's text; ::after draws
    ours at the size Streamlit uses, 14px)."""
    note = t("upload_limit", lang, mb=st.get_option("server.maxUploadSize"))
    if types:
        note += " • " + ", ".join(dict.fromkeys(kind.lstrip(".").upper() for kind in types))
    zone = f".st-key-{_css_name(key)} [data-testid='stFileUploaderDropzone']"
    words = {f"{zone} button [data-testid='stMarkdownContainer'] p": t("upload_button", lang),
             f"{zone} [data-testid='stFileUploaderDropzoneInstructions'] span": note,
             f"{zone} > div:not([data-testid]) > span": t("upload_drop", lang, count=2 if multiple else 1)}
    rules = [f"{where} {{font-size: 0}} {where}::after {{content: {_css_text(text)}; font-size: 0.875rem}}"
             for where, text in words.items()]
    return "<style>" + " ".join(rules) + "</style>"


def _css_name(key: str) -> str:
    """The key as Streamlit writes it in the class name (ASCII letters, digits, - and _ kept)."""
    return re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def _css_text(text: str) -> str:
    """A CSS string: quotes and backslashes escaped, no way out of the declaration."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\<>\n' else c for c in text) + '"'
