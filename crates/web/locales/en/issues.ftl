## Validation issues

## The file as a whole
issue-empty-file = the file is empty
issue-header-only = the file has a header but no data
issue-not-utf8 = the file is not UTF-8 text
issue-file-too-large = the file is { $size } bytes, over the limit of { $limit } bytes
issue-unknown-format = the file is neither a CSV file nor an Excel workbook (.xlsx)
issue-not-a-workbook = the file is not a readable Excel workbook (.xlsx): { $reason }
issue-not-a-template = the workbook is not the return template: sheet(s) { $sheets } missing; download the template and fill it in
issue-too-large = { $what } exceeds the limit of { $limit }; the file is refused
issue-workbook-too-large-shared-strings = the workbook holds more than { $limit } distinct texts (shared strings); the file is refused before it is opened
issue-workbook-too-large-shared-strings-bytes = the workbook's table of texts (shared strings) is over { $limit } bytes; the file is refused before it is opened
issue-workbook-too-large-styles = the workbook holds more than { $limit } cell formats; the file is refused before it is opened
issue-workbook-too-large-part-bytes = a part of the workbook read whole (styles, sheet list, relationships) is over { $limit } bytes; the file is refused before it is opened
issue-workbook-too-large-rows = the sheet has more than { $limit } rows; the file is refused
issue-workbook-too-large-columns = a row of the sheet has more than { $limit } columns; the file is refused
issue-workbook-too-large-cells = the sheet has more than { $limit } cells; the file is refused
issue-workbook-too-large-cell-bytes = a cell or tag of the sheet is over { $limit } bytes; the file is refused before it is opened
issue-missing-columns = missing column(s) { $missing }; the header has: { $found }
issue-unknown-column = column "{ $column }" is not part of the format and is ignored
issue-duplicate-column = column "{ $column }" appears twice
issue-field-count = { $found } field(s) where the header has { $expected }
issue-syntax = unreadable CSV: { $reason }

## Values
issue-missing-value = { $field }: a value is required
issue-not-a-number = value "{ $value }" is not a number
issue-ambiguous-number = value "{ $value }" is ambiguous (decimal mark or thousands separator?); write it without thousands separators, with the file's decimal mark
issue-bad-grouping = value "{ $value }" has misplaced thousands separators
issue-number-out-of-range = value "{ $value }" is too large or has too many digits
issue-empty-value = the value is empty: the item is taken as not reported (write 0 if the value is zero)
issue-formula-without-value = the cell holds a formula without a computed result; open the file in a spreadsheet program, let it calculate and save it again
issue-excel-error = the cell holds the Excel error { $error }; correct the formula or value
issue-negative-count = a count cannot be negative (found { $value })
issue-fractional-count = a count must be a whole number (found { $value })
issue-negative-amount = this amount cannot be negative (found { $value })
issue-not-a-boolean = { $field }: "{ $value }" is not valid; expected yes or no (true/false, 1/0)
issue-class-out-of-range = { $field }: there is no class "{ $value }"; leave it empty or give a class from 1 to { $max }
issue-not-utf8-text = { $field }: the text is not UTF-8; save the file as CSV UTF-8
issue-invalid-value = { $field }: "{ $value }" is not valid; expected { $expected }
issue-bad-country = { $field }: "{ $value }" is not a country code; expected the two letters of ISO 3166-1 (CI, MA, SN)
issue-missing-country = { $field }: a value is required, because the framework { $framework } covers several countries
issue-invalid-code = "{ $value }" is not a valid code: { $reason }

