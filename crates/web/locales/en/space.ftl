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
error-title-409 = Sent at the same moment as another
error-text-409 = Another change to the same return was being saved at the same moment, so nothing of yours was stored. Send the file again: it will be compared with what is now stored.
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
field-email = E-mail address
field-mail-lang = Language of the messages

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

## Member space
member-home-intro = Your quarterly returns, their status, and access to the detail by institution. A quarter's peer detail opens once the federation has accepted your return for that quarter.
partner-home-title = My access
partner-home-intro = Quarters whose detail by institution the federation opened to you.
partner-no-grant = The federation has not opened the detail of any quarter to you yet. The public consolidated tables remain open to all.
col-deadline = Deadline
col-return = Your return
col-peer-detail = Peer detail
col-actions = Actions
status-received = received, awaiting review
status-accepted = accepted
status-rejected = rejected
status-missing = not sent
status-granted = access granted
version-status = version { $version }: { $status }
peer-detail-open = Open
refusal-sign-in = Sign in to see the peer detail of { $period }.
refusal-not-reported = The peer detail of { $period } is open only to institutions that sent their return for that quarter: your institution did not send it.
refusal-awaiting-review = Your return for { $period } was received but not yet accepted by the federation: the peer detail opens once it is accepted.
refusal-rejected = Your return for { $period } was rejected by the federation: upload a corrected return; the peer detail opens once it is accepted.
refusal-not-granted = The federation has not opened the detail of { $period } to you.
staff-comment = The federation's comment: “{ $comment }”
reciprocity-rule = The federation's rule: detailed data go only to the institutions that sent their data, and to the partners it designates.
action-upload = Upload a return
action-upload-again = Upload another file
action-own-indicators = My indicators
action-peer-detail = Peer detail
action-versions = Every version sent
action-report = Validation report
action-public-bulletin = The quarter's public bulletin

## Upload
upload-title = Upload a quarterly return
upload-intro = Upload the filled-in Excel template or a CSV file. The whole file is checked: if it has a blocking error, nothing is stored and every error is shown with its sheet and cell (or line). A new upload for the same quarter makes a new version; earlier ones are kept.
field-period = Quarter
field-file = File (.xlsx, .ods or .csv)
upload-submit = Upload and check
upload-max-size = Largest file: { $size } MB.
template-heading = Excel template
template-intro = The template comes filled with the institution and the quarter; input cells are unlocked and validated, totals are computed.
template-submit = Download the template

## Validation report
report-title = Validation report
report-summary = { $file }: { $stored } return(s) stored, { $refused } refused.
report-refused = { $file } is refused: nothing was stored. Correct the blocking errors below and upload the file again.
report-stored-summary = Version stored, with { $warnings } warning(s).
report-no-issue = No issue.
outcome-stored = Stored: version { $version }
outcome-refused = Refused: nothing is stored
outcome-already-imported = The same file was already uploaded (version { $version }): no new version
outcome-unchanged = Same values as version { $version }: no new version
col-severity = Severity
col-place = Where
col-item = Item
col-problem = Problem
severity-blocking = blocking
severity-warning = warning
place-line = line { $line }
place-line-column = line { $line }, column { $column }
place-sheet = sheet { $sheet }
place-file = file
place-return = return
col-version = Version
col-received = Received
col-by = Uploaded by
col-file = File
col-sha256 = SHA-256 digest
col-comment = Comment
col-decided = Decision
col-warnings = Warnings
versions-title = Versions sent — { $institution }
versions-empty = No return sent.

## Own indicators
own-title = { $institution } — indicators for { $period }
own-intro = Computed on version { $version } of your return; peer group: { $group }.
own-none = No return counts for { $period }: nothing to compute. A rejected return does not count.
col-value = Value
col-norm = Norm
col-compliance = Meets the norm
col-mean = Mean, { $group }
col-q1 = 1st quartile
col-median = Median
col-q3 = 3rd quartile
col-n = n
norm-meets = meets
norm-fails = fails
norm-unknown = cannot be judged
download-own-csv = Download my indicators (CSV)

