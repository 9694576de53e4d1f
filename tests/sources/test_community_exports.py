"""Community exports: Google Business Profile reviews (JSON, recognised without mapping) and any
inbox or review export through the column mapping."""
from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest

from lib import sources
from lib.ingest import load as ingest
from lib.ingest import mappings
from lib.sources import google_reviews
from lib.sources.base import Refused
from lib.sources.text import read_sample


def _review(i: str, stars: str, created: str, reply: str | None = None, **extra) -> dict:
    """One review as the API documents it (accounts.locations.reviews, README "Community")."""
    review = {"name": f"accounts/111/locations/222/reviews/{i}", "reviewId": i,
              "reviewer": {"displayName": f"Client {i}", "profilePhotoUrl": "https://lh3.example/p.jpg"},
              "starRating": stars, "comment": f"avis {i}", "createTime": created, "updateTime": created}
    if reply:
        review["reviewReply"] = {"comment": "Merci !", "updateTime": reply}
    review.update(extra)
    return review


def _sample(reviews: list[dict]) -> bytes:
    return json.dumps({"reviews": reviews, "averageRating": 3.5, "totalReviewCount": len(reviews),
                       "nextPageToken": "abc"}, ensure_ascii=False).encode()


REVIEWS = [
    # winter (UTC+1): Friday 16:30 Paris, answered Monday 09:30 Paris
    _review("r1", "FIVE", "2025-01-10T15:30:00.123456789Z", "2025-01-13T08:30:00Z"),
    _review("r2", "ONE", "2025-07-01T08:00:00Z"),                      # summer, unanswered, negative
    _review("r3", "THREE", "2025-07-01T09:00:00Z", "2025-07-01T08:00:00Z"),   # reply before review
    _review("r4", "TWO", "", None),                                        # no time
    _review("r1", "FIVE", "2025-01-10T15:30:00Z"),                         # the same review again
    _review("r5", "FOUR", "2025-07-02T10:00:00Z", reviewer={"isAnonymous": True}),
]


def test_google_reviews_recognised_and_read():
    sample = read_sample(_sample(REVIEWS), "reviews.json")
    assert sources.detect(sample)[0][0] is google_reviews
    (parsed,) = google_reviews.parse(sample)
    frame = parsed.frame
    assert list(frame["item_id"]) == ["r1", "r2", "r5"]
    assert [(r.line, r.reason.split(":")[0]) for r in parsed.rejected] == [
        (3, "reply at 2025-07-01 10"), (4, "no received time"), (5, "the same item as line 1")]
    first = frame.iloc[0]
    # Fri 10 Jan 16:30 Paris -> Mon 13 Jan 09:30 Paris: 65 calendar hours; business: 1.5 + 0.5
    assert first["received_time"] == datetime(2025, 1, 10, 16, 30, 0, 123456)
    assert first["response_hours"] == pytest.approx(65, abs=1e-4)
    assert first["business_response_hours"] == pytest.approx(2, abs=1e-4)
    assert list(frame["sentiment"]) == ["positive", "negative", "positive"]
    assert list(frame["account"]) == ["locations/222"] * 3
    assert pd.isna(frame["author"].iloc[2]) and frame["author"].iloc[0] != "Client r1"
    assert parsed.notes["source"] == "google_business"


def test_google_reviews_reload_changes_nothing(store):
    sample = read_sample(_sample(REVIEWS), "reviews.json")
    first = ingest.load_parsed(store, google_reviews.parse(sample), "reviews.json")
    assert first["inserted"] == 3
    assert ingest.load_parsed(store, google_reviews.parse(sample), "reviews.json")["status"] == "unchanged"


def test_google_reviews_without_reviews_refused():
    sample = read_sample(b'{"reviews": [], "totalReviewCount": 0}', "empty.json")
    assert google_reviews.detect(sample) == 0.0
    with pytest.raises(Refused, match="no `reviews` list"):
        google_reviews.parse(sample)


INBOX = (
    "Date de réception;Réseau;Type;Auteur;Message;Ton;Répondu le;Lien\n"
    "07/03/2025 18:00;Instagram;Commentaire;@julie;Toujours pas reçu ma commande;négatif;10/03/2025 09:30;https://i.example/1\n"
    "08/03/2025 10:00;Facebook;Message privé;Marc;Bonjour, une question;neutre;;https://f.example/2\n"
    ";Facebook;Commentaire;Léa;sans date;neutre;;\n"
    "09/03/2025 12:00;Facebook;Commentaire;Léa;réponse avant;positif;09/03/2025 11:00;\n"
    "07/03/2025 18:00;Instagram;Commentaire;@julie;Toujours pas reçu ma commande;négatif;10/03/2025 09:30;https://i.example/1\n"
    "09/03/2025 13:00;Facebook;Sondage;Léa;type inconnu;neutre;;\n"
)


def test_any_inbox_export_through_the_mapping(store):
    table = mappings.read_table_for_mapping(INBOX.encode(), "inbox.csv")
    suggested = mappings.suggest(table.columns)
    assert suggested.table == "conversations"
    assert suggested.columns == {"Date de réception": "received_time", "Réseau": "network", "Type": "kind",
                                 "Auteur": "author", "Message": "text", "Ton": "sentiment",
                                 "Répondu le": "replied_time", "Lien": "url"}
    parsed = mappings.apply(table, "conversations", suggested.columns, name="inbox.csv")
    frame = parsed.frame
    assert list(frame["kind"]) == ["comment", "message"] and list(frame["network"]) == ["instagram", "facebook"]
    # Friday 18:00 -> Monday 09:30 (day first: `;` file), 63.5 calendar hours, 0.5 business hour
    assert frame["response_hours"].iloc[0] == 63.5 and frame["business_response_hours"].iloc[0] == 0.5
    assert list(frame["answered"]) == [1, 0] and list(frame["negative_items"]) == [1, 0]
    assert [(r.line, r.reason.split(":")[0]) for r in parsed.rejected] == [
        (7, "kind"), (4, "no received time"), (5, "reply at 2025-03-09 11"), (6, "the same item as line 2")]
    summary = ingest.load_parsed(store, [parsed], "inbox.csv")
    assert summary["inserted"] == 2
    assert ingest.load_parsed(store, [parsed], "inbox.csv")["status"] == "unchanged"


def test_mapping_without_a_received_time_refused():
    table = mappings.read_table_for_mapping(INBOX.encode(), "inbox.csv")
    with pytest.raises(Refused, match="map a column to received_time"):
        mappings.apply(table, "conversations", {"Message": "text"}, name="inbox.csv")
