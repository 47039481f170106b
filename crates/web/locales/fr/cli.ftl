## Command line (mizan): the commands' own lines, in the operator's language.
## Codes, file names and figures are placeables, written by the command line.

cli-database-ready = Base de données prête ({ $backend }, { $url })
cli-template-written = Modèle { $framework } de { $period } écrit dans { $file }

## mizan import institutions | returns
cli-registry-refused = { $file } : refusé, rien n’est enregistré :
cli-registry-imported = { $file } : { $lines } ligne(s) du registre : { $created } nouvelle(s), { $changed } modifiée(s), { $unchanged } inchangée(s)
cli-returns-file = { $file } ({ $format }) :
cli-return-stored = { $institution } { $period } : enregistrée en version { $version } ({ $warnings } avertissement(s))
cli-return-refused = { $institution } { $period } : refusée, rien n’est enregistré ({ $place }) :
cli-return-already-imported = { $institution } { $period } : ce fichier a déjà été importé en version { $version } le { $date } ; pas de nouvelle version
cli-return-unchanged = { $institution } { $period } : mêmes valeurs que la version { $version } ; pas de nouvelle version
cli-returns-summary = { $submissions } déclaration(s) : { $stored } enregistrée(s), { $refused } refusée(s), { $unchanged } inchangée(s)

## mizan returns list | accept | reject
cli-collection-head = { $period } — { $framework } : { $received } reçus / { $expected } attendus ; échéance le { $deadline } ({ $rule }){ $passed ->
    [yes] { ", dépassée" }
   *[no] {""}
}
cli-deadline-working-days = { $days } jours ouvrés après la fin de la période
cli-deadline-days = { $days } jours après la fin de la période
cli-collection-group = { $group } ({ $code }) : { $received } reçus / { $expected } attendus
cli-collection-received = reçue le { $date }{ $late ->
    [yes] { ", " }{ $days } { $working ->
        [yes] jour(s) ouvré(s)
       *[no] jour(s)
    } de retard
   *[no] {""}
} ; { $versions } version(s), retenue : v{ $version } ({ $status }), { $warnings } avertissement(s)
cli-collection-monthly = { " " }(déclarant mensuel : sa déclaration de { $month })
cli-collection-rejected = toutes les versions rejetées{ $late ->
    [yes] { ", " }{ $days } { $working ->
        [yes] jour(s) ouvré(s)
       *[no] jour(s)
    } de retard
   *[no] {""}
}
cli-collection-missing = manquante{ $late ->
    [yes] { ", " }{ $days } { $working ->
        [yes] jour(s) ouvré(s)
       *[no] jour(s)
    } de retard
   *[no] {""}
}
cli-accept-none = { $framework } { $period } : aucune déclaration n’attend d’examen
cli-decided = { $institution } { $period } v{ $version } ({ $file }) : { $status }
cli-decided-comment = { $institution } { $period } v{ $version } ({ $file }) : { $status } — { $comment }
cli-not-expected = { $institution } n’est pas attendue pour { $framework } { $period }
cli-not-awaiting = { $institution } n’a pas de déclaration en attente d’examen pour { $period }
cli-no-return = { $institution } n’a pas de déclaration pour { $framework } { $period }

## mizan export, publish, publications, quality
cli-table-written = { $period } ({ $method }) écrit dans { $file }
cli-indicators-written = Indicateurs de { $count } institution(s) écrits dans { $file }
cli-publish-coverage = { $group } : { $accepted } acceptée(s) / { $expected } attendue(s){ $below ->
    [yes] { " (sous le minimum)" }
   *[no] {""}
}
cli-publish-awaiting = en attente d’examen : { $institution } v{ $version } ({ $file })
cli-published = { $framework } { $period } publié{ $confirmed ->
    [yes] { " sur confirmation" }
   *[no] {""}
} : révision { $revision } ({ $withheld } cellule(s) masquée(s) par le contrôle de divulgation), étiquette { $etag }
cli-published-group = { $group } : { $received } reçus / { $expected } attendus
cli-nothing-published = { $framework } : rien n’est encore publié
cli-publication = { $period } révision { $revision } ({ $state }) publiée le { $date } par { $by }{ $noted ->
    [yes] { " : " }{ $note }
   *[no] {""}
}
cli-quality-none = { $period } : aucune alerte de qualité des données

