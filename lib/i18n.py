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
    "data_intro": {
        "fr": "Déposez les exports de vos outils tels qu'ils les produisent : le format est reconnu, "
              "vous vérifiez l'aperçu, puis vous confirmez. Rien n'est enregistré avant la confirmation.",
        "en": "Drop your tools' exports exactly as they produce them: the format is recognised, you "
              "check the preview, then you confirm. Nothing is saved before you confirm."},
    "data_upload": {"fr": "Fichiers à importer", "en": "Files to import"},
    "data_upload_help": {
        "fr": "CSV, TSV, TXT, ZIP (Search Console), XLSX ou JSON, jusqu'à 200 Mo par fichier. "
              "Les fichiers CSV d'un même export Search Console peuvent être déposés ensemble.",
        "en": "CSV, TSV, TXT, ZIP (Search Console), XLSX or JSON, up to 200 MB per file. "
              "The CSV files of one Search Console export can be dropped together."},
    "data_reading": {"fr": "Lecture de {name}…", "en": "Reading {name}…"},
    "data_group": {"fr": "Export Search Console en {n} fichiers, lus ensemble.",
                   "en": "Search Console export in {n} files, read together."},
    "data_format_choice": {"fr": "Format du fichier", "en": "File format"},
    "data_format_help": {
        "fr": "Le format détecté est présélectionné ; choisissez-en un autre si la détection s'est trompée.",
        "en": "The detected format is preselected; pick another one if detection got it wrong."},
    "data_format_option": {"fr": "{label} · confiance {confidence}", "en": "{label} · confidence {confidence}"},
    "data_generic_label": {"fr": "Autre fichier (associer les colonnes)",
                           "en": "Other file (map the columns)"},
    "data_detected": {"fr": "Format détecté : **{label}** (confiance {confidence})",
                      "en": "Detected format: **{label}** (confidence {confidence})"},
    "data_forced": {"fr": "Format choisi à la main : **{label}**", "en": "Format chosen by hand: **{label}**"},
    "data_refused": {"fr": "Fichier refusé, rien n'a été enregistré. {reason}",
                     "en": "File refused, nothing was saved. {reason}"},
    "data_table_line": {"fr": "**{table}** · {rows} · {period} · {grain} · devise : {currency}",
                        "en": "**{table}** · {rows} · {period} · {grain} · currency: {currency}"},
    "data_rows": {"fr": "{n} lignes", "en": "{n} rows"},
    "data_period_range": {"fr": "du {start} au {end}", "en": "{start} to {end}"},
    "data_daily": {"fr": "lignes par jour", "en": "daily rows"},
    "data_totals": {"fr": "totaux de la période", "en": "period totals"},
    "data_by": {"fr": "par {dims}", "en": "by {dims}"},
    "data_no_currency": {"fr": "aucune", "en": "none"},
    "data_note": {"fr": "Note de l'export : {note}", "en": "Export note: {note}"},
    "data_rejected": {
        "fr": "{n} ligne(s) n'ont pas pu être lues et ne seront pas chargées :",
        "en": "{n} line(s) could not be read and will not be loaded:"},
    "data_line": {"fr": "Ligne", "en": "Line"},
    "data_reason": {"fr": "Raison", "en": "Reason"},
    "data_accept_rejected": {"fr": "Charger quand même les autres lignes",
                             "en": "Load the other rows anyway"},
    "data_accept_needed": {
        "fr": "Cochez la case pour charger les autres lignes, ou corrigez le fichier et déposez-le à nouveau.",
        "en": "Tick the box to load the other rows, or fix the file and drop it again."},
    "data_preview": {
        "fr": "Aperçu : les {n} premières lignes telles qu'elles seront enregistrées",
        "en": "Preview: the first {n} rows exactly as they will be stored"},
    "data_confirm": {"fr": "Confirmer le chargement ({n} fichier(s))", "en": "Confirm the load ({n} file(s))"},
    "data_nothing_ready": {"fr": "Aucun fichier n'est prêt à être chargé.",
                           "en": "No file is ready to load."},
    "data_loading": {"fr": "Chargement de {name} ({i}/{n})…", "en": "Loading {name} ({i}/{n})…"},
    "data_loading_done": {"fr": "Chargement terminé", "en": "Load finished"},
    "data_loaded": {
        "fr": "Chargé (chargement n° {load_id}) : {inserted} ligne(s) ajoutée(s), {replaced} remplacée(s), "
              "{unchanged} inchangée(s).",
        "en": "Loaded (load #{load_id}): {inserted} row(s) added, {replaced} replaced, "
              "{unchanged} unchanged."},
    "data_unchanged": {
        "fr": "Rien n'a changé : les {rows} lignes de ce fichier sont déjà enregistrées avec les mêmes valeurs.",
        "en": "Nothing changed: the {rows} rows of this file are already stored with the same values."},
    "data_load_refused": {"fr": "Non chargé, rien n'a été enregistré. {reason}",
                          "en": "Not loaded, nothing was saved. {reason}"},
    "data_see_page": {"fr": "Voir la page {page}", "en": "See the {page} page"},
    "data_mapping_intro": {
        "fr": "Format non reconnu : associez ses colonnes à une table. La suggestion vient des noms de "
              "colonnes (français ou anglais).",
        "en": "Format not recognised: map its columns to a table. The suggestion comes from the column "
              "names (French or English)."},
    "data_mapping_reused": {
        "fr": "Ces colonnes ont déjà été associées pour un fichier précédent : la correspondance "
              "enregistrée est reprise.",
        "en": "These columns were mapped for an earlier file: the saved mapping is reused."},
    "data_target_table": {"fr": "Table de destination", "en": "Target table"},
    "data_ignore": {"fr": "(ignorer)", "en": "(ignore)"},
    "data_example": {"fr": "Exemple : {value}", "en": "Example: {value}"},
    "data_column_n": {"fr": "Colonne {n}", "en": "Column {n}"},
    "data_no_day": {
        "fr": "Aucune colonne n'est associée à « day » : indiquez la période que couvre le fichier.",
        "en": "No column is mapped to \"day\": give the period the file covers."},
    "data_need_period": {"fr": "Indiquez le début et la fin de la période pour voir l'aperçu.",
                         "en": "Give the start and end of the period to see the preview."},
    "data_mapping_twice": {"fr": "« {column} » est associée à deux colonnes du fichier : gardez-en une.",
                           "en": "\"{column}\" is mapped from two columns of the file: keep one."},
    "data_mapping_no_metric": {
        "fr": "Associez au moins une colonne à une mesure de la table ({metrics}).",
        "en": "Map at least one column to a measure of the table ({metrics})."},
    "data_save_mapping": {
        "fr": "Enregistrer cette correspondance pour les prochains fichiers ayant ces colonnes",
        "en": "Save this mapping for the next files with these columns"},
    "data_mapping_saved": {"fr": "Correspondance des colonnes enregistrée.", "en": "Column mapping saved."},
    "data_log": {"fr": "Historique des chargements", "en": "Load log"},
    "data_log_empty": {"fr": "Aucun chargement pour l'instant.", "en": "No load yet."},
    "data_col_load_id": {"fr": "N°", "en": "#"},
    "data_col_loaded_at": {"fr": "Date", "en": "Date"},
    "data_col_file_name": {"fr": "Fichier", "en": "File"},
    "data_col_format": {"fr": "Format", "en": "Format"},
    "data_col_tables": {"fr": "Tables", "en": "Tables"},
    "data_col_inserted": {"fr": "Ajoutées", "en": "Added"},
    "data_col_replaced": {"fr": "Remplacées", "en": "Replaced"},
    "data_col_rejected": {"fr": "Rejetées", "en": "Rejected"},
    "data_col_status": {"fr": "État", "en": "Status"},
    "data_status_loaded": {"fr": "chargé", "en": "loaded"},
    "data_status_undone": {"fr": "annulé", "en": "undone"},
    "data_undo": {"fr": "Annuler le n° {load_id}", "en": "Undo #{load_id}"},
    "data_undo_text": {
        "fr": "Annuler le chargement n° {load_id} ({file}) ? Ses lignes sont retirées et les lignes qu'il "
              "avait remplacées sont restaurées : l'espace redevient exactement comme avant ce chargement.",
        "en": "Undo load #{load_id} ({file})? Its rows are removed and the rows it replaced are restored: "
              "the workspace goes back exactly to how it was before this load."},
    "data_undo_confirm": {"fr": "Oui, annuler ce chargement", "en": "Yes, undo this load"},
    "data_undone": {"fr": "Chargement n° {load_id} annulé : {deleted} ligne(s) retirée(s), {restored} restaurée(s).",
                    "en": "Load #{load_id} undone: {deleted} row(s) removed, {restored} restored."},
    "data_undo_refused": {"fr": "Annulation impossible. {reason}", "en": "Cannot undo. {reason}"},
    "data_undo_more": {"fr": "Seuls les {n} derniers chargements peuvent être annulés ici.",
                       "en": "Only the latest {n} loads can be undone here."},
    "data_annotations": {"fr": "Annotations", "en": "Annotations"},
    "data_table_site_traffic": {"fr": "Trafic du site", "en": "Website traffic"},
    "data_table_site_items": {"fr": "Produits du site", "en": "Website items"},
    "data_table_ad_performance": {"fr": "Publicité", "en": "Paid ads"},
    "data_table_social_performance": {"fr": "Réseaux sociaux", "en": "Social"},
    "data_table_email_campaigns": {"fr": "Campagnes e-mail", "en": "Email campaigns"},
    "data_table_search_console": {"fr": "Search Console", "en": "Search Console"},
    "data_table_orders": {"fr": "Commandes", "en": "Orders"},
    "data_table_leads": {"fr": "Prospects", "en": "Leads"},
    "data_table_mentions": {"fr": "Mentions", "en": "Mentions"},
    "data_table_nps_responses": {"fr": "Réponses NPS", "en": "NPS responses"},
    "data_table_experiment_results": {"fr": "Résultats de tests A/B", "en": "A/B test results"},
    # -- paid, search, journey, top content --
    "page_journey": {"fr": "Parcours multicanal", "en": "Cross-channel journey"},
    "page_top_content": {"fr": "Contenus à réutiliser", "en": "Top content to reuse"},
    "dim_ad_group": {"fr": "Groupe d'annonces", "en": "Ad group"},
    "dim_age": {"fr": "Âge", "en": "Age"},
    "dim_gender": {"fr": "Genre", "en": "Gender"},
    "dim_region": {"fr": "Région", "en": "Region"},
    "dim_query": {"fr": "Requête", "en": "Query"},
    "dim_page": {"fr": "Page", "en": "Page"},
    "paid_what": {"fr": "publicitaires (Google Ads, Meta, LinkedIn, Microsoft Ads)",
                  "en": "ad (Google Ads, Meta, LinkedIn, Microsoft Ads)"},
    "paid_account": {"fr": "Compte", "en": "Account"},
    "paid_platform_google_ads": {"fr": "Google Ads", "en": "Google Ads"},
    "paid_platform_meta": {"fr": "Meta", "en": "Meta"},
    "paid_platform_linkedin": {"fr": "LinkedIn", "en": "LinkedIn"},
    "paid_platform_microsoft_ads": {"fr": "Microsoft Advertising", "en": "Microsoft Advertising"},
    "paid_cross_platform": {"fr": "Toutes les plateformes", "en": "All platforms"},
    "paid_one_currency": {
        "fr": "Montants en {currency} uniquement : deux devises ne sont jamais additionnées "
              "(choisissez l'autre devise dans la barre latérale).",
        "en": "Amounts in {currency} only: two currencies are never added "
              "(pick the other currency in the sidebar)."},
    "paid_reach_hidden": {
        "fr": "Couverture et fréquence ne s'additionnent pas entre lignes ni entre jours : elles ne sont "
              "données que lorsqu'une ligne d'export couvre exactement la période (sinon « n/d »).",
        "en": "Reach and frequency do not add up across rows or days: they are only given when one "
              "export row covers exactly the window (else \"n/a\")."},
    "paid_pacing": {"fr": "Rythme de dépense du mois", "en": "Spend pacing this month"},
    "paid_pacing_caption": {
        "fr": "Dépense du 1er au {day} comparée au budget mensuel (en {currency}). Attendu : budget × "
              "{elapsed}/{days} jours ; projection : le rythme actuel prolongé jusqu'à la fin du mois.",
        "en": "Spend from the 1st to {day} against the monthly budget (in {currency}). Expected: budget × "
              "{elapsed}/{days} days; projection: the current rate carried to the end of the month."},
    "paid_pacing_none": {
        "fr": "Aucun budget mensuel défini : un réglage monthly_budget_<plateforme> (ex. "
              "monthly_budget_google_ads) permet de suivre le rythme de dépense.",
        "en": "No monthly budget set: a monthly_budget_<platform> setting (e.g. monthly_budget_google_ads) "
              "turns on spend pacing."},
    "paid_budget": {"fr": "Budget mensuel", "en": "Monthly budget"},
    "paid_spent": {"fr": "Dépensé", "en": "Spent"},
    "paid_expected": {"fr": "Attendu à date", "en": "Expected to date"},
    "paid_projected": {"fr": "Projection fin de mois", "en": "Projected month end"},
    "paid_share_spent": {"fr": "Part du budget dépensée", "en": "Share of budget spent"},
    "paid_status": {"fr": "Statut", "en": "Status"},
    "paid_status_under": {"fr": "En dessous du rythme", "en": "Under pace"},
    "paid_status_on_track": {"fr": "Dans le rythme", "en": "On track"},
    "paid_status_over": {"fr": "Au-dessus du rythme", "en": "Over pace"},
    "paid_best_worst": {"fr": "Campagnes par ROAS (au moins {amount} de dépense)",
                        "en": "Campaigns by ROAS (at least {amount} spent)"},
    "search_what": {"fr": "Search Console", "en": "Search Console"},
    "search_ga4_organic": {"fr": "Sur le site (GA4, groupe « Organic Search »)",
                           "en": "On the site (GA4, \"Organic Search\" group)"},
    "search_ga4_missing": {"fr": "Pas de données GA4 pour mettre les sessions organiques en regard.",
                           "en": "No GA4 data to set the organic sessions beside."},
    "search_queries": {"fr": "Requêtes", "en": "Queries"},
    "search_pages": {"fr": "Pages", "en": "Pages"},
    "search_all": {"fr": "Toutes", "en": "All"},
    "search_gaining": {"fr": "En progression", "en": "Gaining"},
    "search_losing": {"fr": "En recul", "en": "Losing"},
    "search_new": {"fr": "Nouvelles", "en": "New"},
    "search_lost": {"fr": "Perdues", "en": "Lost"},
    "search_movers_caption": {
        "fr": "Écart de clics avec la période de comparaison. Nouvelles : sans donnée dans la comparaison ; "
              "perdues : présentes seulement dans la comparaison.",
        "en": "Difference in clicks with the comparison window. New: no data in the comparison; "
              "lost: only in the comparison."},
    "search_need_compare": {
        "fr": "Choisissez une comparaison dans la barre latérale pour voir ce qui progresse, recule, "
              "apparaît ou disparaît.",
        "en": "Pick a comparison in the sidebar to see what is gaining, losing, new or lost."},
    "search_lost_figures": {"fr": "Chiffres de la période de comparaison.",
                            "en": "Figures of the comparison window."},
    "search_none": {"fr": "Aucune ligne.", "en": "No rows."},
    "journey_intro": {
        "fr": "Des impressions publicitaires au chiffre d'affaires GA4, campagne par campagne : les campagnes "
              "des plateformes sont rapprochées des campagnes GA4 (utm_campaign).",
        "en": "From ad impressions to GA4 revenue, campaign by campaign: the platforms' campaigns are matched "
              "to the GA4 campaigns (utm_campaign)."},
    "journey_no_ga4": {
        "fr": "Aucune donnée GA4 sur la période : les sessions, conversions et revenus ne peuvent pas être "
              "rapprochés.",
        "en": "No GA4 data in this window: sessions, conversions and revenue cannot be matched."},
    "journey_table": {"fr": "Parcours par campagne", "en": "Journey by campaign"},
    "journey_none": {"fr": "Aucune campagne rapprochée sur la période : ajoutez une règle ci-dessous.",
                     "en": "No campaign matched in this window: add a rule below."},
    "journey_funnel_of": {"fr": "Campagne", "en": "Campaign"},
    "journey_step": {"fr": "Étape", "en": "Step"},
    "journey_count": {"fr": "Volume", "en": "Count"},
    "journey_kept": {"fr": "Conservé depuis l'étape précédente", "en": "Kept from previous step"},
    "journey_drop": {"fr": "Perte à l'étape", "en": "Drop at this step"},
    "journey_cost_per": {"fr": "Coût par étape (impressions : pour mille)",
                         "en": "Cost per step (impressions: per thousand)"},
    "journey_step_impressions": {"fr": "Impressions", "en": "Impressions"},
    "journey_step_clicks": {"fr": "Clics", "en": "Clicks"},
    "journey_step_sessions": {"fr": "Sessions (GA4)", "en": "Sessions (GA4)"},
    "journey_step_conversions": {"fr": "Conversions (GA4)", "en": "Conversions (GA4)"},
    "journey_step_revenue": {"fr": "Chiffre d'affaires (GA4)", "en": "Revenue (GA4)"},
    "journey_cost": {"fr": "Dépense", "en": "Spend"},
    "journey_clicks_rate": {"fr": "Clics / impressions", "en": "Clicks / impressions"},
    "journey_sessions_rate": {"fr": "Sessions / clics", "en": "Sessions / clicks"},
    "journey_conversions_rate": {"fr": "Conversions / sessions", "en": "Conversions / sessions"},
    "journey_value_per_conversion": {"fr": "Valeur par conversion", "en": "Value per conversion"},
    "journey_cpm": {"fr": "Coût pour mille impressions", "en": "Cost per thousand impressions"},
    "journey_cpc": {"fr": "Coût par clic", "en": "Cost per click"},
    "journey_cost_per_session": {"fr": "Coût par session", "en": "Cost per session"},
    "journey_cpa": {"fr": "Coût par conversion (GA4)", "en": "Cost per conversion (GA4)"},
    "journey_roas": {"fr": "ROAS (revenu GA4 / dépense)", "en": "ROAS (GA4 revenue / spend)"},
    "journey_platforms": {"fr": "Plateformes", "en": "Platforms"},
    "journey_ad_campaign": {"fr": "Campagne publicitaire", "en": "Ad campaign"},
    "journey_ad_campaigns": {"fr": "Campagnes publicitaires", "en": "Ad campaigns"},
    "journey_utm_campaign": {"fr": "Campagne GA4 (utm_campaign)", "en": "GA4 campaign (utm_campaign)"},
    "journey_how": {"fr": "Rapprochement", "en": "Matched by"},
    "journey_how_rule": {"fr": "votre règle", "en": "your rule"},
    "journey_how_exact": {"fr": "nom identique", "en": "same name"},
    "journey_how_normalised": {"fr": "nom sans casse ni espaces", "en": "name ignoring case and spaces"},
    "journey_matching": {"fr": "Rapprochement des campagnes", "en": "Campaign matching"},
    "journey_matched": {"fr": "Campagnes rapprochées", "en": "Matched campaigns"},
    "journey_unmatched_ads": {"fr": "Campagnes publicitaires sans campagne GA4",
                              "en": "Ad campaigns with no GA4 campaign"},
    "journey_unmatched_ga4": {"fr": "Campagnes GA4 (support payant) sans campagne publicitaire",
                              "en": "GA4 campaigns (paid medium) with no ad campaign"},
    "journey_all_matched": {"fr": "Aucune.", "en": "None."},
    "journey_rules": {"fr": "Règles de rapprochement", "en": "Matching rules"},
    "journey_rules_auto": {
        "fr": "Ordre appliqué : 1. vos règles ci-dessous ; 2. le même nom ; 3. le même nom sans tenir "
              "compte des majuscules ni des espaces. Une plateforme vide vaut pour toutes.",
        "en": "Order applied: 1. your rules below; 2. the same name; 3. the same name ignoring case and "
              "spaces. An empty platform applies to all."},
    "journey_rules_save": {"fr": "Enregistrer les règles", "en": "Save the rules"},
    "journey_rules_saved": {"fr": "{n} règle(s) enregistrée(s).", "en": "{n} rule(s) saved."},
    "top_intro": {
        "fr": "Les meilleurs contenus de la période, à réutiliser : publications par taux d'engagement, "
              "e-mails par taux de clic, pages d'arrivée par taux de conversion, annonces par CTR ou ROAS, "
              "avec un volume minimum.",
        "en": "The window's best content, to reuse: posts by engagement rate, emails by click rate, "
              "landing pages by conversion rate, ads by CTR or ROAS, above a minimum volume."},
    "top_all": {"fr": "Tout", "en": "All"},
    "top_kind": {"fr": "Type", "en": "Type"},
    "top_kind_post": {"fr": "Publication", "en": "Post"},
    "top_kind_email": {"fr": "E-mail", "en": "Email"},
    "top_kind_landing_page": {"fr": "Page d'arrivée", "en": "Landing page"},
    "top_kind_ad": {"fr": "Annonce", "en": "Ad"},
    "top_channel": {"fr": "Canal", "en": "Channel"},
    "top_item": {"fr": "Contenu", "en": "Content"},
    "top_detail": {"fr": "Lien ou campagne", "en": "Link or campaign"},
    "top_volume": {"fr": "Volume", "en": "Volume"},
    "top_volume_kpi": {"fr": "Mesure du volume", "en": "Volume measure"},
    "top_score": {"fr": "Taux", "en": "Rate"},
    "top_score_kpi": {"fr": "Classé par", "en": "Ranked by"},
    "top_rank_by": {"fr": "Classer par", "en": "Rank by"},
    "top_min_volume": {"fr": "Volume minimum", "en": "Minimum volume"},
    "top_network": {"fr": "Réseau", "en": "Network"},
    "top_post_type": {"fr": "Format", "en": "Format"},
    "top_post_text": {"fr": "Texte", "en": "Text"},
    "top_post_url": {"fr": "Lien", "en": "Link"},
    "top_published": {"fr": "Publiée le", "en": "Published"},
    "top_subject": {"fr": "Objet", "en": "Subject"},
    "top_send_time": {"fr": "Envoyé le", "en": "Sent"},
    "top_campaign_id": {"fr": "Identifiant", "en": "Id"},
    "top_empty": {"fr": "Rien à classer sur la période avec ce volume minimum.",
                  "en": "Nothing to rank in this window at this minimum volume."},
    # -- social, email, glossary, annotations --
    "social_what": {"fr": "réseaux sociaux (Facebook, Instagram, LinkedIn)",
                    "en": "social (Facebook, Instagram, LinkedIn)"},
    "social_accounts": {"fr": "Par réseau et compte", "en": "By network and account"},
    "social_network": {"fr": "Réseau", "en": "Network"},
    "social_account": {"fr": "Compte", "en": "Account"},
    "social_top_posts": {"fr": "Meilleures publications par taux d'engagement",
                         "en": "Top posts by engagement rate"},
    "social_published": {"fr": "Publiée le", "en": "Published"},
    "social_post_type": {"fr": "Format", "en": "Format"},
    "social_post_text": {"fr": "Texte", "en": "Text"},
    "social_post_url": {"fr": "Lien", "en": "Link"},
    "social_no_posts": {"fr": "Aucune publication sur la période.", "en": "No post in this window."},
    "social_mentions_title": {"fr": "Mentions et part de négatif", "en": "Mentions and negative share"},
    "social_no_mentions": {
        "fr": "Aucune mention sur la période (export d'un outil d'écoute : Brand24, Mentionlytics...).",
        "en": "No mention in this window (a listening tool's export: Brand24, Mentionlytics...)."},
    "social_negative_mentions": {"fr": "Mentions négatives", "en": "Negative mentions"},
    "social_spikes": {"fr": "Jours de pic de mentions négatives", "en": "Negative mention spike days"},
    "social_spike_rule": {
        "fr": "Un jour est un pic quand ses mentions négatives dépassent la médiane de la période "
              "+ {k} × l'écart absolu médian, et sont au moins {minimum}. Les pics sont marqués sur la courbe.",
        "en": "A day is a spike when its negative mentions exceed the window's median + {k} × the median "
              "absolute deviation, and are at least {minimum}. Spikes are marked on the chart."},
    "social_spike_marker": {"fr": "Pic de mentions négatives : {n}", "en": "Negative mention spike: {n}"},
    "social_no_spike": {"fr": "Aucun pic de mentions négatives sur la période.",
                        "en": "No negative mention spike in this window."},
    "social_threshold": {"fr": "Seuil", "en": "Threshold"},
    "email_what": {"fr": "e-mailing (Mailchimp, Brevo, Klaviyo)", "en": "email (Mailchimp, Brevo, Klaviyo)"},
    "email_campaigns_title": {"fr": "Campagnes par date d'envoi", "en": "Campaigns by send date"},
    "email_send_day": {"fr": "Date d'envoi", "en": "Send date"},
    "email_campaign": {"fr": "Campagne", "en": "Campaign"},
    "email_subject": {"fr": "Objet", "en": "Subject line"},
    "email_list": {"fr": "Liste", "en": "List"},
    "email_col_sent": {"fr": "Envoyés", "en": "Sent"},
    "email_col_delivered": {"fr": "Délivrés", "en": "Delivered"},
    "email_col_bounces": {"fr": "Rebonds", "en": "Bounces"},
    "email_col_opens": {"fr": "Ouvertures uniques", "en": "Unique opens"},
    "email_col_clicks": {"fr": "Clics uniques", "en": "Unique clicks"},
    "email_col_unsubscribes": {"fr": "Désabonnements", "en": "Unsubscribes"},
    "email_col_complaints": {"fr": "Plaintes", "en": "Complaints"},
    "email_col_conversions": {"fr": "Conversions", "en": "Conversions"},
    "email_col_revenue": {"fr": "Chiffre d'affaires", "en": "Revenue"},
    "email_col_list_size": {"fr": "Taille de la liste", "en": "List size"},
    "email_col_sends": {"fr": "Envois", "en": "Sends"},
    "email_no_campaign": {"fr": "Aucune campagne envoyée sur la période.", "en": "No campaign sent in this window."},
    "email_subjects_title": {"fr": "Objets classés par taux d'ouverture", "en": "Subject lines ranked by open rate"},
    "email_list_health": {"fr": "Santé de la liste", "en": "List health"},
    "email_list_health_caption": {
        "fr": "Sur les 12 mois qui finissent le {end} : taille de la liste à chaque envoi, puis les taux "
              "par mois (désabonnements et plaintes sur les délivrés, rebonds sur les envoyés).",
        "en": "Over the 12 months ending {end}: list size at each send, then the rates by month "
              "(unsubscribes and complaints over delivered, bounces over sent)."},
    "email_month": {"fr": "Mois", "en": "Month"},
    "email_rate": {"fr": "Taux", "en": "Rate"},
    "email_rate_kind": {"fr": "Indicateur", "en": "Measure"},
    "email_unsubscribe_rate": {"fr": "Taux de désabonnement", "en": "Unsubscribe rate"},
    "email_bounce_rate": {"fr": "Taux de rebond", "en": "Bounce rate"},
    "email_complaint_rate": {"fr": "Taux de plaintes", "en": "Complaint rate"},
    "glossary_intro": {
        "fr": "Chaque indicateur de Balise : sa formule, ce qu'il mesure et ce qui est bon signe. "
              "Les ratios sont des rapports de sommes sur la période ; une division par zéro donne « n/d ».",
        "en": "Every Balise KPI: its formula, what it measures and what good looks like. "
              "Ratios are ratios of sums over the window; a division by zero gives \"n/a\"."},
    "glossary_search": {"fr": "Chercher un indicateur", "en": "Search a KPI"},
    "glossary_channel": {"fr": "Canal", "en": "Channel"},
    "glossary_all": {"fr": "Tous les canaux", "en": "All channels"},
    "glossary_count": {"fr": "{n} indicateurs", "en": "{n} KPIs"},
    "glossary_col_id": {"fr": "Identifiant", "en": "Id"},
    "glossary_col_label": {"fr": "Indicateur", "en": "KPI"},
    "glossary_col_formula": {"fr": "Formule", "en": "Formula"},
    "glossary_col_description": {"fr": "Ce qu'il mesure", "en": "What it means"},
    "glossary_col_good": {"fr": "Ce qui est bon", "en": "What good looks like"},
    "glossary_ch_overview": {"fr": "Vue d'ensemble", "en": "Overview"},
    "glossary_ch_site": {"fr": "Site", "en": "Website"},
    "glossary_ch_paid": {"fr": "Publicité", "en": "Paid ads"},
    "glossary_ch_search": {"fr": "Référencement", "en": "Search"},
    "glossary_ch_social": {"fr": "Réseaux sociaux", "en": "Social"},
    "glossary_ch_email": {"fr": "E-mailing", "en": "Email"},
    "glossary_ch_leads": {"fr": "Prospects", "en": "Leads"},
    "glossary_ch_customers": {"fr": "Clients", "en": "Customers"},
    "section_help": {"fr": "Aide", "en": "Help"},
    "ann_add": {"fr": "Ajouter une note", "en": "Add a note"},
    "ann_from_chart": {"fr": "Ajouter une note sur la courbe", "en": "Add a note to the chart"},
    "ann_day": {"fr": "Date", "en": "Date"},
    "ann_kind": {"fr": "Type", "en": "Kind"},
    "ann_text": {"fr": "Note", "en": "Note"},
    "ann_channel": {"fr": "Canal", "en": "Channel"},
    "ann_submit": {"fr": "Ajouter", "en": "Add"},
    "ann_added": {"fr": "Note ajoutée : {text}", "en": "Note added: {text}"},
    "ann_empty_text": {"fr": "La note est vide : écrivez ce qui s'est passé.",
                       "en": "The note is empty: write what happened."},
    "ann_list_title": {"fr": "Notes sur la chronologie", "en": "Timeline notes"},
    "ann_none": {"fr": "Aucune note pour l'instant.", "en": "No note yet."},
    "ann_delete_pick": {"fr": "Note à supprimer", "en": "Note to delete"},
    "ann_delete": {"fr": "Supprimer", "en": "Delete"},
    "ann_deleted": {"fr": "Note supprimée.", "en": "Note deleted."},
    "ann_created": {"fr": "Créée le", "en": "Created"},
    "ann_kind_launch": {"fr": "Lancement", "en": "Launch"},
    "ann_kind_price_change": {"fr": "Changement de prix", "en": "Price change"},
    "ann_kind_outage": {"fr": "Panne", "en": "Outage"},
    "ann_kind_bad_buzz": {"fr": "Bad buzz", "en": "Bad buzz"},
    "ann_kind_other": {"fr": "Autre", "en": "Other"},
    "ann_channel_all": {"fr": "Tous les canaux", "en": "All channels"},
    "site_items_title": {"fr": "Abandon de panier par catégorie de produits",
                         "en": "Cart abandonment by product category"},
    "site_items_caption": {
        "fr": "Articles ajoutés au panier et achetés (rapport articles de GA4) ; abandon = 1 - achetés / ajoutés.",
        "en": "Items added to cart and purchased (GA4 item report); abandonment = 1 - purchased / added."},
    "site_items_none": {"fr": "Pas de données articles (rapport articles de GA4) sur la période.",
                        "en": "No item data (GA4 item report) in this window."},
    "site_item_category": {"fr": "Catégorie", "en": "Category"},
    "site_items_added": {"fr": "Articles ajoutés au panier", "en": "Items added to cart"},
    "site_items_purchased": {"fr": "Articles achetés", "en": "Items purchased"},
    "site_items_abandonment": {"fr": "Taux d'abandon", "en": "Abandonment rate"},
    "site_leads_title": {"fr": "Prospects par source et campagne", "en": "Leads by source and campaign"},
    "site_leads_by_source": {"fr": "Par source", "en": "By source"},
    "site_leads_by_campaign": {"fr": "Par campagne", "en": "By campaign"},
    "site_lead_source": {"fr": "Source du prospect", "en": "Lead source"},
    "site_leads_none": {"fr": "Aucun prospect (export du CRM : HubSpot...) sur la période.",
                        "en": "No lead (CRM export: HubSpot...) in this window."},
    "site_leads_cpl_rule": {
        "fr": "Coût par prospect = dépense publicitaire de la campagne dont le nom est exactement celui "
              "du champ campagne du CRM, divisée par les prospects de cette campagne. Sans campagne "
              "publicitaire du même nom, il est « n/d ».",
        "en": "Cost per lead = ad spend of the campaign whose name is exactly the CRM's campaign field, "
              "divided by that campaign's leads. With no ad campaign of that name, it is \"n/a\"."},
    # -- objectives, campaigns, report --
    # -- alerts --
    # -- experiments, customers --
    # experiments page
    "exp_intro": {
        "fr": "Comparez des variantes : un test A/B enregistré, un tableau saisi ou un CSV, des "
              "objets d'e-mails testés, ou le trafic GA4 réparti par une dimension. La première "
              "variante est le témoin.",
        "en": "Compare variants: a stored A/B test, a typed-in table or a CSV, email subject "
              "lines, or GA4 traffic split by a dimension. The first variant is the control."},
    "exp_mode": {"fr": "Données comparées", "en": "Data compared"},
    "exp_mode_stored": {"fr": "Test enregistré", "en": "Stored test"},
    "exp_mode_manual": {"fr": "Saisie ou CSV", "en": "Typed in or CSV"},
    "exp_mode_email": {"fr": "Objets d'e-mails", "en": "Email subject lines"},
    "exp_mode_ga4": {"fr": "Répartition GA4", "en": "GA4 split"},
    "exp_no_stored": {
        "fr": "Aucun test A/B n'est enregistré. Importez un CSV de résultats (experiment, variant, "
              "metric, units, conversions) sur la page « Import de données », ou saisissez les "
              "chiffres dans « Saisie ou CSV ».",
        "en": "No A/B test is stored yet. Import a results CSV (experiment, variant, metric, units, "
              "conversions) on the \"Data import\" page, or type the figures in \"Typed in or CSV\"."},
    "exp_experiment": {"fr": "Test", "en": "Test"},
    "exp_experiment_option": {"fr": "{name} · {metric} (du {first} au {last})",
                              "en": "{name} · {metric} ({first} to {last})"},
    "exp_in_window": {"fr": "Limiter à la période de la barre latérale",
                      "en": "Limit to the sidebar period"},
    "exp_nothing_in_window": {"fr": "Rien sur cette période : décochez la limite pour voir tout l'historique.",
                              "en": "Nothing in this period: untick the limit to see the whole history."},
    "exp_control": {"fr": "Témoin", "en": "Control"},
    "exp_alpha": {"fr": "Seuil de significativité (alpha)", "en": "Significance level (alpha)"},
    "exp_split": {"fr": "Répartition prévue (ex. 50,50 ; vide = égale)",
                  "en": "Planned split (e.g. 50,50; blank = equal)"},
    "exp_manual_help": {
        "fr": "Une ligne par variante, le témoin en premier : unités (visiteurs ou destinataires), "
              "conversions, et si vous les avez la somme des valeurs (chiffre d'affaires) et la "
              "somme de leurs carrés pour comparer les moyennes. Ou déposez un CSV avec les colonnes "
              "variant, units, conversions[, value_sum, value_sq_sum].",
        "en": "One row per variant, the control first: units (visitors or recipients), "
              "conversions, and if you have them the sum of values (revenue) and the sum of their "
              "squares to compare means. Or drop a CSV with the columns variant, units, "
              "conversions[, value_sum, value_sq_sum]."},
    "exp_upload": {"fr": "CSV des variantes", "en": "Variants CSV"},
    "exp_from_file": {"fr": "Chiffres lus dans {name} (retirez le fichier pour revenir à la saisie).",
                      "en": "Figures read from {name} (remove the file to go back to typing)."},
    "exp_invalid": {"fr": "Ces chiffres ne peuvent pas être comparés : {reason}",
                    "en": "These figures cannot be compared: {reason}"},
    "exp_need_two": {"fr": "Il faut au moins deux variantes (le témoin et une autre).",
                     "en": "At least two variants are needed (the control and another)."},
    "exp_email_rule": {
        "fr": "Règle : des campagnes aux objets différents forment un test quand leurs noms "
              "coïncident une fois retirée une marque de variante finale (« Newsletter - A » / "
              "« Newsletter - B », « promo (B) », « promo_v2 »), ou, pour les campagnes sans "
              "jumelle, quand elles sont parties le même jour vers la même liste. Chaque objet est "
              "une variante (unités = e-mails délivrés) ; le premier envoyé est le témoin.",
        "en": "Rule: campaigns with different subjects form one test when their names match once "
              "a trailing variant marker is removed (\"Newsletter - A\" / \"Newsletter - B\", "
              "\"promo (B)\", \"promo_v2\"), or, for campaigns without such a twin, when they were "
              "sent on the same day to the same list. Each subject is a variant (units = "
              "delivered emails); the first one sent is the control."},
    "exp_email_none": {"fr": "Aucun test d'objet trouvé parmi les campagnes e-mail.",
                       "en": "No subject-line test found among the email campaigns."},
    "exp_email_test": {"fr": "Test d'objet", "en": "Subject-line test"},
    "exp_email_metric": {"fr": "Conversion mesurée", "en": "Conversion measured"},
    "exp_metric_unique_opens": {"fr": "Ouvertures uniques", "en": "Unique opens"},
    "exp_metric_unique_clicks": {"fr": "Clics uniques", "en": "Unique clicks"},
    "exp_ga4_dimension": {"fr": "Répartir par", "en": "Split by"},
    "exp_ga4_conversion": {"fr": "Conversions", "en": "Conversions"},
    "exp_conv_transactions": {"fr": "Transactions", "en": "Transactions"},
    "exp_conv_key_events": {"fr": "Événements clés", "en": "Key events"},
    "exp_ga4_values": {"fr": "Groupes comparés", "en": "Groups compared"},
    "exp_ga4_note": {
        "fr": "Unités = sessions sur la période de la barre latérale. Ces groupes ne sont pas tirés "
              "au sort : un écart montre une association, pas l'effet d'un changement, et le "
              "contrôle de répartition (SRM) ne s'applique pas.",
        "en": "Units = sessions over the sidebar period. These groups are not randomly assigned: a "
              "difference shows an association, not the effect of a change, and the sample ratio "
              "check does not apply."},
    "exp_results": {"fr": "Résultats", "en": "Results"},
    "exp_rates": {"fr": "Taux de conversion (test z à deux proportions)",
                  "en": "Conversion rate (two-proportion z-test)"},
    "exp_means": {"fr": "Valeur par unité (test t de Welch)",
                  "en": "Value per unit (Welch's t-test)"},
    "exp_col_variant": {"fr": "Variante", "en": "Variant"},
    "exp_col_units": {"fr": "Unités", "en": "Units"},
    "exp_col_conversions": {"fr": "Conversions", "en": "Conversions"},
    "exp_col_rate": {"fr": "Taux", "en": "Rate"},
    "exp_col_mean": {"fr": "Moyenne", "en": "Mean"},
    "exp_col_lift_abs": {"fr": "Écart (points)", "en": "Lift (points)"},
    "exp_col_lift_abs_mean": {"fr": "Écart", "en": "Lift"},
    "exp_col_ci_low": {"fr": "IC bas", "en": "CI low"},
    "exp_col_ci_high": {"fr": "IC haut", "en": "CI high"},
    "exp_col_lift_rel": {"fr": "Écart relatif", "en": "Relative lift"},
    "exp_col_ci_rel_low": {"fr": "IC relatif bas", "en": "Relative CI low"},
    "exp_col_ci_rel_high": {"fr": "IC relatif haut", "en": "Relative CI high"},
    "exp_col_p_value": {"fr": "p-valeur", "en": "p-value"},
    "exp_col_p_value_holm": {"fr": "p-valeur (Holm)", "en": "p-value (Holm)"},
    "exp_col_chance_to_beat": {"fr": "Probabilité de battre le témoin",
                               "en": "Chance to beat control"},
    "exp_col_expected_loss": {"fr": "Perte attendue (points)", "en": "Expected loss (points)"},
    "exp_col_enough_data": {"fr": "Assez de données", "en": "Enough data"},
    "exp_guard": {
        "fr": "Pas encore assez de données : il faut au moins {u} unités et {c} conversions par "
              "variante avant de lire le résultat.",
        "en": "Not enough data yet: each variant needs at least {u} units and {c} conversions "
              "before the result can be read."},
    "exp_srm_ok": {"fr": "Répartition des unités conforme au plan (test du khi², p = {p}).",
                   "en": "The split of units matches the plan (chi-square test, p = {p})."},
    "exp_srm_flag": {
        "fr": "Déséquilibre de répartition (SRM) : p = {p} < 0,001. Les unités ne sont pas "
              "réparties comme prévu ; vérifiez l'affectation avant de vous fier aux résultats.",
        "en": "Sample ratio mismatch: p = {p} < 0.001. Units are not split as planned; check "
              "the assignment before trusting the results."},
    "exp_verdict": {"fr": "Verdict", "en": "Verdict"},
    "exp_explain": {"fr": "Comment ces chiffres sont calculés", "en": "How these figures are computed"},
    "exp_explain_body": {
        "fr": "- **Taux** : test z à deux proportions, variance groupée ; intervalle de l'écart "
              "absolu de Wald (non groupé), de l'écart relatif par la méthode delta sur le log du "
              "rapport.\n"
              "- **Moyennes** (valeur par unité, à partir de la somme et de la somme des carrés) : "
              "test t de Welch, degrés de liberté de Welch-Satterthwaite.\n"
              "- **Probabilité de battre le témoin** : lois a priori Beta(1, 1), calcul exact ; "
              "**perte attendue** : ce que l'on perd en moyenne, en points de taux, si l'on retient "
              "la variante alors que le témoin est meilleur.\n"
              "- **Plusieurs comparaisons** (plusieurs variantes, ou taux et moyenne) : p-valeurs "
              "corrigées par la méthode de Holm ; le verdict lit la p-valeur corrigée.\n"
              "- **SRM** : khi² des unités contre la répartition prévue, signalé si p < 0,001.\n"
              "- **Garde-fou** : moins de {u} unités ou {c} conversions dans une variante, "
              "« pas encore assez de données ».\n"
              "- **Taille d'échantillon** : formule de Fleiss sans correction de continuité.",
        "en": "- **Rates**: pooled two-proportion z-test; interval of the absolute lift by Wald "
              "(unpooled), of the relative lift by the delta method on the log ratio.\n"
              "- **Means** (value per unit, from the sum and the sum of squares): Welch's t-test, "
              "Welch-Satterthwaite degrees of freedom.\n"
              "- **Chance to beat control**: Beta(1, 1) priors, exact; **expected loss**: what "
              "shipping the variant costs on average, in rate points, when the control is better.\n"
              "- **Several comparisons** (several variants, or rate and mean): Holm-adjusted "
              "p-values; the verdict reads the adjusted one.\n"
              "- **SRM**: chi-square of the units against the planned split, flagged at p < 0.001.\n"
              "- **Guard**: fewer than {u} units or {c} conversions in a variant reads \"not "
              "enough data yet\".\n"
              "- **Sample size**: Fleiss formula without continuity correction."},
    "exp_plan": {"fr": "Préparer un test", "en": "Plan a test"},
    "exp_baseline": {"fr": "Taux de conversion actuel (%)", "en": "Baseline conversion rate (%)"},
    "exp_mde": {"fr": "Effet minimal à détecter", "en": "Minimum detectable effect"},
    "exp_mde_kind": {"fr": "Effet exprimé en", "en": "Effect expressed as"},
    "exp_mde_relative": {"fr": "% du taux actuel (relatif)", "en": "% of the baseline (relative)"},
    "exp_mde_absolute": {"fr": "points de pourcentage (absolu)", "en": "percentage points (absolute)"},
    "exp_power": {"fr": "Puissance", "en": "Power"},
    "exp_variants": {"fr": "Variantes (témoin compris)", "en": "Variants (control included)"},
    "exp_daily": {"fr": "Trafic quotidien (unités par jour, toutes variantes)",
                  "en": "Daily traffic (units a day, all variants)"},
    "exp_n": {"fr": "Taille par variante", "en": "Sample size per variant"},
    "exp_total": {"fr": "Total", "en": "Total"},
    "exp_duration": {"fr": "Durée", "en": "Duration"},
    "exp_days": {"fr": "{n} jours", "en": "{n} days"},
    "exp_plan_formula": {
        "fr": "n = (z₁₋α/₂ √(2 p̄ q̄) + z₁₋β √(p₁q₁ + p₂q₂))² / (p₂ − p₁)², p̄ = (p₁ + p₂)/2 "
              "(Fleiss, sans correction de continuité), arrondi au-dessus ; durée = n × variantes "
              "/ trafic quotidien.",
        "en": "n = (z₁₋α/₂ √(2 p̄ q̄) + z₁₋β √(p₁q₁ + p₂q₂))² / (p₂ − p₁)², p̄ = (p₁ + p₂)/2 "
              "(Fleiss, no continuity correction), rounded up; duration = n × variants / daily "
              "traffic."},
    # customers page
    "cust_no_data": {
        "fr": "Aucune commande ni réponse NPS chargée. Importez un export de commandes (Shopify) ou "
              "des réponses d'enquête NPS sur la page « Import de données ».",
        "en": "No orders or NPS answers loaded yet. Import an orders export (Shopify) or NPS "
              "survey answers on the \"Data import\" page."},
    "cust_orders_caption": {
        "fr": "{n} lignes de commandes du {first} au {last}, tout l'historique (les cohortes en "
              "ont besoin). Annulations et retours sont déduits ; une commande entièrement annulée "
              "ne compte pas comme achat.",
        "en": "{n} order rows from {first} to {last}, the whole history (cohorts need it). "
              "Cancellations and returns are subtracted; a fully cancelled order is not a purchase."},
    "cust_excluded": {"fr": "{n} lignes sans identifiant client sont laissées de côté.",
                      "en": "{n} rows without a customer id are left out."},
    "cust_no_orders": {"fr": "Aucune commande chargée : cohortes, CLTV et churn viendront avec un "
                             "export de commandes.",
                       "en": "No orders loaded: cohorts, CLTV and churn come with an orders export."},
    "cust_by_channel": {"fr": "Par canal d'acquisition", "en": "By acquisition channel"},
    "cust_no_channel": {"fr": "Les commandes n'indiquent pas de canal.",
                        "en": "The orders carry no channel."},
    "cust_channel": {"fr": "Canal d'acquisition", "en": "Acquisition channel"},
    "cust_customers": {"fr": "Clients", "en": "Customers"},
    "cust_cohorts": {"fr": "Rétention par cohorte d'acquisition", "en": "Retention by acquisition cohort"},
    "cust_cohorts_help": {
        "fr": "Part des clients d'une cohorte (mois de leur premier achat) qui achètent à nouveau "
              "N mois plus tard.",
        "en": "Share of a cohort's customers (month of their first purchase) who buy again N "
              "months later."},
    "cust_cohort": {"fr": "Cohorte", "en": "Cohort"},
    "cust_age": {"fr": "Mois depuis le premier achat", "en": "Months since first purchase"},
    "cust_share": {"fr": "Clients actifs", "en": "Active customers"},
    "cust_cohort_revenue": {"fr": "Chiffre d'affaires par cohorte", "en": "Revenue per cohort"},
    "cust_revenue": {"fr": "Chiffre d'affaires net", "en": "Net revenue"},
    "cust_revenue_per_customer": {"fr": "CA net par client", "en": "Net revenue per customer"},
    "cust_cltv": {"fr": "Valeur vie client (CLTV)", "en": "Customer lifetime value (CLTV)"},
    "cust_cltv_months": {"fr": "CLTV à {n} mois", "en": "CLTV at {n} months"},
    "cust_cltv_cohorts": {"fr": "{customers} clients, {cohorts} cohortes",
                          "en": "{customers} customers, {cohorts} cohorts"},
    "cust_cltv_predictive": {"fr": "CLTV prédictive", "en": "Predictive CLTV"},
    "cust_aov": {"fr": "Panier moyen", "en": "Average order value"},
    "cust_frequency": {"fr": "Achats par client et par mois", "en": "Purchases per customer a month"},
    "cust_monthly_churn": {"fr": "Churn mensuel", "en": "Monthly churn"},
    "cust_lifetime": {"fr": "Durée de vie attendue (mois)", "en": "Expected lifetime (months)"},
    "cust_cltv_na": {
        "fr": "La CLTV prédictive a besoin d'au moins un mois de churn mesurable : il faut plus "
              "d'historique que le délai de churn choisi.",
        "en": "Predictive CLTV needs at least one month of measurable churn: more history than "
              "the chosen churn delay."},
    "cust_churn": {"fr": "Churn et réachat", "en": "Churn and repeat purchases"},
    "cust_churn_days": {"fr": "Un client est perdu après N jours sans commande",
                        "en": "A customer is lost after N days without an order"},
    "cust_churn_rate": {"fr": "Taux de churn mensuel", "en": "Monthly churn rate"},
    "cust_churn_help": {
        "fr": "Clients actifs en début de mois (un achat dans les N jours) sans achat dans les N "
              "jours avant la fin du mois / clients actifs en début de mois.",
        "en": "Customers active at the month start (a purchase in the N days before) with no "
              "purchase in the N days before the month end / customers active at the start."},
    "cust_churn_empty": {
        "fr": "Pas encore assez d'historique pour un churn à {n} jours : réduisez N.",
        "en": "Not enough history yet for a {n}-day churn: lower N."},
    "cust_repeat": {"fr": "Taux de réachat", "en": "Repeat purchase rate"},
    "cust_repeat_help": {"fr": "Part des clients ayant au moins deux achats.",
                         "en": "Share of customers with two purchases or more."},
    "cust_month": {"fr": "Mois", "en": "Month"},
    "cust_nps": {"fr": "Net Promoter Score (NPS)", "en": "Net Promoter Score (NPS)"},
    "cust_nps_score": {"fr": "NPS de la période", "en": "NPS for the period"},
    "cust_nps_help": {
        "fr": "% promoteurs (9-10) − % détracteurs (0-6), de -100 à +100. Intervalle à 95 % : "
              "{lo} à {hi}, sur {n} réponses.",
        "en": "% promoters (9-10) − % detractors (0-6), from -100 to +100. 95% interval: {lo} "
              "to {hi}, over {n} answers."},
    "cust_nps_ci": {"fr": "IC 95 % : {lo} à {hi} · {n} réponses",
                    "en": "95% CI: {lo} to {hi} · {n} answers"},
    "cust_no_nps": {"fr": "Aucune réponse NPS sur cette période.",
                    "en": "No NPS answer in this period."},
    "cust_no_nps_loaded": {"fr": "Aucune réponse NPS chargée.", "en": "No NPS answers loaded."},
    "cust_promoters": {"fr": "Promoteurs (9-10)", "en": "Promoters (9-10)"},
    "cust_passives": {"fr": "Passifs (7-8)", "en": "Passives (7-8)"},
    "cust_detractors": {"fr": "Détracteurs (0-6)", "en": "Detractors (0-6)"},
    "cust_answers": {"fr": "Réponses", "en": "Answers"},
    "cust_share_of_answers": {"fr": "Part", "en": "Share"},
    "cust_nps_trend": {"fr": "NPS par mois (intervalle à 95 %)", "en": "NPS per month (95% interval)"},
    "cust_ci_low": {"fr": "IC bas", "en": "CI low"},
    "cust_ci_high": {"fr": "IC haut", "en": "CI high"},
    "cust_comments": {"fr": "Commentaires des détracteurs", "en": "Detractors' comments"},
    "cust_no_comments": {"fr": "Aucun commentaire de détracteur sur cette période.",
                         "en": "No detractor comment in this period."},
    "cust_time": {"fr": "Date", "en": "Date"},
    "cust_score": {"fr": "Note", "en": "Score"},
    "cust_segment": {"fr": "Segment", "en": "Segment"},
    "cust_comment": {"fr": "Commentaire", "en": "Comment"},
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


def fmt_money(value, lang: str, currency: str | None = "EUR", whole: bool = False) -> str:
    """1 234,56 € (fr) / €1,234.56 (en); the currency's own decimals (none for VND).

    whole=True drops the cents from 1,000 up, for cards where space is short.
    """
    if _missing(value):
        return t("na", lang)
    if not currency:
        return fmt_number(value, lang, 0 if whole and abs(value) >= 1000 else 2)
    if whole and abs(value) >= 1000:
        return format_currency(round(value), currency, locale=LOCALES[lang],
                               format="¤#,##0" if lang == "en" else "#,##0\u00a0¤",
                               currency_digits=False)
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


def fmt_value(value, unit: str, lang: str, currency: str | None = "EUR", whole: bool = False) -> str:
    """Format a KPI value by its catalogue unit (whole: no cents on large money, for cards)."""
    if unit == "money":
        return fmt_money(value, lang, currency, whole)
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