## The return against the framework and the registry
issue-unknown-item = item "{ $item }" is not part of the framework
issue-duplicate-item = the item is given twice in this return (first at { $first })
issue-unknown-institution = institution "{ $institution }" is not in the registry; import the registry first
issue-bad-period = the period "{ $period }" is not accepted: a period is written YYYY-Qn, for example 2016-Q1
issue-period-not-ended = { $period } has not ended: it ends on { $ends }, and its files are accepted from the next day
issue-reports-monthly = { $institution } reports monthly (art. 44 SFD): send the month { $instead-code } ({ $instead }) for the quarter { $period }
issue-reports-quarterly = { $institution } reports quarterly: send the quarter { $instead-code } ({ $instead }), not the month { $period }
issue-valid-from-month = a registry version applies from a quarter: write { $quarter }, not the month { $period }
issue-not-registered-for = institution { $institution } is not in the registry for { $period } (it is from { $from } on)
issue-no-framework-for = the framework { $framework } does not apply to { $period }
issue-no-framework-for-versions = the framework { $framework } does not apply to { $period }; its rules in force: { $versions }
framework-version-from-until = version { $version }, from { $from } to { $until }
framework-version-from = version { $version }, from { $from }
framework-version-until = version { $version }, until { $until }
framework-version-always = version { $version }, every period
issue-unknown-period = period "{ $period }" is not accepted: { $reason }
issue-context-mismatch = the file is for { $field } { $in_file }, not { $expected }
issue-context-institution = institution
issue-context-period = period
issue-context-framework = framework
issue-total-mismatch = the total { $supplied } differs from the sum of its parts { $sum } ({ $parts })
issue-legacy-excel = this is an Excel 97-2003 workbook (.xls): open it in Excel or LibreOffice, choose “Save as”, pick “Excel workbook (.xlsx)” and send that file
issue-template-altered = the item codes of this sheet are not in column A where the template puts them ({ $count } of { $expected } missing: { $codes }): columns or rows were deleted or moved; fill in a fresh template without changing its layout
issue-template-value-column-moved = the column of values (« Valeur ») is no longer column D: columns were deleted or moved; fill in a fresh template without changing its layout
issue-percentage-format = the cell is formatted as a percentage ({ $shown }) but the item is an amount or a count: remove the percentage format and type the figure
issue-date-instead-of-number = the cell holds a date ({ $shown }) where a number is expected: type the figure in a cell formatted as a number
issue-text-too-long = the { $field } has { $found } characters; at most { $max } are accepted
issue-amount-without-subunit = the amount { $value } has decimals, but { $currency } has no subunit: check the decimal separator and the unit (amounts are in { $currency }, not thousands)
issue-amount-below-currency-unit = the amount { $value } has more than { $decimals } decimal(s), the smallest unit of { $currency }
issue-refused-with-file = nothing of this file is stored: { $refused } other return(s) of it have blocking issues; correct them and send the whole file again
issue-empty-return = the return holds no value: fill in the figures (an empty cell means not reported)
issue-total-without-parts = a total is given without its parts; report { $parts } instead
issue-duplicate-institution = the institution is given twice (first at { $first })

## Loan tapes
issue-invalid-date = { $field }: "{ $value }" is not a date; write YYYY-MM-DD or DD/MM/YYYY
issue-date-after-as-of = { $field }: { $date } is after the quarter-end { $as_of }
issue-duplicate-loan = loan "{ $loan }" is given twice (first at line { $line })
issue-reserved-above-receivable = reserved interest { $reserved } exceeds the receivable { $receivable } (outstanding principal + accrued interest)
issue-restructure-count-decreased = restructure_count went down from { $previous } at the previous quarter-end to { $current }
issue-interest-due-without-unpaid-date = interest due and unpaid of { $interest } is given without an unpaid due date (oldest_unpaid_due_date): arrears are principal and interest (art. 5)
issue-refinancing-not-counted = this loan refinances loan "{ $loan }", doubtful at the previous quarter-end: it is a restructuring of it (art. 8), so restructure_count must be at least { $least } (found { $current })
issue-irrecoverable-not-written-off = loan "{ $loan }" was irrecoverable on { $year_end } (unpaid since { $due }) and is still on the tape: article 17 writes it off at the latest at the year end
issue-rules-not-in-force = { $source } is in force from { $from }: { $period } ends before that date, so its loan tape is not classified under this circular
issue-no-rule-for-column = { $source } has no rule for the column { $column }: the loan is classified without it
issue-reserved-above-accrued = the reserved interest ({ $reserved }) exceeds the interest due and unpaid ({ $accrued }) it is reserved from
issue-outstanding-above-disbursed = the outstanding principal ({ $outstanding }) exceeds the principal disbursed ({ $disbursed })
issue-given-without-restructuring = { $field } is given for a loan that was never restructured (restructure_count is 0)
issue-inconsistent = { $field }: { $reason }
issue-differs-from-tape = the return gives { $value } where the loan tape (version { $version }) gives { $tape_value }; the return's value is kept
issue-rule = { $message } [{ $rule }]
