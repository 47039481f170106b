## Staff pages

## Collection
staff-collection-title = Collection { $period }
staff-field-period = Quarter
staff-field-framework = Reporting framework
staff-show = Show
staff-fact-framework = Reporting framework
staff-fact-deadline = Deadline
staff-deadline-value = { $date } ({ $days } working days after the end of the quarter)
staff-deadline-value-days = { $date } ({ $days } days after the end of the period)
staff-fact-today = As of
staff-fact-totals = All groups
staff-fact-missing = Missing after the deadline
staff-framework-not-in-force = The { $framework } framework is not in force for { $period }.
staff-counts = { $received } received / { $expected } expected
staff-group-other = Other institutions
staff-groups-title = Expected institutions
staff-col-order = No.
staff-col-institution = Institution
staff-col-first-received = First received
staff-col-timeliness = Timeliness
staff-col-versions = Versions and decisions
staff-upload-for = upload for this institution
staff-no-versions = No return received.
staff-pending = expected
staff-on-time = on time
staff-late-one = { $days } { $working ->
    [yes] working day
   *[no] day
} late
staff-late-many = { $days } { $working ->
    [yes] working days
   *[no] days
} late
staff-missing-late-one = missing — { $days } { $working ->
    [yes] working day
   *[no] day
} late
staff-missing-late-many = missing — { $days } { $working ->
    [yes] working days
   *[no] days
} late
staff-version = Version { $n }
staff-version-received = received { $date } — { $file } (uploaded by { $who })
staff-status-received = received, to review
staff-status-accepted = accepted
staff-status-rejected = rejected
staff-decided = by { $who } on { $date }
staff-warnings-none = no warnings
staff-warnings-one = 1 warning
staff-warnings-many = { $n } warnings
staff-report = validation report
staff-accept = Accept
staff-reject-open = Reject…
staff-reject = Reject this version
staff-field-comment = Comment for the institution (required)
staff-reject-needs-comment = A rejection needs a reason: write a comment for the institution, then reject again.
staff-flags-title = Data-quality checks
staff-flags-none = Nothing odd found in the returns that count.
staff-col-severity = Severity
staff-col-finding = Finding

## Publication
staff-publish-title = Publication
staff-not-published = This quarter is not published yet.
staff-published-status = Published: revision { $revision } of { $date } (by { $who })
staff-bulletin-link = See the public bulletin
staff-current-note = Note of the current revision:
staff-field-note = Revision note
staff-note-help-first = Optional for a first publication.
staff-note-help-required = Required: the quarter is already published; say why it is published again (the note is published with the revision).
staff-publish-first = Publish { $period }
staff-publish-again = Publish a new revision of { $period }
staff-published-notice = Revision { $revision } of { $period } published.
staff-publish-no-returns = No return counts for { $period }: nothing to publish.
staff-publish-unchanged = { $period } is already published (revision { $revision } of { $date }) from the same returns: nothing to publish again.
staff-publish-note-required = { $period } is already published (revision { $revision }): a new revision needs a note saying why.
staff-publish-refused = Publication refused: { $reason }

