## Espace connecté — français

nav-space = Espace membres
role-staff = personnel de la fédération
role-member = institution membre
role-partner = partenaire
signed-in-as = Connecté : { $name } — { $role }
menu-label = Menu de l'espace
menu-collection = Collecte
menu-institutions = Institutions
menu-upload-for = Déposer pour une institution
menu-users = Comptes et accès
menu-audit = Journal d'audit
menu-my-institution = Mon institution
menu-upload = Déposer un état
menu-my-access = Mes accès
menu-account = Mon compte
logout = Se déconnecter
error-title-403 = Accès refusé
error-text-403 = Vous n'avez pas accès à cette page, ou le formulaire a expiré : rechargez la page et recommencez.
error-title-409 = Envoi simultané
error-text-409 = Une autre modification du même état était enregistrée au même instant : rien de votre envoi n'a été enregistré. Renvoyez le fichier : il sera comparé à ce qui est désormais enregistré.
error-title-413 = Fichier trop volumineux
error-text-413 = Le fichier dépasse la taille autorisée pour un dépôt.
error-title-429 = Trop de tentatives
error-text-429 = Trop de tentatives en peu de temps : réessayez dans quelques minutes.

## Connexion
login-title = Connexion
login-intro = Espace réservé aux institutions membres, aux partenaires et au personnel de la fédération.
login-help = Compte oublié ou bloqué ? Adressez-vous au secrétariat de la fédération.
login-submit = Se connecter
login-invalid = Nom d'utilisateur ou mot de passe incorrect.
login-throttled = Trop de tentatives de connexion échouées : réessayez dans { $minutes } minutes.
field-username = Nom d'utilisateur
field-password = Mot de passe
field-display-name = Nom affiché
field-role = Rôle
field-institution = Institution
field-email = Adresse électronique
field-mail-lang = Langue des messages

## Compte
account-title = Mon compte
password-heading = Changer de mot de passe
field-current-password = Mot de passe actuel
field-new-password = Nouveau mot de passe
field-confirm-password = Confirmer le nouveau mot de passe
password-submit = Changer le mot de passe
password-changed = Mot de passe changé. Vos autres sessions ont été fermées.
password-wrong-current = Le mot de passe actuel est incorrect.
password-mismatch = Les deux nouveaux mots de passe ne sont pas identiques.
password-rules = Le nouveau mot de passe doit compter au moins { $min } caractères et différer du nom d'utilisateur.

## Espace membre
member-home-intro = Vos états trimestriels, leur statut et l'accès au détail par institution. Le détail des pairs d'un trimestre est ouvert dès que votre état de ce trimestre est accepté par la fédération.
partner-home-title = Mes accès
partner-home-intro = Trimestres dont la fédération vous a ouvert le détail par institution.
partner-no-grant = La fédération ne vous a encore ouvert le détail d'aucun trimestre. Les tableaux consolidés publics restent accessibles à tous.
col-deadline = Date limite
col-return = Votre état
col-peer-detail = Détail des pairs
col-actions = Actions
status-received = reçu, en attente de validation
status-accepted = accepté
status-rejected = rejeté
status-missing = non transmis
status-granted = accès accordé
version-status = version { $version } : { $status }
peer-detail-open = Ouvert
refusal-sign-in = Connectez-vous pour voir le détail des pairs de { $period }.
refusal-not-reported = Le détail des pairs de { $period } n'est ouvert qu'aux institutions ayant transmis leur état de ce trimestre : votre institution ne l'a pas transmis.
refusal-awaiting-review = Votre état de { $period } est reçu mais pas encore accepté par la fédération : le détail des pairs s'ouvrira dès son acceptation.
refusal-rejected = Votre état de { $period } a été rejeté par la fédération : déposez un état corrigé ; le détail des pairs s'ouvrira dès son acceptation.
refusal-not-granted = La fédération ne vous a pas ouvert le détail de { $period }.
staff-comment = Commentaire de la fédération : « { $comment } »
reciprocity-rule = Règle de la fédération : les données détaillées sont transmises uniquement aux institutions ayant transmis leurs données, et aux partenaires qu'elle désigne.
action-upload = Déposer un état
action-upload-again = Déposer un autre fichier
action-own-indicators = Mes indicateurs
action-peer-detail = Détail des pairs
action-versions = Toutes les versions transmises
action-report = Rapport de validation
action-public-bulletin = Bulletin public du trimestre

