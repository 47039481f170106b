## Staff pages

## Collecte
staff-collection-title = Collecte { $period }
staff-field-period = Trimestre
staff-field-framework = Cadre de déclaration
staff-show = Afficher
staff-fact-framework = Cadre de déclaration
staff-fact-deadline = Date limite
staff-deadline-value = { $date } ({ $days } jours ouvrés après la fin du trimestre)
staff-deadline-value-days = { $date } ({ $days } jours après la fin de la période)
staff-fact-today = Situation au
staff-fact-totals = Ensemble
staff-fact-missing = Manquants après la date limite
staff-framework-not-in-force = Le cadre { $framework } n'est pas en vigueur pour { $period }.
staff-counts = { $received } reçus / { $expected } attendus
staff-group-other = Autres institutions
staff-groups-title = Institutions attendues
staff-col-order = N°
staff-col-institution = Institution
staff-col-first-received = Première réception
staff-col-timeliness = Délai
staff-col-versions = Versions et décisions
staff-upload-for = déposer pour cette institution
staff-no-versions = Aucun état reçu.
staff-pending = attendu
staff-on-time = dans les délais
staff-late-one = en retard de { $days } { $working ->
    [yes] jour ouvré
   *[no] jour
}
staff-late-many = en retard de { $days } { $working ->
    [yes] jours ouvrés
   *[no] jours
}
staff-missing-late-one = manquant — en retard de { $days } { $working ->
    [yes] jour ouvré
   *[no] jour
}
staff-missing-late-many = manquant — en retard de { $days } { $working ->
    [yes] jours ouvrés
   *[no] jours
}
staff-version = Version { $n }
staff-version-received = reçue le { $date } — { $file } (déposé par { $who })
staff-status-received = reçue, à examiner
staff-status-accepted = acceptée
staff-status-rejected = rejetée
staff-decided = par { $who } le { $date }
staff-warnings-none = aucun avertissement
staff-warnings-one = 1 avertissement
staff-warnings-many = { $n } avertissements
staff-report = rapport de validation
staff-accept = Accepter
staff-reject-open = Rejeter…
staff-reject = Rejeter cette version
staff-field-comment = Commentaire pour l'institution (obligatoire)
staff-reject-needs-comment = Un rejet doit être motivé : saisissez un commentaire pour l'institution, puis rejetez à nouveau.
staff-flags-title = Contrôles de qualité des données
staff-flags-none = Aucune anomalie relevée sur les états qui comptent.
staff-col-severity = Gravité
staff-col-finding = Constat

## Publication
staff-publish-title = Publication
staff-not-published = Ce trimestre n'est pas encore publié.
staff-published-status = Publié : révision { $revision } du { $date } (par { $who })
staff-bulletin-link = Voir le bulletin public
staff-current-note = Note de la révision actuelle :
staff-field-note = Note de révision
staff-note-help-first = Facultative pour une première publication.
staff-note-help-required = Obligatoire : le trimestre est déjà publié ; dites pourquoi il l'est à nouveau (la note est publiée avec la révision).
staff-publish-first = Publier { $period }
staff-publish-again = Publier une nouvelle révision de { $period }
staff-published-notice = Révision { $revision } de { $period } publiée.
staff-publish-no-returns = Aucun état ne compte pour { $period } : rien à publier.
staff-publish-unchanged = { $period } est déjà publié (révision { $revision } du { $date }) à partir des mêmes états : rien à republier.
staff-publish-note-required = { $period } est déjà publié (révision { $revision }) : une nouvelle révision doit être accompagnée d'une note qui dit pourquoi.
staff-publish-refused = La publication est refusée : { $reason }

