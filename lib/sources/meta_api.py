"""Meta Marketing API connector: ad account insights -> daily ad_performance rows; with a Page
id, the Page's and its Instagram account's comments and replies too (lib/sources/meta_page.py).

Short windows are read synchronously, long ones through an async report run. The token goes
in the Authorization header, never in a URL. Meta's usage headers are read after every
answer and the connector slows down before a limit is reached, not after.
`batches` yields one chunk of days per batch for the pull loop (lib.ingest.pull).
"""
from __future__ import annotations

import json
import os
import re
from datetime import date

import pandas as pd
import requests

from lib.i18n.messages import Message
from lib.redact import secrets_of
from lib.sources import meta_page
from lib.sources.api import Batch, Field, Setting, last_day_of, windows, with_account
from lib.sources.base import Parsed
from lib.sources.http import Policy, PullError, log, request_json, too_long
from lib.store import schema

NAME = "meta"
LABEL = "Meta Ads"
SYSTEM_LABEL = "Meta"
ICON = ":material/ads_click:"
FORMAT = "meta_api"
ORIGIN = "meta"
SETTINGS = (
    Setting("account_id", env=("BALISE_META_ACCOUNT",), required="account_id",
            flag="--account", flag_help="Meta ad account id (act_...)"),
    Setting("access_token", secret=True, env=("META_ACCESS_TOKEN", "BALISE_META_TOKEN"),
            required="access_token", flag="--token", flag_help="Meta access token"),
    Setting("endpoint", env=("BALISE_META_ENDPOINT",)),
    # optional: the Facebook Page whose comments (and linked Instagram account's) are pulled
    Setting("page_id", env=("BALISE_META_PAGE",)),
)
FORM = (Field("account", "account_id", placeholder="act_1234567890"),
        Field("token", "access_token", kind="secret", help=True, saved="src_token_saved"),
        Field("page", "page_id", help=True, placeholder="102345678901234"))
USAGE = "--account act_ID and --token T (or BALISE_META_ACCOUNT / _TOKEN)"
ENV_HINT = "BALISE_META_TOKEN and BALISE_META_ACCOUNT"
LOAD_WARNINGS = False    # as before the pull loop: a Meta summary leaves them out
ACCOUNT = re.compile(r"(?:act_)?(\d+)")
API_VERSION = "v21.0"
LEVELS = {"campaign": ("platform", "account", "campaign"),
          "adset": ("platform", "account", "campaign", "ad_group"),
          "ad": ("platform", "account", "campaign", "ad_group", "ad")}
FIELDS = ("account_id", "account_name", "account_currency", "campaign_id", "campaign_name",
          "adset_name", "ad_name", "impressions", "reach", "clicks", "inline_link_clicks",
          "spend", "actions", "action_values")
PAGE_SIZE = 500
ASYNC_AFTER_DAYS = 14    # longer windows go through an async report run, as Meta advises
CHUNK_DAYS = 31          # one load per chunk, so an interrupted backfill keeps whole months
REVISE_DAYS = 7          # conversions are attributed up to 7 days after the click
BACKFILL_DAYS = 90
SLOW_DOWN_AT = 75.0      # % of any Meta usage budget where we start pausing between calls
# Graph API error codes meaning "rate limited": retry after a pause, never fail at once.
RATE_LIMIT_CODES = {4, 17, 32, 613, 80000, 80001, 80002, 80003, 80004, 80005, 80006, 80008,
                    80009, 80014}
PURCHASES = ("omni_purchase", "purchase", "offsite_conversion.fb_pixel_purchase")
LEADS = ("lead", "onsite_conversion.lead_grouped", "offsite_conversion.fb_pixel_lead")