## mizan user, remind
cli-password-prompt = Mot de passe (au moins { $min } caractères) :
cli-user-created = Compte « { $username } » créé ({ $role })
cli-user-created-member = Compte « { $username } » créé ({ $role }), rattaché à l’institution { $institution }
cli-user-contact = « { $username } » : { $email } ({ $lang })
cli-user-contact-none = « { $username } » : pas d’adresse électronique ({ $lang })
cli-user-disabled = Compte « { $username } » désactivé
cli-user-enabled = Compte « { $username } » réactivé
cli-user-granted = { $username } peut voir le détail des pairs de { $framework } { $period }
cli-user-already-granted = { $username } peut voir le détail des pairs de { $framework } { $period } (accès déjà accordé)
cli-password-set = Nouveau mot de passe enregistré pour « { $username } » ; ses sessions sont fermées
cli-no-account = Aucun compte « { $username } »
cli-remind-none-due = Aucun rappel n’est dû aujourd’hui
cli-remind-run = { $framework } { $period } (échéance le { $deadline }, { $timing }) : { $count } institution(s) sans déclaration{ $dry ->
    [yes] { " (essai : rien n’est mis en file d’envoi)" }
   *[no] {""}
}
cli-remind-institution = { $institution } { $name } : { $to } [{ $queued } en file d’envoi]
cli-remind-no-account = aucun compte avec une adresse électronique
cli-mail-not-configured = Aucun serveur ni dossier de courriel n’est configuré ([mail] smtp_url ou folder) : les messages attendent dans la file d’envoi
cli-mail-sent = Courriel : { $sent } envoyé(s), { $retried } à réessayer, { $failed } abandonné(s)

## mizan serve, demo
cli-serve-listening = Mizan ({ $framework }) à l’écoute sur { $address }
cli-serve-open = Ouvrez { $site } (le site public) ou { $login } (membres, partenaires, personnel) ; Ctrl-C pour arrêter
cli-serve-metrics = Métriques sur { $url }
cli-demo-loading = Démo Mizan : chargement d’une fédération fictive dans { $url }…
cli-demo-loaded = { $institutions } institutions, { $returns } déclarations enregistrées ({ $refused } refusées à dessein), { $tapes } bandes de prêts, { $quarters } trimestres publiés ({ $publications } publications, dont un trimestre republié) en { $seconds } s
cli-demo-reviewed = Examen : { $accepted } déclarations acceptées, { $rejected } rejetées ; comptes (mot de passe « { $password } ») :
cli-demo-role-staff = secrétariat
cli-demo-role-partner = partenaire
cli-demo-role-member = membre de { $institution }
cli-demo-shows-staff = secrétariat de la fédération : tout ; la collecte de { $period } est en cours
cli-demo-shows-partner = accès au détail des pairs de { $period } seulement
cli-demo-shows-accepted = un état accepté pour chaque trimestre : voit le détail des pairs
cli-demo-shows-rejected = son état de { $period } a été rejeté : pas de détail des pairs pour ce trimestre
cli-demo-shows-waiting = son état de { $period } attend l'examen : pas encore de détail des pairs pour ce trimestre
cli-demo-shows-missing = n'a pas remis { $period } : relancé par courriel, pas de détail des pairs pour ce trimestre
cli-demo-shows-tapes = référentiel { $framework } : bandes des prêts de { $first } et { $second }, portefeuille
cli-demo-mail = Courriel : { $sent } message(s) écrit(s) dans { $folder }/ (un fichier .eml chacun) ; les rappels du back-office y arrivent aussi

