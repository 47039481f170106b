## Signed-in side — English

nav-space = Members' area
role-staff = federation staff
role-member = member institution
role-partner = partner
signed-in-as = Signed in: { $name } — { $role }
menu-label = Area menu
menu-collection = Collection
menu-institutions = Institutions
menu-upload-for = Upload for an institution
menu-users = Accounts and access
menu-audit = Audit log
menu-my-institution = My institution
menu-upload = Upload a return
menu-my-access = My access
menu-account = My account
logout = Log out
error-title-403 = Access denied
error-text-403 = You do not have access to this page, or the form has expired: reload the page and try again.
error-title-413 = File too large
error-text-413 = The file is larger than an upload may be.
error-title-429 = Too many attempts
error-text-429 = Too many attempts in a short time: try again in a few minutes.

## Sign in
login-title = Sign in
login-intro = For member institutions, partners and federation staff.
login-help = Forgotten or locked account? Contact the federation's secretariat.
login-submit = Sign in
login-invalid = Wrong user name or password.
login-throttled = Too many failed sign-in attempts: try again in { $minutes } minutes.
field-username = User name
field-password = Password
field-display-name = Display name
field-role = Role
field-institution = Institution

## Account
account-title = My account
password-heading = Change password
field-current-password = Current password
field-new-password = New password
field-confirm-password = Confirm the new password
password-submit = Change password
password-changed = Password changed. Your other sessions have been closed.
password-wrong-current = The current password is wrong.
password-mismatch = The two new passwords are not the same.
password-rules = The new password must have at least { $min } characters and differ from the user name.
