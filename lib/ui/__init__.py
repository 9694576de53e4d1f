"""The only package under lib that imports streamlit: cached state, sidebar, blocks, one module per section.

Pages write `from lib import ui` and call what is re-exported here; a section's own module
(`lib.ui.alerts`, `lib.ui.sources`...) is imported by name. `ui.sidebar` is the function: take
the sidebar module's other names with `from lib.ui.sidebar import ...`.
"""
from lib.ui.blocks import (
    any_data,
    cards,
    channel_header,
    chart,
    chart_spec,
    column_config,
    dataframe,
    downloads,
    draw_spec,
    empty_state,
    no_rows,
    notes,
    platform_names,
    rates_caption,
    require_data,
    shown_view,
    table,
    trend,
    value_text,
)
from lib.ui.markdown import md_escape
from lib.ui.navigation import leave_pages_discovery
from lib.ui.sidebar import COMPARES, PRESETS, filters, preset_window, sidebar
from lib.ui.state import Filters, cached, chart_annotations, kpi, settings, store, table_state
from lib.ui.uploader import file_uploader

__all__ = [
    "COMPARES", "PRESETS", "Filters", "any_data", "cached", "cards", "channel_header", "chart",
    "chart_annotations", "chart_spec", "column_config", "dataframe", "downloads", "draw_spec", "empty_state", "file_uploader", "filters", "kpi",
    "leave_pages_discovery", "md_escape", "no_rows", "notes", "platform_names", "preset_window", "rates_caption", "require_data", "settings", "shown_view",
    "sidebar", "store", "table", "table_state", "trend", "value_text",
]
