"""The Meta connection's Page side: comments on the Page's posts and on the linked Instagram
account's media, with the Page's (or account's) own replies -> conversations rows.

Graph API: `/{page-id}/published_posts` with `comments{...,comments{created_time,from}}` nested,
cursor-paged, and a post's further comments through `/{post-id}/comments`; Instagram through
`/{page-id}?fields=instagram_business_account`, then `/{ig-id}/media` with
`comments{...,replies{timestamp,from}}`. A reply by the Page (or the Instagram account) marks
the comment answered at the first such reply. Comments written by the Page itself are not items.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from lib.sources import community
from lib.sources.base import Parsed

FB_FIELDS = ("id,permalink_url,created_time,comments.limit(100){id,created_time,from,message,"
             "permalink_url,comments.limit(100){created_time,from}}")
FB_COMMENT_FIELDS = "id,created_time,from,message,permalink_url,comments.limit(100){created_time,from}"
IG_FIELDS = ("id,permalink,timestamp,comments.limit(100){id,timestamp,text,from,"
             "replies.limit(100){timestamp,from}}")
PAGE_SIZE = 25


def _comments(meta, owner: dict, edge: str, fields: str) -> list[dict]:
    """An object's nested comments, plus the further pages of them."""
    nested = owner.get(edge) or {}
    found = list(nested.get("data") or [])
    paging = nested.get("paging") or {}
    after = (paging.get("cursors") or {}).get("after")
    if paging.get("next") and after:
        for page in meta.paged(f"{owner['id']}/{edge}", {"fields": fields, "after": after,
                                                          "limit": 100}):
            found += page.get("data") or []
    return found


def _moment(value: str | None) -> datetime | None:
    """Graph times (`2025-03-03T09:15:00+0000`) as the business's wall-clock time."""
    if not value:
        return None
    text = value[:-2] + ":" + value[-2:] if value[-5] in "+-" and value[-3] != ":" else value
    return community.local(datetime.fromisoformat(text.replace("Z", "+00:00")))


def _first_reply(replies: list[dict], own: str, key: str) -> datetime | None:
    mine = [_moment(r.get(key)) for r in replies if str((r.get("from") or {}).get("id")) == own]
    mine = [m for m in mine if m is not None]
    return min(mine) if mine else None


def facebook_items(meta, page_id: str, start: date, end: date, page_size: int = PAGE_SIZE) -> list:
    """Comments on the Page's posts published START..END, each with the Page's first reply."""
    items = []
    since = datetime.combine(start, time()).isoformat()
    until = datetime.combine(end + timedelta(days=1), time()).isoformat()
    for page in meta.paged(f"{page_id}/published_posts", {"fields": FB_FIELDS, "since": since,
                                                             "until": until, "limit": page_size}):
        for post in page.get("data") or []:
            for c in _comments(meta, post, "comments", FB_COMMENT_FIELDS):
                if str((c.get("from") or {}).get("id")) == page_id:
                    continue           # the Page's own comment is not an item received
                replies = _comments(meta, c, "comments", "created_time,from")
                items.append(community.Item(
                    0, "facebook", page_id, "comment", c.get("id"), _moment(c.get("created_time")),
                    _first_reply(replies, page_id, "created_time"),
                    author=(c.get("from") or {}).get("name") or (c.get("from") or {}).get("id"),
                    text=c.get("message"), post_id=post.get("id"),
                    url=c.get("permalink_url") or post.get("permalink_url")))
    return items


def instagram_items(meta, page_id: str, start: date, end: date, page_size: int = PAGE_SIZE) -> list:
    """Comments on the linked Instagram account's media of START..END, with its first reply."""
    linked = (meta.call("GET", page_id, fields="instagram_business_account")
              .get("instagram_business_account") or {})
    ig = str(linked.get("id") or "")
    if not ig:
        return []
    items = []
    lo, hi = datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())
    for page in meta.paged(f"{ig}/media", {"fields": IG_FIELDS, "limit": page_size}):
        media = page.get("data") or []
        for m in media:
            posted = _moment(m.get("timestamp"))
            if posted is None or not lo <= posted < hi:
                continue
            for c in _comments(meta, m, "comments", "id,timestamp,text,from,replies{timestamp,from}"):
                if str((c.get("from") or {}).get("id")) == ig:
                    continue
                replies = _comments(meta, c, "replies", "timestamp,from")
                items.append(community.Item(
                    0, "instagram", ig, "comment", c.get("id"), _moment(c.get("timestamp")),
                    _first_reply(replies, ig, "timestamp"),
                    author=(c.get("from") or {}).get("username") or (c.get("from") or {}).get("id"),
                    text=c.get("text"), post_id=m.get("id"), url=m.get("permalink")))
        # media come newest first: once a page ends before the window, older pages cannot help
        times = [_moment(m.get("timestamp")) for m in media]
        if times and all(t is not None and t < lo for t in times):
            return items
    return items


def conversations(meta, page_id: str, start: date, end: date, page_size: int = PAGE_SIZE) -> list[Parsed]:
    """One conversations Parsed for the window (rejected comments listed with their reason)."""
    items = facebook_items(meta, page_id, start, end, page_size) + instagram_items(
        meta, page_id, start, end, page_size)
    for n, it in enumerate(items, start=1):
        it.line = n
    frame, rejected = community.build(items)
    if frame.empty:
        return []
    return [Parsed(community.TABLE, frame, community.GRAIN, "meta_api", rejected=rejected,
                   notes={"source": "meta"})]
