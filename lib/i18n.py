"""Every UI string in French and English, and number/money/percent/date formatting (Babel)."""
from __future__ import annotations

import math
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
)

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
    # -- access --
    "access_read_only": {"fr": ":material/lock: Lecture seule : rôle lecteur", "en": ":material/lock: Read-only: viewer"},
    "access_role": {"fr": "Rôle : {role}", "en": "Role: {role}"},
    "access_role_editor": {"fr": "éditeur", "en": "editor"},
    "access_role_viewer": {"fr": "lecteur", "en": "viewer"},
    "access_signed_in": {"fr": "Connecté : {email}", "en": "Signed in: {email}"},
    "access_login_title": {"fr": "Connexion requise", "en": "Sign in required"},
    "access_login_body": {
        "fr": "Cet espace Balise est partagé : connectez-vous avec votre compte professionnel pour l'ouvrir.",
        "en": "This Balise workspace is shared: sign in with your work account to open it."},
    "access_login": {"fr": "Se connecter", "en": "Sign in"},
    "access_logout": {"fr": "Se déconnecter", "en": "Sign out"},
    "access_denied": {
        "fr": "{email} n'a pas accès à cet espace. Demandez à un éditeur de vous ajouter, ou "
              "connectez-vous avec un autre compte.",
        "en": "{email} has no access to this workspace. Ask an editor to add you, or sign in with "
              "another account."},
    "access_secrets_broken": {
        "fr": "Le fichier des secrets ne peut pas être lu : corrigez-le (voir .streamlit/secrets.toml.example) "
              "puis rechargez la page.",
        "en": "The secrets cannot be read: fix them (see .streamlit/secrets.toml.example), then reload "
              "the page."},
    "access_refused": {"fr": "Action refusée : le rôle {role} ne peut pas modifier cet espace.",
                       "en": "Not allowed: the {role} role cannot change this workspace."},
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
    "data_row_one": {"fr": "1 ligne", "en": "1 row"},
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
    "data_loading": {"fr": "Chargement de {name} ({i}/{n}) : {stage}…",
                     "en": "Loading {name} ({i}/{n}): {stage}…"},
    "data_loading_done": {"fr": "Chargement terminé", "en": "Load finished"},
    "data_stage_check": {"fr": "vérification des lignes", "en": "checking the rows"},
    "data_stage_write": {"fr": "écriture de {table}", "en": "writing {table}"},
    "data_stage_commit": {"fr": "enregistrement", "en": "saving"},
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
    # campaigns page
    "camp_new": {"fr": "Nouvelle campagne", "en": "New campaign"},
    "camp_edit": {"fr": "Modifier une campagne", "en": "Edit a campaign"},
    "camp_edit_which": {"fr": "Campagne à modifier", "en": "Campaign to edit"},
    "camp_none": {"fr": "Aucune campagne pour l'instant : créez-en une ci-dessous.",
                  "en": "No campaign yet: create one below."},
    "camp_name": {"fr": "Nom", "en": "Name"},
    "camp_platforms": {"fr": "Plateformes et sources", "en": "Platforms and sources"},
    "camp_platforms_help": {"fr": "Séparées par des virgules, comme dans les données : google_ads, meta, "
                                  "linkedin, mailchimp, facebook, instagram...",
                            "en": "Comma-separated, as in the data: google_ads, meta, linkedin, mailchimp, "
                                  "facebook, instagram..."},
    "camp_utms": {"fr": "Noms de campagne UTM", "en": "UTM campaign names"},
    "camp_utms_help": {"fr": "Séparés par des virgules : les valeurs utm_campaign (et noms de campagne des "
                             "plateformes) qu'elle couvre.",
                       "en": "Comma-separated: the utm_campaign values (and platform campaign names) it covers."},
    "camp_start": {"fr": "Début", "en": "Start"},
    "camp_end": {"fr": "Fin (vide : en cours)", "en": "End (empty: ongoing)"},
    "camp_budget": {"fr": "Budget", "en": "Budget"},
    "camp_crisis_contacts": {"fr": "Plan de crise : qui appeler", "en": "Crisis plan: who to call"},
    "camp_crisis_message": {"fr": "Plan de crise : quoi dire", "en": "Crisis plan: what to say"},
    "camp_crisis_answers": {"fr": "Plan de crise : réponses préparées", "en": "Crisis plan: prepared answers"},
    "camp_checklist": {"fr": "Points de contrôle de l'équipe", "en": "The team's own checks"},
    "camp_checklist_help": {"fr": "Un par ligne ; commencez la ligne par [ ] tant que ce n'est pas fait.",
                            "en": "One a line; start the line with [ ] while it is not done."},
    "camp_save": {"fr": "Enregistrer la campagne", "en": "Save the campaign"},
    "camp_saved": {"fr": "Campagne « {name} » enregistrée.", "en": "Campaign \"{name}\" saved."},
    "camp_not_saved": {"fr": "Non enregistrée :", "en": "Not saved:"},
    "camp_previous_lessons": {"fr": "Leçons des campagnes précédentes", "en": "Lessons from earlier campaigns"},
    "camp_phase_before": {"fr": "Avant", "en": "Before"},
    "camp_phase_during": {"fr": "Pendant", "en": "During"},
    "camp_phase_after": {"fr": "Après", "en": "After"},
    "camp_open": {"fr": "en cours", "en": "ongoing"},
    "camp_caption": {"fr": "Du {start} au {end} · budget {budget} · {platforms} · UTM : {utms}",
                     "en": "{start} to {end} · budget {budget} · {platforms} · UTM: {utms}"},
    "camp_checklist_title": {"fr": "Check-list avant lancement", "en": "Pre-launch checklist"},
    "check_objectives_ok": {"fr": "Objectifs fixés ({count}).", "en": "Objectives set ({count})."},
    "check_objectives_missing": {"fr": "Aucun objectif rattaché à la campagne.",
                                 "en": "No objective linked to the campaign."},
    "check_tracking_ok": {"fr": "Suivi vérifié : des données arrivent de {checked}.",
                          "en": "Tracking verified: data comes in from {checked}."},
    "check_tracking_missing": {"fr": "Suivi à vérifier : aucune donnée de {missing} sur la période.",
                               "en": "Tracking to check: no data from {missing} in the period."},
    "check_crisis_ok": {"fr": "Plan de crise écrit.", "en": "Crisis plan written."},
    "check_crisis_missing": {"fr": "Plan de crise incomplet : {missing}.", "en": "Crisis plan incomplete: {missing}."},
    "crisis_contacts": {"fr": "qui appeler", "en": "who to call"},
    "crisis_message": {"fr": "quoi dire", "en": "what to say"},
    "crisis_answers": {"fr": "réponses préparées", "en": "prepared answers"},
    "camp_crisis_title": {"fr": "Plan de crise", "en": "Crisis plan"},
    "camp_baseline": {"fr": "La campagne et sa référence (période précédente de même durée)",
                      "en": "The campaign and its baseline (the previous period of equal length)"},
    "camp_kpi_value": {"fr": "Campagne", "en": "Campaign"},
    "camp_report_lang": {"fr": "Langue du rapport", "en": "Report language"},
    "camp_report_make": {"fr": "Préparer le rapport", "en": "Make the report"},
    "camp_report_html": {"fr": "Télécharger (HTML)", "en": "Download (HTML)"},
    "camp_report_pdf": {"fr": "Télécharger (PDF)", "en": "Download (PDF)"},
    "camp_report_xlsx": {"fr": "Télécharger les tableaux (Excel)", "en": "Download the tables (Excel)"},
    "camp_lessons": {"fr": "Leçons apprises", "en": "Lessons learned"},
    "camp_lessons_help": {"fr": "Elles seront montrées quand la prochaine campagne sera préparée.",
                          "en": "They are shown when the next campaign is planned."},
    "camp_lessons_save": {"fr": "Enregistrer les leçons", "en": "Save the lessons"},
    "camp_lessons_saved": {"fr": "Leçons enregistrées.", "en": "Lessons saved."},
    # post-campaign report
    "rep_title": {"fr": "Bilan de campagne : {name}", "en": "Campaign report: {name}"},
    "rep_period": {"fr": "Du {start} au {end} · référence : du {b_start} au {b_end} (période précédente de même durée)",
                   "en": "{start} to {end} · baseline: {b_start} to {b_end} (the previous period of equal length)"},
    "rep_scope": {"fr": "Plateformes : {platforms} · campagnes UTM : {utms} · budget : {budget}",
                  "en": "Platforms: {platforms} · UTM campaigns: {utms} · budget: {budget}"},
    "rep_objectives": {"fr": "Objectifs", "en": "Objectives"},
    "rep_objectives_summary": {"fr": "{reached} objectif(s) atteint(s) sur {total}.",
                               "en": "{reached} of {total} objective(s) reached."},
    "rep_no_objectives": {"fr": "Aucun objectif rattaché à cette campagne.",
                          "en": "No objective linked to this campaign."},
    "rep_kpis": {"fr": "Indicateurs : référence et cible", "en": "KPIs against baseline and target"},
    "rep_daily": {"fr": "Par jour, la période de référence en pointillés", "en": "By day, the baseline period dashed"},
    "rep_channels": {"fr": "Résultats par canal", "en": "Results per channel"},
    "rep_by_platform": {"fr": "Publicité, par plateforme", "en": "Paid ads, by platform"},
    "rep_by_channel_group": {"fr": "Site, par groupe de canaux", "en": "Website, by channel group"},
    "rep_by_email": {"fr": "E-mailing, par envoi", "en": "Email, by send"},
    "rep_content": {"fr": "Meilleurs et moins bons contenus", "en": "Best and worst content"},
    "rep_content_ad_group": {"fr": "Groupe d'annonces", "en": "Ad group"},
    "rep_content_email": {"fr": "E-mail", "en": "Email"},
    "rep_best": {"fr": "meilleur", "en": "best"},
    "rep_worst": {"fr": "moins bon", "en": "worst"},
    "rep_alerts": {"fr": "Alertes déclenchées", "en": "Alerts that fired"},
    "rep_no_alerts": {"fr": "Aucune alerte déclenchée sur la période.", "en": "No alert fired in the period."},
    "rep_events": {"fr": "Événements notés sur la période :", "en": "Events noted in the period:"},
    "rep_tests": {"fr": "Tests A/B", "en": "A/B tests"},
    "rep_no_tests": {"fr": "Aucun test A/B sur la période.", "en": "No A/B test in the period."},
    "rep_lessons": {"fr": "Leçons apprises", "en": "Lessons learned"},
    "rep_no_lessons": {"fr": "Aucune leçon notée pour l'instant.", "en": "No lesson written down yet."},
    "rep_none": {"fr": "Aucune donnée sur la période.", "en": "No data in the period."},
    "rep_generated": {"fr": "Données jusqu'au {day} · généré par Balise.", "en": "Data up to {day} · made by Balise."},
    "rep_col_objective": {"fr": "Objectif", "en": "Objective"},
    "rep_col_kpi": {"fr": "Indicateur", "en": "KPI"},
    "rep_col_target": {"fr": "Cible", "en": "Target"},
    "rep_col_value": {"fr": "Valeur", "en": "Value"},
    "rep_col_forecast": {"fr": "Prévision", "en": "Forecast"},
    "rep_col_status": {"fr": "Statut", "en": "Status"},
    "rep_col_channel": {"fr": "Canal", "en": "Channel"},
    "rep_col_baseline": {"fr": "Référence", "en": "Baseline"},
    "rep_col_change": {"fr": "Évolution", "en": "Change"},
    "rep_col_kind": {"fr": "Type", "en": "Kind"},
    "rep_col_rank": {"fr": "Rang", "en": "Rank"},
    "rep_col_content": {"fr": "Contenu", "en": "Content"},
    "rep_col_day": {"fr": "Jour", "en": "Day"},
    "rep_col_rule": {"fr": "Règle", "en": "Rule"},
    "rep_col_message": {"fr": "Message", "en": "Message"},
    "rep_col_variant": {"fr": "Variante", "en": "Variant"},
    "rep_col_units": {"fr": "Unités", "en": "Units"},
    "rep_col_conversions": {"fr": "Conversions", "en": "Conversions"},
    "rep_col_rate": {"fr": "Taux", "en": "Rate"},
    # objectives page
    "obj_new": {"fr": "Nouvel objectif", "en": "New objective"},
    "obj_edit": {"fr": "Modifier un objectif", "en": "Edit an objective"},
    "obj_edit_which": {"fr": "Objectif à modifier", "en": "Objective to edit"},
    "obj_name": {"fr": "Nom", "en": "Name"},
    "obj_kpi": {"fr": "Indicateur", "en": "KPI"},
    "obj_scope": {"fr": "Périmètre", "en": "Scope"},
    "obj_target": {"fr": "Cible", "en": "Target"},
    "obj_target_pct": {"fr": "Cible (%)", "en": "Target (%)"},
    "obj_target_missing": {"fr": "Indiquez une cible.", "en": "Enter a target."},
    "obj_direction": {"fr": "Sens", "en": "Direction"},
    "obj_start": {"fr": "Début", "en": "Start"},
    "obj_deadline": {"fr": "Échéance", "en": "Deadline"},
    "obj_baseline": {"fr": "Référence", "en": "Baseline"},
    "obj_baseline_pct": {"fr": "Référence (%)", "en": "Baseline (%)"},
    "obj_baseline_help": {
        "fr": "Vide : calculée sur la période de même durée juste avant le début.",
        "en": "Empty: computed over the period of equal length just before the start."},
    "obj_pacing": {"fr": "Rythme attendu", "en": "Expected pace"},
    "obj_owner": {"fr": "Responsable", "en": "Owner"},
    "obj_campaign": {"fr": "Campagne", "en": "Campaign"},
    "obj_no_campaign": {"fr": "Aucune", "en": "None"},
    "obj_goal": {"fr": "Objectif business servi", "en": "Business goal it serves"},
    "obj_notes": {"fr": "Notes", "en": "Notes"},
    "obj_save": {"fr": "Vérifier et enregistrer", "en": "Check and save"},
    "obj_saved": {"fr": "Objectif « {name} » enregistré.", "en": "Objective \"{name}\" saved."},
    "obj_not_saved": {"fr": "Non enregistré : corrigez les points en rouge.",
                      "en": "Not saved: fix the points in red."},
    "obj_archive": {"fr": "Archiver", "en": "Archive"},
    "obj_unarchive": {"fr": "Réactiver", "en": "Restore"},
    "obj_archived_tag": {"fr": "archivé", "en": "archived"},
    "obj_show_archived": {"fr": "Afficher les objectifs archivés", "en": "Show archived objectives"},
    "obj_none": {"fr": "Aucun objectif pour l'instant : créez-en un ci-dessous ou importez un CSV.",
                 "en": "No objective yet: create one below or import a CSV."},
    "obj_csv": {"fr": "Import et export", "en": "Import and export"},
    "obj_export": {"fr": "Exporter les objectifs (CSV)", "en": "Export the objectives (CSV)"},
    "obj_import": {"fr": "Importer des objectifs (CSV du même format)", "en": "Import objectives (CSV, same format)"},
    "obj_import_go": {"fr": "Importer", "en": "Import"},
    "obj_imported": {"fr": "{created} objectif(s) créé(s), {updated} mis à jour.",
                     "en": "{created} objective(s) created, {updated} updated."},
    "obj_import_failed": {"fr": "Rien n'a été importé :", "en": "Nothing was imported:"},
    "obj_value": {"fr": "Valeur actuelle", "en": "Current value"},
    "obj_expected": {"fr": "Attendu à date", "en": "Expected to date"},
    "obj_forecast": {"fr": "Prévision à l'échéance", "en": "Forecast at deadline"},
    "obj_probability": {"fr": "Probabilité d'atteinte", "en": "Chance of reaching"},
    "obj_pct_target": {"fr": "{pct} de la cible", "en": "{pct} of the target"},
    "obj_band": {"fr": "Intervalle de prévision : {low} – {high}", "en": "Forecast interval: {low} – {high}"},
    "obj_rule": {"fr": "Règle", "en": "Rule"},
    "obj_active": {"fr": "Objectifs en cours", "en": "Active objectives"},
    "obj_caption": {"fr": "{kpi} · {direction} {target} · du {start} au {deadline} · {owner}",
                    "en": "{kpi} · {direction} {target} · {start} to {deadline} · {owner}"},
    "obj_chart_actual": {"fr": "Réel", "en": "Actual"},
    "obj_chart_expected": {"fr": "Rythme attendu", "en": "Pacing line"},
    "obj_chart_forecast": {"fr": "Prévision", "en": "Forecast"},
    "obj_chart_band": {"fr": "Intervalle de prévision", "en": "Forecast interval"},
    "obj_chart_target": {"fr": "Cible", "en": "Target"},
    "obj_chart_day": {"fr": "Jour", "en": "Day"},
    "page_objectives": {"fr": "Objectifs", "en": "Objectives"},
    "page_campaigns": {"fr": "Campagnes", "en": "Campaigns"},
    # objective status, rules and forecast methods
    "obj_status_not_started": {"fr": "Pas commencé", "en": "Not started"},
    "obj_status_on_track": {"fr": "En bonne voie", "en": "On track"},
    "obj_status_at_risk": {"fr": "À risque", "en": "At risk"},
    "obj_status_off_track": {"fr": "Hors trajectoire", "en": "Off track"},
    "obj_status_reached": {"fr": "Atteint", "en": "Reached"},
    "obj_status_missed": {"fr": "Non atteint", "en": "Missed"},
    "obj_status_no_data": {"fr": "Sans données", "en": "No data"},
    "obj_rule_not_started": {"fr": "Pas encore commencé : début le {start}.",
                             "en": "Not started yet: starts on {start}."},
    "obj_rule_no_data": {"fr": "Aucune donnée pour cet indicateur sur ce périmètre.",
                         "en": "No data for this KPI on this scope."},
    "obj_rule_reached": {"fr": "Atteint : {value} pour une cible de {target}.",
                         "en": "Reached: {value} for a target of {target}."},
    "obj_rule_missed": {"fr": "Non atteint : {value} pour une cible de {target}.",
                        "en": "Missed: {value} for a target of {target}."},
    "obj_rule_prob_on": {
        "fr": "En bonne voie : {p} de chances d'atteindre la cible {target} (prévision {forecast}) ; "
              "en bonne voie à partir de {p_on}.",
        "en": "On track: {p} chance of reaching the target {target} (forecast {forecast}); "
              "on track from {p_on}."},
    "obj_rule_prob_risk": {
        "fr": "À risque : {p} de chances d'atteindre la cible {target} (prévision {forecast}) ; "
              "entre {p_off} et {p_on}.",
        "en": "At risk: {p} chance of reaching the target {target} (forecast {forecast}); "
              "between {p_off} and {p_on}."},
    "obj_rule_prob_off": {
        "fr": "Hors trajectoire : {p} de chances seulement d'atteindre la cible {target} (prévision "
              "{forecast}) ; sous {p_off}.",
        "en": "Off track: only {p} chance of reaching the target {target} (forecast {forecast}); "
              "under {p_off}."},
    "obj_rule_wrong_side": {
        "fr": "À risque : la valeur actuelle {value} est du mauvais côté de la cible {target}, même si la "
              "prévision ({forecast}) la rattrape.",
        "en": "At risk: the current value {value} is on the wrong side of the target {target}, even if "
              "the forecast ({forecast}) gets back."},
    "obj_rule_pace_on": {
        "fr": "En bonne voie : {value} pour {expected} attendus à date ({attainment} du rythme, au moins "
              "{pace_on}) ; trop peu d'historique pour une prévision.",
        "en": "On track: {value} for {expected} expected to date ({attainment} of the pace, at least "
              "{pace_on}); too little history for a forecast."},
    "obj_rule_pace_risk": {
        "fr": "À risque : {attainment} du rythme attendu ({value} pour {expected}) ; entre {pace_off} "
              "et {pace_on}.",
        "en": "At risk: {attainment} of the expected pace ({value} for {expected}); between {pace_off} "
              "and {pace_on}."},
    "obj_rule_pace_off": {
        "fr": "Hors trajectoire : {attainment} du rythme attendu ({value} pour {expected}) ; sous {pace_off}.",
        "en": "Off track: {attainment} of the expected pace ({value} for {expected}); under {pace_off}."},
    "obj_method_cumulative": {
        "fr": "Tendance linéaire des {days} derniers jours prolongée jusqu'à l'échéance ; intervalle à "
              "{level} tiré des écarts à la tendance.",
        "en": "Linear trend of the last {days} days carried to the deadline; {level} interval from the "
              "residuals around the trend."},
    "obj_method_ratio_parts": {
        "fr": "Numérateur et dénominateur prévus séparément (tendance linéaire des {days} derniers jours), "
              "puis divisés ; intervalle à {level} (méthode delta).",
        "en": "Numerator and denominator forecast apart (linear trend of the last {days} days), then "
              "divided; {level} interval (delta method)."},
    "obj_method_ratio_trend": {
        "fr": "Tendance linéaire du ratio quotidien sur les {days} derniers jours ; intervalle à {level}.",
        "en": "Linear trend of the daily ratio over the last {days} days; {level} interval."},
    "obj_method_level": {
        "fr": "Tendance linéaire des {days} derniers jours, lue à l'échéance ; intervalle à {level}.",
        "en": "Linear trend of the last {days} days, read on the deadline; {level} interval."},
    "obj_method_none": {"fr": "Pas de prévision : moins de 14 jours de données récentes.",
                        "en": "No forecast: fewer than 14 days of recent data."},
    "obj_dir_at_least": {"fr": "Atteindre au moins", "en": "Reach at least"},
    "obj_dir_above": {"fr": "Rester au-dessus de", "en": "Stay above"},
    "obj_dir_below": {"fr": "Rester en dessous de", "en": "Stay below"},
    "obj_pacing_auto": {"fr": "Automatique (profil de l'an dernier si un an d'historique)",
                        "en": "Automatic (last year's profile when a year of history exists)"},
    "obj_pacing_linear": {"fr": "Linéaire", "en": "Linear"},
    "obj_pacing_last_year": {"fr": "Profil de l'an dernier", "en": "Last year's profile"},
    # SMART checks
    "smart_specific": {"fr": "Spécifique", "en": "Specific"},
    "smart_measurable": {"fr": "Mesurable", "en": "Measurable"},
    "smart_achievable": {"fr": "Atteignable", "en": "Achievable"},
    "smart_relevant": {"fr": "Pertinent", "en": "Relevant"},
    "smart_time_bound": {"fr": "Temporel", "en": "Time-bound"},
    "smart_specific_ok": {"fr": "{kpi}, périmètre : {scope}.", "en": "{kpi}, scope: {scope}."},
    "smart_scope_all": {"fr": "tout le canal ({channel})", "en": "the whole channel ({channel})"},
    "smart_specific_no_kpi": {"fr": "Choisissez un indicateur du catalogue.", "en": "Pick a KPI from the catalogue."},
    "smart_specific_bad_scope": {"fr": "Périmètre impossible pour cet indicateur : {reason}",
                                 "en": "This scope does not fit the KPI: {reason}"},
    "smart_measurable_ok": {"fr": "{kpi} a des données sur ce périmètre ({value} sur les 28 derniers jours).",
                            "en": "{kpi} has data on this scope ({value} over the last 28 days)."},
    "smart_measurable_none": {
        "fr": "Aucune donnée pour {kpi} sur ce périmètre : vérifiez les filtres ou importez les données.",
        "en": "No data for {kpi} on this scope: check the filters or import the data."},
    "smart_achievable_ok": {
        "fr": "Cible {target} : {change} par rapport à la référence ({baseline}) ; meilleure période "
              "comparable de l'historique : {best}.",
        "en": "Target {target}: {change} against the baseline ({baseline}); best comparable period in "
              "history: {best}."},
    "smart_achievable_far": {
        "fr": "Cible {target} bien au-delà de la meilleure période comparable de l'historique ({best}, "
              "terminée le {day}) : plus de {margin} d'écart. Revoyez la cible ou dites ce qui changera.",
        "en": "Target {target} far beyond the best comparable period in history ({best}, ended on {day}): "
              "more than {margin} away. Revise the target or say what will change."},
    "smart_achievable_no_history": {
        "fr": "Pas assez d'historique pour trouver une période comparable de {days} jours ; référence : {baseline}.",
        "en": "Not enough history for a comparable period of {days} days; baseline: {baseline}."},
    "smart_achievable_already": {
        "fr": "La référence ({baseline}) atteint déjà la cible {target} : objectif peu ambitieux.",
        "en": "The baseline ({baseline}) already meets the target {target}: not much of a goal."},
    "smart_relevant_campaign": {"fr": "Rattaché à la campagne « {campaign} ».",
                                "en": "Linked to the campaign \"{campaign}\"."},
    "smart_relevant_goal": {"fr": "Sert l'objectif business : {goal}.", "en": "Serves the business goal: {goal}."},
    "smart_relevant_none": {
        "fr": "Rattachez-le à une campagne ou écrivez l'objectif business qu'il sert.",
        "en": "Link it to a campaign or write down the business goal it serves."},
    "smart_time_ok": {"fr": "Du {start} au {deadline} ({days} jours).", "en": "{start} to {deadline} ({days} days)."},
    "smart_time_none": {"fr": "Fixez une date de début et une échéance.", "en": "Set a start date and a deadline."},
    "smart_time_order": {"fr": "L'échéance ({deadline}) précède le début ({start}).",
                         "en": "The deadline ({deadline}) comes before the start ({start})."},
    "smart_time_past": {"fr": "L'échéance ({deadline}) est déjà passée.",
                        "en": "The deadline ({deadline}) has already passed."},
    # -- alerts --
    "page_alerts": {"fr": "Alertes", "en": "Alerts"},
    "alert_days": {"fr": "{n} j", "en": "{n} d"},
    "alert_band": {"fr": "entre {low} et {high}", "en": "between {low} and {high}"},
    "alert_band_max": {"fr": "au plus {high}", "en": "at most {high}"},
    "alert_band_min": {"fr": "au moins {low}", "en": "at least {low}"},
    "alert_subject_table": {"fr": "Fraîcheur des données {table}", "en": "Freshness of {table} data"},
    "alert_subject_objective": {"fr": "Objectif n° {id}", "en": "Objective #{id}"},
    "alert_negative_mentions": {"fr": "Mentions négatives", "en": "Negative mentions"},
    "alert_msg_breach": {"fr": "{what} le {day} : {value}, hors de la plage attendue ({band}).",
                         "en": "{what} on {day}: {value}, outside the expected band ({band})."},
    "alert_msg_ok": {"fr": "{what} le {day} : {value}, dans la plage attendue ({band}).",
                     "en": "{what} on {day}: {value}, within the expected band ({band})."},
    "alert_msg_opportunity": {
        "fr": "{what} le {day} : {value}, bien mieux que prévu ({band}) : une opportunité à saisir.",
        "en": "{what} on {day}: {value}, far better than expected ({band}): an opportunity to seize."},
    "alert_msg_objective": {"fr": "{what} le {day} : {status} ({value}, attendu à date : {expected}).",
                            "en": "{what} on {day}: {status} ({value}, expected to date: {expected})."},
    "alert_msg_nodata": {"fr": "{what} le {day} : pas de donnée ({why}).", "en": "{what} on {day}: no data ({why})."},
    "alert_nodata_no_value": {"fr": "aucune valeur ce jour-là", "en": "no value that day"},
    "alert_nodata_no_baseline": {"fr": "rien à comparer sur la période de comparaison",
                                 "en": "nothing to compare with in the comparison window"},
    "alert_nodata_short_history": {"fr": "historique trop court pour une plage attendue",
                                   "en": "history too short for an expected band"},
    "alert_nodata_no_table_data": {"fr": "aucune donnée chargée pour cette source",
                                   "en": "no data loaded for this source"},
    "alert_nodata_no_objective": {"fr": "état de l'objectif inconnu", "en": "objective status unknown"},
    "alert_nodata_objectives_missing": {"fr": "objectifs non disponibles", "en": "objectives not available"},
    "alert_nodata_error": {"fr": "règle impossible à évaluer", "en": "the rule could not be evaluated"},
    "alert_mail_subject": {"fr": "[Balise] Alerte : {name}", "en": "[Balise] Alert: {name}"},
    "alert_crisis_plan": {"fr": "Plan de crise ({campaign}) :", "en": "Crisis plan ({campaign}):"},
    "alert_open_page": {"fr": "Ouvrir les alertes", "en": "Open the alerts"},
    "alert_line": {"fr": "{label} : {value}", "en": "{label}: {value}"},
    "alert_banner": {"fr": "{n} alerte(s) en cours : {names}", "en": "{n} alert(s) firing: {names}"},
    "alert_banner_opportunity": {"fr": "Opportunité : {names}", "en": "Opportunity: {names}"},
    "alert_toast": {"fr": "Alerte : {name}", "en": "Alert: {name}"},
    "alert_see": {"fr": "Voir les alertes", "en": "See the alerts"},
    "alert_status": {"fr": "État des alertes", "en": "Alert status"},
    "alert_rules": {"fr": "Règles", "en": "Rules"},
    "alert_history": {"fr": "Historique", "en": "History"},
    "alert_no_rules": {"fr": "Aucune règle d'alerte pour l'instant : créez-en une ci-dessous.",
                       "en": "No alert rule yet: create one below."},
    "alert_no_history": {"fr": "Aucune évaluation pour l'instant.", "en": "No evaluation yet."},
    "alert_check_now": {"fr": "Vérifier maintenant", "en": "Check now"},
    "alert_checking": {"fr": "Évaluation des règles...", "en": "Evaluating the rules..."},
    "alert_checked": {"fr": "{n} règle(s) évaluée(s), {firing} en alerte ; {sent} notification(s) envoyée(s), "
                            "{failed} en échec (nouvel essai à la prochaine vérification).",
                      "en": "{n} rule(s) evaluated, {firing} firing; {sent} notification(s) sent, "
                            "{failed} failed (retried at the next check)."},
    "alert_delivery": {"fr": "Notifications envoyées par : {channels}.", "en": "Notifications sent by: {channels}."},
    "alert_no_delivery": {
        "fr": "Aucun canal de notification configuré : renseignez la section [alerts] des secrets "
              "(smtp_host, email_to, webhook_url...) ou les variables BALISE_SMTP_* / BALISE_WEBHOOK_URL.",
        "en": "No notification channel configured: fill the [alerts] section of the secrets "
              "(smtp_host, email_to, webhook_url...) or the BALISE_SMTP_* / BALISE_WEBHOOK_URL variables."},
    "alert_rule_pick": {"fr": "Règle", "en": "Rule"},
    "alert_new_rule": {"fr": "Nouvelle règle", "en": "New rule"},
    "alert_kind": {"fr": "Type de règle", "en": "Rule type"},
    "alert_kind_threshold": {"fr": "Seuil", "en": "Threshold"},
    "alert_kind_change": {"fr": "Variation", "en": "Change"},
    "alert_kind_anomaly": {"fr": "Anomalie", "en": "Anomaly"},
    "alert_kind_opportunity": {"fr": "Opportunité", "en": "Opportunity"},
    "alert_kind_mentions_spike": {"fr": "Pic de mentions négatives (crise)", "en": "Negative mention spike (crisis)"},
    "alert_kind_freshness": {"fr": "Fraîcheur des données", "en": "Data freshness"},
    "alert_kind_objective": {"fr": "Objectif en retard", "en": "Objective off track"},
    "alert_kind_help_threshold": {"fr": "Alerte quand l'indicateur passe au-dessus ou en dessous d'une valeur.",
                                  "en": "Alert when the KPI goes above or below a value."},
    "alert_kind_help_change": {"fr": "Alerte quand l'indicateur varie de plus de X % par rapport à la période de comparaison.",
                               "en": "Alert when the KPI moves more than X% from the comparison period."},
    "alert_kind_help_anomaly": {
        "fr": "Alerte quand la valeur du jour sort de la plage habituelle : médiane du même jour de la semaine "
              "sur les N dernières semaines ± k écarts absolus médians (k selon la sensibilité).",
        "en": "Alert when the day's value leaves its usual band: median of the same weekday over the last "
              "N weeks ± k median absolute deviations (k set by the sensitivity)."},
    "alert_kind_help_opportunity": {"fr": "Signale un indicateur bien meilleur que sa plage habituelle.",
                                    "en": "Flags a KPI far better than its usual band."},
    "alert_kind_help_mentions_spike": {
        "fr": "Alerte de crise quand les mentions négatives du jour dépassent plusieurs fois leur médiane ; "
              "la notification joint le plan de crise de la campagne choisie.",
        "en": "Crisis alert when the day's negative mentions reach several times their median; "
              "the notification carries the chosen campaign's crisis plan."},
    "alert_kind_help_freshness": {"fr": "Alerte quand une source n'a rien envoyé depuis N jours.",
                                  "en": "Alert when a source has sent nothing for N days."},
    "alert_kind_help_objective": {"fr": "Alerte quand un objectif n'est plus sur la bonne trajectoire.",
                                  "en": "Alert when an objective is off track."},
    "alert_name": {"fr": "Nom", "en": "Name"},
    "alert_kpi": {"fr": "Indicateur", "en": "KPI"},
    "alert_scope": {"fr": "Périmètre (dimension=valeur, séparés par « ; », valeurs multiples avec « | »)",
                    "en": "Scope (dimension=value, separated by \";\", several values with \"|\")"},
    "alert_scope_help": {"fr": "Dimensions possibles : {dims}", "en": "Possible dimensions: {dims}"},
    "alert_op": {"fr": "Condition", "en": "Condition"},
    "alert_op_above": {"fr": "au-dessus de", "en": "above"},
    "alert_op_below": {"fr": "en dessous de", "en": "below"},
    "alert_op_up": {"fr": "hausse", "en": "increase"},
    "alert_op_down": {"fr": "baisse", "en": "decrease"},
    "alert_op_either": {"fr": "hausse ou baisse", "en": "increase or decrease"},
    "alert_value": {"fr": "Valeur (taux en fraction : 0,05 pour 5 %)", "en": "Value (rates as fractions: 0.05 for 5%)"},
    "alert_pct": {"fr": "Variation (%)", "en": "Change (%)"},
    "alert_window": {"fr": "Fenêtre (jours)", "en": "Window (days)"},
    "alert_compare": {"fr": "Comparer à", "en": "Compare with"},
    "alert_compare_previous": {"fr": "la fenêtre précédente", "en": "the previous window"},
    "alert_compare_week": {"fr": "la même fenêtre une semaine avant", "en": "the same window a week before"},
    "alert_compare_year": {"fr": "la même fenêtre l'an dernier", "en": "the same window last year"},
    "alert_weeks": {"fr": "Semaines d'historique", "en": "Weeks of history"},
    "alert_direction": {"fr": "Sens", "en": "Direction"},
    "alert_dir_both": {"fr": "les deux", "en": "both"},
    "alert_dir_up": {"fr": "hausse seulement", "en": "up only"},
    "alert_dir_down": {"fr": "baisse seulement", "en": "down only"},
    "alert_sensitivity": {"fr": "Sensibilité", "en": "Sensitivity"},
    "alert_sens_low": {"fr": "faible", "en": "low"},
    "alert_sens_medium": {"fr": "moyenne", "en": "medium"},
    "alert_sens_high": {"fr": "forte", "en": "high"},
    "alert_base_days": {"fr": "Jours de référence", "en": "Reference days"},
    "alert_min_count": {"fr": "Mentions négatives au minimum", "en": "Minimum negative mentions"},
    "alert_table": {"fr": "Données surveillées", "en": "Data watched"},
    "alert_max_days": {"fr": "Alerte après N jours sans données", "en": "Alert after N days without data"},
    "alert_objective_id": {"fr": "Objectif (identifiant)", "en": "Objective (id)"},
    "alert_pending": {"fr": "Évaluations consécutives avant l'alerte", "en": "Consecutive evaluations before firing"},
    "alert_pending_help": {"fr": "En attente tant que la condition n'a pas tenu ce nombre de jours évalués d'affilée.",
                           "en": "Pending until the condition has held for this many evaluated days in a row."},
    "alert_channels": {"fr": "Notifier par", "en": "Notify by"},
    "alert_ch_email": {"fr": "e-mail", "en": "email"},
    "alert_ch_webhook": {"fr": "webhook (Slack, Teams, JSON)", "en": "webhook (Slack, Teams, JSON)"},
    "alert_campaign": {"fr": "Campagne liée (plan de crise)", "en": "Linked campaign (crisis plan)"},
    "alert_no_campaign": {"fr": "Aucune", "en": "None"},
    "alert_save": {"fr": "Enregistrer la règle", "en": "Save the rule"},
    "alert_saved": {"fr": "Règle « {name} » enregistrée et évaluée.", "en": "Rule \"{name}\" saved and evaluated."},
    "alert_invalid": {"fr": "Règle refusée : {error}", "en": "Rule refused: {error}"},
    "alert_enable": {"fr": "Activer", "en": "Enable"},
    "alert_disable": {"fr": "Désactiver", "en": "Disable"},
    "alert_snooze_hours": {"fr": "Sourdine (heures)", "en": "Snooze (hours)"},
    "alert_snooze": {"fr": "Mettre en sourdine", "en": "Snooze"},
    "alert_unsnooze": {"fr": "Lever la sourdine", "en": "Unsnooze"},
    "alert_snoozed_until": {"fr": "En sourdine jusqu'au {when}", "en": "Snoozed until {when}"},
    "alert_delete": {"fr": "Supprimer", "en": "Delete"},
    "alert_deleted": {"fr": "Règle « {name} » supprimée.", "en": "Rule \"{name}\" deleted."},
    "alert_state_ok": {"fr": "normal", "en": "ok"},
    "alert_state_pending": {"fr": "en attente", "en": "pending"},
    "alert_state_firing": {"fr": "en alerte", "en": "firing"},
    "alert_state_resolved": {"fr": "résolue", "en": "resolved"},
    "alert_state_nodata": {"fr": "pas de donnée", "en": "no data"},
    "alert_col_name": {"fr": "Règle", "en": "Rule"},
    "alert_col_kind": {"fr": "Type", "en": "Type"},
    "alert_col_kpi": {"fr": "Indicateur", "en": "KPI"},
    "alert_col_state": {"fr": "État", "en": "State"},
    "alert_col_day": {"fr": "Jour", "en": "Day"},
    "alert_col_value": {"fr": "Valeur", "en": "Value"},
    "alert_col_band": {"fr": "Plage attendue", "en": "Expected band"},
    "alert_col_low": {"fr": "Attendu min.", "en": "Expected low"},
    "alert_col_high": {"fr": "Attendu max.", "en": "Expected high"},
    "alert_col_message": {"fr": "Message", "en": "Message"},
    "alert_col_notified": {"fr": "Notifiée", "en": "Notified"},
    "alert_col_evaluated": {"fr": "Évaluée le", "en": "Evaluated at"},
    "alert_col_snoozed": {"fr": "En sourdine jusqu'au", "en": "Snoozed until"},
    "alert_crisis_title": {"fr": "Plan de crise : {campaign}", "en": "Crisis plan: {campaign}"},
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
    "cust_cltv_cohorts": {"fr": "{customers} clients · cohortes comptées : {cohorts}",
                          "en": "{customers} customers · cohorts counted: {cohorts}"},
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
    # my dashboards
    "page_dashboards": {"fr": "Mes tableaux de bord", "en": "My dashboards"},
    "dash_new": {"fr": "Nouveau tableau de bord", "en": "New dashboard"},
    "dash_ch_leads": {"fr": "Prospects", "en": "Leads"},
    "dash_key_figures": {"fr": "Chiffres clés", "en": "Key figures"},
    "dash_funnel_rates": {"fr": "Passage d'une étape à la suivante : {rates}", "en": "Step to step: {rates}"},
    "dash_none": {"fr": "Aucun tableau de bord pour l'instant : créez-en un, vide ou à partir d'un modèle.",
                  "en": "No dashboard yet: create one, blank or from a starter."},
    "dash_name": {"fr": "Nom", "en": "Name"},
    "dash_name_placeholder": {"fr": "ex. Suivi hebdo de la boutique", "en": "e.g. Weekly shop review"},
    "dash_starter": {"fr": "Point de départ", "en": "Start from"},
    "dash_blank": {"fr": "Tableau vide", "en": "Blank dashboard"},
    "dash_goal_ecommerce": {"fr": "Ventes e-commerce", "en": "E-commerce sales"},
    "dash_goal_leads": {"fr": "Génération de prospects", "en": "Lead generation"},
    "dash_goal_awareness": {"fr": "Notoriété de la marque", "en": "Brand awareness"},
    "dash_goal_newsletter": {"fr": "Newsletter", "en": "Newsletter"},
    "dash_create": {"fr": "Créer", "en": "Create"},
    "dash_created": {"fr": "Tableau de bord « {name} » créé.", "en": "Dashboard “{name}” created."},
    "dash_import": {"fr": "Ou importer un tableau de bord (JSON)", "en": "Or import a dashboard (JSON)"},
    "dash_import_go": {"fr": "Importer", "en": "Import"},
    "dash_open": {"fr": "Tableau de bord", "en": "Dashboard"},
    "dash_not_found": {"fr": "Le tableau de bord n° {id} n'existe pas (ou plus) : voici un autre.",
                       "en": "Dashboard #{id} does not exist (any more): showing another one."},
    "dash_edit_mode": {"fr": "Modifier", "en": "Edit"},
    "dash_home": {"fr": "Page d'accueil", "en": "Home page"},
    "dash_refresh": {"fr": "Actualisation", "en": "Refresh"},
    "dash_refresh_off": {"fr": "désactivée", "en": "off"},
    "dash_refresh_every": {"fr": "toutes les {n} min", "en": "every {n} min"},
    "dash_last_refresh": {"fr": "Dernière actualisation à {time} · actualisation {every}",
                          "en": "Last refresh at {time} · refresh {every}"},
    "dash_read_only": {"fr": "Lecture seule · actualisation {every}", "en": "Read only · refresh {every}"},
    "dash_manage": {"fr": "Gérer", "en": "Manage"},
    "dash_rename": {"fr": "Renommer", "en": "Rename"},
    "dash_renamed": {"fr": "Tableau de bord renommé.", "en": "Dashboard renamed."},
    "dash_duplicate": {"fr": "Dupliquer", "en": "Duplicate"},
    "dash_copy_of": {"fr": "{name} (copie)", "en": "{name} (copy)"},
    "dash_duplicated": {"fr": "« {name} » dupliqué.", "en": "“{name}” duplicated."},
    "dash_download": {"fr": "Télécharger (JSON)", "en": "Download (JSON)"},
    "dash_delete_confirm": {"fr": "Oui, supprimer « {name} »", "en": "Yes, delete “{name}”"},
    "dash_delete": {"fr": "Supprimer", "en": "Delete"},
    "dash_deleted": {"fr": "« {name} » supprimé.", "en": "“{name}” deleted."},
    "dash_empty_hint": {"fr": "Activez « Modifier » pour ajouter des tuiles.", "en": "Turn on “Edit” to add tiles."},
    "dash_add_tile": {"fr": "Ajouter une tuile", "en": "Add a tile"},
    "dash_edit_tile": {"fr": "Modifier la tuile", "en": "Edit the tile"},
    "dash_kpi": {"fr": "Indicateur", "en": "Indicator"},
    "dash_more": {"fr": "Comparer avec", "en": "Compare with"},
    "dash_more_placeholder": {"fr": "Autres indicateurs (facultatif)", "en": "Other indicators (optional)"},
    "dash_visual": {"fr": "Visualisation", "en": "Visualisation"},
    "dash_suggested": {"fr": "Suggestion de Balise : {visual}", "en": "Balise suggests: {visual}"},
    "dash_visual_card": {"fr": "Chiffre clé (évolution et tendance)", "en": "Number card (change and sparkline)"},
    "dash_visual_line": {"fr": "Courbe dans le temps", "en": "Line over time"},
    "dash_visual_bar": {"fr": "Barres par dimension", "en": "Bars by a dimension"},
    "dash_visual_table": {"fr": "Tableau", "en": "Table"},
    "dash_visual_progress": {"fr": "Progression vers un objectif", "en": "Progress toward an objective"},
    "dash_visual_funnel": {"fr": "Tunnel", "en": "Funnel"},
    "dash_objective": {"fr": "Objectif", "en": "Objective"},
    "dash_no_objective": {"fr": "Aucun objectif ne suit cet indicateur : créez-en un dans Objectifs.",
                          "en": "No objective tracks this indicator: create one in Objectives."},
    "dash_by": {"fr": "Répartir par", "en": "Break down by"},
    "dash_no_breakdown": {"fr": "Sans répartition (total)", "en": "No breakdown (total)"},
    "dash_scope": {"fr": "Périmètre", "en": "Scope"},
    "dash_scope_all": {"fr": "Tout", "en": "Everything"},
    "dash_scope_values": {"fr": "Valeur(s), séparées par des virgules", "en": "Value(s), comma separated"},
    "dash_scope_placeholder": {"fr": "ex. meta, google_ads", "en": "e.g. meta, google_ads"},
    "dash_title": {"fr": "Titre", "en": "Title"},
    "dash_title_placeholder": {"fr": "Par défaut : le nom de l'indicateur", "en": "Default: the indicator's name"},
    "dash_size": {"fr": "Taille", "en": "Size"},
    "dash_size_small": {"fr": "Petite (1/4)", "en": "Small (1/4)"},
    "dash_size_medium": {"fr": "Moyenne (1/2)", "en": "Medium (1/2)"},
    "dash_size_large": {"fr": "Grande (pleine largeur)", "en": "Large (full width)"},
    "dash_add": {"fr": "Ajouter la tuile", "en": "Add the tile"},
    "dash_save_tile": {"fr": "Enregistrer la tuile", "en": "Save the tile"},
    "dash_cancel": {"fr": "Annuler", "en": "Cancel"},
    "dash_tile_added": {"fr": "Tuile ajoutée.", "en": "Tile added."},
    "dash_tile_saved": {"fr": "Tuile enregistrée.", "en": "Tile saved."},
    "dash_tile_removed": {"fr": "Tuile retirée.", "en": "Tile removed."},
    "dash_move_up": {"fr": "Monter", "en": "Move up"},
    "dash_move_down": {"fr": "Descendre", "en": "Move down"},
    "dash_edit": {"fr": "Modifier", "en": "Edit"},
    "dash_remove": {"fr": "Retirer", "en": "Remove"},
    "dash_progress_text": {"fr": "{value} sur {target} ({pct})", "en": "{value} of {target} ({pct})"},
    "dash_progress_deadline": {"fr": "Échéance : {deadline}", "en": "Deadline: {deadline}"},
    "dash_objective_missing": {"fr": "L'objectif n° {id} n'existe plus.", "en": "Objective #{id} no longer exists."},
    "dash_pulling": {"fr": "Récupération des données {source}…", "en": "Pulling {source} data…"},
    "dash_pull_failed": {"fr": "Données {source} non actualisées : {error}", "en": "{source} data not refreshed: {error}"},
    "dash_unit_count": {"fr": "un volume", "en": "a count"},
    "dash_unit_money": {"fr": "un montant", "en": "an amount of money"},
    "dash_unit_rate": {"fr": "un taux", "en": "a rate"},
    "dash_unit_seconds": {"fr": "une durée", "en": "a duration"},
    "dash_unit_number": {"fr": "un ratio", "en": "a ratio"},
    "dash_unit_position": {"fr": "une position", "en": "a position"},
    "dash_err_name": {"fr": "Le tableau de bord a besoin d'un nom.", "en": "The dashboard needs a name."},
    "dash_err_name_long": {"fr": "Le nom dépasse {max} caractères.", "en": "The name is longer than {max} characters."},
    "dash_err_refresh": {"fr": "Actualisation toutes les {value} min non proposée : choisir désactivée, 1, 5, 15 ou 60.",
                         "en": "Refreshing every {value} min is not offered: choose off, 1, 5, 15 or 60."},
    "dash_err_empty": {"fr": "Le tableau de bord « {name} » n'a aucune tuile : ajoutez au moins un indicateur.",
                       "en": "The dashboard “{name}” has no tile: add at least one indicator."},
    "dash_err_too_many_tiles": {"fr": "Au plus {max} tuiles par tableau de bord.",
                                "en": "At most {max} tiles per dashboard."},
    "dash_err_no_kpi": {"fr": "Tuile {n} : choisissez au moins un indicateur.", "en": "Tile {n}: choose at least one indicator."},
    "dash_err_unknown_kpi": {"fr": "Tuile {n} : « {kpi} » n'est pas un indicateur du catalogue (voir le glossaire).",
                             "en": "Tile {n}: “{kpi}” is not an indicator of the catalogue (see the glossary)."},
    "dash_err_too_many_kpis": {"fr": "Tuile {n} : au plus {max} indicateurs.", "en": "Tile {n}: at most {max} indicators."},
    "dash_err_unknown_visual": {"fr": "Tuile {n} : « {visual} » n'est pas une visualisation ; choisir parmi : {allowed}.",
                                "en": "Tile {n}: “{visual}” is not a visualisation; choose one of: {allowed}."},
    "dash_err_visual_unit": {
        "fr": "Tuile {n} : {kpi} est {unit}, la visualisation « {visual} » ne lui convient pas ; choisir parmi : {allowed}.",
        "en": "Tile {n}: {kpi} is {unit}, which does not suit “{visual}”; choose one of: {allowed}."},
    "dash_err_mixed_units": {"fr": "Tuile {n} : une courbe ou des barres comparent une seule unité, pas {units}.",
                             "en": "Tile {n}: a line or bars compare one unit only, not {units}."},
    "dash_err_one_kpi_bar": {"fr": "Tuile {n} : des barres montrent un seul indicateur ; gardez-en un ou prenez un tableau.",
                             "en": "Tile {n}: bars show one indicator; keep one, or use a table."},
    "dash_err_one_kpi_progress": {"fr": "Tuile {n} : une progression suit un seul indicateur.",
                                  "en": "Tile {n}: a progress tile follows one indicator."},
    "dash_err_funnel_steps": {"fr": "Tuile {n} : un tunnel a besoin d'au moins deux étapes (des volumes, dans l'ordre).",
                              "en": "Tile {n}: a funnel needs at least two steps (counts, in order)."},
    "dash_err_no_objective": {"fr": "Tuile {n} : une progression a besoin d'un objectif sur {kpi}.",
                              "en": "Tile {n}: a progress tile needs an objective on {kpi}."},
    "dash_err_objective_kpi": {"fr": "Tuile {n} : l'objectif n° {objective} n'existe pas ou ne suit pas {kpi}.",
                               "en": "Tile {n}: objective #{objective} does not exist or does not track {kpi}."},
    "dash_err_bar_by": {"fr": "Tuile {n} : des barres ont besoin d'une dimension de répartition.",
                        "en": "Tile {n}: bars need a dimension to break down by."},
    "dash_err_dimension": {"fr": "Tuile {n} : « {dim} » n'est pas une dimension de ces indicateurs ; choisir parmi : {allowed}.",
                           "en": "Tile {n}: “{dim}” is not a dimension of these indicators; choose one of: {allowed}."},
    "dash_err_size": {"fr": "Tuile {n} : taille « {size} » inconnue ; choisir small, medium ou large.",
                      "en": "Tile {n}: unknown size “{size}”; choose small, medium or large."},
    "dash_err_title": {"fr": "Tuile {n} : le titre dépasse {max} caractères.", "en": "Tile {n}: the title is longer than {max} characters."},
    "dash_err_scope_values": {"fr": "Indiquez la ou les valeurs de « {dim} » (séparées par des virgules).",
                              "en": "Give the value(s) of “{dim}” (comma separated)."},
    # sources (API connections), freshness, GA4 realtime
    "src_title": {"fr": "Sources connectées (API)", "en": "Connected sources (APIs)"},
    "src_intro": {
        "fr": "Connectez GA4, Mailchimp et Meta pour tirer les données sans export. Les clés restent "
              "dans les secrets de l'application ou dans le fichier local {file} (lisible par vous "
              "seul) : jamais dans l'espace de travail, jamais réaffichées.",
        "en": "Connect GA4, Mailchimp and Meta to pull data without exports. Keys stay in the app's "
              "secrets or in the local file {file} (readable by you only): never in the workspace, "
              "never shown again."},
    "src_connected": {"fr": "connecté", "en": "connected"},
    "src_not_connected": {"fr": "non connecté", "en": "not connected"},
    "src_in_secrets": {"fr": "Configuré dans les secrets de l'application : rien à saisir ici.",
                       "en": "Configured in the app's secrets: nothing to enter here."},
    "src_in_env": {"fr": "Configuré par les variables d'environnement : rien à saisir ici.",
                   "en": "Configured by environment variables: nothing to enter here."},
    "src_save": {"fr": "Enregistrer", "en": "Save"},
    "src_saved": {"fr": "Enregistré. {what}", "en": "Saved. {what}"},
    "src_forget": {"fr": "Oublier les clés", "en": "Forget the keys"},
    "src_forgotten": {"fr": "Clés supprimées du fichier local.",
                      "en": "Keys removed from the local file."},
    "src_test": {"fr": "Tester la connexion", "en": "Test connection"},
    "src_test_failed": {"fr": "La connexion a échoué : {reason}", "en": "Connection failed: {reason}"},
    "src_test_ok_ga4": {
        "fr": "GA4 répond : {property} est lisible par {email} ({metrics} métriques disponibles).",
        "en": "GA4 answers: {property} is readable by {email} ({metrics} metrics available)."},
    "src_test_ok_mailchimp": {"fr": "Mailchimp répond : {n} rapports de campagne.",
                              "en": "Mailchimp answers: {n} campaign reports."},
    "src_test_ok_meta": {"fr": "Meta répond : jeton valide ({name}), compte publicitaire {account}.",
                         "en": "Meta answers: valid token ({name}), ad account {account}."},
    "src_refresh": {"fr": "Actualiser maintenant", "en": "Refresh now"},
    "src_pulling": {"fr": "Récupération des données {source}…", "en": "Pulling {source} data…"},
    "src_progress": {"fr": "Étape {done} sur {total}", "en": "Step {done} of {total}"},
    "src_pulled": {"fr": "{source} : données récupérées", "en": "{source}: data pulled"},
    "src_pull_failed_short": {"fr": "{source} : échec", "en": "{source}: failed"},
    "src_pull_failed": {"fr": "La récupération a échoué : {reason}", "en": "The pull failed: {reason}"},
    "src_summary": {
        "fr": "{inserted} lignes ajoutées, {replaced} remplacées et {unchanged} inchangées, "
              "du {start} au {end}.",
        "en": "{inserted} rows added, {replaced} replaced and {unchanged} unchanged, "
              "from {start} to {end}."},
    "src_summary_days": {"fr": "{days} jours avec des données, {empty} sans.",
                         "en": "{days} days with data, {empty} without."},
    "src_summary_campaigns": {"fr": "{n} campagnes lues.", "en": "{n} campaigns read."},
    "src_quota": {"fr": "Quota GA4 restant aujourd'hui : {n} jetons.",
                  "en": "GA4 quota left today: {n} tokens."},
    "src_ga4_property": {"fr": "Identifiant de propriété GA4", "en": "GA4 property id"},
    "src_ga4_property_help": {
        "fr": "Dans GA4 : Administration > Détails de la propriété (ex. 123456789).",
        "en": "In GA4: Admin > Property details (e.g. 123456789)."},
    "src_ga4_key_mode": {"fr": "Clé JSON du compte de service", "en": "Service-account JSON key"},
    "src_ga4_key_paste": {"fr": "Coller son contenu", "en": "Paste its content"},
    "src_ga4_key_file": {"fr": "Déposer le fichier .json", "en": "Upload the .json file"},
    "src_ga4_key_text": {"fr": "Contenu du fichier .json de la clé", "en": "Content of the key's .json file"},
    "src_ga4_key_help": {
        "fr": "Google Cloud > IAM > Comptes de service > Clés > Ajouter une clé > JSON ; ajoutez "
              "l'e-mail du compte comme Lecteur de la propriété GA4. La clé n'est jamais réaffichée.",
        "en": "Google Cloud > IAM > Service accounts > Keys > Add key > JSON; add the account's "
              "e-mail as a Viewer of the GA4 property. The key is never shown again."},
    "src_ga4_bad_property": {"fr": "L'identifiant de propriété doit être un nombre (ex. 123456789).",
                             "en": "The property id must be a number (e.g. 123456789)."},
    "src_ga4_key_missing": {"fr": "Ajoutez la clé JSON du compte de service.",
                            "en": "Add the service account's JSON key."},
    "src_ga4_key_not_json": {"fr": "Ce n'est pas un JSON valide : téléchargez la clé à nouveau.",
                             "en": "This is not valid JSON: download the key again."},
    "src_ga4_key_not_sa": {
        "fr": "Ce JSON n'est pas une clé de compte de service (\"type\": \"service_account\").",
        "en": "This JSON is not a service-account key (\"type\": \"service_account\")."},
    "src_ga4_key_incomplete": {
        "fr": "La clé doit contenir client_email et private_key : téléchargez-la à nouveau.",
        "en": "The key must hold client_email and private_key: download it again."},
    "src_ga4_saved": {"fr": "Propriété {property} · compte de service {email} · clé enregistrée",
                      "en": "Property {property} · service account {email} · key saved"},
    "src_mailchimp_key": {"fr": "Clé d'API Mailchimp", "en": "Mailchimp API key"},
    "src_mailchimp_key_help": {
        "fr": "Mailchimp > Profil > Extras > Clés d'API ; copiez-la en entier, avec son suffixe -usN.",
        "en": "Mailchimp > Profile > Extras > API keys; copy it whole, with its -usN suffix."},
    "src_mailchimp_bad_key": {"fr": "Une clé Mailchimp se termine par son centre de données (ex. -us21).",
                              "en": "A Mailchimp key ends with its data center (e.g. -us21)."},
    "src_mailchimp_saved": {"fr": "Clé {masked} enregistrée", "en": "Key {masked} saved"},
    "src_meta_account": {"fr": "Compte publicitaire Meta (act_…)", "en": "Meta ad account (act_…)"},
    "src_meta_token": {"fr": "Jeton d'accès Meta", "en": "Meta access token"},
    "src_meta_token_help": {
        "fr": "Un jeton d'utilisateur système (Business Settings) avec ads_read n'expire pas.",
        "en": "A system-user token (Business Settings) with ads_read does not expire."},
    "src_meta_bad_account": {"fr": "Le compte publicitaire ressemble à act_1234567890.",
                             "en": "The ad account looks like act_1234567890."},
    "src_meta_bad_token": {"fr": "Ce jeton paraît tronqué : copiez-le en entier, sans espace.",
                           "en": "This token looks truncated: copy it whole, without spaces."},
    "src_meta_token_missing": {"fr": "Ajoutez le jeton d'accès.", "en": "Add the access token."},
    "src_meta_saved": {"fr": "Compte {account} · jeton enregistré",
                       "en": "Account {account} · token saved"},
    "src_token_saved": {"fr": "jeton enregistré", "en": "token saved"},
    "src_fresh_title": {"fr": "Fraîcheur des données ({n} sources)",
                        "en": "Data freshness ({n} sources)"},
    "src_fresh_title_stale": {"fr": "Fraîcheur : {n} source(s) en retard",
                              "en": "Freshness: {n} source(s) behind"},
    "src_fresh_data": {"fr": "données jusqu'au {day}", "en": "data to {day}"},
    "src_fresh_no_data": {"fr": "aucune donnée", "en": "no data"},
    "src_fresh_pulled": {"fr": "tiré le {when}", "en": "pulled {when}"},
    "src_fresh_loaded": {"fr": "importé le {when}", "en": "loaded {when}"},
    "src_fresh_never": {"fr": "jamais tiré", "en": "never pulled"},
    "src_fresh_stale": {"fr": "rien de neuf depuis {n} j", "en": "nothing new for {n} d"},
    "src_rt_title": {"fr": "En ce moment sur le site (GA4)", "en": "On the site right now (GA4)"},
    "src_rt_caption": {
        "fr": "Utilisateurs actifs sur les 30 dernières minutes, par appareil et par pays, mis à jour "
              "chaque minute. L'API temps réel de GA4 n'a pas de dimension de source de trafic.",
        "en": "Active users over the last 30 minutes, by device and country, updated every minute. "
              "GA4's realtime API has no traffic-source dimension."},
    "src_rt_active": {"fr": "Utilisateurs actifs (30 min)", "en": "Active users (30 min)"},
    "src_rt_updated": {"fr": "Mis à jour à {time}", "en": "Updated at {time}"},
    "src_rt_none": {"fr": "Personne sur le site ces 30 dernières minutes.",
                    "en": "Nobody on the site in the last 30 minutes."},
    "src_rt_failed": {"fr": "Temps réel indisponible : {reason}", "en": "Realtime unavailable: {reason}"},
    # ws_: workspace file, ephemeral storage, rebuild (lib/ui_workspace.py)
    "ws_title": {"fr": "Sauvegarde de l'espace de travail", "en": "Workspace backup"},
    "ws_intro": {"fr": "Téléchargez tout l'espace de travail (données, objectifs, alertes, réglages) "
                       "en un seul fichier, pour le garder ou le réimporter ailleurs.",
                 "en": "Download the whole workspace (data, objectives, alerts, settings) as one "
                       "file, to keep it or import it elsewhere."},
    "ws_motherduck": {"fr": "L'espace de travail est stocké sur MotherDuck : il ne disparaît pas "
                            "quand l'application redémarre.",
                      "en": "The workspace is stored on MotherDuck: it does not vanish when the app "
                            "restarts."},
    "ws_ephemeral": {"fr": "**Stockage temporaire.** Sur Streamlit Community Cloud, les fichiers locaux "
                           "peuvent disparaître à tout moment (redémarrage, mise en veille). "
                           "Téléchargez régulièrement le fichier de l'espace de travail, ou "
                           "reconstruisez-le depuis les API ; pour un stockage durable, utilisez "
                           "MotherDuck (BALISE_DB=md:nom).",
                     "en": "**Temporary storage.** On Streamlit Community Cloud, local files may "
                           "vanish at any time (restart, sleep). Download the workspace file "
                           "regularly, or rebuild it from the APIs; for lasting storage, use "
                           "MotherDuck (BALISE_DB=md:name)."},
    "ws_export": {"fr": "Télécharger l'espace de travail", "en": "Download the workspace"},
    "ws_export_help": {"fr": "Un fichier .zip : une table Parquet par table et un manifeste.",
                       "en": "One .zip file: a Parquet file per table and a manifest."},
    "ws_import_open": {"fr": "Importer un espace de travail", "en": "Import a workspace"},
    "ws_import": {"fr": "Importer un fichier d'espace de travail (.zip)",
                  "en": "Import a workspace file (.zip)"},
    "ws_import_help": {"fr": "Remplace tout le contenu de cet espace de travail, après confirmation.",
                       "en": "Replaces the whole content of this workspace, after a confirmation."},
    "ws_import_refused": {"fr": "Fichier refusé, rien n'a été modifié : {reason}",
                          "en": "File refused, nothing was changed: {reason}"},
    "ws_import_summary": {"fr": "Fichier exporté le {exported} : {tables} tables, {rows} lignes. "
                                "L'importer **remplace** les {current} lignes actuelles.",
                          "en": "File exported on {exported}: {tables} tables, {rows} rows. "
                                "Importing it **replaces** the {current} current rows."},
    "ws_import_sure": {"fr": "Je comprends que tout l'espace de travail actuel sera remplacé",
                       "en": "I understand that the whole current workspace will be replaced"},
    "ws_import_confirm": {"fr": "Remplacer l'espace de travail", "en": "Replace the workspace"},
    "ws_imported": {"fr": "Espace de travail importé : {imported} lignes chargées, {replaced} "
                          "lignes remplacées.",
                    "en": "Workspace imported: {imported} rows loaded, {replaced} rows replaced."},
    "ws_rebuild_title": {"fr": "Reconstruire depuis les API", "en": "Rebuild from the APIs"},
    "ws_rebuild_none": {"fr": "Aucune API n'est configurée (GA4, Mailchimp, Meta) : la reconstruction "
                              "n'est pas possible.",
                        "en": "No API is configured (GA4, Mailchimp, Meta): nothing to rebuild from."},
    "ws_rebuild_help": {"fr": "Relance les extractions de toutes les sources configurées : {sources}.",
                        "en": "Runs the pulls of every configured source again: {sources}."},
    "ws_rebuild": {"fr": "Reconstruire depuis les API", "en": "Rebuild from API pulls"},
    "ws_rebuilding": {"fr": "Extraction des API en cours…", "en": "Pulling from the APIs…"},
    "ws_rebuild_ok": {"fr": "{source} : extraction terminée.", "en": "{source}: pull done."},
    "ws_rebuild_failed": {"fr": "{source} : échec de l'extraction ({error})",
                          "en": "{source}: the pull failed ({error})"},
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
    """A relative change as +12,3 % / -4.0%; 0.0% unsigned when it rounds to nothing; None when
    there is nothing to compare."""
    if _missing(value):
        return None
    if round(value * 100, 1) == 0:   # -0.0004 would read "-0.0%", a fall that is not there
        return format_percent(0, format="#,##0.0" + PERCENT_SUFFIX[lang], locale=LOCALES[lang])
    text = format_percent(value, format="#,##0.0" + PERCENT_SUFFIX[lang], locale=LOCALES[lang])
    return text if value < 0 else "+" + text


@cache
def chart_locale(lang: str) -> dict:
    """d3 number and time locales for Vega charts, from the Babel data the rest of the page
    uses: axes and tooltips read 1\u202f234,5 and "janv." on French pages."""
    loc = Locale.parse(LOCALES[lang])
    days = loc.days["format"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday, d3 from Sunday
    return {
        # Chart fonts draw Babel's narrow no-break space (U+202F) as nothing: "120000".
        "number": {"decimal": get_decimal_symbol(loc),
                   "thousands": get_group_symbol(loc).replace("\u202f", "\u00a0"),
                   "grouping": [3], "currency": ["", "\u00a0€"] if lang == "fr" else ["€", ""],
                   "percent": PERCENT_SUFFIX[lang]},
        "time": {"dateTime": "%x %X", "date": "%d/%m/%Y", "time": "%H:%M:%S",
                 "periods": ["AM", "PM"],
                 "days": [days["wide"][i] for i in sunday_first],
                 "shortDays": [days["abbreviated"][i] for i in sunday_first],
                 "months": [loc.months["format"]["wide"][i] for i in range(1, 13)],
                 "shortMonths": [loc.months["format"]["abbreviated"][i] for i in range(1, 13)]},
    }