## Registre des institutions
staff-institutions-title = Registre des institutions
staff-institutions-intro = Attributs en vigueur en { $period } ; l'historique complet suit le tableau.
staff-registry-empty = Le registre est vide : importez un fichier.
staff-col-code = Code
staff-col-name = Nom
staff-col-legal-form = Forme juridique
staff-col-structure = Structure
staff-col-network = Affiliée à un réseau
staff-col-deposits = Collecte des dépôts
staff-col-framework = Cadre
staff-col-country = Pays
staff-col-art44 = Mensuel (art. 44)
staff-col-owner-group = Groupe de propriétaires
staff-col-history = Historique
staff-col-valid-from = Applicable à partir de
staff-col-recorded-at = Enregistré le
staff-col-recorded-by = Par
staff-structure-direct-credit = crédit direct
staff-structure-savings-credit = épargne et crédit
staff-yes = oui
staff-no = non
staff-versions-one = 1 version
staff-versions-many = { $n } versions
staff-valid-always = depuis l'origine
staff-history-title = Historique des attributs
staff-registry-upload-title = Importer un fichier du registre (CSV)
staff-registry-upload-help = Colonnes code, name, legal_form, structure, network_affiliated, collects_deposits, et au besoin valid_from, framework, owner_group, country (deux lettres ; vide : le pays du cadre). Le fichier est enregistré en entier ou refusé en entier.
staff-max-size = Taille maximale : { $mb } Mo.
staff-field-file = Fichier CSV
staff-registry-upload-submit = Importer
staff-registry-no-file = Choisissez un fichier CSV à importer.
staff-registry-refused = Le fichier { $file } est refusé : rien n'a été enregistré. Corrigez les lignes indiquées ci-dessous et importez-le à nouveau.
staff-registry-stored = { $file } importé — nouvelles institutions : { $created }, modifiées : { $changed }, inchangées : { $unchanged }.
staff-registry-issues = Problèmes relevés dans le fichier
staff-col-place = Emplacement
staff-col-problem = Problème

## Comptes et accès
staff-users-title = Comptes et accès
staff-accounts-title = Comptes
staff-col-status = État
staff-col-created = Créé le
staff-col-actions = Actions
staff-account-active = actif
staff-account-disabled = désactivé
staff-disable = Désactiver
staff-enable = Réactiver
staff-own-account = votre compte
staff-create-title = Créer un compte
staff-institution-help = Pour les comptes d'institution membre seulement.
staff-no-institution = — aucune (personnel, partenaire) —
staff-field-initial-password = Mot de passe initial
staff-password-help = Au moins { $min } caractères, différent du nom d'utilisateur. Transmettez-le par un canal sûr ; la personne le changera depuis « Mon compte ».
staff-create-submit = Créer le compte
staff-created-notice = Compte { $username } créé ({ $role }).
staff-disabled-notice = Compte { $username } désactivé : ses sessions ouvertes sont fermées.
staff-enabled-notice = Compte { $username } réactivé.
staff-username-invalid = Nom d'utilisateur « { $username } » : de 1 à 64 lettres, chiffres, « . », « - », « _ » ou « @ ».
staff-username-taken = Le nom d'utilisateur « { $username } » est déjà pris.
staff-role-invalid = Choisissez un rôle.
staff-institution-unknown = L'institution { $code } n'est pas au registre.
staff-member-needs-institution = Un compte d'institution membre doit être rattaché à son institution.
staff-only-members-institution = Seuls les comptes d'institution membre sont rattachés à une institution.
staff-password-invalid = Le mot de passe initial doit compter au moins { $min } caractères et différer du nom d'utilisateur.
staff-cannot-disable-self = Vous ne pouvez pas désactiver votre propre compte.
staff-refused = Refusé : { $reason }
staff-grants-title = Accès des partenaires
staff-grants-help = Un partenaire voit le détail par groupe des trimestres qui lui sont accordés.
staff-no-grants = Aucun accès accordé.
staff-col-partner = Partenaire
staff-col-period = Trimestre
staff-col-granted = Accordé par
staff-col-revoked = Révocation
staff-granted-by = { $who }, le { $date }
staff-revoked-by = révoqué par { $who } le { $date }
staff-in-force = en vigueur
staff-revoke = Révoquer
staff-grant-title = Accorder un accès
staff-field-partner = Partenaire
staff-grant-submit = Accorder l'accès
staff-no-partner = Aucun compte partenaire actif : créez-en un d'abord.
staff-granted-notice = { $partner } peut voir le détail par groupe de { $period }.
staff-revoked-notice = Accès de { $partner } à { $period } révoqué.
staff-grant-invalid = Choisissez un partenaire et un trimestre.
staff-grant-not-partner = { $username } n'est pas un compte partenaire : seuls les partenaires reçoivent des accès.

