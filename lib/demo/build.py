"""The demo workspace: a seeded, deterministic French online shop, "Maison Lumière".

`build()` returns canonical Parsed frames (one per origin system and grain) and is what the
tests use as fixtures; `build_workspace()` loads them through ingest and adds the workspace
rows (annotations, settings, campaigns). Every draw comes from a numpy Generator seeded with
(seed, part), so a given seed and end date always give the same rows.

`scale` multiplies the size of the shop: landing pages (extra product pages) and site traffic,
ad groups and ad spend, email list; row counts of site_traffic and ad_performance grow about
linearly (orders, items and Search Console follow the traffic; social, mentions, NPS
and leads keep their size). Measured: scale=1 gives ~65k site rows and ~39k
ad rows (frames in ~1 s, loaded in ~6 s); scale=16 gives ~1.14M site and ~0.63M ad rows (frames
in ~14 s, ~1 GB); scale=25 gives about 1.8M site and 1M ad rows. `python -m lib.demo --scale S
--dry-run` prints the counts and times.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

from lib.demo import community, friction, marketing, shop
from lib.demo.calendar import CURRENCY, WORKSPACE_NAME, Calendar, black_friday, calendar, with_days
from lib.sources.base import Parsed
from lib.store import settings

__all__ = ["build", "build_workspace", "ensure_demo", "events", "default_end", "black_friday",
           "CURRENCY", "WORKSPACE_NAME"]

# -- assembly ---------------------------------------------------------------------------------

SITE_GRAIN = ("source_name", "medium", "campaign", "channel_group", "device", "country", "landing_page")


def default_end() -> date:
    return date.today() - timedelta(days=1)


def build(seed: int = 7, end: date | None = None, months: int = 18, scale: float = 1.0) -> list[Parsed]:
    """The demo's canonical frames: one Parsed per origin system and grain (pure, deterministic).

    The calendar, marketing and shop draws live in lib/demo_calendar.py, demo_marketing.py and
    demo_shop.py."""
    end = end or default_end()
    cal = calendar(seed, end, months)
    ads, ads_clicks = marketing.ad_rows(cal, seed, scale)
    email, email_sessions, email_names = marketing.email_rows(cal, seed, scale)
    site = shop.site_rows(cal, ads_clicks, email_sessions, email_names, seed, scale)
    items = shop.item_rows(cal, site, seed)
    orders = shop.order_rows(cal, site, seed)
    social_daily, social_posts = marketing.social_rows(cal, seed)
    sc_total, sc_query, sc_device, sc_page, sc_country = marketing.search_rows(cal, site, seed)
    for frame in (sc_total, sc_query, sc_device, sc_page, sc_country):   # the site's property (the blog is another: second_accounts)
        frame["account"] = marketing.SITE_PROPERTY

    def p(table: str, frame: pd.DataFrame, grain: tuple, source: str, **notes) -> Parsed:
        if "d" in frame:
            frame = with_days(cal, frame.reset_index(drop=True))
        return Parsed(table, frame, grain, "demo", notes={"source": source, **notes})

    out = [
        p("site_traffic", site, SITE_GRAIN, "ga4", currency=CURRENCY),
        p("site_items", items, ("item_category", "item_name"), "ga4", currency=CURRENCY),
        *marketing.ad_frames(cal, ads, seed),
    ]
    for network, *_ in marketing.NETWORKS:
        daily = social_daily[social_daily["network"] == network]
        posts = social_posts[social_posts["network"] == network]
        out.append(p("social_performance", daily, ("network", "account"), network))
        out.append(p("social_performance", posts, ("network", "account", "post_id"), network, cut="posts"))
    out += [
        Parsed("email_campaigns", email, ("platform", "campaign_id"), "demo",
               notes={"source": "mailchimp", "currency": CURRENCY}),
        p("search_console", sc_total, (), "search_console"),
        p("search_console", sc_query, ("query",), "search_console"),
        p("search_console", sc_device, ("device",), "search_console"),
        p("search_console", sc_page, ("page",), "search_console"),
        p("search_console", sc_country, ("country",), "search_console"),
        p("orders", orders, ("order_id",), "shopify", currency=CURRENCY),
        p("leads", shop.lead_rows(cal, seed), ("lead_id",), "hubspot"),
        p("mentions", marketing.mention_rows(cal, seed), ("mention_id",), "brand24"),
        p("nps_responses", shop.nps_rows(cal, seed), ("response_id",), "survey"),
        p("experiment_results", shop.experiment_rows(cal, seed), ("experiment", "variant", "metric"), "demo"),
    ]
    out += marketing.second_accounts(cal, ads, sc_total, seed)
    out.append(p("site_friction", friction.friction_rows(cal, site, seed), friction.GRAIN, "clarity"))

    inbox = community.conversation_rows(cal, social_posts, seed)
    for source, mine in (("meta", inbox["network"] != "google"), ("google_business", inbox["network"] == "google")):
        out.append(Parsed("conversations", inbox[mine].reset_index(drop=True), community.GRAIN, "demo",
                          notes={"source": source}))
    for parsed in out:
        parsed.notes.setdefault("title", f"Démo {WORKSPACE_NAME}")
    return out


def events(end: date | None = None, months: int = 18, seed: int = 7) -> dict:
    """The dated events of the demo (Black Fridays, sales, bad buzz, outage...), for tests and docs."""
    return calendar(seed, end or default_end(), months).events


# -- workspace --------------------------------------------------------------------------------

MONTHLY_BUDGET = {"google_ads": 7000.0, "meta": 5000.0}


def _annotations(end: date, cal: Calendar) -> list[tuple]:
    ev = cal.events
    rows = [
        (ev["price_change"], "site", "price", "Hausse des prix de 5 % sur la collection permanente"),
        (ev["generic_budget"], "paid", "budget", "Budget Search générique relevé de 40 %"),
        (ev["outage"], "site", "outage", "Panne du paiement en ligne de 14 h à 19 h (prestataire)"),
        (ev["meta_launch"], "paid", "launch", "Lancement de la campagne Meta « prospection printemps »"),
        (ev["bad_buzz"], "social", "bad_buzz",
         "Bad buzz : vidéo virale d'un colis jamais livré, réponse maladroite du service client"),
        (ev["cpa_drift"], "paid", "note", "Nouvelles créas Meta prospection : le CPA se dégrade"),
        (ev["experiment"][0], "site", "test", "Début du test A/B de la page soldes (landing_soldes_v2)"),
    ]
    rows += [(d, "all", "event", "Black Friday : -30 % sur tout le site") for d in ev["black_friday"]]
    rows += [(d, "all", "event", "Début des soldes d'hiver") for d in ev["winter_sales"]]
    rows += [(d, "all", "event", "Début des soldes d'été") for d in ev["summer_sales"]]
    return sorted((r for r in rows if cal.days[0].date() <= r[0] <= end), key=lambda r: r[0])


CRISIS_PLAN = (
    "1. Accuser réception publiquement sous 2 h (Facebook, Instagram, X) avec un message validé.\n"
    "2. Suspendre les publications programmées et les campagnes de notoriété.\n"
    "3. Répondre en privé à chaque client concerné, geste commercial selon la charte.\n"
    "4. Point quotidien direction / service client / community manager jusqu'au retour au calme.\n"
    "5. Bilan écrit sous 15 jours : causes, réponses, leçons.")


def _campaign_rows(cal: Calendar) -> list[tuple]:
    rows = []
    ev = cal.events
    launch = max(ev["meta_launch"], cal.days[0].date())
    rows.append(("Printemps - prospection Meta", "meta", "meta_prospection_printemps", launch, None,
                 9000.0, CRISIS_PLAN,
                 '["Créas validées", "Pixel et API Conversions vérifiés", "UTM contrôlés", "Budget quotidien fixé"]'))
    if ev["black_friday"]:
        bf = ev["black_friday"][-1]
        rows.append((f"Black Friday {bf.year}", "google_ads,meta,mailchimp",
                     f"fr_pmax_soldes,meta_notoriete_black_friday,nl_{bf:%Y%m%d}_blackfriday",
                     date(bf.year, 11, 1), bf + timedelta(days=3), 12000.0, CRISIS_PLAN,
                     '["Stock vérifié", "Codes promo testés", "Emailing programmé", "Service client renforcé"]'))
    return rows


def build_workspace(store, seed: int = 7, end: date | None = None, months: int = 18,
                    scale: float = 1.0) -> dict:
    """Load the demo into `store` (one load, file name "demo") and add its workspace rows."""
    # Imported here: build() stays pure, and these modules import the store.
    from lib.alerts.rules import demo_rules
    from lib.ingest.load import load_parsed
    from lib.objectives.tracker import demo_objectives

    end = end or default_end()
    parsed = build(seed, end, months, scale)
    summary = load_parsed(store, parsed, "demo", fmt="demo")
    cal = calendar(seed, end, months)
    now = datetime.now().replace(microsecond=0)
    notes = _annotations(end, cal)
    campaigns = _campaign_rows(cal)
    values = {"workspace_name": WORKSPACE_NAME, "currency": CURRENCY, "language": "fr", "is_demo": "1",
                **{f"monthly_budget_{k}": f"{v:.0f}" for k, v in MONTHLY_BUDGET.items()}}
    with store.transaction() as cur:
        for name, value in values.items():
            settings.put_in(cur, name, value)
        # The demo owns these rows: re-running the demo replaces them, never duplicates them.
        cur.execute("DELETE FROM annotations WHERE id >= 900000")
        for i, (day, channel, kind, text) in enumerate(notes):
            cur.execute("INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?)",
                        [900000 + i, day, channel, kind, text, now])
        names = [c[0] for c in campaigns]
        cur.execute(f"DELETE FROM campaigns WHERE id >= 900000 OR name IN ({', '.join('?' * len(names))})",
                    names)
        for i, (name, platforms, utms, start, stop, budget, plan, checklist) in enumerate(campaigns):
            cur.execute("INSERT INTO campaigns (id, name, platforms, utm_campaigns, start_day, end_day, budget, "
                        "currency, crisis_plan, checklist, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [900000 + i, name, platforms, utms, start, stop, budget, CURRENCY, plan, checklist, now])
    demo_rules(store)        # alert rules firing on the bad buzz and the CPA drift
    demo_objectives(store)   # revenue, Meta CPA, newsletter open rate, sessions
    counts: dict[str, int] = {}
    for t in summary["tables"]:
        counts[t["table"]] = counts.get(t["table"], 0) + t["rows"]
    return {"status": summary["status"], "load_id": summary["load_id"], "rows": summary["rows"],
            "inserted": summary["inserted"], "tables": counts, "annotations": len(notes),
            "campaigns": len(campaigns), "settings": len(values), "end": str(end),
            "start": str(cal.days[0].date()), "warnings": summary["warnings"]}


FACT_TABLES = ("site_traffic", "site_items", "ad_performance", "social_performance", "email_campaigns",
               "search_console", "orders", "leads", "mentions", "nps_responses", "experiment_results",
               "conversations")


def ensure_demo(path: str, seed: int = 7, months: int = 18) -> bool:
    """Build the demo at `path` when the file is missing or holds no data; True when built."""
    from pathlib import Path

    from lib.store import Store

    fresh = path == ":memory:" or not Path(path).exists()
    store = Store(path)
    try:
        if not fresh:
            total = sum(store.scalar(f"SELECT count(*) FROM {t}") for t in FACT_TABLES)
            if total:
                return False
        build_workspace(store, seed=seed, months=months)
        return True
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    """`python -m lib.demo [--db PATH] [--scale S] [--months M] [--seed N] [--dry-run]`: build and time."""
    import argparse
    import json
    import time

    ap = argparse.ArgumentParser(prog="python -m lib.demo")
    ap.add_argument("--db", default=":memory:")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--months", type=int, default=18)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dry-run", action="store_true", help="build the frames only, load nothing")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    parsed = build(args.seed, None, args.months, args.scale)
    t1 = time.perf_counter()
    counts: dict[str, int] = {}
    for p in parsed:
        counts[p.table] = counts.get(p.table, 0) + len(p.frame)
    out = {"build_s": round(t1 - t0, 2), "rows": counts}
    if not args.dry_run:
        from lib.store import Store
        store = Store(args.db)
        t2 = time.perf_counter()
        summary = build_workspace(store, args.seed, None, args.months, args.scale)
        out.update(workspace_s=round(time.perf_counter() - t2, 2), status=summary["status"])
        store.close()
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
