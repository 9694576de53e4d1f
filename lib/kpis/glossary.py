"""The glossary, generated from the KPI catalogue: every KPI, its formula, meaning and what good looks like."""
from __future__ import annotations

from lib import i18n
from lib.kpis import catalogue as kpis

TEXTS = ("label", "formula", "description", "good")
COLUMNS = ("id", "channel", "label", "formula", "description", "good")


def missing(kpi: kpis.Kpi) -> list[str]:
    """The texts a KPI lacks, as 'field.lang' (empty when it is fully described in every language)."""
    out = []
    for name in TEXTS:
        texts = getattr(kpi, name) or {}
        for lang in i18n.LANGS:
            value = texts.get(lang) if isinstance(texts, dict) else None
            if not isinstance(value, str) or not value.strip():
                out.append(f"{name}.{lang}")
    return out


def channel_label(channel: str, lang: str) -> str:
    return i18n.t(f"glossary_ch_{channel}", lang)


def rows(lang: str, channel: str | None = None) -> list[dict]:
    """One row per KPI in catalogue order, in `lang`; `channel` keeps one channel."""
    if lang not in i18n.LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(i18n.LANGS)}")
    found = kpis.CATALOGUE if channel is None else kpis.for_channel(channel)
    return [{"id": k.id, "channel": channel_label(k.channel, lang), "label": k.label[lang],
             "formula": k.formula[lang], "description": k.description[lang], "good": k.good[lang]}
            for k in found]


# What the pages rely on beside the KPIs, listed after them: statistical methods (i18n keys
# glossary_method_<id>_<text>, experiments.toml) and the models behind figures that are not
# catalogue KPIs (glossary_model_<id>_<text>, customers.toml).
METHODS = ("sequential",)
MODELS = ("cltv",)


def _extra_rows(kind: str, ids: tuple[str, ...], lang: str) -> list[dict]:
    if lang not in i18n.LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(i18n.LANGS)}")
    return [{"id": x, "channel": i18n.t(f"glossary_{kind}s", lang),
             **{name: i18n.t(f"glossary_{kind}_{x}_{name}", lang) for name in TEXTS}} for x in ids]


def method_rows(lang: str) -> list[dict]:
    """One row per statistical method, with the glossary's columns (channel: "methods")."""
    return _extra_rows("method", METHODS, lang)


def model_rows(lang: str) -> list[dict]:
    """One row per model, with the glossary's columns (channel: "models")."""
    return _extra_rows("model", MODELS, lang)
