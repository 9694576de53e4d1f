"""Every UI string in French and English, and number/money/percent/date formatting (Babel)."""
from __future__ import annotations

import math
from datetime import date

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LANGS = ("fr", "en")
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
# French puts a non-breaking space before % ("1,2 %"); English does not ("1.2%").
PERCENT_SUFFIX = {"fr": "\u00a0%", "en": "%"}
DEFAULT_LANG = "fr"

STRINGS: dict[str, dict[str, str]] = {
    # frame
    "app_title": {"fr": "Balise", "en": "Balise"},
    "tagline": {"fr": "Le tableau de bord de votre marketing", "en": "Your marketing dashboard"},
    "language": {"fr": "Langue", "en": "Language"},
    "period": {"fr": "Période", "en": "Period"},
    "compare": {"fr": "Comparer à", "en": "Compare with"},
    "currency": {"fr": "Devise", "en": "Currency"},
    "start": {"fr": "Début", "en": "Start"},
    "end": {"fr": "Fin", "en": "End"},
    "section_analyse": {"fr": "Analyser", "en": "Analyse"},
    "section_channels": {"fr": "Canaux", "en": "Channels"},
    "section_steer": {"fr": "Piloter", "en": "Steer"},
    "section_data": {"fr": "Données", "en": "Data"},
    "preset_last_7": {"fr": "7 derniers jours", "en": "Last 7 days"},
    "preset_last_28": {"fr": "28 derniers jours", "en": "Last 28 days"},
    "preset_last_90": {"fr": "90 derniers jours", "en": "Last 90 days"},
    "preset_this_month": {"fr": "Ce mois-ci", "en": "This month"},
    "preset_last_month": {"fr": "Le mois dernier", "en": "Last month"},
    "preset_this_quarter": {"fr": "Ce trimestre", "en": "This quarter"},
    "preset_ytd": {"fr": "Depuis le 1er janvier", "en": "Year to date"},
    "preset_custom": {"fr": "Personnalisée", "en": "Custom"},
    "compare_previous": {"fr": "Période précédente", "en": "Previous period"},
    "compare_year": {"fr": "Même période l'an dernier", "en": "Same period last year"},
    "compare_none": {"fr": "Aucune comparaison", "en": "No comparison"},
    "window_caption": {"fr": "Du {start} au {end}", "en": "{start} to {end}"},
    "compared_caption": {"fr": "comparé au {start} – {end}", "en": "compared with {start} – {end}"},
    "workspace": {"fr": "Espace de travail", "en": "Workspace"},
    "demo_badge": {"fr": "Données de démonstration", "en": "Demo data"},
    # pages
    "page_overview": {"fr": "Vue d'ensemble", "en": "Overview"},
    "page_site": {"fr": "Site", "en": "Website"},
    "page_paid": {"fr": "Publicité", "en": "Paid ads"},
    "page_search": {"fr": "Référencement", "en": "Search (SEO)"},
    "page_social": {"fr": "Réseaux sociaux", "en": "Social"},
    "page_email": {"fr": "E-mailing", "en": "Email"},
    "page_data": {"fr": "Import de données", "en": "Data import"},
    "page_experiments": {"fr": "Tests A/B", "en": "A/B tests"},
    "page_customers": {"fr": "Clients", "en": "Customers"},
    "page_glossary": {"fr": "Glossaire", "en": "Glossary"},
    # common content
    "trend": {"fr": "Évolution", "en": "Trend"},
    "by_channel": {"fr": "Par canal", "en": "By channel"},
    "channel_table": {"fr": "Les canaux en un coup d'œil", "en": "Channels at a glance"},
    "channel": {"fr": "Canal", "en": "Channel"},
    "efficiency": {"fr": "Efficacité", "en": "Efficiency"},
    "main_kpi": {"fr": "Indicateur principal", "en": "Main KPI"},
    "value": {"fr": "Valeur", "en": "Value"},
    "change": {"fr": "Évolution", "en": "Change"},
    "current": {"fr": "Période", "en": "Period"},
    "comparison": {"fr": "Comparaison", "en": "Comparison"},
    "breakdowns": {"fr": "Répartitions", "en": "Breakdowns"},
    "breakdown_by": {"fr": "Répartir par", "en": "Break down by"},
    "funnel": {"fr": "Tunnel d'achat", "en": "Purchase funnel"},
    "funnel_step": {"fr": "Étape", "en": "Step"},
    "funnel_count": {"fr": "Volume", "en": "Count"},
    "funnel_rate": {"fr": "Taux depuis l'étape précédente", "en": "Rate from previous step"},
    "step_sessions": {"fr": "Sessions", "en": "Sessions"},
    "step_add_to_cart": {"fr": "Ajout au panier", "en": "Add to cart"},
    "step_checkout": {"fr": "Paiement commencé", "en": "Checkout"},
    "step_purchase": {"fr": "Achat", "en": "Purchase"},
    "abandonment_by": {"fr": "Abandon de panier par {dim}", "en": "Cart abandonment by {dim}"},
    "best": {"fr": "Les meilleurs", "en": "Best"},
    "worst": {"fr": "Les moins bons", "en": "Worst"},
    "granularity": {"fr": "Par {g}", "en": "By {g}"},
    "download_csv": {"fr": "Télécharger (CSV)", "en": "Download (CSV)"},
    "download_xlsx": {"fr": "Télécharger (Excel)", "en": "Download (Excel)"},
    "notes": {"fr": "Comment ces chiffres sont calculés", "en": "How these figures are computed"},
    "na": {"fr": "n/d", "en": "n/a"},
    "not_additive": {"fr": "non additive sur cette fenêtre", "en": "not additive over this window"},
    # dimensions
    "dim_day": {"fr": "jour", "en": "day"},
    "dim_week": {"fr": "semaine", "en": "week"},
    "dim_month": {"fr": "mois", "en": "month"},
    "dim_channel_group": {"fr": "Groupe de canaux", "en": "Channel group"},
    "dim_source_name": {"fr": "Source", "en": "Source"},
    "dim_medium": {"fr": "Support", "en": "Medium"},
    "dim_source_medium": {"fr": "Source / support", "en": "Source / medium"},
    "dim_campaign": {"fr": "Campagne", "en": "Campaign"},
    "dim_device": {"fr": "Appareil", "en": "Device"},
    "dim_country": {"fr": "Pays", "en": "Country"},
    "dim_landing_page": {"fr": "Page d'arrivée", "en": "Landing page"},
    "dim_platform": {"fr": "Plateforme", "en": "Platform"},
    "dim_currency": {"fr": "Devise", "en": "Currency"},
    # channels
    "ch_site": {"fr": "Site", "en": "Website"},
    "ch_paid": {"fr": "Publicité", "en": "Paid ads"},
    "ch_search": {"fr": "Référencement", "en": "Search"},
    "ch_social": {"fr": "Réseaux sociaux", "en": "Social"},
    "ch_email": {"fr": "E-mailing", "en": "Email"},
    # empty states
    "empty_title": {"fr": "Aucune donnée pour l'instant", "en": "No data yet"},
    "empty_body": {
        "fr": "Chargez un export (GA4, Google Ads, Meta, Search Console, Mailchimp...) tel que l'outil "
              "le produit, ou ouvrez l'espace de démonstration :\n\n"
              "`python -m lib load FICHIER.csv` · `python -m lib --db data/demo.duckdb demo`",
        "en": "Load an export (GA4, Google Ads, Meta, Search Console, Mailchimp...) exactly as the tool "
              "produces it, or open the demo workspace:\n\n"
              "`python -m lib load FILE.csv` · `python -m lib --db data/demo.duckdb demo`"},
    "empty_window": {
        "fr": "Pas de données {what} sur cette période. Données disponibles du {first} au {last} : "
              "choisissez une période « Personnalisée » dans la barre latérale.",
        "en": "No {what} data in this window. Data is available from {first} to {last}: "
              "pick a \"Custom\" period in the sidebar."},
    "empty_channel": {
        "fr": "Aucune donnée {what} n'a encore été chargée. Importez l'export de l'outil sur la page "
              "« Import de données ».",
        "en": "No {what} data has been loaded yet. Import the tool's export on the \"Data import\" page."},
    "use_data_range": {"fr": "Afficher les dernières données disponibles",
                       "en": "Show the latest data available"},
    # -- data page --
    # -- paid, search, journey, top content --
    # -- social, email, glossary, annotations --
    # -- objectives, campaigns, report --
    # -- alerts --
    # -- experiments, customers --
    # -- dashboards, sharing --
}


