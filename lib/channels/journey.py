"""Cross-channel journey: ad campaigns matched to GA4 campaigns (UTM names), then one funnel each.

Matching, in this order, for each (platform, ad campaign):
1. a user rule (settings `journey_rules`, a JSON list of {platform, ad_campaign, utm_campaign};
   an empty platform applies to every platform);
2. the exact name among the GA4 campaigns;
3. the same name ignoring case and whitespace ("FR Search Marque " = "frsearchmarque").
Several ad campaigns may share one UTM campaign (one GA4 row): the journey adds their ad figures
and counts the GA4 figures once.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib import access
from lib.kpis import queries
from lib.kpis.notes import Note
from lib.store import Store, settings

SETTING = "journey_rules"
RULE_FIELDS = ("platform", "ad_campaign", "utm_campaign")
HOWS = ("rule", "exact", "normalised")
# GA4 campaign names that are not campaigns: (organic), (direct), (referral), (not set)...
# and mediums that no ad platform sends; such GA4 campaigns are never listed as unmatched.
NON_AD_MEDIUMS = frozenset({"email", "e-mail", "newsletter", "organic", "referral", "(none)", "sms"})

AD_KPIS = ["paid_impressions", "paid_clicks", "paid_cost"]
GA4_KPIS = ["site_sessions", "site_conversions", "site_revenue"]
# (step column, KPI id it comes from)
STEPS = (("impressions", "paid_impressions"), ("clicks", "paid_clicks"),
         ("sessions", "site_sessions"), ("conversions", "site_conversions"),
         ("revenue", "site_revenue"))

# Cost per step: column -> (step, scale); impressions are costed per thousand (CPM).
COSTS = {"cpm": ("impressions", 1000), "cpc": ("clicks", 1), "cost_per_session": ("sessions", 1),
         "cpa": ("conversions", 1)}


def normalise(name: str) -> str:
    """The name compared case- and whitespace-insensitively."""
    return "".join(str(name).split()).casefold()


def is_placeholder(name) -> bool:
    """GA4's stand-ins for "no campaign": (organic), (direct), (not set)... and empty names."""
    text = "" if name is None or (isinstance(name, float) and pd.isna(name)) else str(name).strip()
    return not text or (text.startswith("(") and text.endswith(")"))


# -- rules (settings) --------------------------------------------------------------------------
def clean_rules(rules) -> list[dict]:
    """Rules with text fields stripped; rows without both names dropped; last rule per key wins."""
    out: dict[tuple, dict] = {}
    for rule in rules or []:
        if not isinstance(rule, dict):
            continue
        row = {k: _text(rule.get(k)) for k in RULE_FIELDS}
        if row["ad_campaign"] and row["utm_campaign"]:
            out[(row["platform"], row["ad_campaign"])] = row
    return list(out.values())


def _text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def read_rules(store: Store) -> list[dict]:
    """The user rules stored in the workspace (an unreadable value counts as none)."""
    raw = settings.get(store, SETTING)
    if not raw:
        return []
    try:
        return clean_rules(json.loads(raw))
    except (ValueError, TypeError):
        return []


def write_rules(store: Store, rules) -> list[dict]:
    """Store the cleaned rules (one transaction) and return them."""
    access.check("edit_mappings")
    cleaned = clean_rules(rules)
    settings.put(store, SETTING, json.dumps(cleaned, ensure_ascii=False))
    return cleaned


# -- matching (pure) ----------------------------------------------------------------------------
@dataclass
class Matching:
    pairs: pd.DataFrame           # platform, ad_campaign, utm_campaign, how
    unmatched_ads: pd.DataFrame   # platform, ad_campaign
    unmatched_ga4: pd.DataFrame   # utm_campaign


def match(ad_campaigns: list[tuple[str, str]], ga4_campaigns: list[str],
          rules: list[dict] | None = None) -> Matching:
    """Match (platform, ad campaign) pairs to GA4 campaign names by the rules above."""
    ga4 = [str(c) for c in dict.fromkeys(ga4_campaigns) if not is_placeholder(c)]
    exact = set(ga4)
    loose: dict[str, str] = {}
    for name in ga4:
        loose.setdefault(normalise(name), name)
    by_key = {(r["platform"], r["ad_campaign"]): r["utm_campaign"] for r in clean_rules(rules)}
    pairs, unmatched = [], []
    for platform, campaign in dict.fromkeys((str(p or ""), str(c)) for p, c in ad_campaigns
                                            if not is_placeholder(c)):
        utm = by_key.get((platform, campaign)) or by_key.get(("", campaign))
        if utm:
            pairs.append((platform, campaign, utm, "rule"))
        elif campaign in exact:
            pairs.append((platform, campaign, campaign, "exact"))
        elif normalise(campaign) in loose:
            pairs.append((platform, campaign, loose[normalise(campaign)], "normalised"))
        else:
            unmatched.append((platform, campaign))
    used = {p[2] for p in pairs}
    return Matching(
        pd.DataFrame(pairs, columns=["platform", "ad_campaign", "utm_campaign", "how"]),
        pd.DataFrame(unmatched, columns=["platform", "ad_campaign"]),
        pd.DataFrame([c for c in ga4 if c not in used], columns=["utm_campaign"]))


