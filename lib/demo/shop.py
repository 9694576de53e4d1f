"""The demo's shop: site traffic by segment, product items, orders, leads, NPS answers and the
landing-page A/B test."""
from __future__ import annotations

import numpy as np
import pandas as pd

from lib.demo.calendar import CURRENCY, DEVICES, Calendar, draw_times, stream
from lib.demo.marketing import AD_CAMPAIGNS

# -- site traffic -----------------------------------------------------------------------------

PAGES = (   # path, kind, popularity within kind
    ("/", "home", 1.0), ("/soldes", "soldes", 1.0), ("/nouveautes", "new", 1.0),
    ("/produits/robe-lin-ecru", "product", 1.0), ("/produits/baskets-cuir-blanc", "product", 0.8),
    ("/produits/sac-cabas-toile", "product", 0.6), ("/produits/plaid-laine-moutarde", "product", 0.45),
    ("/blog/idees-cadeaux-noel", "blog", 0.6), ("/blog/guide-des-tailles", "blog", 1.0),
)
PROFILES = {  # device shares, landing kinds, conversion, engagement, new users, pages/session
    "search": dict(device=(0.42, 0.52, 0.06), pages=dict(home=1, soldes=0.5, new=0.5, product=2.5, blog=2.2),
                   cr=1.0, eng=0.64, new=0.62, pps=4.0),
    "direct": dict(device=(0.48, 0.46, 0.06), pages=dict(home=6, soldes=0.8, new=0.8, product=0.8, blog=0.2),
                   cr=1.35, eng=0.68, new=0.3, pps=4.5),
    "social": dict(device=(0.12, 0.84, 0.04), pages=dict(home=1, soldes=0.6, new=1.5, product=2, blog=1),
                   cr=0.45, eng=0.55, new=0.72, pps=2.9),
    "referral": dict(device=(0.5, 0.45, 0.05), pages=dict(home=1, soldes=0.3, new=0.6, product=2, blog=2),
                     cr=0.8, eng=0.62, new=0.75, pps=3.4),
    "paid_search": dict(device=(0.38, 0.56, 0.06), pages=dict(home=1.5, soldes=1.5, new=0.5, product=3, blog=0),
                        cr=1.15, eng=0.6, new=0.55, pps=3.8),
    "paid_social": dict(device=(0.1, 0.86, 0.04), pages=dict(home=0.5, soldes=1.5, new=1.5, product=2, blog=0.2),
                        cr=0.6, eng=0.56, new=0.7, pps=3.0),
    "b2b": dict(device=(0.72, 0.25, 0.03), pages=dict(home=2, soldes=0, new=0.3, product=0.3, blog=1),
                cr=0.25, eng=0.6, new=0.8, pps=3.2),
    "email": dict(device=(0.45, 0.5, 0.05), pages=dict(home=1, soldes=1.5, new=2, product=1, blog=0.4),
                  cr=1.8, eng=0.7, new=0.08, pps=4.6),
}
UNPAID = (  # source, medium, campaign, channel group, share of unpaid traffic, profile
    ("google", "organic", "(organic)", "Organic Search", 0.47, "search"),
    ("bing", "organic", "(organic)", "Organic Search", 0.03, "search"),
    ("qwant", "organic", "(organic)", "Organic Search", 0.015, "search"),
    ("(direct)", "(none)", "(direct)", "Direct", 0.3, "direct"),
    ("instagram.com", "referral", "(referral)", "Organic Social", 0.05, "social"),
    ("m.facebook.com", "referral", "(referral)", "Organic Social", 0.035, "social"),
    ("linkedin.com", "referral", "(referral)", "Organic Social", 0.01, "social"),
    ("pinterest.fr", "referral", "(referral)", "Organic Social", 0.015, "social"),
    ("marieclaire.fr", "referral", "(referral)", "Referral", 0.018, "referral"),
    ("ouest-france.fr", "referral", "(referral)", "Referral", 0.01, "referral"),
)
PAID_PROFILE = {"google_ads": ("Paid Search", "paid_search"), "meta": ("Paid Social", "paid_social"),
                "linkedin": ("Paid Social", "b2b")}
COUNTRIES = ("France", "Belgium", "Switzerland", "Canada")
COUNTRY_SHARE = np.array([0.87, 0.07, 0.04, 0.02])
SPARSE_CELL = 12.0       # expected sessions below which a cell is thinned
UNPAID_SESSIONS = 1900   # per day at scale 1, before seasonality