def t(key: str, lang: str, **values) -> str:
    """The string `key` in `lang` (French when missing), with {placeholders} filled."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**values) if values else text


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value, lang: str, digits: int = 0) -> str:
    """1 234 (fr) / 1,234 (en); n/a for missing values."""
    if _missing(value):
        return t("na", lang)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def fmt_money(value, lang: str, currency: str | None = "EUR") -> str:
    """1 234,56 € (fr) / €1,234.56 (en); the currency's own decimals (none for VND)."""
    if _missing(value):
        return t("na", lang)
    if not currency:
        return fmt_number(value, lang, 2)
    return format_currency(value, currency, locale=LOCALES[lang])


def fmt_percent(value, lang: str, digits: int = 1) -> str:
    """Rates are fractions: 0.0123 -> 1,2 % (fr) / 1.2% (en)."""
    if _missing(value):
        return t("na", lang)
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + PERCENT_SUFFIX[lang]
    return format_percent(value, format=pattern, locale=LOCALES[lang])


def fmt_seconds(value, lang: str) -> str:
    """Durations as m:ss (e.g. 2 min 05 s)."""
    if _missing(value):
        return t("na", lang)
    minutes, seconds = divmod(int(round(value)), 60)
    return f"{minutes} min {seconds:02d} s"


def fmt_date(value: date, lang: str, style: str = "medium") -> str:
    """22 nov. 2026 (fr) / 22 Nov 2026 (en)."""
    return format_date(value, format=style, locale=LOCALES[lang])


def fmt_value(value, unit: str, lang: str, currency: str | None = "EUR") -> str:
    """Format a KPI value by its catalogue unit."""
    if unit == "money":
        return fmt_money(value, lang, currency)
    if unit == "rate":
        return fmt_percent(value, lang)
    if unit == "seconds":
        return fmt_seconds(value, lang)
    if unit in ("number", "position"):
        return fmt_number(value, lang, 2)
    return fmt_number(value, lang)


def fmt_delta(value, lang: str) -> str | None:
    """A relative change as +12,3 % / -4.0%; None when there is nothing to compare."""
    if _missing(value):
        return None
    text = format_percent(value, format="#,##0.0" + PERCENT_SUFFIX[lang], locale=LOCALES[lang])
    return text if value < 0 else "+" + text
