"""AppTest as the benches drive it."""
from __future__ import annotations

from collections.abc import Callable


def use_app_pages() -> Callable[[], None]:
    """Keep the pages app.py declares (st.navigation): AppTest resets pages/ discovery before every
    run (see tests/conftest.py). Returns the function that undoes it."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    return lambda: setattr(PagesManager, "__init__", original)
