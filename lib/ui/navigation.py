"""The page registry: every page of the app, in menu order, as data. app.py builds st.navigation
from it; the bench and the tests read it rather than parsing app.py."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from lib.i18n import t


@dataclass(frozen=True)
class Page:
    """One page: its file, its key (URL path and `page_<key>` title), icon and menu section."""
    path: str
    key: str
    icon: str
    section: str
    default: bool = False   # the landing page, unless a home dashboard is set


PAGES = (
    Page("pages/overview.py", "overview", ":material/dashboard:", "analyse", default=True),
    Page("pages/dashboards.py", "dashboards", ":material/space_dashboard:", "analyse"),
    Page("pages/journey.py", "journey", ":material/route:", "analyse"),
    Page("pages/top_content.py", "top_content", ":material/star:", "analyse"),
    Page("pages/experiments.py", "experiments", ":material/science:", "analyse"),
    Page("pages/customers.py", "customers", ":material/group:", "analyse"),
    Page("pages/site.py", "site", ":material/language:", "channels"),
    Page("pages/paid.py", "paid", ":material/ads_click:", "channels"),
    Page("pages/search.py", "search", ":material/search:", "channels"),
    Page("pages/social.py", "social", ":material/groups:", "channels"),
    Page("pages/email.py", "email", ":material/mail:", "channels"),
    Page("pages/objectives.py", "objectives", ":material/flag:", "steer"),
    Page("pages/campaigns.py", "campaigns", ":material/campaign:", "steer"),
    Page("pages/alerts.py", "alerts", ":material/notifications:", "steer"),
    Page("pages/data.py", "data", ":material/upload_file:", "data"),
    Page("pages/glossary.py", "glossary", ":material/menu_book:", "help"),
)
HOME = "dashboards"   # the page that becomes the default when a home dashboard is set


def menu(lang: str, home: bool = False):
    """st.navigation over PAGES, in sections (`section_<name>`); `home` lands on the dashboards."""
    sections: dict[str, list[st.Page]] = {}
    for page in PAGES:
        default = page.key == HOME if home else page.default
        sections.setdefault(t(f"section_{page.section}", lang), []).append(
            st.Page(page.path, title=t(f"page_{page.key}", lang), icon=page.icon, url_path=page.key,
                    default=default))
    return st.navigation(sections, expanded=True)


def leave_pages_discovery() -> None:
    """Rerun through app.py's st.navigation when Streamlit started in pages/ discovery mode.

    Until st.navigation has run once, a fresh server treats pages/ as Streamlit's own
    auto-discovered pages: the first request would show file names as the menu, skip
    set_page_config, or run a deep-linked page without the frame. One rerun fixes it.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
