## Public site interface — English

site-title = Microfinance statistics
lang-name = English
lang-switch = Language
nav-label = Main navigation
nav-home = Published bulletins
nav-indicators = Indicators
nav-methodology = Methodology
nav-api = Open API
skip-to-content = Skip to content
footer-text = Consolidated, anonymised data: no single institution's figures are published. Every figure states the number of institutions (n) behind it.

## Dates and quarters
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
date-long = { $day } { $month } { $year }
datetime-long = { $day } { $month } { $year }, { $time }
period-short = Q{ $quarter } { $year }
period-month-short = { $month } { $year }

## List of quarters
home-title = Published bulletins
home-intro = Financial, non-financial and prudential indicators of microfinance institutions, consolidated by category of institution and for the whole sector, quarter by quarter.
home-empty = No quarter has been published yet.
col-quarter = Quarter
col-revisions = Revisions
col-published = Published
col-downloads = Downloads
revision-n = revision { $n }

## Bulletin
bulletin-title = Financial and non-financial reporting of microfinance institutions — { $period }
published-revision = Published { $date } (revision { $n })
revision-note = Revision note:
superseded = This revision is superseded by revision { $n }, published { $date }.
link-revisions = Revision history
method-label = Consolidation method
method-published = Published method
method-pooled = Pooled ratios
method-median = Median
method-published-help = Mean of the ratios of the institutions that have a value; for prudential ratios, Σ A / Σ B, the A and B rows showing Σ A / n and Σ B / n.
method-pooled-help = Σ numerators / Σ denominators over the institutions reporting both; totals for counts and amounts. Less sensitive to extreme values than the mean of ratios.
method-median-help = The median value of the institutions that have a value (half are above, half below).
col-number = No.
col-indicator = Indicator
col-norms = Norms
not-applicable = n/a
cell-n = n = { $n }
cell-compliant = { $k } compliant
reporting-intro = The following institutions sent their data (in order of reception):
group-footnote = { $group } ({ $received } received / { $expected } expected):
group-footnote-sector = { $group }: { $received } received / { $expected } expected.
group-footnote-outside = Outside the peer groups, counted in the sector's total only ({ $count }):
legend-n = n: number of institutions behind the figure.
legend-compliant = compliant: how many of them meet the norm that applies to them.
legend-na = n/a: not applicable (no institution reports the data needed).
suppressed-symbol = c
downloads = Downloads
download-csv = CSV for programs (codes, decimal point)
download-xlsx = Spreadsheet (laid out like the bulletin)
download-json = JSON
download-series-json = Series as JSON

## Revisions
revisions-title = Revision history — { $period }
col-revision = Revision
col-status = Status
col-note = Note
status-current = current
status-superseded = superseded
back-to-bulletin = Back to the { $period } bulletin

## Indicators
indicators-title = Indicators
indicators-intro = Each indicator has its page: its formula, its norm and its course over the published quarters, by category of institution.
col-code = Code
col-formula = Formula
col-consolidation = Consolidation
col-display = Display
consolidation-mean = mean of the institutions' values
consolidation-ratio-of-sums = Σ A / Σ B (ratio of sums)
chart-alt = “{ $indicator }” by quarter and category of institution
series-empty = No published quarter has this indicator.