HINTS = {
    400: Message("Check the access token (it may have expired), the ad account id (act_...) and "
                 "that the token has the ads_read permission.", "pull_meta_400"),
    401: Message("Generate a new token (a System User token in Business Settings does not "
                 "expire).", "pull_meta_401"),
    403: Message("The token's user or system user must be assigned to this ad account with at "
                 "least the 'View performance' permission (Business Settings > Ad accounts > "
                 "Assign people).", "pull_meta_403"),
}


class Meta:
    """One Graph API session: base URL, auth header, policy, usage-aware pauses."""

    def __init__(self, config: dict, session: requests.Session | None = None,
                 policy: Policy | None = None, poll_every: float = 5.0, max_polls: int = 120):
        token = config.get("access_token")
        if not token:
            raise PullError(Message("Meta: no access token; give --token or set BALISE_META_TOKEN.",
                                    "pull_meta_no_token"))
        endpoint = config.get("endpoint") or os.environ.get("BALISE_META_ENDPOINT")
        version = config.get("api_version") or API_VERSION
        self.base = (endpoint or "https://graph.facebook.com").rstrip("/") + "/" + version
        self.account = account_id(config)
        self.session = session or requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.policy = policy or Policy()
        self.secrets = secrets_of(config)
        self.poll_every, self.max_polls = poll_every, max_polls
        self.usage: dict = {}

    def call(self, method: str, path: str, **params) -> dict:
        """One Graph API call (retries included), then a pause if usage is getting high."""
        reply = request_json(self.session, method, f"{self.base}/{path}", label="Meta",
                             policy=self.policy, secrets=self.secrets, hints=HINTS,
                             retry_wait=self._rate_limited, params=params)
        pct, regain = usage(reply.headers)
        self.usage = {"max_pct": pct, "regain_s": regain}
        pause = throttle_wait(pct, regain, self.policy)
        if pause > self.policy.max_wait:
            raise too_long(Message("Meta (usage limit)", "pull_meta_usage"), pause)
        if pause:
            log.warning("Meta usage at %.0f%%: pausing %.2f s", pct, pause)
            self.policy.sleep(pause)
        return reply.data

    def paged(self, path: str, params: dict):
        """Every page of a cursor-paged edge: follow `paging.cursors.after` while Meta says there is
        a next page (the `next` link carries the token: never followed)."""
        while True:
            page = self.call("GET", path, **params)
            yield page
            paging = page.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            if not paging.get("next") or not after or not page.get("data"):
                return
            params = {**params, "after": after}

    def _rate_limited(self, response: requests.Response) -> float | None:
        if response.status_code < 400:
            return None
        try:
            code = int(response.json()["error"]["code"])
        except (ValueError, KeyError, TypeError):
            return None
        if code not in RATE_LIMIT_CODES:
            return None
        _, regain = usage(response.headers)
        return regain or 0.0


def account_id(config: dict) -> str:
    """`act_<digits>` from `act_123` or `123`."""
    raw = str(config.get("account_id") or "").strip()
    digits = raw.removeprefix("act_")
    if not digits.isdigit():
        raise PullError(Message(f"Meta: ad account {raw!r} is not an id like act_1234567890 (see "
                                "Business Settings > Ad accounts).", "pull_meta_account", raw=raw))
    return f"act_{digits}"