def _pages(scale: float) -> list[tuple[str, str, float]]:
    """The landing pages; a larger shop (scale > 1) has more product pages."""
    pages = list(PAGES)
    extra = max(0, round(len(PAGES) * scale) - len(PAGES))
    pages += [(f"/produits/article-{k + 1:04d}", "product", 0.5) for k in range(extra)]
    return pages


def _segments(cal: Calendar, ads_clicks: dict, email_sessions: np.ndarray, email_names: np.ndarray,
              rng: np.random.Generator, scale: float) -> list[tuple]:
    """(source, medium, campaign per day, channel group, profile, daily sessions) per segment."""
    shares = np.array([u[4] for u in UNPAID])
    shares = shares / shares.sum()
    segs = []
    for (source, medium, campaign, group, _, profile), share in zip(UNPAID, shares, strict=True):
        daily = UNPAID_SESSIONS * scale * share * cal.demand * rng.lognormal(0, 0.06, cal.n)
        segs.append((source, medium, np.full(cal.n, campaign, dtype=object), group, profile, daily))
    for c in AD_CAMPAIGNS:
        if c.ga4 and c.campaign in ads_clicks:
            group, profile = PAID_PROFILE[c.platform]
            daily = ads_clicks[c.campaign] * 0.88
            segs.append((c.ga4[0], c.ga4[1], np.full(cal.n, c.campaign, dtype=object), group, profile, daily))
    segs.append(("newsletter", "email", email_names, "Email", "email", email_sessions))
    return segs


def site_rows(cal: Calendar, ads_clicks: dict, email_sessions: np.ndarray, email_names: np.ndarray,
          seed: int, scale: float) -> pd.DataFrame:
    rng = stream(seed, "site")
    pages = _pages(scale)
    paths = np.array([p[0] for p in pages], dtype=object)
    soldes_page = np.array([p[1] == "soldes" for p in pages])
    blog_xmas = np.array([p[0] == "/blog/idees-cadeaux-noel" for p in pages])
    month = cal.days.month.to_numpy()
    frames = []
    for source, medium, campaigns, group, profile, daily in _segments(
            cal, ads_clicks, email_sessions, email_names, rng, scale):
        prof = PROFILES[profile]
        base = np.array([prof["pages"][kind] * pop for _, kind, pop in pages])
        # Page mix per day: the sales page lives in sales periods, the gift guide in December.
        page_w = np.tile(base, (cal.n, 1))
        page_w[:, soldes_page] *= np.where(cal.sales, 3.0, 0.15)[:, None]
        page_w[:, blog_xmas] *= np.where((month == 12) | (month == 11), 4.0, 0.3)[:, None]
        page_w /= page_w.sum(axis=1, keepdims=True)
        dev = np.array(prof["device"])
        lam = (daily[:, None, None, None] * dev[None, :, None, None] * COUNTRY_SHARE[None, None, :, None]
               * page_w[:, None, None, :])
        # Small cells are thinned (present with chance lam/SPARSE_CELL, then a few sessions):
        # same expected traffic, fewer one-session rows, as in a real export's long tail.
        small = lam < SPARSE_CELL
        sessions = np.where(small, (rng.random(lam.shape) < lam / SPARSE_CELL)
                            * (1 + rng.poisson(SPARSE_CELL - 1, lam.shape)), rng.poisson(lam))
        d, dv, ct, pg = np.nonzero(sessions)
        s = sessions[d, dv, ct, pg]
        frames.append(pd.DataFrame({
            "d": d, "source_name": source, "medium": medium, "campaign": campaigns[d],
            "channel_group": group, "dv": dv, "ct": ct, "pg": pg, "sessions": s, "profile": profile,
        }))
    f = pd.concat(frames, ignore_index=True)
    f["device"] = np.array(DEVICES, dtype=object)[f.pop("dv").to_numpy()]
    f["country"] = np.array(COUNTRIES, dtype=object)[f.pop("ct").to_numpy()]
    f["landing_page"] = paths[f.pop("pg").to_numpy()]
    profile = f.pop("profile").to_numpy()
    s = f["sessions"].to_numpy()
    d = f["d"].to_numpy()
    n = len(f)

    def per(key: str) -> np.ndarray:
        return np.array([PROFILES[p][key] for p in PROFILES])[pd.Categorical(profile, categories=list(PROFILES)).codes]

    mobile = (f["device"] == "mobile").to_numpy()
    eng = np.clip(per("eng") - 0.05 * mobile + rng.normal(0, 0.02, n), 0.3, 0.95)
    engaged = rng.binomial(s, eng)
    users = np.maximum(rng.binomial(s, 0.87), 1)
    new_users = rng.binomial(users, per("new"))
    page_views = s + rng.poisson(s * (per("pps") - 1) * (1 - 0.15 * mobile))
    duration = np.round(rng.gamma(np.maximum(s, 1) * 2.0, 75.0) * (s > 0) * (0.6 + 0.6 * eng))
    atc_rate = np.clip(0.1 * per("cr") ** 0.5 * cal.conv[d] ** 0.5 * (1 - 0.15 * mobile), 0, 0.6)
    atc = rng.binomial(engaged, np.clip(atc_rate / eng, 0, 0.9))
    checkouts = rng.binomial(atc, 0.45)
    purchase = np.clip(0.5 * per("cr") ** 0.5 * cal.conv[d] ** 0.5, 0, 0.95)
    # The Meta prospecting drift shows in GA4 too (fewer purchases for the same visits).
    drift = (f["campaign"] == "meta_prospection_printemps").to_numpy() & cal.mask(cal.events["cpa_drift"], cal.end)[d]
    purchase = np.where(drift, purchase * 0.5, purchase)
    transactions = rng.binomial(checkouts, purchase)
    revenue = np.where(transactions > 0, rng.gamma(np.maximum(transactions, 1) * 5.0, 76 / 5.0), 0).round(2)
    leads = rng.binomial(s, 0.0012 * np.where(profile == "b2b", 20, 1))
    f = f.assign(
        users=users, new_users=new_users, engaged_sessions=engaged, bounces=s - engaged,
        page_views=page_views, session_duration_s=duration, exits=s, add_to_carts=atc,
        checkouts=checkouts, transactions=transactions, revenue=revenue,
        key_events=transactions + leads,
        event_count=page_views * 2 + s * 2 + atc + checkouts + transactions + leads,
        currency=CURRENCY,
    )
    return f