## Methodology
methodology-title = Methodology
methodology-intro = This page is generated from the configuration of the reporting framework “{ $framework }” (version { $version }): the formulas, norms and categories below are those the figures were computed with.
methodology-methods = Consolidation methods
methodology-groups = Categories of institutions
methodology-derived = Derived values
methodology-indicators = Indicators, formulas and norms
legal-form-sa = public limited company
legal-form-sarl = private limited company
legal-form-mutual = mutual
legal-form-cooperative = cooperative
legal-form-association = association
sector-help = every institution that sent its data; the sector figure is computed over all of them, never from the category figures.
display-percent = percentage, 2 decimals
display-integer = whole number
display-thousands = in thousands, whole
display-rate = rate in %, 2 decimals
rule-rounding-title = Rounding
rule-rounding = Figures are computed as exact decimals and rounded only for display, to the nearest (halves away from zero). The CSV and JSON files give the exact values.
rule-numbers-title = How numbers are written
rule-numbers = In French, a narrow no-break space between thousands and a decimal comma (1 850 679; 4,41 %). In English, a comma between thousands and a decimal point (1,850,679; 4.41%). In Arabic, as used in the Maghreb: digits 0–9, a dot between thousands and a decimal comma (1.850.679; 4,41 %).
rule-n-title = Number of institutions
rule-n = Every figure states n, the number of institutions it comes from, and for indicators with a norm how many of them meet the norm that applies to them (by legal form, structure or affiliation).
rule-suppression-title = Statistical confidentiality
rule-suppression = A figure from which one institution's figure could be deduced (too few institutions, or one dominant institution) is not published: it is shown as “c” and exported empty with the “suppressed” flag.
rule-revisions-title = Revisions
rule-revisions = A published quarter may be revised (a late or corrected return): the new revision carries a dated note and earlier revisions stay readable, marked as superseded.

## Errors
error-title-404 = Page not found
error-text-404 = This quarter, indicator or page does not exist or is not published.
error-title-400 = Bad request
error-text-400 = A parameter of the address is not understood.
error-title-500 = Server error
error-text-500 = The page could not be produced. The incident has been logged; please try again later.
error-back = Back to the published bulletins
error-request-id = Request reference:

## The bulletin workbook (mizan_service::export::table_xlsx)
table-xlsx-method-published = published method: mean of ratios, Σ A / Σ B for prudential ratios
table-xlsx-method-pooled = pooled: Σ numerators / Σ denominators, totals
table-xlsx-method-median = median of institutions
table-xlsx-number = No.
table-xlsx-norms = Norms
table-xlsx-not-applicable = n/a
table-xlsx-suppressed = Confidential: not published (too few institutions, or one dominant institution)
table-xlsx-note = n = { $n }
table-xlsx-note-compliant = n = { $n }; meeting the norm: { $compliant }

## Indicator page: the series in words, its CSV, the quartile band (issue 14)
download-series-csv = Series as CSV
series-band = { $group }: first to third quartile
series-said-title = The latest quarter at a glance
series-said-value = In { $period }, the figure is { $value }.
series-said-withheld = In { $period }, this figure is withheld for statistical confidentiality: it is neither published nor compared.
series-said-none = In { $period }, no institution has a figure (N/A).
series-said-norm = { $position ->
    [above-meets] That is above the norm ({ $norm }), which is therefore met.
    [above-fails] That is above the norm ({ $norm }), which is therefore not met.
    [below-meets] That is below the norm ({ $norm }), which is therefore met.
    [below-fails] That is below the norm ({ $norm }), which is therefore not met.
    [at-meets] That is exactly the norm ({ $norm }), which is therefore met.
    [at-fails] That is exactly the limit of the norm ({ $norm }), which is therefore not met.
   *[within-meets] That is within the norm's bounds ({ $norm }).
}
series-said-norm-trend = The norm ({ $norm }) concerns each institution's change, not this figure.
series-said-norm-varies = The norm depends on the institution ({ $norm }): this figure is not compared with it.
series-said-change-points = { $direction ->
    [up] Up { $change } percentage points from { $previous }.
    [down] Down { $change } percentage points from { $previous }.
   *[same] Unchanged from { $previous }.
}
series-said-change = { $direction ->
    [up] Up { $change } from { $previous }.
    [down] Down { $change } from { $previous }.
   *[same] Unchanged from { $previous }.
}
series-said-previous-withheld = In { $previous }, this figure was withheld for statistical confidentiality: the change is not computed.
series-said-previous-none = In { $previous }, there was no figure to compare with.

