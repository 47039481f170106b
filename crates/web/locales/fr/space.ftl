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