# -- products ---------------------------------------------------------------------------------

ITEMS = (  # category, item, unit price
    ("Vêtements", "Robe en lin écru", 89.0), ("Vêtements", "Chemise oxford bleue", 59.0),
    ("Vêtements", "Pull col rond mérinos", 79.0),
    ("Chaussures", "Baskets cuir blanc", 109.0), ("Chaussures", "Espadrilles corde", 45.0),
    ("Chaussures", "Bottines daim camel", 139.0),
    ("Accessoires", "Sac cabas toile", 49.0), ("Accessoires", "Foulard soie imprimé", 39.0),
    ("Accessoires", "Ceinture cuir tressé", 35.0),
    ("Maison", "Plaid laine moutarde", 69.0), ("Maison", "Bougie parfumée figue", 24.0),
    ("Maison", "Coussin lin sauge", 32.0),
)


def item_rows(cal: Calendar, site: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = stream(seed, "items")
    tx = np.bincount(site["d"], weights=site["transactions"], minlength=cal.n).astype(np.int64)
    share = rng.dirichlet(np.full(len(ITEMS), 5.0))
    # Seasonal tilt: linen in summer, wool and gifts in winter.
    month = cal.days.month.to_numpy()
    summer = ((month >= 5) & (month <= 8)).astype(float)
    tilt = np.ones((cal.n, len(ITEMS)))
    for k, (_, name, _) in enumerate(ITEMS):
        if "lin" in name.lower() or "Espadrilles" in name:
            tilt[:, k] *= 1 + 1.5 * summer
        if any(w in name for w in ("laine", "Bottines", "Pull", "Bougie")):
            tilt[:, k] *= 1 + 1.5 * (1 - summer)
    p = share * tilt
    p /= p.sum(axis=1, keepdims=True)
    units = rng.poisson(tx * 1.6)
    purchased = np.vstack([rng.multinomial(u, pp) for u, pp in zip(units, p, strict=True)])   # one draw per day
    price = np.array([i[2] for i in ITEMS])
    disc = np.where(cal.sales, 0.7, 1.0)
    d, k = np.nonzero(np.ones_like(purchased))
    bought = purchased[d, k]
    checked = bought + rng.poisson(bought * 0.9 + 0.5)
    added = checked + rng.poisson(checked * 2.5 + 1)
    viewed = added + rng.poisson(added * 8 + 20 * p[d, k] * 12)
    return pd.DataFrame({
        "d": d, "item_category": np.array([i[0] for i in ITEMS], dtype=object)[k],
        "item_name": np.array([i[1] for i in ITEMS], dtype=object)[k], "currency": CURRENCY,
        "items_viewed": viewed, "items_added_to_cart": added, "items_checked_out": checked,
        "items_purchased": bought, "item_revenue": np.round(bought * price[k] * disc[d], 2),
    })


# -- orders, leads ----------------------------------------------------------------------------

CHANNELS = ("Organic Search", "Direct", "Paid Search", "Paid Social", "Email", "Organic Social", "Referral")
CHANNEL_SHARE = np.array([0.33, 0.3, 0.12, 0.07, 0.12, 0.03, 0.03])


def order_rows(cal: Calendar, site: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Shopify orders; cancellations and returns are their own rows with a negative amount."""
    rng = stream(seed, "orders")
    tx = np.bincount(site["d"], weights=site["transactions"], minlength=cal.n)
    per_day = rng.poisson(tx * 1.08)   # Shopify sees orders GA4 misses (consent)
    d = np.repeat(np.arange(cal.n), per_day)
    n = d.size
    repeat_p = 0.18 + 0.22 * d / max(cal.n - 1, 1)
    is_new = rng.random(n) >= repeat_p
    is_new[:1] = True
    new_before = np.cumsum(is_new) - is_new
    # Loyal customers order more: repeat orders pick earlier customers with a skew to the first ones.
    pick = np.floor(rng.random(n) ** 1.6 * np.maximum(new_before, 1)).astype(np.int64)
    cust = np.where(is_new, new_before, pick)
    items = 1 + rng.poisson(0.7, n)
    revenue = np.round(rng.gamma(3.0 + items, 76 / (3.0 + 1.7), n) * np.where(cal.sales[d], 0.85, 1.0), 2)
    days = cal.days[d]
    order_id = np.array([f"#{1001 + i}" for i in range(n)], dtype=object)
    base = pd.DataFrame({
        "d": d, "order_id": order_id,
        "customer_id": np.array([f"C{10001 + c}" for c in cust], dtype=object),
        "order_time": draw_times(rng, days),
        "channel": rng.choice(np.array(CHANNELS, dtype=object), n, p=CHANNEL_SHARE),
        "country": rng.choice(np.array(["FR", "BE", "CH", "CA"], dtype=object), n, p=[0.89, 0.06, 0.035, 0.015]),
        "kind": "order", "currency": CURRENCY, "items": items, "revenue": revenue,
    })
    cancel = rng.random(n) < 0.015
    ret = (rng.random(n) < 0.05) & ~cancel
    c = base[cancel].copy()
    c["order_id"] = c["order_id"] + "-A"
    c["kind"] = "cancellation"
    c["order_time"] = c["order_time"] + pd.to_timedelta(rng.integers(600, 20000, len(c)), unit="s")
    r = base[ret].copy()
    r["order_id"] = r["order_id"] + "-R"
    r["kind"] = "return"
    r["order_time"] = r["order_time"] + pd.to_timedelta(rng.integers(4, 26, len(r)), unit="D")
    r["revenue"] = np.round(r["revenue"] * np.where(r["items"] > 1, rng.uniform(0.3, 1.0, len(r)), 1.0), 2)
    r["items"] = np.where(r["items"] > 1, 1, r["items"])
    out = pd.concat([base, c, r], ignore_index=True)
    out["d"] = (out["order_time"].dt.normalize() - cal.days[0]).dt.days
    out = out[out["d"] < cal.n]
    neg = out["kind"] != "order"
    out.loc[neg, "revenue"] = -out.loc[neg, "revenue"]
    out.loc[neg, "items"] = -out.loc[neg, "items"]
    return out.sort_values(["d", "order_time"]).reset_index(drop=True)


LEAD_SOURCES = (  # HubSpot original source, campaign, share
    ("Paid Social", "linkedin_b2b_pro", 0.32), ("Organic Search", "", 0.25), ("Direct Traffic", "", 0.15),
    ("Email Marketing", "", 0.08), ("Referrals", "", 0.1), ("Paid Search", "fr_search_generique", 0.1),
)


def lead_rows(cal: Calendar, seed: int) -> pd.DataFrame:
    """B2B leads (hotels, concept stores buying décor) from the CRM."""
    rng = stream(seed, "leads")
    weekday = np.array([1.2, 1.2, 1.1, 1.1, 0.9, 0.25, 0.2])[cal.days.day_of_week.to_numpy()]
    per_day = rng.poisson(3.2 * weekday * (0.8 + 0.4 * np.arange(cal.n) / max(cal.n - 1, 1)))
    d = np.repeat(np.arange(cal.n), per_day)
    n = d.size
    src = rng.choice(len(LEAD_SOURCES), n, p=[s[2] for s in LEAD_SOURCES])
    age = (cal.n - 1 - d)
    # Recent leads have not had time to qualify or convert.
    p_cust = 0.12 * np.clip(age / 60, 0, 1)
    p_qual = 0.3 * np.clip(age / 14, 0, 1)
    u = rng.random(n)
    status = np.where(u < p_cust, "customer", np.where(u < p_cust + p_qual, "qualified", "lead")).astype(object)
    is_cust = status == "customer"
    value = np.where(is_cust, np.round(rng.gamma(2.5, 1400 / 2.5, n), -1), 0.0)
    return pd.DataFrame({
        "d": d, "lead_id": np.array([f"{40001 + i}" for i in range(n)], dtype=object),
        "created_time": draw_times(rng, cal.days[d]),
        "lead_source": np.array([s[0] for s in LEAD_SOURCES], dtype=object)[src],
        "campaign": np.array([s[1] for s in LEAD_SOURCES], dtype=object)[src],
        "status": status, "currency": CURRENCY,
        "leads": 1, "customers": is_cust.astype(int), "value": value,
    })


# -- NPS, A/B test ----------------------------------------------------------------------------

NPS_SCORES = np.arange(11)
NPS_P = np.array([0.02, 0.01, 0.02, 0.02, 0.03, 0.04, 0.06, 0.1, 0.18, 0.24, 0.28])
NPS_P_BAD = np.array([0.08, 0.05, 0.06, 0.06, 0.06, 0.07, 0.08, 0.1, 0.14, 0.14, 0.16])
NPS_COMMENTS = {
    "promoter": ("Qualité au rendez-vous, je recommande", "Livraison rapide et emballage soigné",
                 "Très belles matières, coupe parfaite"),
    "passive": ("Bien mais un peu cher", "Correct, délai de livraison un peu long", "Joli mais taille petit"),
    "detractor": ("Colis en retard et pas de réponse", "Retour compliqué et payant",
                  "Qualité décevante pour le prix"),
}


def nps_rows(cal: Calendar, seed: int) -> pd.DataFrame:
    rng = stream(seed, "nps")
    per_day = rng.poisson(2.4, cal.n)
    d = np.repeat(np.arange(cal.n), per_day)
    n = d.size
    buzz = cal.index(cal.events["bad_buzz"])
    bad = (d >= buzz) & (d < buzz + 14) if buzz is not None else np.zeros(n, bool)
    u = rng.random(n)
    score = np.where(bad, np.searchsorted(np.cumsum(NPS_P_BAD), u * NPS_P_BAD.sum()),
                     np.searchsorted(np.cumsum(NPS_P), u * NPS_P.sum()))
    score = np.minimum(score, 10)
    cls = np.where(score >= 9, "promoter", np.where(score >= 7, "passive", "detractor"))
    comment = np.full(n, "", dtype=object)
    has = rng.random(n) < 0.4
    for k, pool in NPS_COMMENTS.items():
        m = has & (cls == k)
        comment[m] = np.array(pool, dtype=object)[rng.integers(0, len(pool), int(m.sum()))]
    return pd.DataFrame({
        "d": d, "response_id": [f"r{200001 + i}" for i in range(n)],
        "response_time": draw_times(rng, cal.days[d]),
        "segment": rng.choice(np.array(["Nouveau client", "Client fidèle", "Professionnel"], dtype=object), n,
                              p=[0.5, 0.4, 0.1]),
        "comment": comment, "score": score,
    })


EXPERIMENT = "landing_soldes_v2"
VARIANTS = (("A", 0.024), ("B", 0.0285))   # control, new landing page: conversion rates


def experiment_rows(cal: Calendar, seed: int) -> pd.DataFrame:
    """Daily results of one A/B test of the sales landing page (units: visitors; value: order value)."""
    rng = stream(seed, "experiment")
    lo, hi = cal.events["experiment"]
    days = np.flatnonzero(cal.mask(lo, hi))
    rows = []
    for variant, rate in VARIANTS:
        units = rng.poisson(420 * cal.demand[days])
        conv = rng.binomial(units, rate)
        values = rng.gamma(4.0, 78 / 4.0, int(conv.sum()))
        owner = np.repeat(np.arange(days.size), conv)
        rows.append(pd.DataFrame({
            "d": days, "experiment": EXPERIMENT, "variant": variant, "metric": "achat",
            "units": units, "conversions": conv,
            "value_sum": np.round(np.bincount(owner, weights=values, minlength=days.size), 2),
            "value_sq_sum": np.round(np.bincount(owner, weights=values ** 2, minlength=days.size), 2),
        }))
    return pd.concat(rows, ignore_index=True)
