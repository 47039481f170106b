## E-mail (mizan_service::mail): subject lines and paragraphs, in the recipient's language.

mail-greeting = Bonjour,
mail-signature = — Mizan, plateforme de collecte de la fédération. Ce message est envoyé automatiquement ; pour toute question, répondez au secrétariat.
mail-link = Sur la plateforme : { $link }
mail-reminder-subject = { $when ->
    [before] Rappel : déclaration { $period } attendue au plus tard le { $deadline }
    [after] Retard : déclaration { $period } attendue depuis le { $deadline }
   *[now] Rappel : déclaration { $period } (échéance le { $deadline })
}
mail-reminder-body = { $when ->
    [before] L’institution { $name } ({ $institution }) n’a pas encore envoyé sa déclaration de { $period }. L’échéance est le { $deadline }, dans { $days } jour(s).
    [after] L’institution { $name } ({ $institution }) n’a pas envoyé sa déclaration de { $period } : l’échéance était le { $deadline }, il y a { $days } jour(s).
   *[now] L’institution { $name } ({ $institution }) n’a pas encore envoyé sa déclaration de { $period }. L’échéance est le { $deadline }.
}
mail-reminder-how = Déposez-la depuis votre espace (fichier Excel du modèle, ou CSV) ; chaque erreur vous est signalée cellule par cellule.
mail-accepted-subject = Déclaration { $period } acceptée ({ $institution }, version { $version })
mail-accepted-body = Le secrétariat a accepté la version { $version } de votre déclaration pour { $period }. Le détail de vos pairs pour cette période vous est désormais ouvert.
mail-rejected-subject = Déclaration { $period } rejetée ({ $institution }, version { $version })
mail-rejected-body = Le secrétariat a rejeté la version { $version } de votre déclaration pour { $period }. Corrigez-la et déposez une nouvelle version.
mail-rejected-comment = Commentaire du secrétariat : « { $comment } »
mail-arrived-subject = Déclaration reçue : { $institution }, { $period } (version { $version })
mail-arrived-body = { $by } a déposé la version { $version } de la déclaration de { $institution } pour { $period }, avec { $warnings } avertissement(s). Elle attend votre examen.
