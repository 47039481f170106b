## Interface du site public — français (langue par défaut)

site-title = Statistiques de la microfinance
lang-name = Français
lang-switch = Langue
nav-label = Navigation principale
nav-home = Bulletins publiés
nav-indicators = Indicateurs
nav-methodology = Méthodologie
nav-api = API ouverte
skip-to-content = Aller au contenu
footer-text = Données consolidées et anonymisées : aucun chiffre d'une institution prise isolément n'est publié. Chaque chiffre indique le nombre d'institutions (n) qui le fondent.

## Dates et trimestres
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
date-long = { $day } { $month } { $year }
datetime-long = { $day } { $month } { $year } à { $time }
period-short = T{ $quarter } { $year }
period-month-short = { $month } { $year }

## Liste des trimestres
home-title = Bulletins publiés
home-intro = Indicateurs financiers, non financiers et prudentiels des systèmes financiers décentralisés, consolidés par catégorie d'institutions et pour l'ensemble du secteur, trimestre par trimestre.
home-empty = Aucun trimestre n'est encore publié.
col-quarter = Trimestre
col-revisions = Révisions
col-published = Publication
col-downloads = Téléchargements
revision-n = révision { $n }

## Bulletin
bulletin-title = Reporting des informations financières et non financières des SFD — { $period }
published-revision = Publié le { $date } (révision { $n })
revision-note = Note de révision :
superseded = Cette révision est remplacée par la révision { $n }, publiée le { $date }.
link-revisions = Historique des révisions
method-label = Méthode de consolidation
method-published = Méthode publiée
method-pooled = Ratios agrégés
method-median = Médiane
method-published-help = Moyenne des ratios des institutions ayant une valeur ; pour les ratios prudentiels, Σ A / Σ B, les lignes A et B montrant Σ A / n et Σ B / n.
method-pooled-help = Σ numérateurs / Σ dénominateurs sur les institutions qui déclarent les deux ; totaux pour les effectifs et les montants. Moins sensible aux valeurs extrêmes que la moyenne des ratios.
method-median-help = Valeur médiane des institutions ayant une valeur (la moitié est au-dessus, la moitié au-dessous).
col-number = N°
col-indicator = Indicateur
col-norms = Normes
not-applicable = S/O
cell-n = n = { $n }
cell-compliant = { $k } conforme(s)
reporting-intro = Les institutions suivantes ont transmis leurs données (par ordre de transmission) :
group-footnote = Au niveau des { $group } ({ $received } reçus / { $expected } attendus) :
group-footnote-sector = { $group } : { $received } reçus / { $expected } attendus.
group-footnote-outside = Hors des groupes de pairs, comptées dans le seul total du secteur ({ $count }) :
legend-n = n : nombre d'institutions sur lesquelles repose le chiffre.
legend-compliant = conforme(s) : nombre de ces institutions qui respectent la norme qui leur est applicable.
legend-na = S/O : sans objet (aucune institution ne déclare les données nécessaires).
suppressed-symbol = c
downloads = Téléchargements
download-csv = CSV pour programmes (codes, point décimal)
download-xlsx = Tableur (mis en forme comme le bulletin)
download-json = JSON
download-series-json = Série en JSON

## Révisions
revisions-title = Historique des révisions — { $period }
col-revision = Révision
col-status = État
col-note = Note
status-current = en vigueur
status-superseded = remplacée
back-to-bulletin = Retour au bulletin { $period }

## Indicateurs
indicators-title = Indicateurs
indicators-intro = Chaque indicateur a sa page : sa formule, sa norme et son évolution sur les trimestres publiés, par catégorie d'institutions.
col-code = Code
col-formula = Formule
col-consolidation = Consolidation
col-display = Affichage
consolidation-mean = moyenne des valeurs des institutions
consolidation-ratio-of-sums = Σ A / Σ B (ratio des sommes)
chart-alt = Évolution de « { $indicator } » par trimestre et par catégorie d'institutions
series-empty = Aucun trimestre publié ne contient cet indicateur.

