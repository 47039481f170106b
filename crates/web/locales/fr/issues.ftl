## Validation issues

## Le fichier dans son ensemble
issue-empty-file = le fichier est vide
issue-header-only = le fichier contient une ligne d'en-tête mais aucune donnée
issue-not-utf8 = le fichier n'est pas un texte encodé en UTF-8
issue-file-too-large = le fichier fait { $size } octets, au-delà de la limite de { $limit } octets
issue-unknown-format = le fichier n'est ni un fichier CSV ni un classeur Excel (.xlsx)
issue-not-a-workbook = le fichier n'est pas un classeur Excel (.xlsx) lisible : { $reason }
issue-not-a-template = le classeur n'est pas le modèle d'état : feuille(s) { $sheets } manquante(s) ; téléchargez le modèle et remplissez-le
issue-too-large = limite de { $limit } dépassée ({ $what }) ; le fichier est refusé
issue-workbook-too-large-shared-strings = le classeur contient plus de { $limit } textes distincts (chaînes partagées) ; le fichier est refusé avant d'être ouvert
issue-workbook-too-large-shared-strings-bytes = la table des textes du classeur (chaînes partagées) dépasse { $limit } octets ; le fichier est refusé avant d'être ouvert
issue-workbook-too-large-styles = le classeur contient plus de { $limit } formats de cellule ; le fichier est refusé avant d'être ouvert
issue-workbook-too-large-part-bytes = une partie du classeur lue en entier (styles, liste des feuilles, relations) dépasse { $limit } octets ; le fichier est refusé avant d'être ouvert
issue-workbook-too-large-rows = la feuille a plus de { $limit } lignes ; le fichier est refusé
issue-workbook-too-large-columns = une ligne de la feuille a plus de { $limit } colonnes ; le fichier est refusé
issue-workbook-too-large-cells = la feuille a plus de { $limit } cellules ; le fichier est refusé
issue-workbook-too-large-cell-bytes = une cellule ou une balise de la feuille dépasse { $limit } octets ; le fichier est refusé avant d'être ouvert
issue-missing-columns = colonne(s) manquante(s) : { $missing } ; l'en-tête contient : { $found }
issue-unknown-column = la colonne "{ $column }" ne fait pas partie du format et n'est pas prise en compte
issue-duplicate-column = la colonne "{ $column }" figure deux fois
issue-field-count = { $found } champ(s) alors que l'en-tête en compte { $expected }
issue-syntax = fichier CSV illisible : { $reason }

## Valeurs
issue-missing-value = { $field } : une valeur est obligatoire
issue-not-a-number = la valeur "{ $value }" n'est pas un nombre
issue-ambiguous-number = la valeur "{ $value }" est ambiguë (séparateur décimal ou séparateur de milliers ?) ; écrivez-la sans séparateur de milliers, avec le séparateur décimal du fichier
issue-bad-grouping = la valeur "{ $value }" comporte des séparateurs de milliers mal placés
issue-number-out-of-range = la valeur "{ $value }" est trop grande ou comporte trop de chiffres
issue-empty-value = la valeur est vide : le poste est considéré comme non déclaré (saisissez 0 si la valeur est nulle)
issue-formula-without-value = la cellule contient une formule sans résultat calculé ; ouvrez le fichier dans un tableur, laissez-le effectuer le calcul et enregistrez-le à nouveau
issue-excel-error = la cellule contient l'erreur Excel { $error } ; corrigez la formule ou la valeur
issue-negative-count = un effectif ne peut pas être négatif (trouvé { $value })
issue-fractional-count = un effectif doit être un nombre entier (trouvé { $value })
issue-negative-amount = ce montant ne peut pas être négatif (trouvé { $value })
issue-not-a-boolean = { $field } : "{ $value }" n'est pas une valeur admise ; valeur attendue : oui ou non (true/false, 1/0)
issue-class-out-of-range = { $field } : la classe "{ $value }" n'existe pas ; laissez vide ou indiquez une classe de 1 à { $max }
issue-not-utf8-text = { $field } : le texte n'est pas en UTF-8 ; enregistrez le fichier en CSV UTF-8
issue-invalid-value = { $field } : "{ $value }" n'est pas une valeur admise ; valeur attendue : { $expected }
issue-bad-country = { $field } : "{ $value }" n'est pas un code de pays ; attendu : les deux lettres de l'ISO 3166-1 (CI, MA, SN)
issue-missing-country = { $field } : une valeur est requise, car le référentiel { $framework } couvre plusieurs pays
issue-invalid-code = "{ $value }" n'est pas un code valide : { $reason }

