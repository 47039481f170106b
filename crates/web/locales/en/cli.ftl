## Command line (mizan): the commands' own lines, in the operator's language.
## Codes, file names and figures are placeables, written by the command line.

cli-database-ready = database ready ({ $backend }, { $url })
cli-template-written = template of { $framework } for { $period } written to { $file }

## mizan import institutions | returns
cli-registry-refused = { $file }: refused, nothing stored:
cli-registry-imported = { $file }: { $lines } institution line(s): { $created } new, { $changed } changed, { $unchanged } unchanged
cli-returns-file = { $file } ({ $format }):
cli-return-stored = { $institution } { $period }: stored as version { $version } ({ $warnings } warning(s))
cli-return-refused = { $institution } { $period }: refused, nothing stored ({ $place }):
cli-return-already-imported = { $institution } { $period }: this file was already imported as version { $version } on { $date }; no new version
cli-return-unchanged = { $institution } { $period }: same values as version { $version }; no new version
cli-returns-summary = { $submissions } submission(s): { $stored } stored, { $refused } refused, { $unchanged } unchanged

## mizan returns list | accept | reject
cli-collection-head = { $period } — { $framework }: { $received } received / { $expected } expected; deadline { $deadline } ({ $rule }){ $passed ->
    [yes] { ", passed" }
   *[no] {""}
}
cli-deadline-working-days = { $days } working days after the period's end
cli-deadline-days = { $days } days after the period's end
cli-collection-group = { $group } ({ $code }): { $received } received / { $expected } expected
cli-collection-received = received { $date }{ $late ->
    [yes] { ", " }{ $days } { $working ->
        [yes] working day(s)
       *[no] day(s)
    } late
   *[no] {""}
}; { $versions } version(s), counted v{ $version } ({ $status }), { $warnings } warning(s)
cli-collection-monthly = { " " }(monthly reporter: its return of { $month })
cli-collection-rejected = every version rejected{ $late ->
    [yes] { ", " }{ $days } { $working ->
        [yes] working day(s)
       *[no] day(s)
    } late
   *[no] {""}
}
cli-collection-missing = missing{ $late ->
    [yes] { ", " }{ $days } { $working ->
        [yes] working day(s)
       *[no] day(s)
    } late
   *[no] {""}
}
cli-accept-none = { $framework } { $period }: no return awaits review
cli-decided = { $institution } { $period } v{ $version } ({ $file }): { $status }
cli-decided-comment = { $institution } { $period } v{ $version } ({ $file }): { $status } — { $comment }
cli-not-expected = { $institution } is not expected for { $framework } { $period }
cli-not-awaiting = { $institution } has no return awaiting review for { $period }
cli-no-return = { $institution } has no return for { $framework } { $period }

## mizan export, publish, publications, quality
cli-table-written = { $period } ({ $method }) written to { $file }
cli-indicators-written = indicators of { $count } institution(s) written to { $file }
cli-publish-coverage = { $group }: { $accepted } accepted / { $expected } expected{ $below ->
    [yes] { " (below the minimum)" }
   *[no] {""}
}
cli-publish-awaiting = awaiting review: { $institution } v{ $version } ({ $file })
cli-published = { $framework } { $period } published{ $confirmed ->
    [yes] { " on confirmation" }
   *[no] {""}
}: revision { $revision } ({ $withheld } cell(s) withheld by disclosure control), entity tag { $etag }
cli-published-group = { $group }: { $received } received / { $expected } expected
cli-nothing-published = { $framework }: nothing published yet
cli-publication = { $period } revision { $revision } ({ $state }) published { $date } by { $by }{ $noted ->
    [yes] { ": " }{ $note }
   *[no] {""}
}
cli-quality-none = { $period }: no data-quality flag

## mizan user, remind
cli-password-prompt = Password (at least { $min } characters):
cli-user-created = created account "{ $username }" ({ $role })
cli-user-created-member = created account "{ $username }" ({ $role }) for institution { $institution }
cli-user-contact = "{ $username }": { $email } ({ $lang })
cli-user-contact-none = "{ $username }": no e-mail ({ $lang })
cli-user-disabled = disabled "{ $username }"
cli-user-enabled = enabled "{ $username }"
cli-user-granted = { $username } may see the peer detail of { $framework } { $period }
cli-user-already-granted = { $username } may see the peer detail of { $framework } { $period } (already granted)
cli-password-set = new password set for "{ $username }"; its sessions are closed
cli-no-account = no account "{ $username }"
cli-remind-none-due = no reminder is due today
cli-remind-run = { $framework } { $period } (deadline { $deadline }, { $timing }): { $count } institution(s) without a return{ $dry ->
    [yes] { " (dry run: nothing queued)" }
   *[no] {""}
}
cli-remind-institution = { $institution } { $name }: { $to } [{ $queued } queued]
cli-remind-no-account = no account with an e-mail address
cli-mail-not-configured = no mail server or folder is set ([mail] smtp_url or folder): messages wait in the outbox
cli-mail-sent = mail: { $sent } sent, { $retried } to try again, { $failed } given up