## Dépôt
upload-title = Déposer un état trimestriel
upload-intro = Déposez le modèle Excel rempli ou un fichier CSV. Le fichier est contrôlé en entier : s'il contient une erreur bloquante, rien n'est enregistré et chaque erreur est signalée avec sa feuille et sa cellule (ou sa ligne). Un nouveau dépôt pour le même trimestre crée une nouvelle version ; les précédentes sont conservées.
field-period = Trimestre
field-file = Fichier (.xlsx, .ods ou .csv)
upload-submit = Déposer et contrôler
upload-max-size = Taille maximale : { $size } Mo.
template-heading = Modèle Excel
template-intro = Le modèle est pré-rempli avec l'institution et le trimestre ; les cellules à saisir sont déverrouillées et contrôlées, les totaux sont calculés.
template-submit = Télécharger le modèle

## Rapport de validation
report-title = Rapport de validation
report-summary = { $file } : { $stored } état(s) enregistré(s), { $refused } refusé(s).
report-refused = { $file } est refusé : rien n'a été enregistré. Corrigez les erreurs bloquantes ci-dessous et déposez le fichier à nouveau.
report-stored-summary = Version enregistrée, avec { $warnings } avertissement(s).
report-no-issue = Aucune anomalie.
outcome-stored = Enregistré : version { $version }
outcome-refused = Refusé : rien n'est enregistré
outcome-already-imported = Fichier identique déjà déposé (version { $version }) : aucune nouvelle version
outcome-unchanged = Valeurs identiques à la version { $version } : aucune nouvelle version
col-severity = Gravité
col-place = Emplacement
col-item = Poste
col-problem = Problème
severity-blocking = bloquant
severity-warning = avertissement
place-line = ligne { $line }
place-line-column = ligne { $line }, colonne { $column }
place-sheet = feuille { $sheet }
place-file = fichier
place-return = état
col-version = Version
col-received = Reçu le
col-by = Déposé par
col-file = Fichier
col-sha256 = Empreinte SHA-256
col-comment = Commentaire
col-decided = Décision
col-warnings = Avertissements
versions-title = Versions transmises — { $institution }
versions-empty = Aucun état transmis.

## Indicateurs de l'institution
own-title = { $institution } — indicateurs de { $period }
own-intro = Calculés sur la version { $version } de votre état ; groupe de pairs : { $group }.
own-none = Aucun état retenu pour { $period } : rien à calculer. Un état rejeté ne compte pas.
col-value = Valeur
col-norm = Norme
col-compliance = Respect de la norme
col-mean = Moyenne { $group }
col-q1 = 1er quartile
col-median = Médiane
col-q3 = 3e quartile
col-n = n
norm-meets = conforme
norm-fails = non conforme
norm-unknown = non évaluable
download-own-csv = Télécharger mes indicateurs (CSV)

## Détail des pairs
peers-title = Détail par institution — { $period }
peers-intro = Indicateurs de chacune des { $n } institutions retenues, nommément. Ces données ne sont pas publiques : ne les diffusez pas.
peers-legend = Institutions
download-peers-csv = Télécharger le détail (CSV)
col-mean-published = Moyenne publiée, { $group }
col-median-published = Médiane publiée
own-position-published = Votre position est donnée par rapport au bulletin publié du trimestre.
own-position-none = Le trimestre n'est pas encore publié : votre position par rapport à vos pairs n'est pas disponible.