## mizan import loans, export loans, solvency
cli-progress-previous = arrêté précédent
cli-progress-reading = lecture
cli-progress-storing = enregistrement
cli-progress-loans = prêts
cli-progress-rows = lignes
cli-tape-head = { $file } ({ $format }) pour { $institution } { $period }, au { $date }, agrément { $licence } :
cli-tape-previous = arrêté précédent : bande de prêts version { $version } de { $period } ({ $loans } prêt(s) au { $date })
cli-tape-previous-none = arrêté précédent : aucun enregistré (premier arrêté sur la plateforme : les règles qui s’y comparent ne s’appliquent pas)
cli-tape-refused = refusée, rien n’est enregistré : { $blocking } problème(s) bloquant(s), { $warnings } avertissement(s){ $more ->
    [yes] { ", " }{ $unlisted } autre(s) problème(s) non listé(s)
   *[no] {""}
}
cli-tape-already-imported = ce fichier a déjà été importé en version { $version } de la bande de prêts le { $date } ; pas de nouvelle version
cli-tape-stored = enregistrée en version { $version } de la bande de prêts ({ $rows } ligne(s) lue(s), { $loans } prêt(s) classé(s))
cli-tape-return-new = la déclaration de { $institution } { $period } passe en version { $version } avec les postes de la bande
cli-tape-return-unchanged = la déclaration de { $institution } { $period } contient déjà ces postes (version { $version }) ; pas de nouvelle version
cli-tape-warnings = { $count } avertissement(s){ $more ->
    [yes] { ", " }{ $unlisted } autre(s) non listé(s)
   *[no] {""}
} :
cli-portfolio-total = { $count } prêt(s), encours { $outstanding }
cli-portfolio-class = classe { $class } : { $count } prêt(s), encours { $outstanding }, provisions { $provisions }
cli-portfolio-provisions = provisions requises { $provisions }
cli-portfolio-provisions-coverage = provisions requises { $provisions }, couverture des créances en souffrance { $coverage }
cli-portfolio-irrecoverable = irrécouvrables (à passer en pertes en fin d’exercice) : { $count } prêt(s), { $outstanding }
cli-loans-written = { $count } prêts de { $institution } { $period } (bande de prêts version { $version }) écrits dans { $file }
cli-solvency-head = Coefficient de solvabilité de { $institution } pour { $period } ({ $source }, référentiel { $framework }), d’après la version { $version } de la déclaration :
cli-solvency-core-head = Fonds propres de base :
cli-solvency-profit = + bénéfice { $profit } moins dividendes prévus { $dividends } = { $counted } (art. 7, au moins 0)
cli-solvency-core = = fonds propres de base { $amount }
cli-solvency-supplementary-head = Fonds propres complémentaires :
cli-solvency-cap = { $what } ({ $article }) : { $before } pour une limite de { $limit } → retenu { $after }{ $binding ->
    [yes] { "  [plafond appliqué]" }
   *[no] {""}
}
cli-cap-guarantee-funds = fonds publics et fonds spéciaux de garantie
cli-cap-general-provisions = provisions générales
cli-cap-subordinated = dettes subordonnées
cli-cap-supplementary = fonds propres complémentaires, au plus les fonds propres de base
cli-solvency-deductions-head = Déductions :
cli-solvency-deductions = = déductions { $amount }
cli-solvency-own-funds = Fonds propres = { $core } + { $supplementary } - { $deducted } = { $own }
cli-solvency-rwa-head = Actifs pondérés par les risques :
cli-solvency-rwa = = actifs pondérés par les risques { $amount }
cli-solvency-coefficient = Coefficient = { $own } / { $rwa } = { $coefficient } (minimum { $minimum }) : { $meets ->
    [yes] respecte le minimum
   *[no] SOUS LE MINIMUM
}
cli-solvency-no-coefficient = Coefficient : aucun (pas d’actifs pondérés) ; minimum { $minimum }
cli-solvency-missing = Absents de la déclaration (comptés pour zéro) : { $items }
