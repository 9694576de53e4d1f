"""Google Business Profile reviews: a `reviews.list` response saved as JSON (README "Community").

Layout (Google My Business API v4, `accounts.locations.reviews`): an object with `reviews` (a list),
`averageRating`, `totalReviewCount` and `nextPageToken`; each review has `name`
(`accounts/{a}/locations/{l}/reviews/{r}`), `reviewId`, `reviewer` {`displayName`, `isAnonymous`},
`starRating` (ONE..FIVE), `comment`, `createTime` and `updateTime` (RFC 3339 UTC, up to nine
decimals), and `reviewReply` {`comment`, `updateTime`} once the owner answered. The reply's
updateTime is its last edit: an edited reply reads as answered later than it was.
"""
from __future__ import annotations

import re
from datetime import datetime

from lib.i18n.messages import Message
from lib.sources import community
from lib.sources.base import Parsed, Refused, Rejected, Sample
from lib.sources.text import json_object

NAME = "google_reviews"
LABEL = "Google Business Profile reviews (JSON)"
STARS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
_REVIEWS = re.compile(r'"reviews"\s*:\s*\[')
_FRACTION = re.compile(r"(\.\d{6})\d+")     # nanoseconds: Python reads microseconds


def detect(sample: Sample) -> float:
    """A JSON object with a `reviews` list whose items carry starRating and createTime (read as
    text: detectors get the first 256 KB, which a long review list overflows)."""
    text = sample.text.lstrip("\ufeff").lstrip()
    if not text.startswith("{") or not _REVIEWS.search(text):
        return 0.0
    return 0.95 if '"starRating"' in text and '"createTime"' in text else 0.0


def _time(value) -> datetime | None:
    """An RFC 3339 UTC time as the business's wall-clock time; ValueError when unreadable."""
    if value in (None, ""):
        return None
    text = _FRACTION.sub(r"\1", str(value)).replace("Z", "+00:00")
    return community.local(datetime.fromisoformat(text))


def sentiment(stars: int | None) -> str | None:
    """1-2 stars negative, 3 neutral, 4-5 positive."""
    if stars is None:
        return None
    return "negative" if stars <= 2 else "neutral" if stars == 3 else "positive"


def parse(sample: Sample) -> list[Parsed]:
    """One conversations row per review; line numbers are the reviews' positions in the list."""
    data = json_object(sample) or {}
    reviews = data.get("reviews")
    if not isinstance(reviews, list) or not reviews:
        raise Refused(Message(f"{sample.name}: no `reviews` list: save the whole reviews.list response.",
                              "msg_reviews_list", name=sample.name))
    items, rejected = [], []
    for n, r in enumerate(reviews, start=1):
        if not isinstance(r, dict):
            rejected.append(Rejected(n, Message(f"review {n} is not an object", "msg_rej_review_object", n=n)))
            continue
        try:
            received = _time(r.get("createTime"))
            replied = _time((r.get("reviewReply") or {}).get("updateTime"))
        except ValueError as exc:
            rejected.append(Rejected(n, Message(f"review {n}: unreadable time ({exc})", "msg_rej_review_time",
                                                n=n, detail=str(exc))))
            continue
        parts = str(r.get("name") or "").split("/")
        location = "/".join(parts[2:4]) if len(parts) >= 4 and parts[2] == "locations" else ""
        reviewer = r.get("reviewer") or {}
        items.append(community.Item(
            n, "google", location, "review", r.get("reviewId") or (parts[-1] if parts else None),
            received, replied, author=None if reviewer.get("isAnonymous") else reviewer.get("displayName"),
            text=r.get("comment"), sentiment=sentiment(STARS.get(r.get("starRating")))))
    frame, refused = community.build(items)
    rejected += refused
    if frame.empty:
        raise Refused(Message(f"{sample.name}: no review could be read (first: review {rejected[0].line}: "
                              f"{rejected[0].reason}).", "msg_reviews_none", name=sample.name,
                              n=rejected[0].line, reason=rejected[0].reason))
    notes = {"source": "google_business",
             "replied_time": "reviewReply.updateTime: the reply's last edit, not its first version"}
    return [Parsed(community.TABLE, frame, community.GRAIN, NAME, [], rejected, notes)]
