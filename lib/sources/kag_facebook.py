"""The Kaggle "Sales Conversion Optimization" dataset (anonymised Facebook ad rows).

It carries ad, campaign, age, gender, impressions, clicks, spend and conversions but no
reporting dates, so it cannot be stored as is: Balise needs each row's period. Recognised so
that the refusal says exactly that and what to do, instead of "format not recognised".
"""
from __future__ import annotations

from lib.i18n.messages import Message
from lib.sources.base import Parsed, Refused, Sample

NAME = "kag_facebook"
LABEL = "Kaggle Facebook ad conversions dataset"
SIGNATURE = ("ad_id", "xyz_campaign_id", "fb_campaign_id", "Impressions", "Clicks", "Spent",
             "Total_Conversion")


def detect(sample: Sample) -> float:
    header = [c.strip() for c in sample.first_row]
    return 0.9 if all(col in header for col in SIGNATURE) else 0.0


def parse(sample: Sample) -> list[Parsed]:
    raise Refused(Message(
        f"{sample.name}: this is the Kaggle 'Sales Conversion Optimization' dataset: anonymised "
        "Facebook ad rows with no reporting dates, so Balise cannot tell which period they cover. "
        "Map its columns on the Data page and give the period of the campaign.", "msg_kaggle",
        name=sample.name))