## The Excel return template (written by mizan_ingest::write_template; the framework gives
## the labels of its sections and items).
xlsx-cover-sheet = Couverture
xlsx-title = Déclaration trimestrielle — { $framework }
xlsx-field-framework = Référentiel
xlsx-field-version = Version du référentiel
xlsx-field-period = Période
xlsx-field-institution = Code de l'institution
xlsx-field-name = Nom de l'institution
xlsx-how-to = Mode d'emploi
xlsx-step-fill = 1. Saisissez les valeurs dans la colonne D (cellules blanches) des feuilles { $sheets }. Les autres cellules sont protégées (sans mot de passe) pour éviter les erreurs de saisie.
xlsx-step-blank = 2. Laissez vide une valeur que vous ne déclarez pas : une cellule vide n'est jamais lue comme zéro. Saisissez 0 si la valeur est nulle.
xlsx-step-units = 3. Montants en { $currency }, sans arrondi ; ils ne peuvent être négatifs que pour les postes marqués « ± ». Les nombres (clients, agents, crédits…) sont des entiers positifs. Les taux sont en pour cent (24 pour 24 %).
xlsx-step-totals = 4. Les totaux (en gras, sur fond bleu) sont calculés automatiquement à partir de leurs composantes : saisissez les composantes.
xlsx-step-layout = 5. Ne renommez pas les feuilles et ne modifiez pas la colonne A (codes des postes) : la plateforme lit le fichier grâce à eux.
xlsx-step-upload = 6. Déposez le fichier rempli sur la plateforme. Chaque anomalie y est signalée avec sa cellule (par exemple { $example }) ; corrigez-les toutes et déposez à nouveau le fichier.
xlsx-context = Période { $period } — référentiel { $framework } version { $version }
xlsx-heading-code = Code
xlsx-heading-label = Libellé
xlsx-heading-unit = Unité
xlsx-heading-value = Valeur
xlsx-heading-remark = Remarque
xlsx-total-of = Total calculé : { $parts }
xlsx-unit-count = nombre
xlsx-refused = Valeur refusée
xlsx-enter-whole = Saisissez un nombre entier positif ou nul.
xlsx-enter-non-negative = Saisissez un montant positif ou nul.
xlsx-enter-number = Saisissez un nombre.
form-title = Saisie en ligne : { $name }, { $period }
form-intro = Saisissez les montants tels qu’ils figurent dans vos états (virgule décimale, sans séparateur obligatoire). Les totaux sont calculés. « Enregistrer le brouillon » garde votre saisie pour plus tard ; « Envoyer » contrôle l’état comme un fichier et, s’il est accepté, l’enregistre comme une nouvelle version.
form-source-empty = Aucune saisie pour ce trimestre : le formulaire est vide.
form-source-draft = Brouillon enregistré le { $date } par { $who }.
form-source-version = Valeurs de la version { $version } envoyée ; une modification sera une nouvelle version.
form-saved = Brouillon enregistré.
form-refused = L’état n’a pas été enregistré : corrigez les champs signalés puis envoyez à nouveau. Votre saisie est gardée comme brouillon.
form-computed = calculé à partir de ses composantes
form-save = Enregistrer le brouillon
form-send = Envoyer l’état
upload-form-heading = Ou saisir l’état en ligne
upload-form-intro = Sans fichier : remplissez le formulaire de l’état dans le navigateur, avec un brouillon gardé entre vos visites.
upload-form-submit = Ouvrir le formulaire

## L'historique de l'institution
action-history = Mes indicateurs dans le temps
history-title = { $institution } — indicateurs dans le temps
history-intro = Chaque indicateur de votre institution, trimestre par trimestre, d'après l'état qui compte (sa dernière version non rejetée). Les valeurs surlignées sont hors norme ; une colonne vide est un trimestre sans état transmis. Choisissez un indicateur pour voir son graphique, avec la norme et la médiane de votre groupe de pairs pour les trimestres dont le détail des pairs vous est ouvert.
history-none = Votre institution n'a encore transmis aucun état : ses indicateurs apparaîtront ici trimestre après trimestre.
history-gap = Aucun état transmis pour ce trimestre
history-quarter-gap = { $period } (non transmis)
history-median = Médiane du groupe de pairs
history-norm = Norme : { $norm }
history-median-closed = Pas de médiane des pairs pour { $periods } : le détail des pairs d'un trimestre s'ouvre dès que votre état de ce trimestre est accepté.
history-chart-empty = Aucune valeur de cet indicateur pour l'instant.
history-download-csv = Télécharger ce tableau (CSV)
history-back-home = Retour à mes trimestres

## L'accueil du membre : avis
home-late = Votre état de { $period } est en retard : la date limite était le { $deadline } et rien n'a été reçu.
home-awaiting-review = Votre état de { $period } (version { $version }, reçu le { $date }) attend maintenant d'être examiné.