## Institution registry
staff-institutions-title = Institution registry
staff-institutions-intro = Attributes in force in { $period }; the full history follows the table.
staff-registry-empty = The registry is empty: import a file.
staff-col-code = Code
staff-col-name = Name
staff-col-legal-form = Legal form
staff-col-structure = Structure
staff-col-network = Network member
staff-col-deposits = Takes deposits
staff-col-framework = Framework
staff-col-country = Country
staff-col-art44 = Monthly (art. 44)
staff-col-owner-group = Owner group
staff-col-history = History
staff-col-valid-from = Applies from
staff-col-recorded-at = Recorded
staff-col-recorded-by = By
staff-structure-direct-credit = direct credit
staff-structure-savings-credit = savings and credit
staff-yes = yes
staff-no = no
staff-versions-one = 1 version
staff-versions-many = { $n } versions
staff-valid-always = from the start
staff-history-title = Attribute history
staff-registry-upload-title = Import a registry file (CSV)
staff-registry-upload-help = Columns code, name, legal_form, structure, network_affiliated, collects_deposits, and if needed valid_from, framework, owner_group, country (two letters; empty: the framework's country). The file is stored whole or refused whole.
staff-max-size = Largest file: { $mb } MB.
staff-field-file = CSV file
staff-registry-upload-submit = Import
staff-registry-no-file = Choose a CSV file to import.
staff-registry-refused = The file { $file } is refused: nothing was stored. Correct the lines listed below and import it again.
staff-registry-stored = { $file } imported — new institutions: { $created }, changed: { $changed }, unchanged: { $unchanged }.
staff-registry-issues = Problems found in the file
staff-col-place = Where
staff-col-problem = Problem

## Accounts and access
staff-users-title = Accounts and access
staff-accounts-title = Accounts
staff-col-status = Status
staff-col-created = Created
staff-col-actions = Actions
staff-account-active = active
staff-account-disabled = disabled
staff-disable = Disable
staff-enable = Enable
staff-own-account = your account
staff-create-title = Create an account
staff-institution-help = For member institution accounts only.
staff-no-institution = — none (staff, partner) —
staff-field-initial-password = Initial password
staff-password-help = At least { $min } characters, not the user name. Send it through a safe channel; the person will change it in “My account”.
staff-create-submit = Create the account
staff-created-notice = Account { $username } created ({ $role }).
staff-disabled-notice = Account { $username } disabled: its open sessions are closed.
staff-enabled-notice = Account { $username } enabled again.
staff-username-invalid = User name “{ $username }”: use 1 to 64 letters, digits, “.”, “-”, “_” or “@”.
staff-username-taken = The user name “{ $username }” is taken.
staff-role-invalid = Choose a role.
staff-institution-unknown = Institution { $code } is not in the registry.
staff-member-needs-institution = A member institution account must belong to its institution.
staff-only-members-institution = Only member institution accounts belong to an institution.
staff-password-invalid = The initial password must have at least { $min } characters and differ from the user name.
staff-cannot-disable-self = You cannot disable your own account.
staff-refused = Refused: { $reason }
staff-grants-title = Partner access
staff-grants-help = A partner sees the peer-group detail of the quarters granted to them.
staff-no-grants = No access granted.
staff-col-partner = Partner
staff-col-period = Quarter
staff-col-granted = Granted by
staff-col-revoked = Revocation
staff-granted-by = { $who }, { $date }
staff-revoked-by = revoked by { $who } on { $date }
staff-in-force = in force
staff-revoke = Revoke
staff-grant-title = Grant access
staff-field-partner = Partner
staff-grant-submit = Grant access
staff-no-partner = No active partner account: create one first.
staff-granted-notice = { $partner } may see the peer-group detail of { $period }.
staff-revoked-notice = Access of { $partner } to { $period } revoked.
staff-grant-invalid = Choose a partner and a quarter.
staff-grant-not-partner = { $username } is not a partner account: only partners are given access.

## Audit log
staff-audit-title = Audit log
staff-filter-title = Filter the log
staff-filter-actor = Who (user name)
staff-filter-action = Action (or its start: submission., account.)
staff-filter-institution = Institution (code)
staff-filter-period = Quarter (2016-Q1)
staff-filter-submit = Filter
staff-filter-reset = Show all
staff-col-at = Date
staff-col-actor = Who
staff-col-action = Action
staff-col-detail = Detail
staff-audit-empty = No event matches this filter.
staff-audit-submission = upload no. { $id }
staff-reset-password = New password
staff-new-password = New temporary password
staff-reset-notice = New password set for { $username }; their sessions were closed. Pass it on through a safe channel and ask them to change it.
staff-change-title = Record a change
staff-change-help = An institution's attributes from a quarter on (a change of legal form, name, affiliation, framework…); earlier quarters keep theirs. A new code creates the institution.
staff-change-country-help = Two letters of ISO 3166-1 (CI, MA, SN); empty: the framework's country.
staff-change-submit = Record
staff-change-created = Institution { $code } created.
staff-change-recorded = Change recorded for { $code }; the history shows it.
staff-change-unchanged = { $code } already has these attributes from that quarter: nothing changed.
staff-change-bad-field = { $field }: “{ $value }” is not a possible value.
staff-change-refused = Change refused: { $why }
staff-preview-title = Publication preview — { $period }
staff-preview-link = Publication preview (public table, withheld figures, coverage)
staff-preview-back = Back to the collection
staff-preview-intro = The table as the public will see it if the quarter is published now; nothing is stored. Only accepted returns are in it.
staff-preview-refused = Publishing is refused as things stand: { $reason }
staff-preview-ready = The quarter can be published.
staff-preview-min = Minimum coverage: { $min } of expected institutions, per group and for the sector.
staff-preview-coverage = Coverage per group
staff-preview-col-group = Group
staff-preview-col-accepted = Accepted returns
staff-preview-col-expected = Expected institutions
staff-preview-col-share = Coverage
staff-preview-below = below the minimum
staff-preview-other = No group
staff-preview-awaiting = Returns awaiting review (not in the publication)
staff-preview-awaiting-none = No return awaits review.
staff-preview-awaiting-line = { $institution }: version { $version } received { $date }
staff-preview-late = Late institutions
staff-preview-late-none = No institution is late.
staff-preview-late-missing = { $institution }: missing, { $days } { $working ->
    [yes] working day(s)
   *[no] day(s)
} after the deadline
staff-preview-late-received = { $institution }: received { $days } { $working ->
    [yes] working day(s)
   *[no] day(s)
} after the deadline
staff-preview-withheld = Figures withheld by disclosure control
staff-preview-withheld-none = No figure is withheld.
staff-preview-col-indicator = Indicator
staff-preview-col-method = Method
staff-preview-col-reason = Reason
staff-preview-table = The public table
staff-preview-no-table = No table: nothing would be published.
staff-preview-revision = Revision { $n }, as it would be published now.
staff-preview-confirm = I confirm the publication despite the warning; the note says why (it is published with the revision and recorded in the audit log).
staff-preview-confirm-submit = Confirm and publish { $period }
staff-withheld-threshold = too few institutions
staff-withheld-dominance = one dominant institution
staff-withheld-p-rule = one institution could estimate another's value (p % rule)
staff-withheld-median = median of too few institutions
staff-withheld-secondary = withheld so that another withheld figure cannot be recomputed
staff-withheld-revision = withheld in an earlier revision, or a change due to too few institutions
staff-email-help = Reminders, decisions and returns received are sent there; leave it empty to send no message.
staff-contact = Address and language
staff-contact-submit = Save
staff-contact-notice = Address and language of the messages of { $username } saved.
staff-reminders-title = Reminders — { $period }
staff-reminders-intro = Deadline of { $period }: { $deadline }. { $missing } institution(s) have no return received; { $reachable } have an account with an e-mail address.
staff-reminders-missing = Missing returns
staff-reminders-all-in = Every expected return has been received.
staff-reminders-accounts = Accounts reminded
staff-reminders-nobody = no account with an address
staff-reminders-submit = Remind now
staff-reminders-outbox = Messages of the quarter
staff-reminders-outbox-empty = No message for this quarter.
staff-reminders-back = Back to the collection
staff-reminders-link = Reminders and messages
staff-reminded-notice = { $count } reminder(s) queued.
staff-mail-unconfigured = No mail server is set ([mail] smtp_url or folder): messages wait in the outbox.
staff-mail-kind = Message
staff-mail-to = Recipient
staff-mail-kind-reminder = Reminder
staff-mail-kind-decision-accepted = Return accepted
staff-mail-kind-decision-rejected = Return rejected
staff-mail-kind-return-arrived = Return received
staff-mail-sent = sent on { $date }
staff-mail-pending = waiting to be sent ({ $attempts } attempt(s))
staff-mail-failed = given up: { $error }

## Review with the figures
staff-review-link = review with the figures
staff-review-title = Review: { $name } ({ $code }), { $period }, version { $version }
staff-review-status = Status
staff-review-received = Received
staff-review-decided = Decided
staff-review-download = Download the original file ({ $file })
staff-review-no-file = The original file was not kept (a return stored before files were kept, or fed by a loan tape).
staff-review-back = Back to the collection of { $period }
staff-review-col-item = Item
staff-review-col-value = Submitted
staff-review-col-previous = Previous quarter ({ $period })
staff-review-col-median = Peer median (n)
staff-review-previous = Previous quarter, { $period }: the return that counts for the institution, that is its latest version not rejected — version { $version }, { $status }.
staff-review-no-previous = No return counts for the previous quarter, { $period }.
staff-review-median = Median over the { $n } other institutions of the group “{ $group }”, each taken at its latest version not rejected for the quarter.
staff-review-no-group = The institution belongs to no peer group: no median is computed.
staff-review-staff-only = For staff only: never published.
staff-review-whole-return = The return as a whole
staff-review-figures = Submitted figures
staff-review-warnings = Warnings by item
staff-review-versions = Versions of the quarter
staff-review-history = Reviewer's history
staff-review-no-history = No decision was taken yet on this quarter's versions.
staff-review-decide = Decision
staff-review-col-version = Version
staff-review-col-decision = Decision
staff-review-col-comment = Comment

## Collection filters and pages
staff-show-filter = Show:
staff-filter-all = all
staff-filter-awaiting = awaiting review
staff-filter-late = late
staff-filter-missing = missing
staff-filter-accepted = accepted
staff-filter-rejected = rejected
staff-filter-none = No institution of this group matches the filter.
staff-pages = Pages
staff-page-previous = previous page
staff-page-next = next page
staff-page-of = Page { $page } of { $pages } ({ $n } institutions)
staff-audit-page = { $n } events — page { $page } of { $pages }
