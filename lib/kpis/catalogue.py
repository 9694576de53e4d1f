"""The KPI catalogue: one record per KPI, in display order. Ids are the contract (DESIGN §3).

Every ratio is a ratio of sums over the window, and a division by zero gives NULL
(`nullif(..., 0)`), shown as "n/a". A KPI is either an SQL aggregate over one canonical
table, or a composite of other KPIs (blended overview KPIs that span tables).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kpi:
    id: str
    channel: str                 # site | paid | social | email | search | leads | overview | customers
    label: dict                  # {"fr": ..., "en": ...}
    description: dict
    formula: dict
    good: dict                   # what good looks like
    unit: str                    # count | money | rate | seconds | number | position
    better: str                  # up | down
    table: str | None = None     # canonical table for SQL KPIs
    sql: str | None = None       # aggregate expression over that table's columns
    parts: tuple[str, ...] = ()  # composite: ids of the KPIs it is computed from
    compose: str | None = None   # composite: "ratio" (parts[0] / parts[1]) or "sum"
    additive: bool = True        # False: not summable across rows (reach, followers)
    tags: tuple[str, ...] = field(default=())


def _k(id, channel, unit, better, fr, en, dfr, den, ffr, fen, gfr, gen, **kw) -> Kpi:
    return Kpi(id, channel, {"fr": fr, "en": en}, {"fr": dfr, "en": den},
               {"fr": ffr, "en": fen}, {"fr": gfr, "en": gen}, unit, better, **kw)


def _ratio(num: str, den: str, scale: str = "") -> str:
    return f"{scale}sum({num}) / nullif(sum({den}), 0)"


ST, AD, SO, EM, SC = "site_traffic", "ad_performance", "social_performance", "email_campaigns", "search_console"

CATALOGUE: tuple[Kpi, ...] = (
    # -- site (GA4) ------------------------------------------------------------------------
    _k("site_sessions", "site", "count", "up", "Sessions", "Sessions",
       "Visites du site (sessions GA4).", "Visits to the site (GA4 sessions).",
       "somme des sessions", "sum of sessions",
       "En hausse à périmètre égal ; comparer à la même période de l'an dernier.",
       "Growing like for like; compare with the same period last year.",
       table=ST, sql="sum(sessions)"),
    _k("site_users", "site", "count", "up", "Utilisateurs", "Users",
       "Utilisateurs actifs ; additionnés jour par jour (un visiteur revenu deux jours compte deux fois).",
       "Active users; summed day by day (a visitor back on two days counts twice).",
       "somme des utilisateurs", "sum of users",
       "Suivre la tendance plutôt que le niveau.", "Follow the trend rather than the level.",
       table=ST, sql="sum(users)"),
    _k("site_new_users", "site", "count", "up", "Nouveaux utilisateurs", "New users",
       "Utilisateurs venus pour la première fois.", "Users on their first visit.",
       "somme des nouveaux utilisateurs", "sum of new users",
       "Une part stable de 60 à 80 % des utilisateurs pour une boutique en croissance.",
       "A steady 60-80% of users for a growing shop.",
       table=ST, sql="sum(new_users)"),
    _k("site_engagement_rate", "site", "rate", "up", "Taux d'engagement", "Engagement rate",
       "Part des sessions engagées (plus de 10 s, une conversion ou deux pages vues).",
       "Share of engaged sessions (over 10 s, a conversion or two page views).",
       "sessions engagées / sessions", "engaged sessions / sessions",
       "55 à 70 % est courant ; sous 40 %, vérifier les pages d'arrivée.",
       "55-70% is common; under 40%, check the landing pages.",
       table=ST, sql=_ratio("engaged_sessions", "sessions")),
    _k("site_bounce_rate", "site", "rate", "down", "Taux de rebond", "Bounce rate",
       "Part des sessions non engagées (GA4 : 1 - taux d'engagement).",
       "Share of sessions that were not engaged (GA4: 1 - engagement rate).",
       "rebonds / sessions", "bounces / sessions",
       "30 à 45 % est courant ; plus bas est mieux.", "30-45% is common; lower is better.",
       table=ST, sql=_ratio("bounces", "sessions")),
    _k("site_avg_session_duration", "site", "seconds", "up", "Durée moyenne des sessions",
       "Average session duration", "Temps passé par session.", "Time spent per session.",
       "durée totale des sessions / sessions", "total session duration / sessions",
       "1 à 3 minutes pour une boutique.", "1-3 minutes for a shop.",
       table=ST, sql=_ratio("session_duration_s", "sessions")),
    _k("site_pages_per_session", "site", "number", "up", "Pages par session", "Pages per session",
       "Pages vues par session.", "Page views per session.",
       "pages vues / sessions", "page views / sessions",
       "3 à 5 pour une boutique.", "3-5 for a shop.",
       table=ST, sql=_ratio("page_views", "sessions")),
    _k("site_exit_rate", "site", "rate", "down", "Taux de sortie", "Exit rate",
       "Part des pages vues qui terminent la visite.", "Share of page views that end the visit.",
       "sorties / pages vues", "exits / page views",
       "À lire page par page : élevé sur une page de panier est un signal.",
       "Read it page by page: high on a cart page is a signal.",
       table=ST, sql=_ratio("exits", "page_views")),
    _k("site_conversions", "site", "count", "up", "Conversions (site)", "Conversions (site)",
       "Événements clés GA4 (achats, prospects...).", "GA4 key events (purchases, leads...).",
       "somme des événements clés", "sum of key events",
       "En hausse, à suivre avec le taux de conversion.", "Growing, read with the conversion rate.",
       table=ST, sql="sum(key_events)"),
    _k("site_conversion_rate", "site", "rate", "up", "Taux de conversion", "Conversion rate",
       "Part des sessions qui convertissent.", "Share of sessions that convert.",
       "événements clés / sessions", "key events / sessions",
       "1 à 3 % pour un e-commerce.", "1-3% for e-commerce.",
       table=ST, sql=_ratio("key_events", "sessions")),
    _k("site_transactions", "site", "count", "up", "Transactions", "Transactions",
       "Achats enregistrés par GA4.", "Purchases recorded by GA4.",
       "somme des transactions", "sum of transactions",
       "En hausse à périmètre égal.", "Growing like for like.",
       table=ST, sql="sum(transactions)"),
    _k("site_revenue", "site", "money", "up", "Chiffre d'affaires (site)", "Revenue (site)",
       "Revenu des achats enregistrés par GA4.", "Purchase revenue recorded by GA4.",
       "somme du revenu", "sum of revenue",
       "À rapprocher des commandes réelles (écart de 5 à 15 % normal).",
       "Check it against real orders (a 5-15% gap is normal).",
       table=ST, sql="sum(revenue)"),
    _k("site_aov", "site", "money", "up", "Panier moyen", "Average order value",
       "Revenu moyen par transaction.", "Average revenue per transaction.",
       "revenu / transactions", "revenue / transactions",
       "Stable ou en hausse ; une baisse peut venir des promotions.",
       "Steady or growing; a drop may come from promotions.",
       table=ST, sql=_ratio("revenue", "transactions")),
    _k("site_add_to_carts", "site", "count", "up", "Ajouts au panier", "Add-to-carts",
       "Sessions avec un ajout au panier.", "Sessions with an add to cart.",
       "somme des ajouts au panier", "sum of add-to-carts",
       "8 à 12 % des sessions pour une boutique.", "8-12% of sessions for a shop.",
       table=ST, sql="sum(add_to_carts)"),
    _k("site_checkouts", "site", "count", "up", "Paiements commencés", "Checkouts",
       "Sessions où le paiement a commencé.", "Sessions where checkout began.",
       "somme des paiements commencés", "sum of checkouts",
       "La moitié des ajouts au panier environ.", "About half of the add-to-carts.",
       table=ST, sql="sum(checkouts)"),
    _k("site_cart_abandonment_rate", "site", "rate", "down", "Taux d'abandon de panier",
       "Cart abandonment rate", "Part des ajouts au panier qui ne finissent pas en achat.",
       "Share of add-to-carts that do not end in a purchase.",
       "1 - transactions / ajouts au panier", "1 - transactions / add-to-carts",
       "60 à 80 % est la norme du e-commerce ; plus bas est mieux.",
       "60-80% is the e-commerce norm; lower is better.",
       table=ST, sql="1 - sum(transactions) / nullif(sum(add_to_carts), 0)"),
    # -- paid ------------------------------------------------------------------------------
    _k("paid_impressions", "paid", "count", "up", "Impressions (payant)", "Impressions (paid)",
       "Affichages des annonces.", "Times the ads were shown.",
       "somme des impressions", "sum of impressions",
       "Conforme au budget ; à lire avec le CPM.", "In line with the budget; read with CPM.",
       table=AD, sql="sum(impressions)"),
    _k("paid_reach", "paid", "count", "up", "Couverture", "Reach",
       "Personnes uniques touchées. Non additive (une personne vue par deux campagnes ou deux jours compte une fois) : "
       "donnée seulement pour une ligne d'export couvrant exactement la fenêtre.",
       "Unique people reached. Not additive (a person seen by two campaigns or on two days counts once): "
       "given only for one export row covering exactly the window.",
       "couverture de l'export sur la fenêtre exacte", "the export's reach for the exact window",
       "À lire avec la fréquence.", "Read with frequency.",
       table=AD, additive=False,
       sql="CASE WHEN count(*) = 1 AND bool_and(day_from = $start AND day_to = $end) "
           "THEN sum(reach) END"),
    _k("paid_frequency", "paid", "number", "down", "Fréquence", "Frequency",
       "Nombre moyen d'affichages par personne touchée.", "Average times each person saw the ads.",
       "impressions / couverture", "impressions / reach",
       "1,5 à 3 en prospection ; au-delà de 5, la lassitude guette.",
       "1.5-3 for prospecting; past 5, ad fatigue sets in.",
       table=AD, additive=False,
       sql="CASE WHEN count(*) = 1 AND bool_and(day_from = $start AND day_to = $end) "
           "THEN sum(impressions) / nullif(sum(reach), 0) END"),
    _k("paid_clicks", "paid", "count", "up", "Clics (payant)", "Clicks (paid)",
       "Clics qui amènent du trafic (Google « Clics », Meta « Clics sur un lien »).",
       "Clicks that bring traffic (Google \"Clicks\", Meta \"Link clicks\").",
       "somme des clics", "sum of clicks",
       "En hausse à budget égal.", "Growing at equal budget.",
       table=AD, sql="sum(clicks)"),
    _k("paid_ctr", "paid", "rate", "up", "CTR", "CTR",
       "Taux de clic des annonces.", "Click-through rate of the ads.",
       "clics / impressions", "clicks / impressions",
       "Search : 3 à 6 % ; social et display : 0,5 à 1,5 %.",
       "Search: 3-6%; social and display: 0.5-1.5%.",
       table=AD, sql=_ratio("clicks", "impressions")),
    _k("paid_cost", "paid", "money", "down", "Dépense", "Spend",
       "Dépense publicitaire, dans la devise du compte.", "Ad spend, in the account currency.",
       "somme des coûts", "sum of cost",
       "Conforme au budget mensuel.", "In line with the monthly budget.",
       table=AD, sql="sum(cost)"),
    _k("paid_cpc", "paid", "money", "down", "CPC", "CPC",
       "Coût par clic.", "Cost per click.", "coût / clics", "cost / clicks",
       "0,3 à 2 € selon le secteur ; plus bas est mieux à qualité égale.",
       "€0.30-2 depending on the sector; lower is better at equal quality.",
       table=AD, sql=_ratio("cost", "clicks")),
    _k("paid_cpm", "paid", "money", "down", "CPM", "CPM",
       "Coût pour mille impressions.", "Cost per thousand impressions.",
       "1000 × coût / impressions", "1000 × cost / impressions",
       "3 à 15 € sur les réseaux sociaux.", "€3-15 on social networks.",
       table=AD, sql=_ratio("cost", "impressions", "1000 * ")),
    _k("paid_conversions", "paid", "count", "up", "Conversions (payant)", "Conversions (paid)",
       "Conversions comptées par les plateformes (achats, prospects).",
       "Conversions counted by the platforms (purchases, leads).",
       "somme des conversions", "sum of conversions",
       "En hausse à budget égal.", "Growing at equal budget.",
       table=AD, sql="sum(conversions)"),
    _k("paid_conversion_rate", "paid", "rate", "up", "Taux de conversion (payant)",
       "Conversion rate (paid)", "Part des clics qui convertissent.", "Share of clicks that convert.",
       "conversions / clics", "conversions / clicks",
       "2 à 5 % en e-commerce.", "2-5% for e-commerce.",
       table=AD, sql=_ratio("conversions", "clicks")),
    _k("paid_cpa", "paid", "money", "down", "CPA", "CPA",
       "Coût par conversion.", "Cost per conversion.", "coût / conversions", "cost / conversions",
       "Sous la marge par commande.", "Below the margin per order.",
       table=AD, sql=_ratio("cost", "conversions")),
    _k("paid_conversion_value", "paid", "money", "up", "Valeur de conversion",
       "Conversion value", "Valeur des conversions selon les plateformes.",
       "Value of the conversions as the platforms count it.",
       "somme des valeurs de conversion", "sum of conversion values",
       "En hausse, à lire avec le ROAS.", "Growing, read with ROAS.",
       table=AD, sql="sum(conversion_value)"),
    _k("paid_roas", "paid", "number", "up", "ROAS", "ROAS",
       "Retour sur dépense publicitaire.", "Return on ad spend.",
       "valeur de conversion / coût", "conversion value / cost",
       "Au-dessus de 1 / marge ; 2 à 6 est courant.", "Above 1 / margin; 2-6 is common.",
       table=AD, sql=_ratio("conversion_value", "cost")),
    # -- social ----------------------------------------------------------------------------
    _k("social_impressions", "social", "count", "up", "Impressions (social)", "Impressions (social)",
       "Affichages des contenus des comptes.", "Times the accounts' content was shown.",
       "somme des impressions", "sum of impressions",
       "En hausse avec la régularité de publication.", "Growing with a steady publishing pace.",
       table=SO, sql="sum(impressions)"),
    _k("social_reach", "social", "count", "up", "Couverture (social)", "Reach (social)",
       "Couverture quotidienne additionnée (une personne touchée deux jours compte deux fois).",
       "Daily reach summed (a person reached on two days counts twice).",
       "somme des couvertures quotidiennes", "sum of daily reach",
       "En hausse.", "Growing.", table=SO, sql="sum(reach)"),
    _k("social_engagements", "social", "count", "up", "Engagements", "Engagements",
       "Réactions, commentaires, partages, enregistrements et clics.",
       "Reactions, comments, shares, saves and clicks.",
       "somme des engagements", "sum of engagements",
       "En hausse.", "Growing.", table=SO, sql="sum(engagements)"),
    _k("social_engagement_rate", "social", "rate", "up", "Taux d'engagement (social)",
       "Engagement rate (social)", "Engagements rapportés à la couverture.",
       "Engagements relative to reach.", "engagements / couverture", "engagements / reach",
       "1 à 5 % ; au-delà, un contenu a pris.", "1-5%; beyond that, a post took off.",
       table=SO, sql=_ratio("engagements", "reach")),
    _k("social_followers", "social", "count", "up", "Abonnés", "Followers",
       "Abonnés en fin de fenêtre (dernière valeur par compte, additionnée entre comptes).",
       "Followers at the end of the window (last value per account, added across accounts).",
       "dernière valeur d'abonnés par compte", "last followers value per account",
       "En hausse régulière.", "Growing steadily.", table=SO, additive=False,
       sql="semi_last(followers)"),
    _k("social_audience_growth", "social", "rate", "up", "Croissance de l'audience",
       "Audience growth", "Abonnements nets rapportés aux abonnés en début de fenêtre.",
       "Net follows relative to followers at the start of the window.",
       "(abonnements - désabonnements) / abonnés au début", "(follows - unfollows) / followers at start",
       "1 à 3 % par mois.", "1-3% a month.", table=SO, additive=False,
       sql="(sum(follows) - sum(unfollows)) / nullif(semi_first(followers), 0)"),
    _k("social_mentions", "social", "count", "down", "Mentions", "Mentions",
       "Mentions de la marque relevées par l'outil d'écoute.", "Brand mentions found by the listening tool.",
       "nombre de mentions", "count of mentions",
       "À lire avec la part de négatif.", "Read with the negative share.",
       table="mentions", sql="sum(mentions)"),
    _k("social_negative_mention_share", "social", "rate", "down", "Part de mentions négatives",
       "Negative mention share", "Part des mentions au ton négatif.", "Share of negative mentions.",
       "mentions négatives / mentions", "negative mentions / mentions",
       "Sous 10 % ; un pic signale un bad buzz.", "Under 10%; a spike signals a bad buzz.",
       table="mentions", sql=_ratio("negative_mentions", "mentions")),
    # -- email -----------------------------------------------------------------------------
    _k("email_sent", "email", "count", "up", "E-mails envoyés", "Emails sent",
       "Destinataires des campagnes.", "Campaign recipients.", "somme des envois", "sum of sent",
       "Régulier.", "Steady.", table=EM, sql="sum(sent)"),
    _k("email_delivered", "email", "count", "up", "E-mails délivrés", "Emails delivered",
       "E-mails acceptés par les serveurs des destinataires.", "Emails accepted by recipients' servers.",
       "somme des délivrés", "sum of delivered", "Proche des envois.", "Close to sent.",
       table=EM, sql="sum(delivered)"),
    _k("email_deliverability_rate", "email", "rate", "up", "Délivrabilité", "Deliverability rate",
       "Part des e-mails délivrés.", "Share of emails delivered.", "délivrés / envoyés",
       "delivered / sent", "Au-dessus de 98 %.", "Above 98%.",
       table=EM, sql=_ratio("delivered", "sent")),
    _k("email_bounce_rate", "email", "rate", "down", "Taux de rebond (e-mail)", "Bounce rate (email)",
       "Part des e-mails rejetés (définitivement ou temporairement).",
       "Share of emails bounced (hard or soft).", "(rebonds durs + doux) / envoyés",
       "(hard + soft bounces) / sent", "Sous 2 %.", "Under 2%.",
       table=EM, sql="(sum(hard_bounces) + sum(soft_bounces)) / nullif(sum(sent), 0)"),
    _k("email_open_rate", "email", "rate", "up", "Taux d'ouverture", "Open rate",
       "Part des e-mails délivrés ouverts au moins une fois.", "Share of delivered emails opened at least once.",
       "ouvertures uniques / délivrés", "unique opens / delivered",
       "20 à 45 % (gonflé par la protection de la vie privée d'Apple).",
       "20-45% (inflated by Apple's privacy protection).",
       table=EM, sql=_ratio("unique_opens", "delivered")),
    _k("email_click_rate", "email", "rate", "up", "Taux de clic (e-mail)", "Click rate (email)",
       "Part des e-mails délivrés cliqués.", "Share of delivered emails clicked.",
       "clics uniques / délivrés", "unique clicks / delivered", "2 à 5 %.", "2-5%.",
       table=EM, sql=_ratio("unique_clicks", "delivered")),
    _k("email_click_to_open_rate", "email", "rate", "up", "Taux de clic à l'ouverture",
       "Click-to-open rate", "Part des ouvreurs qui cliquent.", "Share of openers who click.",
       "clics uniques / ouvertures uniques", "unique clicks / unique opens", "10 à 20 %.", "10-20%.",
       table=EM, sql=_ratio("unique_clicks", "unique_opens")),
    _k("email_unsubscribe_rate", "email", "rate", "down", "Taux de désabonnement",
       "Unsubscribe rate", "Part des destinataires qui se désabonnent.", "Share of recipients who unsubscribe.",
       "désabonnements / délivrés", "unsubscribes / delivered", "Sous 0,5 %.", "Under 0.5%.",
       table=EM, sql=_ratio("unsubscribes", "delivered")),
    _k("email_conversion_rate", "email", "rate", "up", "Taux de conversion (e-mail)",
       "Conversion rate (email)", "Part des cliqueurs qui achètent.", "Share of clickers who buy.",
       "conversions / clics uniques", "conversions / unique clicks", "2 à 10 %.", "2-10%.",
       table=EM, sql=_ratio("conversions", "unique_clicks")),
    _k("email_revenue", "email", "money", "up", "Chiffre d'affaires (e-mail)", "Revenue (email)",
       "Revenu attribué aux campagnes par l'outil d'e-mailing.",
       "Revenue attributed to the campaigns by the email tool.",
       "somme du revenu", "sum of revenue", "En hausse.", "Growing.",
       table=EM, sql="sum(revenue)"),
    # -- search (SEO) ----------------------------------------------------------------------
    _k("seo_clicks", "search", "count", "up", "Clics (SEO)", "Clicks (SEO)",
       "Clics depuis les résultats de Google (Search Console).",
       "Clicks from Google results (Search Console).", "somme des clics", "sum of clicks",
       "En hausse.", "Growing.", table=SC, sql="sum(clicks)"),
    _k("seo_impressions", "search", "count", "up", "Impressions (SEO)", "Impressions (SEO)",
       "Affichages du site dans les résultats de Google.", "Times the site showed in Google results.",
       "somme des impressions", "sum of impressions", "En hausse.", "Growing.",
       table=SC, sql="sum(impressions)"),
    _k("seo_ctr", "search", "rate", "up", "CTR (SEO)", "CTR (SEO)",
       "Taux de clic dans les résultats de recherche.", "Click-through rate in search results.",
       "clics / impressions", "clicks / impressions",
       "2 à 5 % en moyenne ; plus de 20 % sur la marque.", "2-5% on average; over 20% on brand queries.",
       table=SC, sql=_ratio("clicks", "impressions")),
    _k("seo_position", "search", "position", "down", "Position moyenne", "Average position",
       "Position moyenne pondérée par les impressions (comme Search Console).",
       "Average position weighted by impressions (as Search Console does).",
       "somme(position × impressions) / impressions", "sum(position × impressions) / impressions",
       "Sous 10 : première page.", "Under 10: first page.",
       table=SC, sql=_ratio("position_sum", "impressions")),
    # -- leads -----------------------------------------------------------------------------
    _k("leads", "leads", "count", "up", "Prospects", "Leads",
       "Prospects créés dans le CRM.", "Leads created in the CRM.", "nombre de prospects",
       "count of leads", "En hausse, à qualité égale.", "Growing at equal quality.",
       table="leads", sql="sum(leads)"),
    _k("lead_to_customer_rate", "leads", "rate", "up", "Taux de transformation des prospects",
       "Lead-to-customer rate", "Part des prospects devenus clients.", "Share of leads who became customers.",
       "clients / prospects", "customers / leads", "5 à 20 % en B2B.", "5-20% in B2B.",
       table="leads", sql=_ratio("customers", "leads")),
    _k("cost_per_lead", "leads", "money", "down", "Coût par prospect", "Cost per lead",
       "Dépense publicitaire par prospect.", "Ad spend per lead.",
       "dépense payante / prospects", "paid spend / leads",
       "Sous la valeur d'un prospect × taux de transformation.",
       "Below a lead's value × the lead-to-customer rate.",
       parts=("paid_cost", "leads"), compose="ratio"),
    # -- overview (blended) ----------------------------------------------------------------
    _k("total_cost", "overview", "money", "down", "Dépense totale", "Total spend",
       "Dépense publicitaire de toutes les plateformes.", "Ad spend across all platforms.",
       "somme des dépenses payantes", "sum of paid spend", "Conforme au budget.", "In line with budget.",
       parts=("paid_cost",), compose="sum"),
    _k("total_revenue", "overview", "money", "up", "Chiffre d'affaires", "Revenue",
       "Revenu du site (GA4).", "Site revenue (GA4).", "revenu du site", "site revenue",
       "En hausse.", "Growing.", parts=("site_revenue",), compose="sum"),
    _k("blended_roas", "overview", "number", "up", "ROAS global", "Blended ROAS",
       "Revenu du site rapporté à toute la dépense publicitaire.", "Site revenue over all ad spend.",
       "chiffre d'affaires / dépense totale", "revenue / total spend",
       "Au-dessus de 3 pour une boutique rentable.", "Above 3 for a profitable shop.",
       parts=("site_revenue", "paid_cost"), compose="ratio"),
    _k("blended_cpa", "overview", "money", "down", "CPA global", "Blended CPA",
       "Dépense publicitaire totale par conversion du site.", "Total ad spend per site conversion.",
       "dépense totale / conversions du site", "total spend / site conversions",
       "Sous la marge par commande.", "Below the margin per order.",
       parts=("paid_cost", "site_conversions"), compose="ratio"),
    _k("total_conversions", "overview", "count", "up", "Conversions", "Conversions",
       "Événements clés du site (GA4), sans doublon avec les plateformes.",
       "Site key events (GA4), not double counted with the platforms.",
       "conversions du site", "site conversions", "En hausse.", "Growing.",
       parts=("site_conversions",), compose="sum"),
    # -- customers -------------------------------------------------------------------------
    _k("nps", "customers", "number", "up", "NPS", "NPS",
       "Net Promoter Score : promoteurs (9-10) moins détracteurs (0-6), en points.",
       "Net Promoter Score: promoters (9-10) minus detractors (0-6), in points.",
       "100 × (promoteurs - détracteurs) / réponses", "100 × (promoters - detractors) / answers",
       "Au-dessus de 30 est bon, de 50 excellent.", "Above 30 is good, above 50 excellent.",
       table="nps_responses",
       sql="100 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) "
           "/ nullif(count(score), 0)"),
)

BY_ID: dict[str, Kpi] = {k.id: k for k in CATALOGUE}
CHANNELS = ("overview", "site", "paid", "search", "social", "email", "leads", "customers")


class UnknownKpi(ValueError):
    """A KPI id that is not in the catalogue."""


def get(kpi_id: str) -> Kpi:
    """The catalogue record of an id, or UnknownKpi naming the valid ids."""
    try:
        return BY_ID[kpi_id]
    except KeyError:
        raise UnknownKpi(f"unknown KPI {kpi_id!r}; known: {', '.join(BY_ID)}") from None


def for_channel(channel: str) -> list[Kpi]:
    """The KPIs of one channel, in catalogue order."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; known: {', '.join(CHANNELS)}")
    return [k for k in CATALOGUE if k.channel == channel]


def base_ids(ids: list[str]) -> list[str]:
    """SQL KPIs needed to compute ids (composites expanded), order kept, no duplicates."""
    out: list[str] = []
    for kid in ids:
        k = get(kid)
        for part in (k.parts if k.parts else (kid,)):
            if part not in out:
                out.append(part)
    return out
