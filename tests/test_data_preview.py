"""The Data page's preview shows figures as the user knows them: Search Console's average
position (position_sum / impressions), not the stored sum; headers by their display names and
codes by their names, in the page's language."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.i18n import names
from lib.sources import generic
from lib.store import schema
from lib.ui.data import group_uploads, preview_table, read_upload, table_views
from tests.conftest import shared_path


def _device_view():
    folder = shared_path("data", "real-exports", "gsc_performance_fr")
    files = [(str(i), f.name, f.read_bytes()) for i, f in enumerate(sorted(folder.glob("*.csv")))]
    (upload,) = group_uploads(files)
    outcome = read_upload(upload)
    views = table_views(outcome.reading.parsed)
    return next(v for v in views if v.grain == ("device",))


@pytest.mark.parametrize("lang, headers, desktop", [
    ("fr", {"device": "Appareil", "clicks": "Clics", "impressions": "Impressions",
            "position": "Position moyenne", "source": "Source des données", "day_from": "Du"}, "Ordinateur"),
    ("en", {"device": "Device", "clicks": "Clicks", "impressions": "Impressions",
            "position": "Average position", "source": "Data source", "day_from": "From"}, "Desktop"),
])
def test_search_console_preview_shows_the_position(lang, headers, desktop):
    view = _device_view()
    assert "position_sum" in view.head                      # what is stored
    frame, config = preview_table(view.head, view.table, lang)
    assert "position_sum" not in frame and "position" in frame
    by_device = frame.set_index("device")
    # The export's own figures: Mobile 13.94, Ordinateur 27.67, Tablette 8.17 (Appareils.csv).
    assert by_device.loc[desktop, "position"] == pytest.approx(27.67, abs=0.005)
    assert by_device.loc["Mobile", "position"] == pytest.approx(13.94, abs=0.005)
    assert by_device.loc[desktop, "impressions"] == 17067753
    assert set(frame["source"]) == {"Search Console"}
    for column, label in headers.items():
        shown = config[column]
        assert (shown["label"] if isinstance(shown, dict) else shown) == label
    assert config["position"]["type_config"]["format"] == "%.1f"
    assert not [c for c in frame.columns if (config[c]["label"] if isinstance(config[c], dict) else config[c]) == c]


def test_a_zero_denominator_shows_no_position_and_scroll_depth_is_a_rate():
    head = pd.DataFrame({"source": ["search_console", "search_console"], "impressions": [200.0, 0.0],
                         "position_sum": [560.0, 0.0]})
    frame, _ = preview_table(head, "search_console", "en")
    assert frame["position"].iloc[0] == pytest.approx(2.8) and pd.isna(frame["position"].iloc[1])
    friction = pd.DataFrame({"source": ["clarity"], "sessions": [40.0], "scroll_depth_sum": [2600.0]})
    frame, config = preview_table(friction, "site_friction", "fr")
    assert frame["scroll_depth"].iloc[0] == pytest.approx(0.65)
    assert frame["source"].iloc[0] == "Microsoft Clarity"
    assert config["scroll_depth"]["label"] == "Profondeur de défilement moyenne"


def test_every_canonical_column_and_mapping_target_has_a_display_name_in_every_language():
    for table in schema.TABLES:
        targets = generic.table_columns(table)          # the column mapping's choices ("day"...)
        for column in ("day_from", "day_to", "source", *schema.columns(table), *targets):
            for lang in ("fr", "en"):
                assert names.column_label(column, lang, table) != column, (table, column, lang)