def funnel(ads: pd.DataFrame, ga4: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per UTM campaign: the five steps, the rate kept at each step and the cost per step.

    ads: platform, campaign + AD_KPIS; ga4: campaign + GA4_KPIS; pairs as from match().
    """
    columns = (["utm_campaign", "platforms", "ad_campaigns", "cost"] + [s for s, _ in STEPS]
               + [f"{s}_rate" for s, _ in STEPS[1:4]] + ["value_per_conversion"] + list(COSTS) + ["roas"])
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    joined = pairs.merge(ads.rename(columns={"campaign": "ad_campaign"}), on=["platform", "ad_campaign"],
                         how="left")
    grouped = joined.groupby("utm_campaign", sort=False).agg(
        platforms=("platform", lambda s: ", ".join(sorted(set(s)))),
        ad_campaigns=("ad_campaign", lambda s: ", ".join(s)),
        impressions=("paid_impressions", lambda s: s.sum(min_count=1)),
        clicks=("paid_clicks", lambda s: s.sum(min_count=1)),
        cost=("paid_cost", lambda s: s.sum(min_count=1))).reset_index()
    site = ga4.rename(columns={"campaign": "utm_campaign", "site_sessions": "sessions",
                               "site_conversions": "conversions", "site_revenue": "revenue"})
    out = grouped.merge(site[["utm_campaign", "sessions", "conversions", "revenue"]],
                        on="utm_campaign", how="left")
    names = [s for s, _ in STEPS]
    for prev, step in zip(names[:3], names[1:4]):
        out[f"{step}_rate"] = _ratio(out[step], out[prev])
    out["value_per_conversion"] = _ratio(out["revenue"], out["conversions"])
    for col, (step, scale) in COSTS.items():
        out[col] = _ratio(out["cost"], out[step]) * scale
    out["roas"] = _ratio(out["revenue"], out["cost"])
    return out.sort_values("cost", ascending=False, na_position="last")[columns].reset_index(drop=True)


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    num, den = pd.to_numeric(num, errors="coerce"), pd.to_numeric(den, errors="coerce")
    return (num / den.where(den != 0)).astype("float64")


def steps(row: pd.Series) -> pd.DataFrame:
    """One campaign's funnel, long: step, count, rate kept from the step before, drop, cost per step.

    Revenue is money, not a count: its row has no rate nor drop (see value_per_conversion).
    """
    names = [s for s, _ in STEPS]
    counts = [row.get(s) for s in names]
    kept = [None] + [row.get(f"{s}_rate") for s in names[1:4]] + [None]
    return pd.DataFrame({
        "step": names, "count": pd.to_numeric(pd.Series(counts), errors="coerce"),
        "rate": pd.to_numeric(pd.Series(kept), errors="coerce"),
        "drop": 1 - pd.to_numeric(pd.Series(kept), errors="coerce"),
        "cost_per": pd.to_numeric(pd.Series([row.get(c) for c in COSTS] + [None]), errors="coerce"),
    })


# -- loading (store) ----------------------------------------------------------------------------
@dataclass
class Journey:
    matching: Matching
    table: pd.DataFrame          # funnel() rows
    ads: pd.DataFrame            # platform, campaign + AD_KPIS
    ga4: pd.DataFrame            # campaign + GA4_KPIS
    notes: list[Note]


def ga4_ad_candidates(store: Store, start: date, end: date) -> set[str] | None:
    """GA4 campaigns seen with an ad medium; None when no export carries campaign and medium."""
    result = queries.run(store, ["site_sessions"], start, end, by=["campaign", "medium"])
    if result.frame.empty:
        return None
    frame = result.frame
    ad = ~frame["medium"].fillna("").astype(str).str.strip().str.lower().isin(NON_AD_MEDIUMS)
    return set(frame.loc[ad, "campaign"].dropna().astype(str))


def build(store: Store, start: date, end: date, currency: str | None = None,
          rules: list[dict] | None = None) -> Journey:
    """Ad and GA4 figures by campaign for the window, matched, and the funnel of each match."""
    ads_result = queries.run(store, AD_KPIS, start, end, by=["platform", "campaign"], currency=currency)
    ga4_result = queries.run(store, GA4_KPIS, start, end, by=["campaign"], currency=currency)
    ads, ga4 = ads_result.frame, ga4_result.frame
    if "platform" not in ads:
        ads = pd.DataFrame(columns=["platform", "campaign", *AD_KPIS])
    if "campaign" not in ga4:
        ga4 = pd.DataFrame(columns=["campaign", *GA4_KPIS])
    rules = read_rules(store) if rules is None else rules
    matching = match(list(zip(ads["platform"], ads["campaign"])), list(ga4["campaign"].dropna()), rules)
    candidates = ga4_ad_candidates(store, start, end)
    if candidates is not None:
        keep = matching.unmatched_ga4["utm_campaign"].isin(candidates)
        matching.unmatched_ga4 = matching.unmatched_ga4[keep].reset_index(drop=True)
    matching.unmatched_ads = matching.unmatched_ads.merge(
        ads.rename(columns={"campaign": "ad_campaign"}), on=["platform", "ad_campaign"], how="left")
    matching.unmatched_ga4 = matching.unmatched_ga4.merge(
        ga4.rename(columns={"campaign": "utm_campaign"}), on="utm_campaign", how="left")
    table = funnel(ads, ga4, matching.pairs)
    return Journey(matching, table, ads, ga4, ads_result.notes + ga4_result.notes)