## Méthodologie
methodology-title = Méthodologie
methodology-intro = Cette page est produite à partir de la configuration du cadre de reporting « { $framework } » (version { $version }) : les formules, normes et catégories ci-dessous sont celles qui ont servi au calcul.
methodology-methods = Méthodes de consolidation
methodology-groups = Catégories d'institutions
methodology-derived = Valeurs dérivées
methodology-indicators = Indicateurs, formules et normes
legal-form-sa = société anonyme
legal-form-sarl = société à responsabilité limitée
legal-form-mutual = mutuelle
legal-form-cooperative = coopérative
legal-form-association = association
sector-help = toutes les institutions ayant transmis leurs données ; le chiffre du secteur est calculé sur l'ensemble des institutions, jamais à partir des chiffres des catégories.
display-percent = pourcentage, 2 décimales
display-integer = nombre entier
display-thousands = en milliers, entier
display-rate = taux en %, 2 décimales
rule-rounding-title = Arrondis
rule-rounding = Les calculs se font en décimal exact ; les chiffres ne sont arrondis qu'à l'affichage, au plus proche (la moitié s'éloignant de zéro). Les fichiers CSV et JSON donnent les valeurs exactes.
rule-numbers-title = Écriture des nombres
rule-numbers = En français, espace fine insécable entre les milliers et virgule décimale (1 850 679 ; 4,41 %). En anglais, virgule entre les milliers et point décimal (1,850,679 ; 4.41%). En arabe, selon l'usage du Maghreb : chiffres 0–9, point entre les milliers et virgule décimale (1.850.679 ; 4,41 %).
rule-n-title = Nombre d'institutions
rule-n = Chaque chiffre indique n, le nombre d'institutions dont il est issu, et pour les indicateurs normés le nombre d'institutions qui respectent la norme qui leur est applicable (selon leur forme juridique, leur structure ou leur affiliation).
rule-suppression-title = Secret statistique
rule-suppression = Un chiffre qui permettrait de déduire celui d'une institution (trop peu d'institutions, ou une institution dominante) n'est pas publié : il est remplacé par le symbole « c » et exporté vide avec l'indication « suppressed ».
rule-revisions-title = Révisions
rule-revisions = Un trimestre publié peut être révisé (déclaration tardive ou corrigée) : la nouvelle révision porte une note datée et les révisions antérieures restent consultables, marquées comme remplacées.

## Erreurs
error-title-404 = Page introuvable
error-text-404 = Ce trimestre, cet indicateur ou cette page n'existe pas ou n'est pas publié.
error-title-400 = Demande incorrecte
error-text-400 = Un paramètre de l'adresse n'est pas compris.
error-title-500 = Erreur du serveur
error-text-500 = La page n'a pas pu être produite. L'incident est enregistré ; veuillez réessayer plus tard.
error-back = Retour aux bulletins publiés
error-request-id = Référence de la demande :

