"""Pages ranked by friction: hand-computed scores, floor of sessions, ties."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.channels import friction


def frame(rows):
    return pd.DataFrame(rows, columns=["page", *friction.KPIS])


def test_pages_ranked_by_rage_plus_dead_clicks_per_session_above_the_floor():
    pages = frame([
        ["/", 1000, 0.01, 0.10, 0.5, 0.02],        # score 0.11
        ["/panier", 400, 0.05, 0.15, 0.4, 0.05],   # score 0.20
        ["/rare", 10, 0.50, 0.50, 0.1, 0.30],      # 10 sessions: under the floor of 30
        ["/aide", 30, 0.00, 0.11, 0.9, 0.00],      # score 0.11, fewer sessions than "/"
        ["/vide", 60, None, None, None, None],     # no click recorded: score 0
    ])
    ranked = friction.ranked_pages(pages)
    assert list(ranked["page"]) == ["/panier", "/", "/aide", "/vide"]
    assert list(ranked["score"]) == pytest.approx([0.20, 0.11, 0.11, 0.0])
    assert list(friction.ranked_pages(pages, most=1)["page"]) == ["/panier"]


def test_floor_grows_with_the_window_and_empty_is_empty():
    big = frame([["/", 20_000, 0.1, 0.1, 0.5, 0.1], ["/petit", 80, 0.9, 0.9, 0.5, 0.1]])
    # 0.5 % of 20,080 sessions is 100.4: the 80-session page does not rank
    assert list(friction.ranked_pages(big)["page"]) == ["/"]
    assert friction.ranked_pages(frame([])).empty
