"""The demo's marketing: ad campaigns (Google, Meta, LinkedIn), e-mail sends, social pages, Search
Console queries and brand mentions."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.demo.calendar import CURRENCY, DEVICES, Calendar, draw_times, stream, with_days
from lib.sources.base import Parsed


@dataclass(frozen=True)
# -- paid media -------------------------------------------------------------------------------

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


def ad_rows(cal: Calendar, seed: int, scale: float) -> tuple[pd.DataFrame, dict]:
    """Daily rows by campaign x ad group, and each tagged campaign's daily clicks for GA4."""
    rng = stream(seed, "ads")
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


def ad_frames(cal: Calendar, ads: pd.DataFrame, seed: int) -> list[Parsed]:
    rng = stream(seed, "ads")
    rng.random(1000)   # separate from the draws of ad_rows
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
        out.append(Parsed("ad_performance", with_days(cal, f), grain, "demo",
                          notes={"source": platform, "currency": CURRENCY}))
    # Breakdowns: another cut of the same spend, so another grain (never added to the above).
    cols = [c for c in metric_cols if c not in ("reach",)]
    g = ads.loc[ads["platform"] == "google_ads", ["d", "platform", "account", "campaign", "ad_group",
                                                   "impressions", "clicks", "cost", "conversions", "conversion_value"]]
    out.append(Parsed("ad_performance", with_days(cal, _split(g, "device", DEVICES, np.array([0.4, 0.53, 0.07]),
                                                               rng)),
                      ("platform", "account", "campaign", "ad_group", "device"), "demo",
                      notes={"source": "google_ads", "currency": CURRENCY, "breakdown": "device"}))
    m = ads.loc[ads["platform"] == "meta", ["d", "platform", "account", "campaign", "ad_group", *cols]]
    by_age = _split(m, "age", AGES, AGE_SHARE, rng)
    by_age_gender = _split(by_age, "gender", GENDERS, np.array([0.68, 0.32]), rng)
    by_age_gender["reach"] = np.round(by_age_gender["impressions"] / rng.uniform(1.15, 1.6, len(by_age_gender)))
    out.append(Parsed("ad_performance", with_days(cal, by_age_gender),
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


def email_rows(cal: Calendar, seed: int, scale: float) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Weekly newsletters (Tuesday 10:00) plus sales and Black Friday sends; GA4 sessions they drive."""
    rng = stream(seed, "email")
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


# -- social -----------------------------------------------------------------------------------

NETWORKS = (  # network, account, followers at start, net daily growth, impressions/day, post chance, url
    ("facebook", "Maison Lumière", 12000, 4.0, 5200, 0.4, "https://www.facebook.com/maisonlumiere/posts/"),
    ("instagram", "@maisonlumiere.paris", 18000, 16.0, 14000, 0.55, "https://www.instagram.com/p/"),
    ("linkedin_pages", "Maison Lumière Pro", 2800, 3.0, 1300, 0.25,
     "https://www.linkedin.com/feed/update/urn:li:activity:"),
)
# with their article: the posts name them mid-sentence, and French agrees with it
PRODUCTS = ("la robe en lin écru", "les baskets cuir blanc", "le sac cabas toile", "le plaid laine moutarde",
            "la bougie parfumée figue", "la chemise oxford bleue", "le coussin lin sauge")
POSTS = {
    "shop": ("Nouveauté sur le site et en boutique : {p} ✨",
             "Coulisses de l'atelier : comment nous choisissons nos lins 🌾",
             "Concours ! Gagnez {p} : abonnez-vous et identifiez deux amis 🎁",
             "Merci pour vos photos avec {p}, on adore voir vos idées de style 💛",
             "Idée du week-end : un coin lecture tout doux, avec {p}",
             "Nos engagements : coton bio, lin français et emballages recyclés ♻️",
             "Guide des tailles : trouvez la bonne coupe du premier coup",
             "De retour en stock : {p}, en quantité limitée"),
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


def social_rows(cal: Calendar, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Daily account rows (no post_id) and post rows (lifetime metrics on the publication day)."""
    rng = stream(seed, "social")
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


def search_rows(cal: Calendar, site: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, ...]:
    """Search Console: daily totals, daily by query (anonymised queries left out), by device, by
    page and by country (the files of one export: Chart, Queries, Devices, Pages, Countries)."""
    rng = stream(seed, "search")
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
    by_page = _search_cut(google, "landing_page", rng, top=200)
    by_page["landing_page"] = SITE_PROPERTY.rstrip("/") + by_page["landing_page"]
    by_country = _search_cut(google, "country", rng)
    return (totals, by_query, by_device[by_device["impressions"] > 0],
            by_page.rename(columns={"landing_page": "page"}), by_country)


def _search_cut(google: pd.DataFrame, column: str, rng, top: int | None = None) -> pd.DataFrame:
    """Daily clicks by one column of the organic Google sessions (the TOP values by sessions, as
    the export keeps its top rows), with impressions and positions of each value's own CTR and rank."""
    daily = google.groupby(["d", column], as_index=False, observed=True)["sessions"].sum()
    if top is not None:
        kept = daily.groupby(column, observed=True)["sessions"].sum().nlargest(top).index
        daily = daily[daily[column].isin(kept)]
    values = daily[column].unique()
    ctr = dict(zip(values, rng.uniform(0.015, 0.06, len(values))))
    rank = dict(zip(values, rng.uniform(3, 20, len(values))))
    clicks = np.round(daily["sessions"].to_numpy() / 0.9).astype(np.int64)
    impressions = np.maximum(clicks, np.round(clicks / daily[column].map(ctr).to_numpy()
                                              * rng.lognormal(0, 0.05, len(daily)))).astype(np.int64)
    position = daily[column].map(rank).to_numpy() * rng.lognormal(0, 0.04, len(daily))
    out = pd.DataFrame({"d": daily["d"].to_numpy(), column: daily[column].astype(object).to_numpy(),
                        "clicks": clicks, "impressions": impressions,
                        "position_sum": np.round(impressions * position, 1)})
    return out[out["impressions"] > 0].reset_index(drop=True)


# -- a second account and a second property (issue 16) ---------------------------------------

UK_ACCOUNT = "Maison Lumière UK - Google Ads"
UK_CURRENCY = "GBP"
SITE_PROPERTY = "https://www.maisonlumiere.fr/"
BLOG_PROPERTY = "https://blog.maisonlumiere.fr/"


def second_accounts(cal: Calendar, ads: pd.DataFrame, sc_total: pd.DataFrame, seed: int) -> list[Parsed]:
    """The UK shop's Google Ads account (in pounds, its brand campaign only, a third of the French
    volume) and the blog's Search Console property (about a sixth of the site's clicks): the same
    platforms as the main accounts, kept apart by their account."""
    rng = stream(seed, "second_accounts")
    g = ads[(ads["platform"] == "google_ads") & (ads["campaign"] == "fr_search_marque")]
    g = g.dropna(axis=1, how="all").copy()
    g["account"], g["campaign"], g["currency"] = UK_ACCOUNT, "uk_search_brand", UK_CURRENCY
    for col in ("impressions", "clicks", "all_clicks", "conversions"):
        if col in g:
            g[col] = np.round(g[col] / 3)
    for col in ("cost", "conversion_value"):
        if col in g:
            g[col] = np.round(g[col] / 3 * 0.86, 2)   # pounds
    uk = Parsed("ad_performance", with_days(cal, g.reset_index(drop=True)),
                ("platform", "account", "campaign", "ad_group"), "demo",
                notes={"source": "google_ads", "currency": UK_CURRENCY})
    blog = sc_total.copy()
    share = rng.uniform(0.12, 0.2, len(blog))
    blog["clicks"] = np.round(blog["clicks"] * share)
    blog["impressions"] = np.round(blog["impressions"] * share * 1.4)
    blog["position_sum"] = np.round(blog["impressions"] * rng.uniform(8, 11, len(blog)), 1)
    blog["account"] = BLOG_PROPERTY
    return [uk, Parsed("search_console", with_days(cal, blog.reset_index(drop=True)), (), "demo",
                       notes={"source": "search_console"})]


# -- listening --------------------------------------------------------------------------------

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


def mention_rows(cal: Calendar, seed: int) -> pd.DataFrame:
    """One row per brand mention; the bad-buzz day brings a wave of negative mentions."""
    rng = stream(seed, "mentions")
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
        "d": d, "mention_id": "", "mention_time": draw_times(rng, cal.days[d]),
        "network": np.array([x[0] for x in MENTION_NETWORKS], dtype=object)[net], "author": authors,
        "url": urls, "text": texts, "sentiment": sentiment, "mentions": 1,
        "negative_mentions": (sentiment == "negative").astype(int),
        "author_reach": np.round(rng.lognormal(6.0, 1.6, n)) * np.where(kind == "buzz", 5, 1),
    }).iloc[order].reset_index(drop=True)
    frame["mention_id"] = [f"m{100001 + i}" for i in range(len(frame))]
    return frame