## mizan serve, demo
cli-serve-listening = Mizan ({ $framework }) listening on { $address }
cli-serve-open = open { $site } (the public site) or { $login } (members, partners, staff); Ctrl-C to stop
cli-serve-metrics = metrics at { $url }
cli-demo-loading = Mizan demo: loading a synthetic federation into { $url } …
cli-demo-loaded = { $institutions } institutions, { $returns } returns stored ({ $refused } refused on purpose), { $tapes } loan tapes, { $quarters } quarters published ({ $publications } publications with one republished quarter) in { $seconds } s
cli-demo-reviewed = staff review: { $accepted } returns accepted, { $rejected } rejected; accounts (password "{ $password }"):
cli-demo-role-staff = staff
cli-demo-role-partner = partner
cli-demo-role-member = member of { $institution }
cli-demo-shows-staff = federation staff: everything; the collection of { $period } is under way
cli-demo-shows-partner = granted the peer detail of { $period } only
cli-demo-shows-accepted = a return accepted for every quarter: sees the peer detail
cli-demo-shows-rejected = its { $period } return was rejected: no peer detail for that quarter
cli-demo-shows-waiting = its { $period } return awaits review: no peer detail for that quarter yet
cli-demo-shows-missing = has not reported { $period }: reminded by e-mail, no peer detail for that quarter
cli-demo-shows-tapes = framework { $framework }: loan tapes of { $first } and { $second }, portfolio
cli-demo-mail = e-mail: { $sent } message(s) written to { $folder }/ (one .eml file each); the reminders of the back office land there too

## mizan import loans, export loans, solvency
cli-progress-previous = previous quarter-end
cli-progress-reading = reading
cli-progress-storing = storing
cli-progress-loans = loans
cli-progress-rows = rows
cli-tape-head = { $file } ({ $format }) for { $institution } { $period }, as of { $date }, licence { $licence }:
cli-tape-previous = previous quarter-end: loan tape version { $version } of { $period } ({ $loans } loan(s) as of { $date })
cli-tape-previous-none = previous quarter-end: none stored (first quarter-end on the platform: the rules comparing with it do not apply)
cli-tape-refused = refused, nothing stored: { $blocking } blocking issue(s), { $warnings } warning(s){ $more ->
    [yes] { ", " }{ $unlisted } more issue(s) not listed
   *[no] {""}
}
cli-tape-already-imported = this file was already imported as loan tape version { $version } on { $date }; no new version
cli-tape-stored = stored as loan tape version { $version } ({ $rows } row(s) read, { $loans } loan(s) classified)
cli-tape-return-new = the return of { $institution } { $period } is now version { $version } with the tape's items
cli-tape-return-unchanged = the return of { $institution } { $period } already holds these items (version { $version }); no new version
cli-tape-warnings = { $count } warning(s){ $more ->
    [yes] { ", " }{ $unlisted } more not listed
   *[no] {""}
}:
cli-portfolio-total = { $count } loan(s), outstanding { $outstanding }
cli-portfolio-class = class { $class }: { $count } loan(s), outstanding { $outstanding }, provisions { $provisions }
cli-portfolio-provisions = provisions required { $provisions }
cli-portfolio-provisions-coverage = provisions required { $provisions }, coverage of doubtful loans { $coverage }
cli-portfolio-irrecoverable = irrecoverable (to be written off at year end): { $count } loan(s), { $outstanding }
cli-loans-written = { $count } loans of { $institution } { $period } (loan tape version { $version }) written to { $file }
cli-solvency-head = Solvency coefficient of { $institution } for { $period } ({ $source }, framework { $framework }), from return version { $version }:
cli-solvency-core-head = Core funds:
cli-solvency-profit = + profit { $profit } less planned dividends { $dividends } = { $counted } (art. 7, at least 0)
cli-solvency-core = = core funds { $amount }
cli-solvency-supplementary-head = Supplementary funds:
cli-solvency-cap = { $what } ({ $article }): { $before } against a limit of { $limit } → counted { $after }{ $binding ->
    [yes] { "  [cap applied]" }
   *[no] {""}
}
cli-cap-guarantee-funds = public and special guarantee funds
cli-cap-general-provisions = general provisions
cli-cap-subordinated = subordinated debt
cli-cap-supplementary = supplementary funds, at most the core funds
cli-solvency-deductions-head = Deductions:
cli-solvency-deductions = = deductions { $amount }
cli-solvency-own-funds = Own funds = { $core } + { $supplementary } - { $deducted } = { $own }
cli-solvency-rwa-head = Risk-weighted assets:
cli-solvency-rwa = = risk-weighted assets { $amount }
cli-solvency-coefficient = Coefficient = { $own } / { $rwa } = { $coefficient } (minimum { $minimum }): { $meets ->
    [yes] meets the minimum
   *[no] BELOW THE MINIMUM
}
cli-solvency-no-coefficient = Coefficient: none (no risk-weighted assets); minimum { $minimum }
cli-solvency-missing = Not in the return (counted as zero): { $items }