## Journal d'audit
staff-audit-title = Journal d'audit
staff-filter-title = Filtrer le journal
staff-filter-actor = Qui (nom d'utilisateur)
staff-filter-action = Action (ou son début : submission., account.)
staff-filter-institution = Institution (code)
staff-filter-period = Trimestre (2016-Q1)
staff-filter-submit = Filtrer
staff-filter-reset = Tout afficher
staff-col-at = Date
staff-col-actor = Qui
staff-col-action = Action
staff-col-detail = Détail
staff-audit-empty = Aucun événement ne correspond à ce filtre.
staff-audit-submission = dépôt n° { $id }
staff-reset-password = Nouveau mot de passe
staff-new-password = Nouveau mot de passe provisoire
staff-reset-notice = Nouveau mot de passe défini pour { $username } ; ses sessions ont été fermées. Communiquez-le par un canal sûr et demandez-lui de le changer.
staff-change-title = Enregistrer un changement
staff-change-help = Les attributs d'une institution à partir d'un trimestre (changement de forme juridique, de nom, d'affiliation, de cadre de déclaration…) ; les trimestres antérieurs gardent les leurs. Un code nouveau crée l'institution.
staff-change-country-help = Deux lettres de l'ISO 3166-1 (CI, MA, SN) ; vide : le pays du cadre.
staff-change-submit = Enregistrer
staff-change-created = Institution { $code } créée.
staff-change-recorded = Changement enregistré pour { $code } ; l'historique le montre.
staff-change-unchanged = { $code } a déjà ces attributs à partir de ce trimestre : rien n'a changé.
staff-change-bad-field = { $field } : « { $value } » n’est pas une valeur possible.
staff-change-refused = Changement refusé : { $why }
staff-preview-title = Aperçu de la publication — { $period }
staff-preview-link = Aperçu de la publication (tableau public, chiffres retenus, couverture)
staff-preview-back = Retour à la collecte
staff-preview-intro = Le tableau tel que le public le verra si le trimestre est publié maintenant ; rien n’est enregistré. Seules les déclarations acceptées y figurent.
staff-preview-refused = Publication refusée en l’état : { $reason }
staff-preview-ready = Le trimestre peut être publié.
staff-preview-min = Couverture minimale : { $min } des institutions attendues, par groupe et pour le secteur.
staff-preview-coverage = Couverture par groupe
staff-preview-col-group = Groupe
staff-preview-col-accepted = Déclarations acceptées
staff-preview-col-expected = Institutions attendues
staff-preview-col-share = Couverture
staff-preview-below = sous le minimum
staff-preview-other = Hors groupe
staff-preview-awaiting = Déclarations à examiner (absentes de la publication)
staff-preview-awaiting-none = Aucune déclaration à examiner.
staff-preview-awaiting-line = { $institution } : version { $version } reçue le { $date }
staff-preview-late = Institutions en retard
staff-preview-late-none = Aucune institution en retard.
staff-preview-late-missing = { $institution } : manquante, { $days } { $working ->
    [yes] jour(s) ouvré(s)
   *[no] jour(s)
} après la date limite
staff-preview-late-received = { $institution } : reçue { $days } { $working ->
    [yes] jour(s) ouvré(s)
   *[no] jour(s)
} après la date limite
staff-preview-withheld = Chiffres retenus par le contrôle de divulgation
staff-preview-withheld-none = Aucun chiffre retenu.
staff-preview-col-indicator = Indicateur
staff-preview-col-method = Méthode
staff-preview-col-reason = Motif
staff-preview-table = Le tableau public
staff-preview-no-table = Aucun tableau : rien ne serait publié.
staff-preview-revision = Révision { $n }, telle qu’elle serait publiée maintenant.
staff-preview-confirm = Je confirme la publication malgré l’avertissement ; la note en dit la raison (elle est publiée avec la révision et inscrite au journal d’audit).
staff-preview-confirm-submit = Confirmer et publier { $period }
staff-withheld-threshold = trop peu d’institutions
staff-withheld-dominance = une institution dominante
staff-withheld-p-rule = une institution pourrait estimer la valeur d’une autre (règle du p %)
staff-withheld-median = médiane de trop peu d’institutions
staff-withheld-secondary = retenu pour qu’un autre chiffre retenu ne puisse être recalculé
staff-withheld-revision = retenu dans une révision antérieure, ou écart dû à trop peu d’institutions
staff-email-help = Rappels, décisions et arrivées de déclarations y sont envoyés ; laissez vide pour n’envoyer aucun message.
staff-contact = Adresse et langue
staff-contact-submit = Enregistrer
staff-contact-notice = Adresse et langue des messages de { $username } enregistrées.
staff-reminders-title = Rappels — { $period }
staff-reminders-intro = Échéance de { $period } : { $deadline }. { $missing } institution(s) n’ont pas de déclaration reçue ; { $reachable } ont un compte avec une adresse électronique.
staff-reminders-missing = Déclarations manquantes
staff-reminders-all-in = Toutes les déclarations attendues ont été reçues.
staff-reminders-accounts = Comptes rappelés
staff-reminders-nobody = aucun compte avec adresse
staff-reminders-submit = Rappeler maintenant
staff-reminders-outbox = Messages du trimestre
staff-reminders-outbox-empty = Aucun message pour ce trimestre.
staff-reminders-back = Retour à la collecte
staff-reminders-link = Rappels et messages
staff-reminded-notice = { $count } rappel(s) mis en file d’envoi.
staff-mail-unconfigured = Aucun serveur de messagerie n’est configuré ([mail] smtp_url ou folder) : les messages attendent dans la file.
staff-mail-kind = Message
staff-mail-to = Destinataire
staff-mail-kind-reminder = Rappel
staff-mail-kind-decision-accepted = Déclaration acceptée
staff-mail-kind-decision-rejected = Déclaration rejetée
staff-mail-kind-return-arrived = Déclaration reçue
staff-mail-sent = envoyé le { $date }
staff-mail-pending = en attente d’envoi ({ $attempts } essai(s))
staff-mail-failed = abandonné : { $error }

## Examen avec les chiffres
staff-review-link = examiner avec les chiffres
staff-review-title = Examen : { $name } ({ $code }), { $period }, version { $version }
staff-review-status = Statut
staff-review-received = Reçue
staff-review-decided = Décision
staff-review-download = Télécharger le fichier d'origine ({ $file })
staff-review-no-file = Le fichier d'origine n'a pas été conservé (retour enregistré avant la conservation des fichiers, ou alimenté par un fichier de prêts).
staff-review-back = Retour à la collecte de { $period }
staff-review-col-item = Poste
staff-review-col-value = Déclaré
staff-review-col-previous = Trimestre précédent ({ $period })
staff-review-col-median = Médiane du groupe (n)
staff-review-previous = Trimestre précédent, { $period } : le retour qui compte pour l'institution, c'est-à-dire sa dernière version non rejetée — version { $version }, { $status }.
staff-review-no-previous = Aucun retour ne compte pour le trimestre précédent, { $period }.
staff-review-median = Médiane des { $n } autres institutions du groupe « { $group } », chacune prise à sa dernière version non rejetée du trimestre.
staff-review-no-group = L'institution n'appartient à aucun groupe de pairs : pas de médiane.
staff-review-staff-only = Réservé au personnel : jamais publié.
staff-review-whole-return = Le retour dans son ensemble
staff-review-figures = Chiffres déclarés
staff-review-warnings = Avertissements par poste
staff-review-versions = Versions du trimestre
staff-review-history = Historique des décisions
staff-review-no-history = Aucune décision n'a encore été prise sur les versions de ce trimestre.
staff-review-decide = Décision
staff-review-col-version = Version
staff-review-col-decision = Décision
staff-review-col-comment = Commentaire

## Filtres et pages de la collecte
staff-show-filter = Afficher :
staff-filter-all = toutes
staff-filter-awaiting = à examiner
staff-filter-late = en retard
staff-filter-missing = manquantes
staff-filter-accepted = acceptées
staff-filter-rejected = rejetées
staff-filter-none = Aucune institution de ce groupe ne correspond au filtre.
staff-pages = Pages
staff-page-previous = page précédente
staff-page-next = page suivante
staff-page-of = Page { $page } sur { $pages } ({ $n } institutions)
staff-audit-page = { $n } événements — page { $page } sur { $pages }
