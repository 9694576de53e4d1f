"""How fresh each source system's data is: last successful load or pull, last day with data.

Pure store reads (plus one settings write when a pull succeeds). A source is the system rows
come from (`source` column of the fact tables, `tables[].source` in a load's summary): ga4,
google_ads, meta, mailchimp, shopify... Uploads and API pulls of one system share it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from lib import sources
from lib.store import rollups, settings
from lib.store.schema import DIMENSIONS, OWNED

STALE_DAYS = 3          # complete days without new data before a source is flagged
# Tables whose rows are events rather than daily series: a week without a newsletter is normal.
# None: never stale (a finished A/B test keeps its last day).
STALE_AFTER = {"email_campaigns": 14, "nps_responses": 14, "experiment_results": None}
PULL_SETTING = "last_pull:"   # settings name prefix: a successful pull that changed nothing
FACT_TABLES = tuple(DIMENSIONS)
# Order of the systems on the freshness strip (others after them, by code).
ORDER = ("ga4", "google_ads", "meta", "linkedin", "linkedin_pages", "microsoft_ads",
         "search_console", "mailchimp", "facebook", "instagram", "shopify", "hubspot", "brand24",
         "brevo", "klaviyo", "survey", "x", "tiktok")
# Display names (brand names, the same in every language) of the systems without an API
# connector; a connector names its own system (SYSTEM_LABEL, lib.sources.APIS).
LABELS = {
    "google_ads": "Google Ads", "linkedin": "LinkedIn Ads", "linkedin_pages": "LinkedIn",
    "microsoft_ads": "Microsoft Ads", "search_console": "Search Console",
    "facebook": "Facebook", "instagram": "Instagram", "shopify": "Shopify", "hubspot": "HubSpot",
    "brand24": "Brand24", "brevo": "Brevo", "klaviyo": "Klaviyo", "survey": "NPS", "x": "X",
    "tiktok": "TikTok",
}


@dataclass
class Freshness:
    """One source system: when it was last loaded or pulled, and its last day with data."""
    source: str
    last_load: datetime | None = None      # last successful load, upload or pull
    last_pull: datetime | None = None      # last successful API pull
    last_day: date | None = None           # last day holding data, over its tables
    tables: dict[str, date] = field(default_factory=dict)   # table -> last day with data
    days_without_data: int | None = None   # complete days after last_day (today excluded)
    stale: bool = False
    # site or account -> (last day with data, complete days since): where a source holds several,
    # one can stop while the others go on; the stale ones are listed (the source as a whole is not)
    accounts: dict[str, date] = field(default_factory=dict)
    stale_accounts: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return label(self.source)


def label(source: str) -> str:
    """The system's display name (its code, tidied, when unknown)."""
    for api in sources.APIS:
        if api.ORIGIN == source:
            return api.SYSTEM_LABEL
    return LABELS.get(source) or source.replace("_", " ").capitalize()


def last_loads(store) -> dict[str, tuple[datetime | None, datetime | None]]:
    """Source -> (last successful load of any kind, last successful API pull)."""
    # A pull's loads carry its connector's format (ga4_api, ga4_bigquery...): the registry's list.
    rows = store.rows(
        "SELECT src, max(loaded_at), max(loaded_at) FILTER (WHERE list_contains(?, format)) "
        "FROM (SELECT loaded_at, format, unnest(CAST(json_extract_string(summary, "
        "'$.tables[*].source') AS VARCHAR[])) AS src FROM loads WHERE status = 'loaded') "
        "WHERE src IS NOT NULL GROUP BY src", [[api.FORMAT for api in sources.APIS]])
    found = {src: (load, pull) for src, load, pull in rows}
    # A pull that found nothing new writes no load: its time is kept in settings.
    for name, value in settings.with_prefix(store, PULL_SETTING).items():
        source = name.removeprefix(PULL_SETTING)
        try:
            at = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            continue
        load, pull = found.get(source, (None, None))
        found[source] = (max(d for d in (load, at) if d), max(d for d in (pull, at) if d))
    return found


def last_days(store, tables: tuple[str, ...] = FACT_TABLES) -> list[tuple[str, str, str | None, date]]:
    """(table, source, account, last day with data) for every fact table (of `tables`), source and
    account holding rows (account None in tables without owners)."""
    union = " UNION ALL ".join(
        f"SELECT '{table}' AS tbl, source, {'account' if table in OWNED else 'NULL'} AS account, "
        f"max(day_to) AS last FROM {rollups.reader(store, table)} GROUP BY ALL"
        for table in FACT_TABLES if table in tables)  # table names from the schema's own list
    return [tuple(r) for r in store.rows(f"{union} ORDER BY 1, 2, 3")]


def status(store, today: date | None = None, stale_days: int = STALE_DAYS,
           also: tuple[str, ...] | list[str] = (), days: list[tuple] | None = None) -> list[Freshness]:
    """Every source with data or loads (and the ones in ALSO, e.g. connected APIs), in order.
    `days`: last_days()'s rows, when the caller holds them.

    Stale: no data for STALE_DAYS complete days (today, incomplete, does not count).
    """
    today = today or date.today()
    found: dict[str, Freshness] = {s: Freshness(s) for s in also}
    by_account: dict[tuple[str, str], dict[str, date]] = {}   # (source, account) -> table -> day
    for table, source, account, last in last_days(store) if days is None else days:
        item = found.setdefault(source, Freshness(source))
        item.tables[table] = max(item.tables.get(table, last), last)
        item.last_day = max(item.last_day or last, last)
        if account is not None:
            days = by_account.setdefault((source, account), {})
            days[table] = max(days.get(table, last), last)
    for source, (load, pull) in last_loads(store).items():
        item = found.setdefault(source, Freshness(source))
        item.last_load, item.last_pull = load, pull
    for item in found.values():
        if item.last_day is not None:
            item.days_without_data = max(0, (today - item.last_day).days - 1)
            # Stale when none of its tables is fresh (GA4's item report may lag its traffic).
            item.stale = all(is_stale(last, today, STALE_AFTER.get(table, stale_days))
                             for table, last in item.tables.items())
    for (source, account), days in by_account.items():
        found[source].accounts[account] = max(days.values())
    for item in found.values():
        if len(item.accounts) > 1 and not item.stale:
            item.stale_accounts = {
                account: max(0, (today - item.accounts[account]).days - 1)
                for (source, account), days in sorted(by_account.items()) if source == item.source
                and all(is_stale(last, today, STALE_AFTER.get(table, stale_days)) for table, last in days.items())}
    return sorted(found.values(), key=lambda f: (ORDER.index(f.source)
                                                 if f.source in ORDER else len(ORDER), f.source))


def record_pull(store, source: str, at: datetime | None = None) -> None:
    """Remember a successful pull (even one that changed nothing) for `last_loads`."""
    when = (at or datetime.now()).replace(microsecond=0).isoformat()
    # Only the freshness strip reads it (keyed by the data version): reads keyed by the tables'
    # versions stay cached after a scheduled pull that loaded nothing, or one table.
    with store.transaction(tables=["settings"]) as cur:
        settings.put_in(cur, PULL_SETTING + source, when)


def is_stale(last_day: date | None, today: date, stale_days: int | None = STALE_DAYS) -> bool:
    """No data for STALE_DAYS complete days before TODAY (None: never stale)."""
    if stale_days is None:
        return False
    return last_day is None or (today - last_day).days - 1 >= stale_days