## The open API for people (/api/docs, issue 14)
api-docs-title = The open API
api-docs-intro = The published figures are also served as JSON, without registration, at the addresses below. Each example is an address of this site that answers now, with the latest published quarter.
api-docs-document = The machine-readable description (OpenAPI 3):
api-docs-name = Parameter
api-docs-in = Where
api-docs-required-header = Required
api-docs-description = Description
api-docs-in-path = in the path
api-docs-in-query = in the query
api-docs-required = yes
api-docs-optional = no
api-docs-no-params = No parameters.
api-docs-values = Values:
api-docs-default = default: { $value }
api-docs-example = Example:
api-op-openapi = This document, the OpenAPI 3 description of the API.
api-op-listPeriods = Published quarters, newest first, with their revisions.
api-op-getPeriod = A published quarter: its revision, the columns and who reported (N received / M expected, names in order of reception).
api-op-getCells = Every consolidated cell of a quarter for a method.
api-op-listIndicators = The indicators of the framework: formula, norm, published method, display.
api-op-getSeries = An indicator's figures over every published quarter (current revisions), oldest first.
api-param-period = A quarter, YYYY-Qn (2016-Q1).
api-param-revision = A revision of the quarter (default: the current one).
api-param-method = Consolidation method: the published one (mean of ratios; Σ A / Σ B for prudential ratios), pooled (Σ numerators / Σ denominators, totals) or the median of the institutions.
api-param-lang = Language of the labels (default: the mizan_lang cookie, then Accept-Language, then French).
api-param-code = An indicator code (fin.par30), or the A or B row of a prudential ratio (prud.capitalization.a).
methodology-api-title = Reusing the figures
methodology-api = The published figures are served as JSON by an open API, described here:

## SDMX (mizan_service::sdmx, pages/sdmx.rs, the methodology)
download-sdmx = SDMX-CSV (every method)
methodology-sdmx-title = SDMX for statistics offices
methodology-sdmx = The published figures of each quarter are also disseminated as SDMX-CSV 2.0 (dimensions indicator, peer group, method and quarter; attributes observation status, confidentiality status, number of institutions and number of compliant institutions), with the structure they follow (data structure definition, code lists and concepts) as an SDMX-ML 2.1 structure message. A figure withheld for statistical confidentiality is empty there, with confidentiality status C.
methodology-sdmx-structure = SDMX structure (SDMX-ML 2.1)
methodology-sdmx-data = SDMX-CSV data of { $period }
sdmx-concepts = Mizan concepts
sdmx-concept-indicator = Indicator
sdmx-concept-peer-group = Peer group
sdmx-concept-method = Consolidation method
sdmx-concept-time-period = Time period
sdmx-concept-obs-value = Observation value
sdmx-concept-obs-status = Observation status
sdmx-concept-conf-status = Confidentiality status
sdmx-concept-n-institutions = Number of institutions
sdmx-concept-n-compliant = Number of institutions meeting the norm
sdmx-codelist-indicator = Indicators
sdmx-codelist-peer-group = Peer groups
sdmx-codelist-method = Consolidation methods
sdmx-concept-ref-area = Reference area
sdmx-codelist-ref-area = Reference areas
country-label = Country
column-group-in-country = { $group } — { $country }
country-bj = Benin
country-bf = Burkina Faso
country-ci = Côte d'Ivoire
country-gw = Guinea-Bissau
country-ml = Mali
country-ne = Niger
country-sn = Senegal
country-tg = Togo
country-ma = Morocco
sdmx-codelist-obs-status = Observation status
sdmx-codelist-conf-status = Confidentiality status
sdmx-obs-status-a = Normal value
sdmx-obs-status-m = Missing value; data cannot exist
sdmx-obs-status-q = Missing value; suppressed
sdmx-conf-status-f = Free (free for publication)
sdmx-conf-status-c = Confidential statistical information

## The bulletin as files: the workbook and the spreadsheet CSV (mizan_service::sheet)
sheet-col-group = Group
sheet-col-value = Value
sheet-col-unit = Unit
sheet-col-n = n
sheet-col-compliant = Meeting the norm
sheet-col-remark = Remark
sheet-unit-percent = %
sheet-unit-thousands = thousands of { $currency }
sheet-reporting = Reporting institutions
download-sheet-csv = CSV for spreadsheets (English labels, decimal point)
api-op-getSdmxData = The published figures of a quarter as SDMX-CSV 2.0 (every method in one file).
api-op-getSdmxStructure = The SDMX structure of the data: an SDMX-ML 2.1 structure message.
# Between the items of a list written as one sentence.
list-separator = { "; " }