## The bulletin workbook (mizan_service::export::table_xlsx)
table-xlsx-method-published = méthode publiée : moyenne des ratios, Σ A / Σ B pour les ratios prudentiels
table-xlsx-method-pooled = ratios agrégés : Σ numérateurs / Σ dénominateurs, totaux
table-xlsx-method-median = médiane des institutions
table-xlsx-number = N°
table-xlsx-norms = Normes
table-xlsx-not-applicable = S/O
table-xlsx-suppressed = Secret statistique : valeur non publiée (trop peu d'institutions ou une institution dominante)
table-xlsx-note = n = { $n }
table-xlsx-note-compliant = n = { $n } ; { $compliant } conforme(s) à la norme

## Indicator page: the series in words, its CSV, the quartile band (issue 14)
download-series-csv = Série en CSV
series-band = { $group } : du 1er au 3e quartile
series-said-title = Le dernier trimestre en bref
series-said-value = Au { $period }, le chiffre est de { $value }.
series-said-withheld = Au { $period }, ce chiffre est masqué par le secret statistique : il n'est ni publié ni comparé.
series-said-none = Au { $period }, aucune institution n'a de chiffre (S/O).
series-said-norm = { $position ->
    [above-meets] C'est au-dessus de la norme ({ $norm }), qui est donc respectée.
    [above-fails] C'est au-dessus de la norme ({ $norm }), qui n'est donc pas respectée.
    [below-meets] C'est en dessous de la norme ({ $norm }), qui est donc respectée.
    [below-fails] C'est en dessous de la norme ({ $norm }), qui n'est donc pas respectée.
    [at-meets] C'est exactement la norme ({ $norm }), qui est donc respectée.
    [at-fails] C'est exactement la limite de la norme ({ $norm }), qui n'est donc pas respectée.
   *[within-meets] C'est dans les bornes de la norme ({ $norm }).
}
series-said-norm-trend = La norme ({ $norm }) porte sur l'évolution de chaque institution, pas sur ce chiffre.
series-said-norm-varies = La norme dépend de l'institution ({ $norm }) : ce chiffre n'y est pas comparé.
series-said-change-points = { $direction ->
    [up] En hausse de { $change } { $whole ->
        [one] point
       *[other] points
    } par rapport au { $previous }.
    [down] En baisse de { $change } { $whole ->
        [one] point
       *[other] points
    } par rapport au { $previous }.
   *[same] Inchangé par rapport au { $previous }.
}
series-said-change = { $direction ->
    [up] En hausse de { $change } par rapport au { $previous }.
    [down] En baisse de { $change } par rapport au { $previous }.
   *[same] Inchangé par rapport au { $previous }.
}
series-said-previous-withheld = Au { $previous }, ce chiffre était masqué par le secret statistique : l'évolution n'est pas calculée.
series-said-previous-none = Au { $previous }, il n'y avait pas de chiffre à comparer.

## The open API for people (/api/docs, issue 14)
api-docs-title = L'API ouverte
api-docs-intro = Les chiffres publiés sont aussi servis en JSON, sans inscription, aux adresses ci-dessous. Chaque exemple est une adresse de ce site qui répond maintenant, avec le dernier trimestre publié.
api-docs-document = La description lisible par les machines (OpenAPI 3) :
api-docs-name = Paramètre
api-docs-in = Où
api-docs-required-header = Obligatoire
api-docs-description = Description
api-docs-in-path = dans le chemin
api-docs-in-query = dans la requête
api-docs-required = oui
api-docs-optional = non
api-docs-no-params = Sans paramètre.
api-docs-values = Valeurs :
api-docs-default = par défaut : { $value }
api-docs-example = Exemple :
api-op-openapi = Ce document, la description OpenAPI 3 de l'API.
api-op-listPeriods = Les trimestres publiés, du plus récent au plus ancien, avec leurs révisions.
api-op-getPeriod = Un trimestre publié : sa révision, les colonnes et qui a déclaré (N reçus / M attendus, noms par ordre de réception).
api-op-getCells = Toutes les cellules consolidées d'un trimestre pour une méthode.
api-op-listIndicators = Les indicateurs du référentiel : formule, norme, méthode publiée, affichage.
api-op-getSeries = Les chiffres d'un indicateur sur tous les trimestres publiés (révisions en vigueur), du plus ancien au plus récent.
api-param-period = Un trimestre, AAAA-Tn écrit AAAA-Qn (2016-Q1).
api-param-revision = Une révision du trimestre (par défaut : celle en vigueur).
api-param-method = Méthode de consolidation : la méthode publiée (moyenne des ratios ; Σ A / Σ B pour les ratios prudentiels), agrégée (Σ numérateurs / Σ dénominateurs, totaux) ou la médiane des institutions.
api-param-lang = Langue des libellés (par défaut : le cookie mizan_lang, puis Accept-Language, puis le français).
api-param-code = Un code d'indicateur (fin.par30), ou la ligne A ou B d'un ratio prudentiel (prud.capitalization.a).
methodology-api-title = Réutiliser les chiffres
methodology-api = Les chiffres publiés sont servis en JSON par une API ouverte, décrite ici :

## SDMX (mizan_service::sdmx, pages/sdmx.rs, the methodology)
download-sdmx = SDMX-CSV (toutes les méthodes)
methodology-sdmx-title = SDMX pour les instituts statistiques
methodology-sdmx = Les chiffres publiés de chaque trimestre sont aussi diffusés en SDMX-CSV 2.0 (dimensions indicateur, groupe de pairs, méthode et trimestre ; attributs statut de l'observation, statut de confidentialité, nombre d'institutions et nombre d'institutions conformes), avec la structure qu'ils suivent (définition de structure de données, listes de codes et concepts) en message de structure SDMX-ML 2.1. Un chiffre non publié au titre du secret statistique y est vide, avec le statut de confidentialité C.
methodology-sdmx-structure = Structure SDMX (SDMX-ML 2.1)
methodology-sdmx-data = Données SDMX-CSV du trimestre { $period }
sdmx-concepts = Concepts de Mizan
sdmx-concept-indicator = Indicateur
sdmx-concept-peer-group = Groupe de pairs
sdmx-concept-method = Méthode de consolidation
sdmx-concept-time-period = Période
sdmx-concept-obs-value = Valeur de l'observation
sdmx-concept-obs-status = Statut de l'observation
sdmx-concept-conf-status = Statut de confidentialité
sdmx-concept-n-institutions = Nombre d'institutions
sdmx-concept-n-compliant = Nombre d'institutions conformes à la norme
sdmx-codelist-indicator = Indicateurs
sdmx-codelist-peer-group = Groupes de pairs
sdmx-codelist-method = Méthodes de consolidation
sdmx-concept-ref-area = Zone géographique
sdmx-codelist-ref-area = Zones géographiques
country-label = Pays
column-group-in-country = { $group } — { $country }
country-bj = Bénin
country-bf = Burkina Faso
country-ci = Côte d'Ivoire
country-gw = Guinée-Bissau
country-ml = Mali
country-ne = Niger
country-sn = Sénégal
country-tg = Togo
country-ma = Maroc
sdmx-codelist-obs-status = Statut de l'observation
sdmx-codelist-conf-status = Statut de confidentialité
sdmx-obs-status-a = Valeur normale
sdmx-obs-status-m = Valeur manquante ; la donnée ne peut exister
sdmx-obs-status-q = Valeur manquante ; supprimée
sdmx-conf-status-f = Libre (publiable)
sdmx-conf-status-c = Information statistique confidentielle

## The bulletin as files: the workbook and the spreadsheet CSV (mizan_service::sheet)
sheet-col-group = Catégorie
sheet-col-value = Valeur
sheet-col-unit = Unité
sheet-col-n = n
sheet-col-compliant = Conformes
sheet-col-remark = Remarque
sheet-unit-percent = %
sheet-unit-thousands = milliers de { $currency }
sheet-reporting = Institutions déclarantes
download-sheet-csv = CSV pour tableur (« ; », virgule décimale, libellés en français)
api-op-getSdmxData = Les chiffres publiés d'un trimestre en SDMX-CSV 2.0 (toutes les méthodes dans un seul fichier).
api-op-getSdmxStructure = La structure SDMX des données : un message de structure SDMX-ML 2.1.
# Between the items of a list written as one sentence.
list-separator = { " ; " }
