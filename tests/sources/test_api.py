"""The connectors' shared helpers (lib/sources/api.py)."""
from __future__ import annotations

from datetime import date

from lib.sources.api import windows

D = date(2025, 1, 30)


def test_windows_cover_every_day_once_in_order():
    assert windows(D, date(2025, 2, 14), 7) == [(D, date(2025, 2, 5)), (date(2025, 2, 6), date(2025, 2, 12)),
                                               (date(2025, 2, 13), date(2025, 2, 14))]
    assert windows(D, date(2025, 2, 12), 7)[-1] == (date(2025, 2, 6), date(2025, 2, 12))   # an exact multiple
    assert windows(D, D, 31) == [(D, D)]
    assert windows(D, date(2025, 1, 29), 31) == []   # an empty range asks nothing
