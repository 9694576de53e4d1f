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

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from lib.sources.base import Parsed

CURRENCY = "EUR"
WORKSPACE_NAME = "Maison Lumière (démo)"

# Offsets (days before `end`) of the one-off events; seasonal ones are computed per year.
BAD_BUZZ_DAYS_BEFORE_END = 45
OUTAGE_DAYS_BEFORE_END = 200
PRICE_CHANGE_DAYS_BEFORE_END = 300
META_LAUNCH_DAYS_BEFORE_END = 120
GENERIC_BUDGET_DAYS_BEFORE_END = 250
CPA_DRIFT_DAYS = 21
EXPERIMENT_DAYS_BEFORE_END = (88, 61)   # first and last day of the A/B test

# Parts of the seed: each table draws from its own stream.
_PARTS = {name: i for i, name in enumerate(
    ("calendar", "ads", "email", "site", "items", "orders", "social", "search", "leads",
     "mentions", "nps", "experiment"))}


def _rng(seed: int, part: str) -> np.random.Generator:
    return np.random.default_rng([seed, _PARTS[part]])


# -- calendar ---------------------------------------------------------------------------------

def black_friday(year: int) -> date:
    """The Friday after the fourth Thursday of November (US Thanksgiving)."""
    first = date(year, 11, 1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    return thursday + timedelta(days=1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = (date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def winter_sales(year: int) -> date:
    """French winter sales start on the second Wednesday of January (four weeks)."""
    return _nth_weekday(year, 1, 2, 2)


def summer_sales(year: int) -> date:
    """French summer sales start on the last Wednesday of June (four weeks)."""
    return _last_weekday(year, 6, 2)


@dataclass
class Calendar:
    days: pd.DatetimeIndex
    end: date
    demand: np.ndarray        # traffic multiplier per day
    conv: np.ndarray          # conversion-rate multiplier per day
    sales: np.ndarray         # bool: a sales period (winter, summer, Black Friday week)
    bf_season: np.ndarray     # bool: 1 Nov .. Cyber Monday
    events: dict              # name -> date or list of dates

    @property
    def n(self) -> int:
        return len(self.days)

    def index(self, day: date) -> int | None:
        i = (pd.Timestamp(day) - self.days[0]).days
        return i if 0 <= i < self.n else None

    def mask(self, lo: date, hi: date) -> np.ndarray:
        return (self.days >= pd.Timestamp(lo)) & (self.days <= pd.Timestamp(hi))


def calendar(seed: int, end: date, months: int) -> Calendar:
    """Days of the demo and their seasonal multipliers."""
    start = (pd.Timestamp(end) - pd.DateOffset(months=months) + pd.Timedelta(days=1)).date()
    days = pd.date_range(start, end, freq="D")
    n = len(days)
    rng = _rng(seed, "calendar")
    dow = days.day_of_week.to_numpy()
    t = np.arange(n) / max(n - 1, 1)
    # Growth over the period, a quiet Saturday, a busy Sunday evening.
    demand = (0.85 + 0.3 * t) * np.array([1.02, 1.03, 1.0, 0.99, 0.95, 0.8, 1.06])[dow]
    conv = np.ones(n)
    doy = days.day_of_year.to_numpy()
    # Summer dip: ramps down from mid-July, lowest mid-August, back by mid-September.
    demand *= 1 - 0.3 * np.exp(-0.5 * ((doy - 227) / 11.0) ** 2)
    conv *= 1 - 0.1 * np.exp(-0.5 * ((doy - 227) / 11.0) ** 2)
    sales = np.zeros(n, bool)
    bf_season = np.zeros(n, bool)
    events: dict = {"black_friday": [], "cyber_monday": [], "winter_sales": [], "summer_sales": []}
    for year in range(days[0].year - 1, days[-1].year + 1):
        for name, first in (("winter_sales", winter_sales(year)), ("summer_sales", summer_sales(year))):
            m = (days >= pd.Timestamp(first)) & (days < pd.Timestamp(first + timedelta(days=28)))
            if m.any():
                events[name].append(first)
            sales |= m
            demand[m] *= 1.2
            conv[m] *= 1.2
            first_week = (days >= pd.Timestamp(first)) & (days < pd.Timestamp(first + timedelta(days=7)))
            demand[first_week] *= 1.15
        bf = black_friday(year)
        cm = bf + timedelta(days=3)
        bf_season |= (days >= pd.Timestamp(date(year, 11, 1))) & (days <= pd.Timestamp(cm))
        week = (days >= pd.Timestamp(bf - timedelta(days=4))) & (days <= pd.Timestamp(cm))
        sales |= week
        for offset, d_mult, c_mult in ((-4, 1.2, 1.1), (-3, 1.25, 1.1), (-2, 1.3, 1.15), (-1, 1.45, 1.2),
                                       (0, 2.6, 1.9), (1, 1.7, 1.4), (2, 1.6, 1.35), (3, 1.6, 1.35)):
            i = (pd.Timestamp(bf + timedelta(days=offset)) - days[0]).days
            if 0 <= i < n:
                demand[i] *= d_mult
                conv[i] *= c_mult
        if days[0].date() <= bf <= days[-1].date():
            events["black_friday"].append(bf)
        if days[0].date() <= cm <= days[-1].date():
            events["cyber_monday"].append(cm)
        xmas = (days >= pd.Timestamp(date(year, 12, 1))) & (days <= pd.Timestamp(date(year, 12, 18)))
        demand[xmas] *= 1.2
        conv[xmas] *= 1.15
        lull = (days >= pd.Timestamp(date(year, 12, 24))) & (days <= pd.Timestamp(date(year, 12, 26)))
        demand[lull] *= 0.7
    events.update(
        bad_buzz=end - timedelta(days=BAD_BUZZ_DAYS_BEFORE_END),
        outage=end - timedelta(days=OUTAGE_DAYS_BEFORE_END),
        price_change=end - timedelta(days=PRICE_CHANGE_DAYS_BEFORE_END),
        meta_launch=end - timedelta(days=META_LAUNCH_DAYS_BEFORE_END),
        generic_budget=end - timedelta(days=GENERIC_BUDGET_DAYS_BEFORE_END),
        cpa_drift=end - timedelta(days=CPA_DRIFT_DAYS - 1),
        experiment=(end - timedelta(days=EXPERIMENT_DAYS_BEFORE_END[0]),
                    end - timedelta(days=EXPERIMENT_DAYS_BEFORE_END[1])),
    )
    cal = Calendar(days, end, demand, conv, sales, bf_season, events)
    buzz = cal.index(events["bad_buzz"])
    if buzz is not None:
        demand[buzz + 1:buzz + 8] *= 0.88          # the shop loses some visits after the buzz
        conv[buzz + 1:buzz + 15] *= 0.9
    outage = cal.index(events["outage"])
    if outage is not None:
        demand[outage] *= 0.6
        conv[outage] *= 0.3                         # checkout down for the afternoon
    conv[cal.mask(events["price_change"], end)] *= 0.94
    demand *= rng.lognormal(0, 0.05, n)
    return cal


# -- paid media -------------------------------------------------------------------------------

@dataclass(frozen=True)
class AdCampaign:
    platform: str
    account: str
    campaign: str
    ad_groups: tuple[str, ...]
    impressions: float      # per day at scale 1
    ctr: float
    cpc: float
    cr: float               # conversions / clicks
    value: float            # value per conversion
    window: str             # always | sales | bf | launch
    ga4: tuple[str, str] | None   # GA4 source / medium when the campaign is tagged


GOOGLE_ACCOUNT = "Maison Lumière - Google Ads"
META_ACCOUNT = "Maison Lumière - Meta"
LINKEDIN_ACCOUNT = "Maison Lumière Pro - LinkedIn"

AD_CAMPAIGNS: tuple[AdCampaign, ...] = (
    AdCampaign("google_ads", GOOGLE_ACCOUNT, "fr_search_marque", ("Marque exacte", "Marque + produit"),
               1100, 0.11, 0.32, 0.03, 82, "always", ("google", "cpc")),
    AdCampaign("google_ads", GOOGLE_ACCOUNT, "fr_search_generique",
               ("Robes femme", "Baskets cuir", "Sacs cabas", "Déco maison"),
               5200, 0.03, 0.85, 0.02, 76, "always", ("google", "cpc")),
    AdCampaign("google_ads", GOOGLE_ACCOUNT, "fr_pmax_soldes", ("Toutes les ventes", "Best-sellers"),
               17000, 0.012, 0.55, 0.026, 72, "sales", ("google", "cpc")),
    # Not tagged in GA4 (auto-tagging off on this one): shows up as unmatched spend.
    AdCampaign("google_ads", GOOGLE_ACCOUNT, "fr_demandgen_test", ("Audiences similaires", "Intérêts mode"),
               19000, 0.004, 0.42, 0.007, 70, "always", None),
    AdCampaign("meta", META_ACCOUNT, "meta_prospection_printemps",
               ("Femmes 25-44 mode", "Intérêts déco", "Lookalike acheteurs 1%"),
               26000, 0.011, 0.62, 0.015, 78, "launch", ("facebook", "paid")),
    AdCampaign("meta", META_ACCOUNT, "meta_retargeting", ("Paniers abandonnés", "Visiteurs 30 jours"),
               6500, 0.012, 0.48, 0.032, 74, "always", ("facebook", "paid")),
    AdCampaign("meta", META_ACCOUNT, "meta_notoriete_black_friday", ("Large France", "Fans et proches"),
               30000, 0.009, 0.58, 0.02, 70, "bf", ("facebook", "paid")),
    AdCampaign("linkedin", LINKEDIN_ACCOUNT, "linkedin_b2b_pro", ("Décideurs hôtellerie",),
               2600, 0.0065, 1.85, 0.045, 90, "always", ("linkedin", "paid")),
)

AGES = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")
AGE_SHARE = np.array([0.12, 0.27, 0.25, 0.18, 0.11, 0.07])
GENDERS = ("female", "male")
DEVICES = ("desktop", "mobile", "tablet")


def _active(cal: Calendar, c: AdCampaign) -> np.ndarray:
    if c.window == "sales":
        return cal.sales.copy()
    if c.window == "bf":
        return cal.bf_season.copy()
    if c.window == "launch":
        return cal.mask(cal.events["meta_launch"], cal.end)
    return np.ones(cal.n, bool)


def _ad_groups(c: AdCampaign, scale: float) -> list[str]:
    n = max(1, round(len(c.ad_groups) * scale))
    return [c.ad_groups[k % len(c.ad_groups)] + (f" #{k // len(c.ad_groups) + 1}" if k >= len(c.ad_groups) else "")
            for k in range(n)]


def _ads(cal: Calendar, seed: int, scale: float) -> tuple[pd.DataFrame, dict]:
    """Daily rows by campaign x ad group, and each tagged campaign's daily clicks for GA4."""
    rng = _rng(seed, "ads")
    frames, clicks_by_campaign = [], {}
    paid_demand = cal.demand ** 0.7
    for c in AD_CAMPAIGNS:
        active = _active(cal, c)
        level = np.where(active, 1.0, 0.0)
        if c.window == "launch":   # a launch ramps up over its first week
            first = int(np.argmax(active)) if active.any() else 0
            level[first:first + 7] *= np.linspace(0.3, 1.0, 7)[: max(0, min(7, cal.n - first))]
        if c.campaign == "fr_search_generique":
            level[cal.mask(cal.events["generic_budget"], cal.end)] *= 1.4
        conv_mult = cal.conv.copy()
        if c.campaign == "meta_prospection_printemps":   # CPA drift: results fall, spend holds
            drift = cal.mask(cal.events["cpa_drift"], cal.end)
            conv_mult[drift] *= np.linspace(0.75, 0.25, int(drift.sum()))
        groups = _ad_groups(c, scale)
        share = rng.dirichlet(np.full(len(groups), 4.0))
        ctr_var = rng.lognormal(0, 0.15, len(groups))
        cr_var = rng.lognormal(0, 0.15, len(groups))
        day_idx = np.repeat(np.arange(cal.n), len(groups))
        g_idx = np.tile(np.arange(len(groups)), cal.n)
        lam = (c.impressions * scale * level * paid_demand)[day_idx] * share[g_idx]
        impressions = rng.poisson(lam * rng.lognormal(0, 0.1, lam.size))
        keep = impressions > 0
        day_idx, g_idx, impressions = day_idx[keep], g_idx[keep], impressions[keep]
        ctr = np.clip(c.ctr * ctr_var[g_idx] * rng.lognormal(0, 0.08, g_idx.size), 0, 0.5)
        clicks = rng.binomial(impressions, ctr)
        cost = np.round(clicks * c.cpc * rng.lognormal(0, 0.08, clicks.size) + impressions * 0.0004, 2)
        cr = np.clip(c.cr * cr_var[g_idx] * conv_mult[day_idx], 0, 0.9)
        conversions = rng.binomial(clicks, cr)
        value = np.where(conversions > 0,
                         rng.gamma(np.maximum(conversions, 1) * 4.0, c.value / 4.0), 0.0).round(2)
        f = pd.DataFrame({
            "d": day_idx, "platform": c.platform, "account": c.account, "campaign": c.campaign,
            "ad_group": np.array(groups, dtype=object)[g_idx], "impressions": impressions,
            "clicks": clicks, "cost": cost, "conversions": conversions, "conversion_value": value,
        })
        if c.platform != "google_ads":
            f["reach"] = np.round(impressions / rng.uniform(1.15, 1.6, impressions.size))
        if c.platform == "meta":
            f["all_clicks"] = clicks + rng.binomial(impressions, ctr * 0.9)
        frames.append(f)
        if c.ga4:
            clicks_by_campaign[c.campaign] = np.bincount(day_idx, weights=clicks, minlength=cal.n)
    return pd.concat(frames, ignore_index=True), clicks_by_campaign


def _with_days(cal: Calendar, frame: pd.DataFrame, col: str = "d") -> pd.DataFrame:
    day = cal.days[frame[col].to_numpy()].date   # datetime.date, as the Parsed contract says
    frame = frame.drop(columns=[col])
    frame.insert(0, "day_to", day)
    frame.insert(0, "day_from", day)
    return frame


def _ad_parsed(cal: Calendar, ads: pd.DataFrame, seed: int) -> list[Parsed]:
    rng = _rng(seed, "ads")
    rng.random(1000)   # separate from the draws of _ads
    out = []
    metric_cols = ["impressions", "reach", "clicks", "all_clicks", "cost", "conversions", "conversion_value"]
    for platform in ("google_ads", "meta", "linkedin"):
        f = ads[ads["platform"] == platform].dropna(axis=1, how="all").copy()
        f["currency"] = CURRENCY
        if platform == "linkedin":   # LinkedIn's campaign report has no ad group level here
            # At scale a campaign gets several ad groups: add them up to the campaign's day.
            keys = ["d", "platform", "account", "campaign", "currency"]
            f = f.drop(columns="ad_group").groupby(keys, as_index=False).sum(numeric_only=True)
            grain = ("platform", "account", "campaign")
        else:
            grain = ("platform", "account", "campaign", "ad_group")
        out.append(Parsed("ad_performance", _with_days(cal, f), grain, "demo",
                          notes={"source": platform, "currency": CURRENCY}))
    # Breakdowns: another cut of the same spend, so another grain (never added to the above).
    cols = [c for c in metric_cols if c not in ("reach",)]
    g = ads.loc[ads["platform"] == "google_ads", ["d", "platform", "account", "campaign", "ad_group",
                                                   "impressions", "clicks", "cost", "conversions", "conversion_value"]]
    out.append(Parsed("ad_performance", _with_days(cal, _split(g, "device", DEVICES, np.array([0.4, 0.53, 0.07]),
                                                               rng)),
                      ("platform", "account", "campaign", "ad_group", "device"), "demo",
                      notes={"source": "google_ads", "currency": CURRENCY, "breakdown": "device"}))
    m = ads.loc[ads["platform"] == "meta", ["d", "platform", "account", "campaign", "ad_group", *cols]]
    by_age = _split(m, "age", AGES, AGE_SHARE, rng)
    by_age_gender = _split(by_age, "gender", GENDERS, np.array([0.68, 0.32]), rng)
    by_age_gender["reach"] = np.round(by_age_gender["impressions"] / rng.uniform(1.15, 1.6, len(by_age_gender)))
    out.append(Parsed("ad_performance", _with_days(cal, by_age_gender),
                      ("platform", "account", "campaign", "ad_group", "age", "gender"), "demo",
                      notes={"source": "meta", "currency": CURRENCY, "breakdown": "age,gender"}))
    return out


def _split(frame: pd.DataFrame, dim: str, values: tuple[str, ...], shares: np.ndarray,
           rng: np.random.Generator) -> pd.DataFrame:
    """Split each row across `values`: counts by multinomial draws, so the cells add up to the row."""
    k = len(values)
    jitter = rng.dirichlet(shares / shares.sum() * 60, len(frame))          # (rows, k)
    imps = rng.multinomial(frame["impressions"].to_numpy().astype(np.int64), jitter)
    w_imp = imps / np.maximum(imps.sum(axis=1, keepdims=True), 1)
    out = frame.loc[frame.index.repeat(k)].reset_index(drop=True)
    out[dim] = np.tile(np.array(values, dtype=object), len(frame))
    out["impressions"] = imps.ravel()
    clicks = rng.multinomial(frame["clicks"].to_numpy().astype(np.int64), np.where(imps.sum(1, keepdims=True) > 0,
                                                                                 w_imp, 1.0 / k))
    out["clicks"] = clicks.ravel()
    w_clk = np.where(clicks.sum(1, keepdims=True) > 0, clicks / np.maximum(clicks.sum(1, keepdims=True), 1), w_imp)
    if "all_clicks" in out:
        extra = (frame["all_clicks"] - frame["clicks"]).to_numpy().astype(np.int64)
        out["all_clicks"] = (clicks + rng.multinomial(extra, np.where(imps.sum(1, keepdims=True) > 0,
                                                                      w_imp, 1.0 / k))).ravel()
    out["cost"] = np.round(np.repeat(frame["cost"].to_numpy(), k) * w_clk.ravel(), 2)
    conv = rng.multinomial(frame["conversions"].to_numpy().astype(np.int64), np.where(
        clicks.sum(1, keepdims=True) > 0, w_clk, 1.0 / k))
    out["conversions"] = conv.ravel()
    w_conv = conv / np.maximum(conv.sum(axis=1, keepdims=True), 1)
    out["conversion_value"] = np.round(np.repeat(frame["conversion_value"].to_numpy(), k) * w_conv.ravel(), 2)
    return out[out["impressions"] > 0].reset_index(drop=True)


# -- email ------------------------------------------------------------------------------------

SUBJECTS = {
    "generic": ("Nouveautés de la semaine : nos coups de cœur", "La sélection lin que vous attendiez",
                "Votre intérieur mérite un peu de lumière", "-15 % sur votre prochaine commande",
                "Les essentiels de saison sont arrivés", "Ils sont de retour en stock",
                "Notre guide pour bien choisir vos baskets", "3 idées pour réchauffer votre salon",
                "Livraison offerte dès 50 € ce week-end", "Vous nous avez demandé : les tailles XS-XXL"),
    "sales": ("Les soldes commencent : jusqu'à -50 %", "Soldes : 2e démarque, dernières tailles",
              "Dernière chance : fin des soldes dimanche"),
    "bf": ("Black Friday : -30 % sur tout le site", "Cyber Monday : dernières heures à -30 %",
           "Black Friday en avant-première pour nos abonnés"),
    "xmas": ("Idées cadeaux : notre sélection de Noël", "Commandez avant le 20/12 pour Noël",
             "Cartes cadeaux : le présent qui plaît à tous"),
    "summer": ("Prêts pour l'été ? La collection lin", "Vacances : nos indispensables à emporter"),
}


def _email(cal: Calendar, seed: int, scale: float) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Weekly newsletters (Tuesday 10:00) plus sales and Black Friday sends; GA4 sessions they drive."""
    rng = _rng(seed, "email")
    sends = set(np.flatnonzero(cal.days.day_of_week == 1).tolist())
    for name in ("black_friday", "cyber_monday", "winter_sales", "summer_sales"):
        for d in cal.events[name]:
            i = cal.index(d)
            if i is not None:
                sends.add(i)
    idx = np.array(sorted(sends))
    days = cal.days[idx]
    t = idx / max(cal.n - 1, 1)
    list_size = np.round((9200 + 5600 * t) * scale + rng.normal(0, 60, idx.size)).astype(np.int64)
    sent = np.round(list_size * rng.uniform(0.96, 0.995, idx.size)).astype(np.int64)
    hard = rng.binomial(sent, 0.003)
    soft = rng.binomial(sent, 0.006)
    delivered = sent - hard - soft
    kind = np.full(idx.size, "generic", dtype=object)
    month = days.month.to_numpy()
    kind[(month >= 6) & (month <= 8)] = "summer"
    kind[(month == 12) & (days.day.to_numpy() <= 20)] = "xmas"
    kind[cal.sales[idx]] = "sales"
    kind[cal.bf_season[idx] & cal.sales[idx]] = "bf"
    open_rate = np.clip(rng.normal(0.33, 0.035, idx.size) + np.where(kind == "bf", 0.04, 0), 0.2, 0.45)
    opens = rng.binomial(delivered, open_rate)
    click_rate = np.where(np.isin(kind, ["bf", "sales"]), 0.12, 0.075) * rng.lognormal(0, 0.15, idx.size)
    clicks = rng.binomial(opens, np.clip(click_rate, 0, 0.5))
    unsub = rng.binomial(delivered, 0.0022)
    complaints = rng.binomial(delivered, 0.0001)
    conversions = rng.binomial(clicks, np.clip(0.07 * cal.conv[idx], 0, 0.9))
    revenue = np.where(conversions > 0, rng.gamma(np.maximum(conversions, 1) * 4.0, 72 / 4.0), 0).round(2)
    subjects = np.array([SUBJECTS[k][rng.integers(len(SUBJECTS[k]))] for k in kind], dtype=object)
    utm = np.array([f"nl_{d:%Y%m%d}" + ("_blackfriday" if k == "bf" else "_soldes" if k == "sales" else "")
                    for d, k in zip(days, kind, strict=True)], dtype=object)
    ids = np.array([f"{x:010x}" for x in rng.integers(0, 16 ** 10, idx.size)], dtype=object)
    frame = pd.DataFrame({
        "day_from": days.date, "day_to": days.date, "platform": "mailchimp", "campaign_id": ids,
        "campaign": utm, "subject": subjects, "list": "Clients et abonnés",
        "send_time": days + pd.Timedelta(hours=10), "currency": CURRENCY,
        "sent": sent, "delivered": delivered, "hard_bounces": hard, "soft_bounces": soft,
        "unique_opens": opens, "unique_clicks": clicks, "unsubscribes": unsub,
        "complaints": complaints, "conversions": conversions, "revenue": revenue,
        "list_size": list_size,
    })
    # GA4 sessions from each send decay over a week; a day goes to its latest send.
    decay = np.array([0.55, 0.2, 0.1, 0.06, 0.04, 0.03, 0.02])
    sessions = np.zeros(cal.n)
    for k, w in enumerate(decay):
        j = idx + k
        ok = j < cal.n
        np.add.at(sessions, j[ok], clicks[ok] * 1.3 * w)
    latest = np.searchsorted(idx, np.arange(cal.n), side="right") - 1
    names = np.where(latest >= 0, utm[np.maximum(latest, 0)], "")
    sessions[latest < 0] = 0
    return frame, sessions, names


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


def _site(cal: Calendar, ads_clicks: dict, email_sessions: np.ndarray, email_names: np.ndarray,
          seed: int, scale: float) -> pd.DataFrame:
    rng = _rng(seed, "site")
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


def _items(cal: Calendar, site: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = _rng(seed, "items")
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
HOUR_SHARE = np.array([1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3.5, 4, 4.2, 4.5, 4.8, 4.5, 4.3,
                       4.3, 4.6, 5.2, 6, 6.8, 6.5, 4.5, 2.4])


def _times(rng: np.random.Generator, days: pd.DatetimeIndex) -> pd.DatetimeIndex:
    hours = rng.choice(24, size=len(days), p=HOUR_SHARE / HOUR_SHARE.sum())
    secs = hours * 3600 + rng.integers(0, 3600, len(days))
    return days + pd.to_timedelta(secs, unit="s")


def _orders(cal: Calendar, site: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Shopify orders; cancellations and returns are their own rows with a negative amount."""
    rng = _rng(seed, "orders")
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
        "order_time": _times(rng, days),
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


def _leads(cal: Calendar, seed: int) -> pd.DataFrame:
    """B2B leads (hotels, concept stores buying décor) from the CRM."""
    rng = _rng(seed, "leads")
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
        "created_time": _times(rng, cal.days[d]),
        "lead_source": np.array([s[0] for s in LEAD_SOURCES], dtype=object)[src],
        "campaign": np.array([s[1] for s in LEAD_SOURCES], dtype=object)[src],
        "status": status, "currency": CURRENCY,
        "leads": 1, "customers": is_cust.astype(int), "value": value,
    })


# -- social -----------------------------------------------------------------------------------

NETWORKS = (  # network, account, followers at start, net daily growth, impressions/day, post chance, url
    ("facebook", "Maison Lumière", 12000, 4.0, 5200, 0.4, "https://www.facebook.com/maisonlumiere/posts/"),
    ("instagram", "@maisonlumiere.paris", 18000, 16.0, 14000, 0.55, "https://www.instagram.com/p/"),
    ("linkedin_pages", "Maison Lumière Pro", 2800, 3.0, 1300, 0.25,
     "https://www.linkedin.com/feed/update/urn:li:activity:"),
)
PRODUCTS = ("robe en lin écru", "baskets cuir blanc", "sac cabas toile", "plaid laine moutarde",
            "bougie parfumée figue", "chemise oxford bleue", "coussin lin sauge")
POSTS = {
    "shop": ("Nouveauté : la {p} est arrivée sur le site et en boutique ✨",
             "Coulisses de l'atelier : comment nous choisissons nos lins 🌾",
             "Concours ! Gagnez la {p} : abonnez-vous et identifiez deux amis 🎁",
             "Merci pour vos photos avec la {p}, on adore vous voir la porter 💛",
             "Idée déco du week-end : un coin lecture tout doux avec le {p}",
             "Nos engagements : coton bio, lin français et emballages recyclés ♻️",
             "Guide des tailles : trouvez la bonne coupe du premier coup",
             "De retour en stock : la {p}, en quantité limitée"),
    "b2b": ("Maison Lumière Pro équipe hôtels et concept stores : découvrez notre offre",
            "Étude de cas : 40 chambres habillées de lin pour un hôtel de Biarritz",
            "Nous recrutons un(e) responsable e-commerce à Lyon",
            "Salon Maison&Objet : retrouvez-nous hall 6, stand B12",
            "Fabrication française : visite de notre atelier de tissage dans les Vosges"),
    "sales": ("Soldes : jusqu'à -50 % sur une sélection, c'est parti !",
              "Deuxième démarque : les dernières tailles vous attendent"),
    "bf": ("Black Friday : -30 % sur tout le site jusqu'à lundi minuit",),
    "buzz": ("Message à notre communauté : nous avons lu vos messages sur les retards de livraison. "
             "Nous vous devons des excuses et des explications.",),
}
POST_TYPES = {"facebook": ("photo", "link", "video"), "instagram": ("image", "carousel", "reel"),
              "linkedin_pages": ("image", "article", "video")}


def _social(cal: Calendar, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Daily account rows (no post_id) and post rows (lifetime metrics on the publication day)."""
    rng = _rng(seed, "social")
    buzz = cal.index(cal.events["bad_buzz"])
    daily, posts = [], []
    seq = 0
    for network, account, start, growth, imp, post_p, url in NETWORKS:
        n = cal.n
        spike = np.ones(n)
        if buzz is not None and network != "linkedin_pages":
            spike[buzz:buzz + 3] = (8.0, 3.0, 1.6)[: n - buzz]
        impressions = rng.poisson(imp * cal.demand ** 0.5 * rng.lognormal(0, 0.15, n) * np.sqrt(spike))
        follows = rng.poisson(growth * 1.4 * cal.demand ** 0.5 + 2)
        unfollows = rng.poisson((growth * 0.4 + 2) * spike ** 1.2)
        followers = start + np.cumsum(follows - unfollows)
        reactions = rng.binomial(impressions, 0.02 if network == "instagram" else 0.012)
        comments = rng.binomial(impressions, np.minimum(0.0012 * spike ** 1.5, 0.2))
        shares = rng.binomial(impressions, np.minimum(0.0006 * spike ** 1.3, 0.2))
        saves = rng.binomial(impressions, 0.0012) if network == "instagram" else np.zeros(n, np.int64)
        clicks = rng.binomial(impressions, 0.004)
        daily.append(pd.DataFrame({
            "d": np.arange(n), "network": network, "account": account,
            "impressions": impressions, "reach": np.round(impressions / rng.uniform(1.3, 1.8, n)),
            "engagements": reactions + comments + shares + saves + clicks, "reactions": reactions,
            "comments": comments, "shares": shares, "saves": saves, "clicks": clicks,
            "video_views": rng.binomial(impressions, 0.1), "profile_visits": rng.binomial(impressions, 0.008),
            "followers": followers, "follows": follows, "unfollows": unfollows,
        }))
        d = np.flatnonzero(rng.random(n) < post_p)
        if buzz is not None and network != "linkedin_pages" and buzz not in d:
            d = np.sort(np.append(d, buzz))
        k = d.size
        pool = "b2b" if network == "linkedin_pages" else "shop"
        texts = []
        for di in d:
            if di == buzz and network != "linkedin_pages":
                choice = POSTS["buzz"]
            elif cal.bf_season[di] and cal.sales[di] and pool == "shop":
                choice = POSTS["bf"]
            elif cal.sales[di] and pool == "shop" and rng.random() < 0.5:
                choice = POSTS["sales"]
            else:
                choice = POSTS[pool]
            texts.append(choice[rng.integers(len(choice))].format(p=PRODUCTS[rng.integers(len(PRODUCTS))]))
        boost = np.where(d == buzz, 12.0, 1.0) if buzz is not None else np.ones(k)
        p_imp = rng.poisson(followers[d] * 0.3 * rng.lognormal(0, 0.5, k) * np.sqrt(boost))
        p_react = rng.binomial(p_imp, 0.035 if network == "instagram" else 0.022)
        p_comm = rng.binomial(p_imp, np.minimum(0.003 * boost, 0.3))
        p_share = rng.binomial(p_imp, np.minimum(0.0015 * boost ** 0.8, 0.3))
        p_save = rng.binomial(p_imp, 0.004) if network == "instagram" else np.zeros(k, np.int64)
        p_click = rng.binomial(p_imp, 0.006)
        ids = [str(x) for x in rng.integers(10 ** 15, 10 ** 16, k)]
        types = np.array(POST_TYPES[network], dtype=object)[rng.integers(0, 3, k)]
        seq += k
        posts.append(pd.DataFrame({
            "d": d, "network": network, "account": account, "post_id": ids, "post_type": types,
            "post_text": texts, "post_url": [url + i for i in ids],
            "published_time": cal.days[d] + pd.to_timedelta(rng.integers(8 * 60, 20 * 60, k), unit="m"),
            "impressions": p_imp, "reach": np.round(p_imp / rng.uniform(1.1, 1.4, k)),
            "engagements": p_react + p_comm + p_share + p_save + p_click, "reactions": p_react,
            "comments": p_comm, "shares": p_share, "saves": p_save, "clicks": p_click,
            "video_views": np.where(np.isin(types, ["video", "reel"]), rng.binomial(p_imp, 0.4), 0),
        }))
    return pd.concat(daily, ignore_index=True), pd.concat(posts, ignore_index=True)


# -- search console ---------------------------------------------------------------------------

BRAND_QUERIES = ("maison lumière", "maison lumiere", "maison lumière avis", "maison lumière soldes",
                 "maison lumière code promo", "maison lumière robe lin", "maison lumière livraison",
                 "maison lumiere paris")
GENERIC_QUERIES = ("robe lin femme", "robe en lin écru", "baskets cuir blanc femme", "baskets blanches cuir",
                   "sac cabas toile", "sac cabas femme", "plaid laine", "plaid laine moutarde",
                   "bougie parfumée figue", "coussin lin", "chemise oxford homme", "pull mérinos femme",
                   "espadrilles corde", "bottines daim camel", "foulard soie", "ceinture cuir tressé",
                   "idées cadeaux noël femme", "idée cadeau déco", "guide des tailles robe",
                   "comment laver le lin", "soldes robe lin", "black friday mode femme", "déco salon cosy",
                   "linge de maison lin", "marque française vêtements lin", "mode éthique femme",
                   "cadeau fête des mères", "tenue invitée mariage lin", "baskets cuir made in france",
                   "plaid canapé", "bougie naturelle", "coussin salon")


def _search(cal: Calendar, site: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Search Console: daily totals, daily by query (anonymised queries left out), daily by device."""
    rng = _rng(seed, "search")
    google = site[(site["source_name"] == "google") & (site["medium"] == "organic")]
    clicks = np.round(np.bincount(google["d"], weights=google["sessions"], minlength=cal.n) / 0.9).astype(np.int64)
    t = np.arange(cal.n) / max(cal.n - 1, 1)
    impressions = np.round(clicks / (0.03 * rng.lognormal(0, 0.05, cal.n))).astype(np.int64)
    position = 13.0 - 2.5 * t + rng.normal(0, 0.4, cal.n)
    totals = pd.DataFrame({"d": np.arange(cal.n), "clicks": clicks, "impressions": impressions,
                           "position_sum": np.round(impressions * position, 1)})
    queries = BRAND_QUERIES + GENERIC_QUERIES
    nq = len(queries)
    brand = np.arange(nq) < len(BRAND_QUERIES)
    share = rng.dirichlet(np.full(nq, 1.5)) * np.where(brand, 0.25, 1.0)
    share = share / share.sum() * 0.55   # the rest is anonymised by Google
    ctr = np.where(brand, rng.uniform(0.25, 0.45, nq), rng.uniform(0.008, 0.05, nq))
    pos = np.where(brand, rng.uniform(1.0, 1.8, nq), rng.uniform(4, 28, nq))
    lam = impressions[:, None] * share[None, :]
    q_imp = rng.poisson(lam)
    d, q = np.nonzero(q_imp)
    qi = q_imp[d, q]
    by_query = pd.DataFrame({
        "d": d, "query": np.array(queries, dtype=object)[q], "clicks": rng.binomial(qi, ctr[q]),
        "impressions": qi, "position_sum": np.round(qi * pos[q] * rng.lognormal(0, 0.06, qi.size), 1),
    })
    dev_imp = rng.multinomial(impressions, [0.4, 0.55, 0.05])
    dev_clk = np.minimum(rng.multinomial(clicks, [0.38, 0.58, 0.04]), dev_imp)
    dev_pos = position[:, None] * np.array([0.95, 1.03, 1.05])[None, :]
    by_device = pd.DataFrame({
        "d": np.repeat(np.arange(cal.n), 3), "device": np.tile(np.array(DEVICES, dtype=object), cal.n),
        "clicks": dev_clk.ravel(), "impressions": dev_imp.ravel(),
        "position_sum": np.round((dev_imp * dev_pos).ravel(), 1),
    })
    return totals, by_query, by_device[by_device["impressions"] > 0]


# -- listening, NPS, A/B test -----------------------------------------------------------------

MENTION_NETWORKS = (("x", "https://x.com/{a}/status/{i}", 0.25), ("instagram", "https://www.instagram.com/p/{i}", 0.25),
                    ("facebook", "https://www.facebook.com/{a}/posts/{i}", 0.15),
                    ("tiktok", "https://www.tiktok.com/@{a}/video/{i}", 0.1),
                    ("forum", "https://forum.doctissimo.fr/mode/topic-{i}.htm", 0.1),
                    ("blog", "https://{a}.blogspot.com/{i}.html", 0.1),
                    ("news", "https://www.lefigaro.fr/conso/{i}", 0.05))
MENTION_TEXTS = {
    "positive": ("Reçu ma robe Maison Lumière, la qualité du lin est incroyable",
                 "Service client Maison Lumière au top, échange fait en 48 h",
                 "Coup de cœur pour le plaid moutarde de @maisonlumiere",
                 "Les baskets Maison Lumière sont ultra confortables, je recommande"),
    "neutral": ("Quelqu'un a déjà commandé chez Maison Lumière ? Avis ?",
                "Maison Lumière lance sa collection de printemps",
                "Les soldes Maison Lumière commencent mercredi",
                "Maison Lumière ouvre un pop-up store à Lyon"),
    "negative": ("Colis Maison Lumière arrivé abîmé, déçue",
                 "Toujours pas de réponse du service client Maison Lumière",
                 "Taille trop petite, retour payant chez Maison Lumière..."),
    "buzz": ("Trois semaines sans colis et Maison Lumière me répond par un emoji ? #boycott",
             "La réponse de Maison Lumière aux clients sans livraison est honteuse",
             "Maison Lumière supprime les commentaires négatifs, bravo la transparence",
             "Plus jamais Maison Lumière, commande jamais livrée et zéro excuse"),
}
FIRST = ("julie", "camille", "lea", "manon", "thomas", "lucas", "chloe", "ines", "hugo", "sarah", "emma",
         "nathalie", "sophie", "marc", "pauline", "claire", "antoine", "laura", "maxime", "alice")


def _mentions(cal: Calendar, seed: int) -> pd.DataFrame:
    """One row per brand mention; the bad-buzz day brings a wave of negative mentions."""
    rng = _rng(seed, "mentions")
    base = rng.poisson(9 * cal.demand ** 0.5)
    n_base = int(base.sum())
    d = np.repeat(np.arange(cal.n), base)
    sentiment = rng.choice(np.array(["positive", "neutral", "negative"], dtype=object), n_base, p=[0.34, 0.52, 0.14])
    kind = sentiment.copy()
    buzz = cal.index(cal.events["bad_buzz"])
    if buzz is not None:
        extra_d, extra_s = [], []
        for off, neg, neu in ((0, 95, 30), (1, 30, 12), (2, 10, 5)):
            if buzz + off < cal.n:
                k_neg, k_neu = rng.poisson(neg), rng.poisson(neu)
                extra_d += [buzz + off] * (k_neg + k_neu)
                extra_s += ["buzz"] * k_neg + ["neutral"] * k_neu
        d = np.concatenate([d, np.array(extra_d, dtype=np.int64)])
        kind = np.concatenate([kind, np.array(extra_s, dtype=object)])
    n = d.size
    sentiment = np.where(kind == "buzz", "negative", kind).astype(object)
    texts = np.empty(n, dtype=object)
    for k, pool in MENTION_TEXTS.items():
        m = kind == k
        texts[m] = np.array(pool, dtype=object)[rng.integers(0, len(pool), int(m.sum()))]
    net = rng.choice(len(MENTION_NETWORKS), n, p=[x[2] for x in MENTION_NETWORKS])
    authors = np.array([f"{FIRST[a % len(FIRST)]}_{a // len(FIRST) + 1}" for a in rng.integers(0, 4000, n)],
                       dtype=object)
    ids = rng.integers(10 ** 9, 10 ** 10, n)
    urls = [MENTION_NETWORKS[k][1].format(a=a, i=i) for k, a, i in zip(net, authors, ids, strict=True)]
    order = np.argsort(d, kind="stable")
    frame = pd.DataFrame({
        "d": d, "mention_id": "", "mention_time": _times(rng, cal.days[d]),
        "network": np.array([x[0] for x in MENTION_NETWORKS], dtype=object)[net], "author": authors,
        "url": urls, "text": texts, "sentiment": sentiment, "mentions": 1,
        "negative_mentions": (sentiment == "negative").astype(int),
        "author_reach": np.round(rng.lognormal(6.0, 1.6, n)) * np.where(kind == "buzz", 5, 1),
    }).iloc[order].reset_index(drop=True)
    frame["mention_id"] = [f"m{100001 + i}" for i in range(len(frame))]
    return frame


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


def _nps(cal: Calendar, seed: int) -> pd.DataFrame:
    rng = _rng(seed, "nps")
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
        "response_time": _times(rng, cal.days[d]),
        "segment": rng.choice(np.array(["Nouveau client", "Client fidèle", "Professionnel"], dtype=object), n,
                              p=[0.5, 0.4, 0.1]),
        "comment": comment, "score": score,
    })