## L'état au regard du cadre de déclaration et du registre
issue-unknown-item = le poste "{ $item }" n'appartient pas au cadre de déclaration
issue-duplicate-item = le poste figure deux fois dans cet état (première occurrence : { $first })
issue-unknown-institution = l'institution "{ $institution }" ne figure pas au registre ; importez d'abord le registre
issue-bad-period = la période "{ $period }" n'est pas acceptée : une période s'écrit AAAA-Tn, par exemple 2016-Q1
issue-period-not-ended = { $period } n'est pas terminé : il s'achève le { $ends }, ses fichiers sont acceptés à partir du lendemain
issue-reports-monthly = { $institution } déclare chaque mois (SFD de l'article 44) : envoyez le mois { $instead-code } ({ $instead }) pour le trimestre { $period }
issue-reports-quarterly = { $institution } déclare chaque trimestre : envoyez le trimestre { $instead-code } ({ $instead }), pas le mois { $period }
issue-valid-from-month = une version du registre s'applique à partir d'un trimestre : écrivez { $quarter }, pas le mois { $period }
issue-not-registered-for = l'institution { $institution } n'est pas inscrite au registre pour { $period } (elle l'est à partir de { $from })
issue-no-framework-for = le référentiel { $framework } ne s'applique pas à { $period }
issue-no-framework-for-versions = le référentiel { $framework } ne s'applique pas à { $period } ; ses règles en vigueur : { $versions }
framework-version-from-until = version { $version }, de { $from } à { $until }
framework-version-from = version { $version }, à partir de { $from }
framework-version-until = version { $version }, jusqu'à { $until }
framework-version-always = version { $version }, toutes les périodes
issue-unknown-period = la période "{ $period }" n'est pas acceptée : { $reason }
issue-context-mismatch = le fichier concerne { $field } { $in_file }, et non { $expected }
issue-context-institution = l'institution
issue-context-period = la période
issue-context-framework = le cadre de déclaration
issue-total-mismatch = le total déclaré { $supplied } diffère de la somme de ses composantes { $sum } ({ $parts })
issue-legacy-excel = ce classeur est au format Excel 97-2003 (.xls) : ouvrez-le dans Excel ou LibreOffice, choisissez « Enregistrer sous », le type « Classeur Excel (.xlsx) », et envoyez ce fichier
issue-template-altered = les codes des postes de cette feuille ne sont plus en colonne A, où le modèle les place ({ $count } manquants sur { $expected } : { $codes }) : des colonnes ou des lignes ont été supprimées ou déplacées ; remplissez un modèle neuf sans en changer la disposition
issue-template-value-column-moved = la colonne des valeurs (« Valeur ») n'est plus la colonne D : des colonnes ont été supprimées ou déplacées ; remplissez un modèle neuf sans en changer la disposition
issue-percentage-format = la cellule est au format pourcentage ({ $shown }) alors que le poste est un montant ou un effectif : retirez le format pourcentage et saisissez le chiffre
issue-date-instead-of-number = la cellule contient une date ({ $shown }) là où un nombre est attendu : saisissez le chiffre dans une cellule au format nombre
issue-text-too-long = le champ { $field } compte { $found } caractères ; { $max } au plus sont acceptés
issue-amount-without-subunit = le montant { $value } a des décimales, mais le { $currency } n'a pas de subdivision : vérifiez le séparateur décimal et l'unité (les montants sont en { $currency }, pas en milliers)
issue-amount-below-currency-unit = le montant { $value } a plus de { $decimals } décimale(s), la plus petite unité du { $currency }
issue-refused-with-file = rien de ce fichier n'est enregistré : { $refused } autre(s) état(s) du fichier ont des anomalies bloquantes ; corrigez-les et renvoyez le fichier entier
issue-empty-return = l'état ne contient aucune valeur : saisissez les montants (une cellule vide signifie « non déclaré »)
issue-total-without-parts = un total est déclaré sans ses composantes ; déclarez plutôt { $parts }
issue-duplicate-institution = l'institution figure deux fois (première occurrence : { $first })

## Fichiers des prêts
issue-invalid-date = { $field } : "{ $value }" n'est pas une date ; écrivez AAAA-MM-JJ ou JJ/MM/AAAA
issue-date-after-as-of = { $field } : la date { $date } est postérieure à la date d'arrêté du trimestre ({ $as_of })
issue-duplicate-loan = le prêt "{ $loan }" figure deux fois (première occurrence : ligne { $line })
issue-reserved-above-receivable = les intérêts réservés { $reserved } dépassent la créance { $receivable } (encours en capital + intérêts courus)
issue-restructure-count-decreased = le nombre de restructurations (restructure_count) a diminué : { $previous } à l'arrêté du trimestre précédent, { $current } à présent
issue-interest-due-without-unpaid-date = des intérêts échus impayés de { $interest } sont déclarés sans date d'échéance impayée (oldest_unpaid_due_date) : les impayés comprennent le principal et les intérêts (art. 5)
issue-refinancing-not-counted = ce prêt refinance le prêt « { $loan } », en souffrance à l'arrêté du trimestre précédent : c'est une restructuration de ce prêt (art. 8), le nombre de restructurations (restructure_count) doit être d'au moins { $least } (trouvé { $current })
issue-irrecoverable-not-written-off = le prêt « { $loan } » était irrécouvrable au { $year_end } (impayé depuis le { $due }) et figure encore dans la bande : l'article 17 le passe en pertes au plus tard à la fin de l'exercice
issue-rules-not-in-force = { $source } est en vigueur à partir du { $from } : { $period } s'achève avant cette date, sa bande des prêts n'est pas classée selon cette circulaire
issue-no-rule-for-column = { $source } ne prévoit aucune règle pour la colonne { $column } : le crédit est classé sans en tenir compte
issue-reserved-above-accrued = les intérêts réservés ({ $reserved }) dépassent les intérêts échus impayés ({ $accrued }) dont ils sont réservés
issue-outstanding-above-disbursed = l'encours en principal ({ $outstanding }) dépasse le principal décaissé ({ $disbursed })
issue-given-without-restructuring = { $field } est renseigné pour un prêt jamais restructuré (restructure_count vaut 0)
issue-inconsistent = { $field } : { $reason }
issue-differs-from-tape = l'état indique { $value } alors que le fichier des prêts (version { $version }) donne { $tape_value } ; la valeur de l'état est conservée
issue-rule = { $message } [{ $rule }]
