"""The demo's community inbox: comments, private messages and reviews over the demo's whole period
(18 months by default, so a year compares with the one before), and their replies.

The community manager works weekdays 08:30-19:00 and on Saturday morning (10:00-12:00): items are
answered mostly within hours, those of the evening wait for the morning and those of the weekend
for Monday. The bad-buzz day brings a wave of negative comments that overwhelms the team: they are
answered a day or more later, some never. Items whose reply would come after the demo's last day
are still unanswered, as in a live inbox. Rows go through lib/sources/community.build like every
other path (hashed authors, response hours).
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

import numpy as np
import pandas as pd

from lib.demo.calendar import Calendar, draw_times, stream
from lib.demo.marketing import FIRST, NETWORKS
from lib.sources import community
from lib.sources.community import GRAIN, Item

__all__ = ["GRAIN", "conversation_rows", "items", "next_staffed"]

STAFFED = {5: ((time(10), time(12)),), **{d: ((time(8, 30), time(19)),) for d in range(5)}}
# kind, network, items per day (x demand^0.5), answer probability, share negative
FLOWS = (
    ("comment", "facebook", 7.0, 0.93, 0.12),
    ("comment", "instagram", 9.0, 0.9, 0.1),
    ("message", "facebook", 2.5, 0.97, 0.15),
    ("message", "instagram", 3.0, 0.96, 0.12),
    ("review", "google", 1.2, 0.85, 0.2),
)
ACCOUNTS = {network: account for network, account, *_ in NETWORKS} | {"google": "Maison Lumière Paris"}
TEXTS = {
    ("comment", "positive"): ("Sublime cette robe !", "J'adore la nouvelle collection 😍",
                              "Reçue hier, la qualité est au rendez-vous", "Le plaid est encore plus beau en vrai"),
    ("comment", "neutral"): ("Elle existe en taille 44 ?", "Vous livrez en Belgique ?",
                             "C'est quoi la composition du tissu ?", "Quand revient le sac cabas ?"),
    ("comment", "negative"): ("Toujours pas reçu ma commande après 10 jours",
                              "Taille beaucoup trop petit, déçue", "Le code promo ne marche pas"),
    ("message", "positive"): ("Merci pour le geste commercial, très apprécié",),
    ("message", "neutral"): ("Bonjour, puis-je modifier mon adresse de livraison ?",
                             "Je voudrais échanger contre une autre taille", "Où en est ma commande ?"),
    ("message", "negative"): ("Colis abîmé à la réception, que faire ?", "Remboursement toujours pas reçu"),
    ("review", "positive"): ("★★★★★ Boutique magnifique, accueil chaleureux", "★★★★★ Livraison rapide, très belle qualité"),
    ("review", "neutral"): ("★★★ Jolis produits mais un peu chers",),
    ("review", "negative"): ("★ Retour compliqué, personne ne répond", "★★ Qualité décevante pour le prix"),
}
BUZZ_TEXTS = ("Scandaleux, un colis jamais livré et on se moque du client",
              "Je ne commanderai plus jamais chez vous", "Honteux, répondez au lieu de supprimer",
              "Boycott #MaisonLumière", "Le service client est une catastrophe")
BUZZ_WAVE = ((0, 110), (1, 45), (2, 15))   # days after the buzz, negative comments that day


def next_staffed(moment: datetime) -> datetime:
    """The first moment at or after `moment` when someone watches the inbox."""
    day = moment.date()
    for _ in range(8):
        for opens, closes in STAFFED.get(day.weekday(), ()):
            start, stop = datetime.combine(day, opens), datetime.combine(day, closes)
            if moment < stop:
                return max(moment, start)
        day += timedelta(days=1)
        moment = datetime.combine(day, time(0))
    raise AssertionError("the inbox is staffed every week")


def _post_index(posts: pd.DataFrame) -> dict:
    """network -> (publication times, post ids, post urls), in time order."""
    out = {}
    for network, mine in posts.sort_values("published_time").groupby("network"):
        out[network] = (mine["published_time"].to_numpy("datetime64[ns]"), list(mine["post_id"]),
                        list(mine["post_url"]))
    return out


def _post(index: dict, network: str, when: datetime) -> tuple[str | None, str | None]:
    """The network's latest post published before the item (comments belong to posts)."""
    if network not in index:
        return None, None
    times, ids, urls = index[network]
    i = int(np.searchsorted(times, np.datetime64(when, "ns"), side="right")) - 1
    return (ids[i], urls[i]) if i >= 0 else (None, None)