EXPERIMENT = "landing_soldes_v2"
VARIANTS = (("A", 0.024), ("B", 0.0285))   # control, new landing page: conversion rates


def _experiment(cal: Calendar, seed: int) -> pd.DataFrame:
    """Daily results of one A/B test of the sales landing page (units: visitors; value: order value)."""
    rng = _rng(seed, "experiment")
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


# -- assembly ---------------------------------------------------------------------------------

SITE_GRAIN = ("source_name", "medium", "campaign", "channel_group", "device", "country", "landing_page")


def default_end() -> date:
    return date.today() - timedelta(days=1)


def build(seed: int = 7, end: date | None = None, months: int = 18, scale: float = 1.0) -> list[Parsed]:
    """The demo's canonical frames: one Parsed per origin system and grain (pure, deterministic)."""
    end = end or default_end()
    cal = calendar(seed, end, months)
    ads, ads_clicks = _ads(cal, seed, scale)
    email, email_sessions, email_names = _email(cal, seed, scale)
    site = _site(cal, ads_clicks, email_sessions, email_names, seed, scale)
    items = _items(cal, site, seed)
    orders = _orders(cal, site, seed)
    social_daily, social_posts = _social(cal, seed)
    sc_total, sc_query, sc_device = _search(cal, site, seed)

    def p(table: str, frame: pd.DataFrame, grain: tuple, source: str, **notes) -> Parsed:
        if "d" in frame:
            frame = _with_days(cal, frame.reset_index(drop=True))
        return Parsed(table, frame, grain, "demo", notes={"source": source, **notes})

    out = [
        p("site_traffic", site, SITE_GRAIN, "ga4", currency=CURRENCY),
        p("site_items", items, ("item_category", "item_name"), "ga4", currency=CURRENCY),
        *_ad_parsed(cal, ads, seed),
    ]
    for network, *_ in NETWORKS:
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
        p("orders", orders, ("order_id",), "shopify", currency=CURRENCY),
        p("leads", _leads(cal, seed), ("lead_id",), "hubspot"),
        p("mentions", _mentions(cal, seed), ("mention_id",), "brand24"),
        p("nps_responses", _nps(cal, seed), ("response_id",), "survey"),
        p("experiment_results", _experiment(cal, seed), ("experiment", "variant", "metric"), "demo"),
    ]
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
    from lib.alerts import demo_rules
    from lib.ingest import load_parsed
    from lib.objectives import demo_objectives

    end = end or default_end()
    parsed = build(seed, end, months, scale)
    summary = load_parsed(store, parsed, "demo", fmt="demo")
    cal = calendar(seed, end, months)
    now = datetime.now().replace(microsecond=0)
    notes = _annotations(end, cal)
    campaigns = _campaign_rows(cal)
    settings = {"workspace_name": WORKSPACE_NAME, "currency": CURRENCY, "language": "fr", "is_demo": "1",
                **{f"monthly_budget_{k}": f"{v:.0f}" for k, v in MONTHLY_BUDGET.items()}}
    with store.transaction() as cur:
        for name, value in settings.items():
            cur.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [name, value])
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
            "campaigns": len(campaigns), "settings": len(settings), "end": str(end),
            "start": str(cal.days[0].date()), "warnings": summary["warnings"]}


FACT_TABLES = ("site_traffic", "site_items", "ad_performance", "social_performance", "email_campaigns",
               "search_console", "orders", "leads", "mentions", "nps_responses", "experiment_results")


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
