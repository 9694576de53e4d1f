"""The KPI catalogue: one record per KPI, in display order. Ids are the contract (DESIGN §3).

Every ratio is a ratio of sums over the window, and a division by zero gives NULL
(`nullif(..., 0)`), shown as "n/a". A KPI is either an SQL aggregate over one canonical
table, or a composite of other KPIs (blended overview KPIs that span tables). Records are
built with keywords only, so each text and each rule says what it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
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
    # A stock column (end-of-day value, e.g. followers): the query adds `<column>_at_start` and
    # `<column>_at_end`, its first and last value per account in the window, for `sql` to sum.
    semi_additive: str | None = None
    tags: tuple[str, ...] = field(default=())


def _ratio(num: str, den: str, scale: str = "") -> str:
    return f"{scale}sum({num}) / nullif(sum({den}), 0)"


ST, AD, SO, EM, SC = "site_traffic", "ad_performance", "social_performance", "email_campaigns", "search_console"
FR = "site_friction"

CV = "conversations"

CATALOGUE: tuple[Kpi, ...] = (
    # -- site (GA4) ------------------------------------------------------------------------
    Kpi(id="site_sessions", channel="site", unit="count", better="up", table=ST, sql="sum(sessions)",
        label={"fr": "Sessions", "en": "Sessions"},
        description={"fr": "Visites du site (sessions GA4).", "en": "Visits to the site (GA4 sessions)."},
        formula={"fr": "somme des sessions", "en": "sum of sessions"},
        good={"fr": "En hausse à périmètre égal ; comparer à la même période de l'an dernier.",
              "en": "Growing like for like; compare with the same period last year."}),
    Kpi(id="site_users", channel="site", unit="count", better="up", table=ST, sql="sum(users)",
        label={"fr": "Utilisateurs", "en": "Users"},
        description={"fr": "Utilisateurs actifs ; additionnés jour par jour (un visiteur revenu deux jours "
                           "compte deux fois).",
                     "en": "Active users; summed day by day (a visitor back on two days counts twice)."},
        formula={"fr": "somme des utilisateurs", "en": "sum of users"},
        good={"fr": "Suivre la tendance plutôt que le niveau.",
              "en": "Follow the trend rather than the level."}),
    Kpi(id="site_new_users", channel="site", unit="count", better="up", table=ST, sql="sum(new_users)",
        label={"fr": "Nouveaux utilisateurs", "en": "New users"},
        description={"fr": "Utilisateurs venus pour la première fois.", "en": "Users on their first visit."},
        formula={"fr": "somme des nouveaux utilisateurs", "en": "sum of new users"},
        good={"fr": "Une part stable de 60 à 80 % des utilisateurs pour une boutique en croissance.",
              "en": "A steady 60-80% of users for a growing shop."}),
    Kpi(id="site_engagement_rate", channel="site", unit="rate", better="up",
        table=ST, sql=_ratio("engaged_sessions", "sessions"),
        label={"fr": "Taux d'engagement", "en": "Engagement rate"},
        description={"fr": "Part des sessions engagées (plus de 10 s, une conversion ou deux pages vues).",
                     "en": "Share of engaged sessions (over 10 s, a conversion or two page views)."},
        formula={"fr": "sessions engagées / sessions", "en": "engaged sessions / sessions"},
        good={"fr": "55 à 70 % est courant ; sous 40 %, vérifier les pages d'arrivée.",
              "en": "55-70% is common; under 40%, check the landing pages."}),
    Kpi(id="site_bounce_rate", channel="site", unit="rate", better="down",
        table=ST, sql=_ratio("bounces", "sessions"),
        label={"fr": "Taux de rebond", "en": "Bounce rate"},
        description={"fr": "Part des sessions non engagées (GA4 : 1 - taux d'engagement).",
                     "en": "Share of sessions that were not engaged (GA4: 1 - engagement rate)."},
        formula={"fr": "rebonds / sessions", "en": "bounces / sessions"},
        good={"fr": "30 à 45 % est courant ; plus bas est mieux.",
              "en": "30-45% is common; lower is better."}),
    Kpi(id="site_avg_session_duration", channel="site", unit="seconds", better="up",
        table=ST, sql=_ratio("session_duration_s", "sessions"),
        label={"fr": "Durée moyenne des sessions", "en": "Average session duration"},
        description={"fr": "Temps passé par session.", "en": "Time spent per session."},
        formula={"fr": "durée totale des sessions / sessions", "en": "total session duration / sessions"},
        good={"fr": "1 à 3 minutes pour une boutique.", "en": "1-3 minutes for a shop."}),
    Kpi(id="site_pages_per_session", channel="site", unit="number", better="up",
        table=ST, sql=_ratio("page_views", "sessions"),
        label={"fr": "Pages par session", "en": "Pages per session"},
        description={"fr": "Pages vues par session.", "en": "Page views per session."},
        formula={"fr": "pages vues / sessions", "en": "page views / sessions"},
        good={"fr": "3 à 5 pour une boutique.", "en": "3-5 for a shop."}),
    Kpi(id="site_exit_rate", channel="site", unit="rate", better="down",
        table=ST, sql=_ratio("exits", "page_views"),
        label={"fr": "Taux de sortie", "en": "Exit rate"},
        description={"fr": "Part des pages vues qui terminent la visite.",
                     "en": "Share of page views that end the visit."},
        formula={"fr": "sorties / pages vues", "en": "exits / page views"},
        good={"fr": "À lire page par page : élevé sur une page de panier est un signal.",
              "en": "Read it page by page: high on a cart page is a signal."}),
    Kpi(id="site_conversions", channel="site", unit="count", better="up", table=ST, sql="sum(key_events)",
        label={"fr": "Conversions (site)", "en": "Conversions (site)"},
        description={"fr": "Événements clés GA4 (achats, prospects...).",
                     "en": "GA4 key events (purchases, leads...)."},
        formula={"fr": "somme des événements clés", "en": "sum of key events"},
        good={"fr": "En hausse, à suivre avec le taux de conversion.",
              "en": "Growing, read with the conversion rate."}),
    Kpi(id="site_conversion_rate", channel="site", unit="rate", better="up",
        table=ST, sql=_ratio("key_events", "sessions"),
        label={"fr": "Taux de conversion", "en": "Conversion rate"},
        description={"fr": "Part des sessions qui convertissent.", "en": "Share of sessions that convert."},
        formula={"fr": "événements clés / sessions", "en": "key events / sessions"},
        good={"fr": "1 à 3 % pour un e-commerce.", "en": "1-3% for e-commerce."}),
    Kpi(id="site_transactions", channel="site", unit="count", better="up", table=ST, sql="sum(transactions)",
        label={"fr": "Transactions", "en": "Transactions"},
        description={"fr": "Achats enregistrés par GA4.", "en": "Purchases recorded by GA4."},
        formula={"fr": "somme des transactions", "en": "sum of transactions"},
        good={"fr": "En hausse à périmètre égal.", "en": "Growing like for like."}),
    Kpi(id="site_revenue", channel="site", unit="money", better="up", table=ST, sql="sum(revenue)",
        label={"fr": "Chiffre d'affaires (site)", "en": "Revenue (site)"},
        description={"fr": "Revenu des achats enregistrés par GA4.",
                     "en": "Purchase revenue recorded by GA4."},
        formula={"fr": "somme du revenu", "en": "sum of revenue"},
        good={"fr": "À rapprocher des commandes réelles (écart de 5 à 15 % normal).",
              "en": "Check it against real orders (a 5-15% gap is normal)."}),
    Kpi(id="site_aov", channel="site", unit="money", better="up",
        table=ST, sql=_ratio("revenue", "transactions"),
        label={"fr": "Panier moyen", "en": "Average order value"},
        description={"fr": "Revenu moyen par transaction.", "en": "Average revenue per transaction."},
        formula={"fr": "revenu / transactions", "en": "revenue / transactions"},
        good={"fr": "Stable ou en hausse ; une baisse peut venir des promotions.",
              "en": "Steady or growing; a drop may come from promotions."}),
    Kpi(id="site_add_to_carts", channel="site", unit="count", better="up", table=ST, sql="sum(add_to_carts)",
        label={"fr": "Ajouts au panier", "en": "Add-to-carts"},
        description={"fr": "Sessions avec un ajout au panier.", "en": "Sessions with an add to cart."},
        formula={"fr": "somme des ajouts au panier", "en": "sum of add-to-carts"},
        good={"fr": "8 à 12 % des sessions pour une boutique.", "en": "8-12% of sessions for a shop."}),
    Kpi(id="site_checkouts", channel="site", unit="count", better="up", table=ST, sql="sum(checkouts)",
        label={"fr": "Paiements commencés", "en": "Checkouts"},
        description={"fr": "Sessions où le paiement a commencé.", "en": "Sessions where checkout began."},
        formula={"fr": "somme des paiements commencés", "en": "sum of checkouts"},
        good={"fr": "La moitié des ajouts au panier environ.", "en": "About half of the add-to-carts."}),
    Kpi(id="site_cart_abandonment_rate", channel="site", unit="rate", better="down",
        table=ST, sql="1 - sum(transactions) / nullif(sum(add_to_carts), 0)",
        label={"fr": "Taux d'abandon de panier", "en": "Cart abandonment rate"},
        description={"fr": "Part des ajouts au panier qui ne finissent pas en achat.",
                     "en": "Share of add-to-carts that do not end in a purchase."},
        formula={"fr": "1 - transactions / ajouts au panier", "en": "1 - transactions / add-to-carts"},
        good={"fr": "60 à 80 % est la norme du e-commerce ; plus bas est mieux.",
              "en": "60-80% is the e-commerce norm; lower is better."}),
    # -- site friction (Microsoft Clarity, table site_friction) ------------------------------
    Kpi(id="site_recorded_sessions", channel="site", unit="count", better="up", table=FR,
        sql="sum(sessions)",
        label={"fr": "Sessions enregistrées (Clarity)", "en": "Recorded sessions (Clarity)"},
        description={"fr": "Sessions que Microsoft Clarity a enregistrées : la base des signaux "
                           "de friction.",
                     "en": "Sessions Microsoft Clarity recorded: the base of the friction signals."},
        formula={"fr": "somme des sessions Clarity", "en": "sum of Clarity sessions"},
        good={"fr": "Proche des sessions GA4 (sinon la balise manque sur des pages).",
              "en": "Close to GA4's sessions (otherwise the tag is missing on some pages)."}),
    Kpi(id="site_rage_clicks", channel="site", unit="count", better="down", table=FR,
        sql="sum(rage_clicks)",
        label={"fr": "Clics de rage", "en": "Rage clicks"},
        description={"fr": "Rafales de clics au même endroit : le visiteur s'énerve sur un élément "
                           "qui ne répond pas (Microsoft Clarity).",
                     "en": "Bursts of clicks on one spot: visitors annoyed by something that does "
                           "not respond (Microsoft Clarity)."},
        formula={"fr": "somme des clics de rage", "en": "sum of rage clicks"},
        good={"fr": "Le plus bas possible ; une hausse soudaine signale un bouton cassé.",
              "en": "As low as possible; a sudden rise points to a broken button."}),
    Kpi(id="site_rage_clicks_per_session", channel="site", unit="number", better="down",
        table=FR, sql=_ratio("rage_clicks", "sessions"),
        label={"fr": "Clics de rage par session", "en": "Rage clicks per session"},
        description={"fr": "Clics de rage rapportés aux sessions enregistrées par Clarity.",
                     "en": "Rage clicks relative to the sessions Clarity recorded."},
        formula={"fr": "clics de rage / sessions", "en": "rage clicks / sessions"},
        good={"fr": "Sous 0,01 (une session sur cent).", "en": "Under 0.01 (one session in a hundred)."}),
    Kpi(id="site_dead_clicks_per_session", channel="site", unit="number", better="down",
        table=FR, sql=_ratio("dead_clicks", "sessions"),
        label={"fr": "Clics morts par session", "en": "Dead clicks per session"},
        description={"fr": "Clics sans aucun effet (texte ou image pris pour un lien).",
                     "en": "Clicks with no effect at all (text or images taken for a link)."},
        formula={"fr": "clics morts / sessions", "en": "dead clicks / sessions"},
        good={"fr": "Sous 0,1 ; au-delà, rendez l'élément cliquable ou moins trompeur.",
              "en": "Under 0.1; above, make the element clickable or less misleading."}),
    Kpi(id="site_quick_back_rate", channel="site", unit="rate", better="down", table=FR,
        sql=_ratio("quick_back_sessions", "sessions"),
        label={"fr": "Retours rapides", "en": "Quick backs"},
        description={"fr": "Part des sessions où le visiteur revient aussitôt à la page précédente.",
                     "en": "Share of sessions where the visitor goes straight back to the previous page."},
        formula={"fr": "sessions avec retour rapide / sessions",
                 "en": "sessions with a quick back / sessions"},
        good={"fr": "Sous 5 % ; plus haut, la page ne tient pas la promesse du lien.",
              "en": "Under 5%; higher, the page does not keep the link's promise."}),
    Kpi(id="site_scroll_depth", channel="site", unit="rate", better="up", table=FR,
        sql="sum(scroll_depth_sum) / 100 / nullif(sum(sessions), 0)",
        label={"fr": "Profondeur de défilement", "en": "Scroll depth"},
        description={"fr": "Part moyenne de la page vue en défilant (moyenne Clarity pondérée par "
                           "les sessions).",
                     "en": "Average share of the page scrolled through (Clarity's average weighted "
                           "by sessions)."},
        formula={"fr": "somme (profondeur x sessions) / sessions",
                 "en": "sum (depth x sessions) / sessions"},
        good={"fr": "Au-dessus de 50 % sur une page de contenu.", "en": "Above 50% on a content page."}),
    # -- paid ------------------------------------------------------------------------------
    Kpi(id="paid_impressions", channel="paid", unit="count", better="up", table=AD, sql="sum(impressions)",
        label={"fr": "Impressions (payant)", "en": "Impressions (paid)"},
        description={"fr": "Affichages des annonces.", "en": "Times the ads were shown."},
        formula={"fr": "somme des impressions", "en": "sum of impressions"},
        good={"fr": "Conforme au budget ; à lire avec le CPM.",
              "en": "In line with the budget; read with CPM."}),
    Kpi(id="paid_reach", channel="paid", unit="count", better="up", table=AD, additive=False,
        sql="CASE WHEN count(*) = 1 AND bool_and(day_from = $start AND day_to = $end) "
            "THEN sum(reach) END",
        label={"fr": "Couverture", "en": "Reach"},
        description={"fr": "Personnes uniques touchées. Non additive (une personne vue par deux campagnes "
                           "ou deux jours compte une fois) : donnée seulement pour une ligne d'export "
                           "couvrant exactement la fenêtre.",
                     "en": "Unique people reached. Not additive (a person seen by two campaigns or on two "
                           "days counts once): given only for one export row covering exactly the window."},
        formula={"fr": "couverture de l'export sur la fenêtre exacte",
                 "en": "the export's reach for the exact window"},
        good={"fr": "À lire avec la fréquence.", "en": "Read with frequency."}),
    Kpi(id="paid_frequency", channel="paid", unit="number", better="down", table=AD, additive=False,
        sql="CASE WHEN count(*) = 1 AND bool_and(day_from = $start AND day_to = $end) "
            "THEN sum(impressions) / nullif(sum(reach), 0) END",
        label={"fr": "Fréquence", "en": "Frequency"},
        description={"fr": "Nombre moyen d'affichages par personne touchée.",
                     "en": "Average times each person saw the ads."},
        formula={"fr": "impressions / couverture", "en": "impressions / reach"},
        good={"fr": "1,5 à 3 en prospection ; au-delà de 5, la lassitude guette.",
              "en": "1.5-3 for prospecting; past 5, ad fatigue sets in."}),
    Kpi(id="paid_clicks", channel="paid", unit="count", better="up", table=AD, sql="sum(clicks)",
        label={"fr": "Clics (payant)", "en": "Clicks (paid)"},
        description={"fr": "Clics qui amènent du trafic (Google « Clics », Meta « Clics sur un lien »).",
                     "en": 'Clicks that bring traffic (Google "Clicks", Meta "Link clicks").'},
        formula={"fr": "somme des clics", "en": "sum of clicks"},
        good={"fr": "En hausse à budget égal.", "en": "Growing at equal budget."}),
    Kpi(id="paid_ctr", channel="paid", unit="rate", better="up",
        table=AD, sql=_ratio("clicks", "impressions"),
        label={"fr": "CTR", "en": "CTR"},
        description={"fr": "Taux de clic des annonces.", "en": "Click-through rate of the ads."},
        formula={"fr": "clics / impressions", "en": "clicks / impressions"},
        good={"fr": "Search : 3 à 6 % ; social et display : 0,5 à 1,5 %.",
              "en": "Search: 3-6%; social and display: 0.5-1.5%."}),
    Kpi(id="paid_cost", channel="paid", unit="money", better="down", table=AD, sql="sum(cost)",
        label={"fr": "Dépense", "en": "Spend"},
        description={"fr": "Dépense publicitaire, dans la devise du compte.",
                     "en": "Ad spend, in the account currency."},
        formula={"fr": "somme des coûts", "en": "sum of cost"},
        good={"fr": "Conforme au budget mensuel.", "en": "In line with the monthly budget."}),
    Kpi(id="paid_cpc", channel="paid", unit="money", better="down", table=AD, sql=_ratio("cost", "clicks"),
        label={"fr": "CPC", "en": "CPC"},
        description={"fr": "Coût par clic.", "en": "Cost per click."},
        formula={"fr": "coût / clics", "en": "cost / clicks"},
        good={"fr": "0,3 à 2 € selon le secteur ; plus bas est mieux à qualité égale.",
              "en": "€0.30-2 depending on the sector; lower is better at equal quality."}),
    Kpi(id="paid_cpm", channel="paid", unit="money", better="down",
        table=AD, sql=_ratio("cost", "impressions", "1000 * "),
        label={"fr": "CPM", "en": "CPM"},
        description={"fr": "Coût pour mille impressions.", "en": "Cost per thousand impressions."},
        formula={"fr": "1000 × coût / impressions", "en": "1000 × cost / impressions"},
        good={"fr": "3 à 15 € sur les réseaux sociaux.", "en": "€3-15 on social networks."}),
    Kpi(id="paid_conversions", channel="paid", unit="count", better="up", table=AD, sql="sum(conversions)",
        label={"fr": "Conversions (payant)", "en": "Conversions (paid)"},
        description={"fr": "Conversions comptées par les plateformes (achats, prospects).",
                     "en": "Conversions counted by the platforms (purchases, leads)."},
        formula={"fr": "somme des conversions", "en": "sum of conversions"},
        good={"fr": "En hausse à budget égal.", "en": "Growing at equal budget."}),
    Kpi(id="paid_conversion_rate", channel="paid", unit="rate", better="up",
        table=AD, sql=_ratio("conversions", "clicks"),
        label={"fr": "Taux de conversion (payant)", "en": "Conversion rate (paid)"},
        description={"fr": "Part des clics qui convertissent.", "en": "Share of clicks that convert."},
        formula={"fr": "conversions / clics", "en": "conversions / clicks"},
        good={"fr": "2 à 5 % en e-commerce.", "en": "2-5% for e-commerce."}),
    Kpi(id="paid_cpa", channel="paid", unit="money", better="down",
        table=AD, sql=_ratio("cost", "conversions"),
        label={"fr": "CPA", "en": "CPA"},
        description={"fr": "Coût par conversion.", "en": "Cost per conversion."},
        formula={"fr": "coût / conversions", "en": "cost / conversions"},
        good={"fr": "Sous la marge par commande.", "en": "Below the margin per order."}),
    Kpi(id="paid_conversion_value", channel="paid", unit="money", better="up",
        table=AD, sql="sum(conversion_value)",
        label={"fr": "Valeur de conversion", "en": "Conversion value"},
        description={"fr": "Valeur des conversions selon les plateformes.",
                     "en": "Value of the conversions as the platforms count it."},
        formula={"fr": "somme des valeurs de conversion", "en": "sum of conversion values"},
        good={"fr": "En hausse, à lire avec le ROAS.", "en": "Growing, read with ROAS."}),
    Kpi(id="paid_roas", channel="paid", unit="number", better="up",
        table=AD, sql=_ratio("conversion_value", "cost"),
        label={"fr": "ROAS", "en": "ROAS"},
        description={"fr": "Retour sur dépense publicitaire.", "en": "Return on ad spend."},
        formula={"fr": "valeur de conversion / coût", "en": "conversion value / cost"},
        good={"fr": "Au-dessus de 1 / marge ; 2 à 6 est courant.", "en": "Above 1 / margin; 2-6 is common."}),
    # -- social ----------------------------------------------------------------------------
    Kpi(id="social_impressions", channel="social", unit="count", better="up",
        table=SO, sql="sum(impressions)",
        label={"fr": "Impressions (social)", "en": "Impressions (social)"},
        description={"fr": "Affichages des contenus des comptes.",
                     "en": "Times the accounts' content was shown."},
        formula={"fr": "somme des impressions", "en": "sum of impressions"},
        good={"fr": "En hausse avec la régularité de publication.",
              "en": "Growing with a steady publishing pace."}),
    Kpi(id="social_reach", channel="social", unit="count", better="up", table=SO, sql="sum(reach)",
        label={"fr": "Couverture (social)", "en": "Reach (social)"},
        description={"fr": "Couverture quotidienne additionnée (une personne touchée deux jours compte "
                           "deux fois).",
                     "en": "Daily reach summed (a person reached on two days counts twice)."},
        formula={"fr": "somme des couvertures quotidiennes", "en": "sum of daily reach"},
        good={"fr": "En hausse.", "en": "Growing."}),
    Kpi(id="social_engagements", channel="social", unit="count", better="up",
        table=SO, sql="sum(engagements)",
        label={"fr": "Engagements", "en": "Engagements"},
        description={"fr": "Réactions, commentaires, partages, enregistrements et clics.",
                     "en": "Reactions, comments, shares, saves and clicks."},
        formula={"fr": "somme des engagements", "en": "sum of engagements"},
        good={"fr": "En hausse.", "en": "Growing."}),
    Kpi(id="social_engagement_rate", channel="social", unit="rate", better="up",
        table=SO, sql=_ratio("engagements", "reach"),
        label={"fr": "Taux d'engagement (social)", "en": "Engagement rate (social)"},
        description={"fr": "Engagements rapportés à la couverture.", "en": "Engagements relative to reach."},
        formula={"fr": "engagements / couverture", "en": "engagements / reach"},
        good={"fr": "1 à 5 % ; au-delà, un contenu a pris.", "en": "1-5%; beyond that, a post took off."}),
    Kpi(id="social_followers", channel="social", unit="count", better="up",
        table=SO, additive=False, semi_additive="followers", sql="sum(followers_at_end)",
        label={"fr": "Abonnés", "en": "Followers"},
        description={"fr": "Abonnés en fin de fenêtre (dernière valeur par compte, additionnée entre "
                           "comptes).",
                     "en": "Followers at the end of the window (last value per account, added across "
                           "accounts)."},
        formula={"fr": "dernière valeur d'abonnés par compte", "en": "last followers value per account"},
        good={"fr": "En hausse régulière.", "en": "Growing steadily."}),
    Kpi(id="social_audience_growth", channel="social", unit="rate", better="up",
        table=SO, additive=False, semi_additive="followers",
        sql="(sum(follows) - sum(unfollows)) / nullif(sum(followers_at_start), 0)",
        label={"fr": "Croissance de l'audience", "en": "Audience growth"},
        description={"fr": "Abonnements nets rapportés aux abonnés en début de fenêtre.",
                     "en": "Net follows relative to followers at the start of the window."},
        formula={"fr": "(abonnements - désabonnements) / abonnés au début",
                 "en": "(follows - unfollows) / followers at start"},
        good={"fr": "1 à 3 % par mois.", "en": "1-3% a month."}),
    Kpi(id="social_mentions", channel="social", unit="count", better="down",
        table="mentions", sql="sum(mentions)",
        label={"fr": "Mentions", "en": "Mentions"},
        description={"fr": "Mentions de la marque relevées par l'outil d'écoute.",
                     "en": "Brand mentions found by the listening tool."},
        formula={"fr": "nombre de mentions", "en": "count of mentions"},
        good={"fr": "À lire avec la part de négatif.", "en": "Read with the negative share."}),
    Kpi(id="social_negative_mention_share", channel="social", unit="rate", better="down",
        table="mentions", sql=_ratio("negative_mentions", "mentions"),
        label={"fr": "Part de mentions négatives", "en": "Negative mention share"},
        description={"fr": "Part des mentions au ton négatif.", "en": "Share of negative mentions."},
        formula={"fr": "mentions négatives / mentions", "en": "negative mentions / mentions"},
        good={"fr": "Sous 10 % ; un pic signale un bad buzz.",
              "en": "Under 10%; a spike signals a bad buzz."}),
    # -- community: items received in the window (comments, messages, reviews) and their first
    # reply, whenever it came (an item answered after the window ends counts as answered)
    Kpi(id="social_conversations", channel="social", unit="count", better="up", table=CV,
        sql="sum(items)",
        label={"fr": "Éléments reçus", "en": "Items received"},
        description={"fr": "Commentaires, messages privés et avis reçus dans la fenêtre.",
                     "en": "Comments, private messages and reviews received in the window."},
        formula={"fr": "nombre d'éléments reçus", "en": "count of items received"},
        good={"fr": "À lire avec le taux de réponse.", "en": "Read with the response rate."}),
    Kpi(id="social_response_rate", channel="social", unit="rate", better="up", table=CV,
        sql=_ratio("answered", "items"),
        label={"fr": "Taux de réponse", "en": "Response rate"},
        description={"fr": "Part des éléments reçus dans la fenêtre auxquels la marque a répondu "
                           "(même après la fin de la fenêtre).",
                     "en": "Share of the items received in the window that the brand answered "
                           "(even after the window ended)."},
        formula={"fr": "éléments répondus / éléments reçus", "en": "items answered / items received"},
        good={"fr": "Au-dessus de 90 % ; 100 % des avis et commentaires négatifs.",
              "en": "Above 90%; every negative review and comment."}),
    *(Kpi(id=f"social_response_{clock}_{stat}", channel="social", unit="number", better="down",
          table=CV, additive=False, sql=f"quantile_cont({column}, {q})",
          label={"fr": f"Délai de réponse {lab_fr} ({unit_fr})",
                 "en": f"{lab_en} response time ({unit_en})"},
          description={"fr": f"Délai entre la réception d'un élément et la première réponse, en "
                             f"{unit_fr} ; {stat_fr} des éléments répondus (interpolé).",
                       "en": f"Time from an item's arrival to the first reply, in {unit_en}; "
                             f"{stat_en} of the items answered (interpolated)."},
          formula={"fr": f"{stat_fr} des délais de première réponse",
                   "en": f"{stat_en} of first-response times"},
          good={"fr": "Quelques heures ; les clients attendent une réponse le jour même.",
                "en": "A few hours; customers expect an answer the same day."})
      for clock, column, unit_fr, unit_en in (
          ("hours", "response_hours", "heures", "hours"),
          ("business_hours", "business_response_hours", "heures ouvrées", "business hours"))
      for stat, q, lab_fr, lab_en, stat_fr, stat_en in (
          ("median", 0.5, "médian", "Median", "médiane", "median"),
          ("p90", 0.9, "à 90 %", "90th-percentile", "90e centile", "90th percentile"))),
    Kpi(id="social_unanswered", channel="social", unit="count", better="down", table=CV,
        sql="sum(items) - sum(answered)",
        label={"fr": "Sans réponse", "en": "Unanswered items"},
        description={"fr": "Éléments reçus dans la fenêtre restés sans réponse.",
                     "en": "Items received in the window still without an answer."},
        formula={"fr": "éléments reçus - éléments répondus", "en": "items received - items answered"},
        good={"fr": "Proche de zéro.", "en": "Close to zero."}),
    Kpi(id="social_unanswered_negative", channel="social", unit="count", better="down", table=CV,
        sql="sum(negative_items * (1 - answered))",
        label={"fr": "Négatifs sans réponse", "en": "Unanswered negative items"},
        description={"fr": "Éléments au ton négatif restés sans réponse : à traiter en premier.",
                     "en": "Negative items still without an answer: handle them first."},
        formula={"fr": "éléments négatifs non répondus", "en": "negative items not answered"},
        good={"fr": "Zéro : ignorer un commentaire négatif est une erreur classique.",
              "en": "Zero: ignoring a negative comment is a classic mistake."}),
    Kpi(id="social_negative_item_share", channel="social", unit="rate", better="down", table=CV,
        sql=_ratio("negative_items", "items"),
        label={"fr": "Part d'éléments négatifs", "en": "Share of negative items"},
        description={"fr": "Part des éléments reçus au ton négatif (quand l'outil le donne).",
                     "en": "Share of the items received with a negative tone (when the tool gives it)."},
        formula={"fr": "éléments négatifs / éléments reçus", "en": "negative items / items received"},
        good={"fr": "Sous 10 % ; une vague signale un bad buzz.",
              "en": "Under 10%; a wave signals a bad buzz."}),
    # -- email -----------------------------------------------------------------------------
    Kpi(id="email_sent", channel="email", unit="count", better="up", table=EM, sql="sum(sent)",
        label={"fr": "E-mails envoyés", "en": "Emails sent"},
        description={"fr": "Destinataires des campagnes.", "en": "Campaign recipients."},
        formula={"fr": "somme des envois", "en": "sum of sent"},
        good={"fr": "Régulier.", "en": "Steady."}),
    Kpi(id="email_delivered", channel="email", unit="count", better="up", table=EM, sql="sum(delivered)",
        label={"fr": "E-mails délivrés", "en": "Emails delivered"},
        description={"fr": "E-mails acceptés par les serveurs des destinataires.",
                     "en": "Emails accepted by recipients' servers."},
        formula={"fr": "somme des délivrés", "en": "sum of delivered"},
        good={"fr": "Proche des envois.", "en": "Close to sent."}),
    Kpi(id="email_deliverability_rate", channel="email", unit="rate", better="up",
        table=EM, sql=_ratio("delivered", "sent"),
        label={"fr": "Délivrabilité", "en": "Deliverability rate"},
        description={"fr": "Part des e-mails délivrés.", "en": "Share of emails delivered."},
        formula={"fr": "délivrés / envoyés", "en": "delivered / sent"},
        good={"fr": "Au-dessus de 98 %.", "en": "Above 98%."}),
    Kpi(id="email_bounce_rate", channel="email", unit="rate", better="down",
        table=EM, sql="(sum(hard_bounces) + sum(soft_bounces)) / nullif(sum(sent), 0)",
        label={"fr": "Taux de rebond (e-mail)", "en": "Bounce rate (email)"},
        description={"fr": "Part des e-mails rejetés (définitivement ou temporairement).",
                     "en": "Share of emails bounced (hard or soft)."},
        formula={"fr": "(rebonds durs + doux) / envoyés", "en": "(hard + soft bounces) / sent"},
        good={"fr": "Sous 2 %.", "en": "Under 2%."}),
    Kpi(id="email_open_rate", channel="email", unit="rate", better="up",
        table=EM, sql=_ratio("unique_opens", "delivered"),
        label={"fr": "Taux d'ouverture", "en": "Open rate"},
        description={"fr": "Part des e-mails délivrés ouverts au moins une fois.",
                     "en": "Share of delivered emails opened at least once."},
        formula={"fr": "ouvertures uniques / délivrés", "en": "unique opens / delivered"},
        good={"fr": "20 à 45 % (gonflé par la protection de la vie privée d'Apple).",
              "en": "20-45% (inflated by Apple's privacy protection)."}),
    Kpi(id="email_click_rate", channel="email", unit="rate", better="up",
        table=EM, sql=_ratio("unique_clicks", "delivered"),
        label={"fr": "Taux de clic (e-mail)", "en": "Click rate (email)"},
        description={"fr": "Part des e-mails délivrés cliqués.", "en": "Share of delivered emails clicked."},
        formula={"fr": "clics uniques / délivrés", "en": "unique clicks / delivered"},
        good={"fr": "2 à 5 %.", "en": "2-5%."}),
    Kpi(id="email_click_to_open_rate", channel="email", unit="rate", better="up",
        table=EM, sql=_ratio("unique_clicks", "unique_opens"),
        label={"fr": "Taux de clic à l'ouverture", "en": "Click-to-open rate"},
        description={"fr": "Part des ouvreurs qui cliquent.", "en": "Share of openers who click."},
        formula={"fr": "clics uniques / ouvertures uniques", "en": "unique clicks / unique opens"},
        good={"fr": "10 à 20 %.", "en": "10-20%."}),
    Kpi(id="email_unsubscribe_rate", channel="email", unit="rate", better="down",
        table=EM, sql=_ratio("unsubscribes", "delivered"),
        label={"fr": "Taux de désabonnement", "en": "Unsubscribe rate"},
        description={"fr": "Part des destinataires qui se désabonnent.",
                     "en": "Share of recipients who unsubscribe."},
        formula={"fr": "désabonnements / délivrés", "en": "unsubscribes / delivered"},
        good={"fr": "Sous 0,5 %.", "en": "Under 0.5%."}),
    Kpi(id="email_conversion_rate", channel="email", unit="rate", better="up",
        table=EM, sql=_ratio("conversions", "unique_clicks"),
        label={"fr": "Taux de conversion (e-mail)", "en": "Conversion rate (email)"},
        description={"fr": "Part des cliqueurs qui achètent.", "en": "Share of clickers who buy."},
        formula={"fr": "conversions / clics uniques", "en": "conversions / unique clicks"},
        good={"fr": "2 à 10 %.", "en": "2-10%."}),
    Kpi(id="email_revenue", channel="email", unit="money", better="up", table=EM, sql="sum(revenue)",
        label={"fr": "Chiffre d'affaires (e-mail)", "en": "Revenue (email)"},
        description={"fr": "Revenu attribué aux campagnes par l'outil d'e-mailing.",
                     "en": "Revenue attributed to the campaigns by the email tool."},
        formula={"fr": "somme du revenu", "en": "sum of revenue"},
        good={"fr": "En hausse.", "en": "Growing."}),
    # -- search (SEO) ----------------------------------------------------------------------
    Kpi(id="seo_clicks", channel="search", unit="count", better="up", table=SC, sql="sum(clicks)",
        label={"fr": "Clics (SEO)", "en": "Clicks (SEO)"},
        description={"fr": "Clics depuis les résultats de Google (Search Console).",
                     "en": "Clicks from Google results (Search Console)."},
        formula={"fr": "somme des clics", "en": "sum of clicks"},
        good={"fr": "En hausse.", "en": "Growing."}),
    Kpi(id="seo_impressions", channel="search", unit="count", better="up", table=SC, sql="sum(impressions)",
        label={"fr": "Impressions (SEO)", "en": "Impressions (SEO)"},
        description={"fr": "Affichages du site dans les résultats de Google.",
                     "en": "Times the site showed in Google results."},
        formula={"fr": "somme des impressions", "en": "sum of impressions"},
        good={"fr": "En hausse.", "en": "Growing."}),
    Kpi(id="seo_ctr", channel="search", unit="rate", better="up",
        table=SC, sql=_ratio("clicks", "impressions"),
        label={"fr": "CTR (SEO)", "en": "CTR (SEO)"},
        description={"fr": "Taux de clic dans les résultats de recherche.",
                     "en": "Click-through rate in search results."},
        formula={"fr": "clics / impressions", "en": "clicks / impressions"},
        good={"fr": "2 à 5 % en moyenne ; plus de 20 % sur la marque.",
              "en": "2-5% on average; over 20% on brand queries."}),
    Kpi(id="seo_position", channel="search", unit="position", better="down",
        table=SC, sql=_ratio("position_sum", "impressions"),
        label={"fr": "Position moyenne", "en": "Average position"},
        description={"fr": "Position moyenne pondérée par les impressions (comme Search Console).",
                     "en": "Average position weighted by impressions (as Search Console does)."},
        formula={"fr": "somme(position × impressions) / impressions",
                 "en": "sum(position × impressions) / impressions"},
        good={"fr": "Sous 10 : première page.", "en": "Under 10: first page."}),
    # -- leads -----------------------------------------------------------------------------
    Kpi(id="leads", channel="leads", unit="count", better="up", table="leads", sql="sum(leads)",
        label={"fr": "Prospects", "en": "Leads"},
        description={"fr": "Prospects créés dans le CRM.", "en": "Leads created in the CRM."},
        formula={"fr": "nombre de prospects", "en": "count of leads"},
        good={"fr": "En hausse, à qualité égale.", "en": "Growing at equal quality."}),
    Kpi(id="lead_to_customer_rate", channel="leads", unit="rate", better="up",
        table="leads", sql=_ratio("customers", "leads"),
        label={"fr": "Taux de transformation des prospects", "en": "Lead-to-customer rate"},
        description={"fr": "Part des prospects devenus clients.",
                     "en": "Share of leads who became customers."},
        formula={"fr": "clients / prospects", "en": "customers / leads"},
        good={"fr": "5 à 20 % en B2B.", "en": "5-20% in B2B."}),
    Kpi(id="cost_per_lead", channel="leads", unit="money", better="down",
        parts=("paid_cost", "leads"), compose="ratio",
        label={"fr": "Coût par prospect", "en": "Cost per lead"},
        description={"fr": "Dépense publicitaire par prospect.", "en": "Ad spend per lead."},
        formula={"fr": "dépense payante / prospects", "en": "paid spend / leads"},
        good={"fr": "Sous la valeur d'un prospect × taux de transformation.",
              "en": "Below a lead's value × the lead-to-customer rate."}),
    # -- overview (blended) ----------------------------------------------------------------
    Kpi(id="total_cost", channel="overview", unit="money", better="down", parts=("paid_cost",), compose="sum",
        label={"fr": "Dépense totale", "en": "Total spend"},
        description={"fr": "Dépense publicitaire de toutes les plateformes.",
                     "en": "Ad spend across all platforms."},
        formula={"fr": "somme des dépenses payantes", "en": "sum of paid spend"},
        good={"fr": "Conforme au budget.", "en": "In line with budget."}),
    Kpi(id="total_revenue", channel="overview", unit="money", better="up",
        parts=("site_revenue",), compose="sum",
        label={"fr": "Chiffre d'affaires", "en": "Revenue"},
        description={"fr": "Revenu du site (GA4).", "en": "Site revenue (GA4)."},
        formula={"fr": "revenu du site", "en": "site revenue"},
        good={"fr": "En hausse.", "en": "Growing."}),
    Kpi(id="blended_roas", channel="overview", unit="number", better="up",
        parts=("site_revenue", "paid_cost"), compose="ratio",
        label={"fr": "ROAS global", "en": "Blended ROAS"},
        description={"fr": "Revenu du site rapporté à toute la dépense publicitaire.",
                     "en": "Site revenue over all ad spend."},
        formula={"fr": "chiffre d'affaires / dépense totale", "en": "revenue / total spend"},
        good={"fr": "Au-dessus de 3 pour une boutique rentable.", "en": "Above 3 for a profitable shop."}),
    Kpi(id="blended_cpa", channel="overview", unit="money", better="down",
        parts=("paid_cost", "site_conversions"), compose="ratio",
        label={"fr": "CPA global", "en": "Blended CPA"},
        description={"fr": "Dépense publicitaire totale par conversion du site.",
                     "en": "Total ad spend per site conversion."},
        formula={"fr": "dépense totale / conversions du site", "en": "total spend / site conversions"},
        good={"fr": "Sous la marge par commande.", "en": "Below the margin per order."}),
    Kpi(id="total_conversions", channel="overview", unit="count", better="up",
        parts=("site_conversions",), compose="sum",
        label={"fr": "Conversions", "en": "Conversions"},
        description={"fr": "Événements clés du site (GA4), sans doublon avec les plateformes.",
                     "en": "Site key events (GA4), not double counted with the platforms."},
        formula={"fr": "conversions du site", "en": "site conversions"},
        good={"fr": "En hausse.", "en": "Growing."}),
    # -- customers -------------------------------------------------------------------------
    Kpi(id="nps", channel="customers", unit="number", better="up", table="nps_responses",
        sql="100 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) "
            "/ nullif(count(score), 0)",
        label={"fr": "NPS", "en": "NPS"},
        description={"fr": "Net Promoter Score : promoteurs (9-10) moins détracteurs (0-6), en points.",
                     "en": "Net Promoter Score: promoters (9-10) minus detractors (0-6), in points."},
        formula={"fr": "100 × (promoteurs - détracteurs) / réponses",
                 "en": "100 × (promoters - detractors) / answers"},
        good={"fr": "Au-dessus de 30 est bon, de 50 excellent.",
              "en": "Above 30 is good, above 50 excellent."}),
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


# What a label adds to tell its channel apart ("Clicks (paid)" beside "Clicks (SEO)"), in each language.
CHANNEL_SUFFIXES = {"site": ("site",), "paid": ("paid", "payant"), "search": ("SEO",),
                    "social": ("social",), "email": ("email", "e-mail")}


def short_label(kpi: Kpi, lang: str) -> str:
    """The label without its channel's suffix, for a page of that channel alone ("Conversion rate"
    on the Email page, where "Conversion rate (email)" was cut to "Conversion rate (e…")."""
    label = kpi.label[lang]
    for suffix in CHANNEL_SUFFIXES.get(kpi.channel, ()):
        if label.endswith(f" ({suffix})"):
            return label[:-len(suffix) - 3]
    return label


def base_ids(ids: list[str]) -> list[str]:
    """SQL KPIs needed to compute ids (composites expanded), order kept, no duplicates."""
    out: list[str] = []
    for kid in ids:
        k = get(kid)
        for part in (k.parts if k.parts else (kid,)):
            if part not in out:
                out.append(part)
    return out