def items(cal: Calendar, posts: pd.DataFrame, seed: int) -> list[Item]:
    """The year's items, each with its reply (or none)."""
    rng = stream(seed, "community")
    days = np.arange(cal.n)
    horizon = datetime.combine(cal.end, time(23, 59))
    posts = _post_index(posts)
    buzz = cal.index(cal.events["bad_buzz"])
    out: list[Item] = []
    seq = 0
    for kind, network, per_day, answer_p, negative_p in FLOWS:
        counts = rng.poisson(per_day * cal.demand[days] ** 0.5)
        d = np.repeat(days, counts)
        received = draw_times(rng, cal.days[d])
        feeling = rng.choice(np.array(["positive", "neutral", "negative"], dtype=object), d.size,
                             p=[0.45 - negative_p / 2, 0.55 - negative_p / 2, negative_p])
        for when, tone in zip(received.to_pydatetime(), feeling, strict=True):
            seq += 1
            delay = timedelta(minutes=round(60 * float(rng.lognormal(np.log(0.9), 0.9))))
            reply = next_staffed(when) + delay if rng.random() < answer_p else None
            out.append(_item(seq, kind, network, when, reply, tone, rng, posts, horizon))
    if buzz is not None:
        for off, n in BUZZ_WAVE:
            if buzz + off >= cal.n:
                continue
            k = int(rng.poisson(n))
            for when in draw_times(rng, cal.days[np.full(k, buzz + off)]).to_pydatetime():
                seq += 1
                network = "facebook" if rng.random() < 0.6 else "instagram"
                late = timedelta(minutes=round(60 * float(rng.lognormal(np.log(30), 0.5))))
                reply = when + late if rng.random() < 0.85 else None
                out.append(_item(seq, "comment", network, when, reply, "negative", rng, posts, horizon,
                                 BUZZ_TEXTS))
    out.sort(key=lambda it: it.received)
    for line, it in enumerate(out, start=1):
        it.line = line
    return out


def _item(seq: int, kind: str, network: str, when: datetime, reply: datetime | None, tone: str,
          rng: np.random.Generator, posts: dict, horizon: datetime,
          pool: tuple[str, ...] | None = None) -> Item:
    texts = pool or TEXTS[(kind, tone)]
    post_id, url = _post(posts, network, when) if kind == "comment" else (None, None)
    if kind == "comment" and url:
        url = f"{url}?comment_id={seq}"
    elif kind == "message":
        url = "https://business.facebook.com/latest/inbox/all"
    elif kind == "review":
        url = "https://business.google.com/reviews"
    return Item(0, network, ACCOUNTS[network], kind, f"{kind[0]}{seq}", when,
                reply if reply is not None and reply <= horizon else None,
                author=f"{FIRST[int(rng.integers(0, len(FIRST)))]}_{int(rng.integers(1, 900))}",
                text=texts[int(rng.integers(0, len(texts)))], sentiment=tone, post_id=post_id, url=url)


def conversation_rows(cal: Calendar, posts: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The canonical conversations frame of the demo."""
    frame, rejected = community.build(items(cal, posts, seed))
    if rejected:     # the demo's own items are all valid: a rejection is a bug here
        raise ValueError(f"demo conversations rejected: {rejected[:3]}")
    return frame