## Peer detail
peers-title = Detail by institution — { $period }
peers-intro = The indicators of each of the { $n } institutions counted, by name. These data are not public: do not pass them on.
peers-legend = Institutions
download-peers-csv = Download the detail (CSV)
col-mean-published = Published mean, { $group }
col-median-published = Published median
own-position-published = Your position is given against the quarter's published bulletin.
own-position-none = The quarter is not published yet: your position against your peers is not available.

## The Excel return template (written by mizan_ingest::write_template; the framework gives
## the labels of its sections and items).
xlsx-cover-sheet = Cover
xlsx-title = Quarterly return — { $framework }
xlsx-field-framework = Framework
xlsx-field-version = Framework version
xlsx-field-period = Period
xlsx-field-institution = Institution code
xlsx-field-name = Institution name
xlsx-how-to = How to fill in this return
xlsx-step-fill = 1. Enter the values in column D (white cells) of the sheets { $sheets }. The other cells are protected (without a password) to prevent typing errors.
xlsx-step-blank = 2. Leave a value you do not report empty: an empty cell is never read as zero. Enter 0 if the value is nil.
xlsx-step-units = 3. Amounts in { $currency }, not rounded; they may be negative only for the items marked “±”. Numbers (clients, staff, loans…) are positive whole numbers. Rates are in percent (24 for 24%).
xlsx-step-totals = 4. Totals (in bold, on a blue background) are computed from their components: enter the components.
xlsx-step-layout = 5. Do not rename the sheets or change column A (item codes): the platform reads the file by them.
xlsx-step-upload = 6. Upload the completed file to the platform. Every problem is reported there with its cell (for example { $example }); correct them all and upload the file again.
xlsx-context = Period { $period } — framework { $framework } version { $version }
xlsx-heading-code = Code
xlsx-heading-label = Item
xlsx-heading-unit = Unit
xlsx-heading-value = Value
xlsx-heading-remark = Remark
xlsx-total-of = Computed total: { $parts }
xlsx-unit-count = number
xlsx-refused = Value refused
xlsx-enter-whole = Enter a whole number, zero or more.
xlsx-enter-non-negative = Enter an amount, zero or more.
xlsx-enter-number = Enter a number.
form-title = Online entry: { $name }, { $period }
form-intro = Type the amounts as they stand in your statements (decimal point, no separator needed). Totals are computed. “Save draft” keeps what you typed for later; “Send” checks the return as a file is checked and, if accepted, stores it as a new version.
form-source-empty = Nothing entered for this quarter: the form is empty.
form-source-draft = Draft saved on { $date } by { $who }.
form-source-version = Values of version { $version } as sent; a change will be a new version.
form-saved = Draft saved.
form-refused = The return was not stored: correct the fields marked, then send again. What you typed is kept as a draft.
form-computed = computed from its parts
form-save = Save draft
form-send = Send the return
upload-form-heading = Or enter the return online
upload-form-intro = Without a file: fill in the return's form in the browser, with a draft kept between your visits.
upload-form-submit = Open the form

## The institution's own history
action-history = My indicators over time
history-title = { $institution } — indicators over time
history-intro = Each indicator of your institution, quarter by quarter, from the return that counts (its latest version not rejected). Highlighted figures are out of norm; an empty column is a quarter without a return. Choose an indicator to see its chart, with the norm and your peer group's median for the quarters whose peer detail is open to you.
history-none = Your institution has no return yet: its indicators will appear here quarter by quarter.
history-gap = No return for this quarter
history-quarter-gap = { $period } (no return)
history-median = Peer group median
history-norm = Norm: { $norm }
history-median-closed = No peer median for { $periods }: the peer detail of a quarter opens once your return for it is accepted.
history-chart-empty = No value of this indicator yet.
history-download-csv = Download this table (CSV)
history-back-home = Back to my quarters

## The member's home: notices
home-late = Your return for { $period } is late: the deadline was { $deadline } and nothing has been received.
home-awaiting-review = Your return for { $period } (version { $version }, received on { $date }) now awaits review.