def usage(headers) -> tuple[float, float]:
    """Highest usage % over Meta's usage headers, and seconds until access is regained."""
    pct, regain = 0.0, 0.0
    for name in ("X-App-Usage", "X-Ad-Account-Usage", "X-FB-Ads-Insights-Throttle",
                 "X-Business-Use-Case-Usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        entries = [e for v in value.values() for e in v] if name.endswith("Case-Usage") else [value]
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            for key in ("call_count", "total_time", "total_cputime", "acc_id_util_pct",
                        "app_id_util_pct"):
                pct = max(pct, float(entry.get(key) or 0))
            regain = max(regain, 60.0 * float(entry.get("estimated_time_to_regain_access") or 0),
                         float(entry.get("reset_time_duration") or 0) if pct >= 100 else 0.0)
    return pct, regain


def throttle_wait(pct: float, regain: float, policy: Policy) -> float:
    """Pause before the next call: none below SLOW_DOWN_AT %, up to max_wait at 100 %."""
    if regain:
        return regain
    if pct < SLOW_DOWN_AT:
        return 0.0
    return policy.max_wait * min(1.0, (pct - SLOW_DOWN_AT) / (100.0 - SLOW_DOWN_AT))


def _params(start: date, end: date, level: str, page_size: int) -> dict:
    return {"level": level, "fields": ",".join(FIELDS), "time_increment": 1,
            "time_range": json.dumps({"since": start.isoformat(), "until": end.isoformat()}),
            "limit": page_size}


def pages(config: dict, start: date, end: date, *, session=None, policy: Policy | None = None,
          page_size: int = PAGE_SIZE, poll_every: float = 5.0, max_polls: int = 120):
    """Yield raw insights pages for START..END: synchronous, or via an async report run."""
    meta = Meta(config, session, policy, poll_every, max_polls)
    level = config.get("level") or "campaign"
    params = _params(start, end, level, page_size)
    if (end - start).days + 1 <= ASYNC_AFTER_DAYS:
        yield from meta.paged(f"{meta.account}/insights", params)
        return
    run = meta.call("POST", f"{meta.account}/insights",
                    **{k: v for k, v in params.items() if k != "limit"})
    run_id = str(run.get("report_run_id") or "")
    if not run_id.isdigit():
        raise PullError(Message("Meta did not start the async report (no report_run_id).",
                                "pull_meta_no_run"))
    for _ in range(max_polls):
        status = meta.call("GET", run_id)
        state = status.get("async_status")
        if state == "Job Completed":
            yield from meta.paged(f"{run_id}/insights", {"limit": page_size})
            return
        if state in ("Job Failed", "Job Skipped"):
            raise PullError(Message(f"Meta's async report {run_id} ended with '{state}'; try a "
                                    "shorter range (--start/--end).", "pull_meta_run_failed"))
        meta.policy.sleep(poll_every)
    raise PullError(Message(f"Meta's async report {run_id} was still running after "
                            f"{max_polls * poll_every:.0f} s; try again later.", "pull_meta_run_slow",
                            count=max(1, round(max_polls * poll_every / 60))))


def fetch(config: dict, start: date, end: date, **kwargs) -> list[dict]:
    """Every insights page for the window (see pages)."""
    return list(pages(config, start, end, **kwargs))


def _action(items, kinds) -> float | None:
    values = {a.get("action_type"): float(a.get("value") or 0) for a in items or []}
    for kind in kinds:
        if kind in values:
            return values[kind]
    return None


def to_rows(payloads: list[dict], level: str = "campaign") -> list[Parsed]:
    """Daily ad_performance rows from insights pages; pure."""
    rows = []
    for page in payloads:
        for r in page.get("data") or []:
            kinds = PURCHASES if _action(r.get("actions"), PURCHASES) is not None else LEADS
            rows.append({
                "day_from": r["date_start"], "day_to": r["date_stop"], "platform": NAME,
                "account": str(r.get("account_id") or ""), "campaign": r.get("campaign_name"),
                "campaign_id": r.get("campaign_id"), "ad_group": r.get("adset_name"),
                "ad": r.get("ad_name"), "currency": r.get("account_currency"),
                "impressions": r.get("impressions"), "reach": r.get("reach"),
                # Meta's "clicks" are all clicks; link clicks are the ones that bring traffic.
                "clicks": r.get("inline_link_clicks"), "all_clicks": r.get("clicks"),
                "cost": r.get("spend"),
                "conversions": _action(r.get("actions"), kinds),
                "conversion_value": _action(r.get("action_values"), kinds),
            })
    if not rows:
        return []
    frame = pd.DataFrame(rows)
    grain = LEVELS[level]
    # Two campaigns may share a name: tell them apart by id rather than merge them.
    clash = frame.duplicated(["day_from", *(c for c in grain if c != "platform")], keep=False)
    frame.loc[clash, "campaign"] = frame["campaign"] + " [" + frame["campaign_id"] + "]"
    frame = frame.drop(columns=["campaign_id"] + [c for c in ("ad_group", "ad") if c not in grain])
    return [Parsed(table="ad_performance", frame=frame, grain=grain, format=FORMAT,
                   notes={"source": NAME})]


def last_day(store, config: dict) -> date | None:
    """Last day holding daily Meta API rows of the configured level."""
    grain = "date+" + schema.grain_name(LEVELS[config.get("level") or "campaign"], "ad_performance")
    return last_day_of(store, "ad_performance", NAME, account_id(config).removeprefix("act_"), grain)


def summary(config: dict, start: date, end: date) -> dict:
    """A pull's summary before its first chunk (the account is checked by the first batch)."""
    return {"source": NAME, "status": "ok", "account": None, "start": start.isoformat(),
            "end": end.isoformat(), "chunks": 0, "inserted": 0, "replaced": 0,
            "unchanged": 0, "load_ids": [], "warnings": []}


def steps(start: date, end: date) -> int:
    """One progress step per chunk."""
    return len(windows(start, end, CHUNK_DAYS))


def batches(config: dict, start: date, end: date, *, session=None, policy: Policy | None = None,
            page_size: int = PAGE_SIZE, poll_every: float = 5.0):
    """The account, then one batch per chunk of CHUNK_DAYS (an interrupted backfill keeps
    whole chunks)."""
    level = config.get("level") or "campaign"
    account = account_id(config)
    yield Batch(info={"account": account})
    for first, last in windows(start, end, CHUNK_DAYS):
        payloads = fetch(config, first, last, session=session, policy=policy,
                         page_size=page_size, poll_every=poll_every)
        # The ad account's id as the insights name it (without act_) where a row lacks it.
        parsed = with_account(to_rows(payloads, level), account.removeprefix("act_"))
        page_id = str(config.get("page_id") or "").strip()
        if page_id:   # the Page's comments and replies, for posts published in the chunk
            parsed += meta_page.conversations(Meta(config, session, policy), page_id, first, last)
        yield Batch(f"Meta API {account} {first}..{last}", parsed,
                    {"chunks": 1} if parsed else {}, step=True)


# -- the connection form ---------------------------------------------------------------------

def check(values: dict, saved: dict) -> tuple[dict, tuple]:
    """(settings to save, keys to drop) from the form; ValueError(i18n key) when refused."""
    found = ACCOUNT.fullmatch(str(values.get("account") or "").strip())
    if not found:
        raise ValueError("src_meta_bad_account")
    settings = {"account_id": f"act_{found.group(1)}"}
    page = str(values.get("page") or "").strip()
    if page:
        if not page.isdigit():
            raise ValueError("src_meta_bad_page")
        settings["page_id"] = page
    token = str(values.get("token") or "").strip()
    if token:
        if len(token) < 20 or any(c.isspace() for c in token):
            raise ValueError("src_meta_bad_token")
        settings["access_token"] = token
    elif not saved.get("access_token"):
        raise ValueError("src_meta_token_missing")
    return settings, () if page else ("page_id",)


def saved(config: dict) -> dict:
    """The ad account (the token is only said to be saved)."""
    found = ACCOUNT.fullmatch(str(config.get("account_id") or "").strip())
    return {"account": f"act_{found.group(1)}" if found else "?", "page": config.get("page_id") or ""}


def ping(config: dict, policy: Policy) -> dict:
    """Ask who the token belongs to."""
    meta = Meta(config, policy=policy)
    me = meta.call("GET", "me", fields="id,name")
    return {"name": str(me.get("name") or me.get("id") or "?"), "account": meta.account}
