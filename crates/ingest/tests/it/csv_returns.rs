//! Returns in CSV long form: dialects, grouping into submissions, line numbers.

use mizan_core::Checked;
use mizan_ingest::{Limits, RawReturn, RawValue, read_returns_csv};

use crate::codes;

/// `INST PERIOD@place: item=value, item=!issue_code [issues of the return]`, returns joined
/// by ` | `; then the file-level issues as `code@place`.
fn show(read: &Checked<Vec<RawReturn>>) -> (String, Vec<String>) {
    let returns = read
        .data
        .iter()
        .map(|r| {
            let entries = r
                .entries
                .iter()
                .map(|e| {
                    let v = match &e.value {
                        RawValue::Number(d) => d.to_string(),
                        RawValue::Blank => "_".into(),
                        RawValue::Invalid(k) => format!("!{}", k.code()),
                    };
                    format!("{}={v}", e.item)
                })
                .collect::<Vec<_>>()
                .join(", ");
            let issues = if r.issues.is_empty() {
                String::new()
            } else {
                format!(" {:?}", codes(&r.issues))
            };
            format!(
                "{} {}@{}: {entries}{issues}",
                r.institution, r.period, r.place
            )
        })
        .collect::<Vec<_>>()
        .join(" | ");
    (returns, codes(&read.issues))
}

#[track_caller]
fn check(input: &str, expected: &str) {
    let read = read_returns_csv(input.as_bytes(), &Limits::default());
    let (returns, file_issues) = show(&read);
    assert_eq!(returns, expected, "{input:?}");
    assert_eq!(file_issues, Vec::<String>::new(), "{input:?}");
}

#[track_caller]
fn check_file(input: &[u8], expected_returns: &str, expected_issues: &[&str]) {
    let read = read_returns_csv(input, &Limits::default());
    let (returns, file_issues) = show(&read);
    assert_eq!(returns, expected_returns, "{input:?}");
    assert_eq!(file_issues, expected_issues, "{input:?}");
}

const H: &str = "institution,period,item,value\n";
const HF: &str = "institution;period;item;value\n";

#[test]
fn plain_comma_and_point() {
    check(
        &format!("{H}SA01,2016-Q1,loans.outstanding,1850679.25\n"),
        "SA01 2016-Q1@line 2: loans.outstanding=1850679.25",
    );
    check(
        &format!("{H}SA01,2016-Q1,income.net,-32.83\nSA01,2016-Q1,pricing.lending_rate_max,0.1\n"),
        "SA01 2016-Q1@line 2: income.net=-32.83, pricing.lending_rate_max=0.1",
    );
    check(
        &format!("{H}SA01,2016-Q1,loans.outstanding,12345678901234.56\n"),
        "SA01 2016-Q1@line 2: loans.outstanding=12345678901234.56",
    );
    // A decimal comma in a comma file must be quoted; it is then read (not ambiguous).
    check(
        &format!("{H}SA01,2016-Q1,x,\"4,41\"\n"),
        "SA01 2016-Q1@line 2: x=4.41",
    );
    // Spaces around fields are ignored; trailing zeros are not significant.
    check(
        &format!("{H} SA01 , 2016-Q1 , x , 12.50 \n"),
        "SA01 2016-Q1@line 2: x=12.5",
    );
}

#[test]
fn french_locale() {
    check(
        &format!("{HF}SA01;2016-Q1;loans.outstanding;1 850 679,25\n"),
        "SA01 2016-Q1@line 2: loans.outstanding=1850679.25",
    );
    check(
        &format!(
            "{HF}SA01;2016-Q1;a;1\u{00A0}850\u{00A0}679\nSA01;2016-Q1;b;1\u{202F}850\u{202F}679,5\n"
        ),
        "SA01 2016-Q1@line 2: a=1850679, b=1850679.5",
    );
    check(
        &format!("{HF}SA01;2016-Q1;a;1\u{2009}000\nSA01;2016-Q1;b;-32,83\nSA01;2016-Q1;c;4.41\n"),
        "SA01 2016-Q1@line 2: a=1000, b=-32.83, c=4.41",
    );
    // With a byte-order mark and CRLF line ends, as spreadsheet programs write.
    check(
        "\u{FEFF}institution;period;item;value\r\nSA01;2016-Q1;a;0,1\r\nSA01;2016-Q1;b;12345678901234,56\r\n",
        "SA01 2016-Q1@line 2: a=0.1, b=12345678901234.56",
    );
    check(
        "\u{FEFF}institution,period,item,value\r\nSA01,2016-Q1,a,7\r\n",
        "SA01 2016-Q1@line 2: a=7",
    );
}

#[test]
fn ambiguous_numbers_are_refused_not_guessed() {
    check(
        &format!("{HF}SA01;2016-Q1;a;1.234,56\n"),
        "SA01 2016-Q1@line 2: a=!ambiguous_number",
    );
    check(
        &format!("{H}SA01,2016-Q1,a,\"1,234.56\"\n"),
        "SA01 2016-Q1@line 2: a=!ambiguous_number",
    );
    check(
        &format!("{HF}SA01;2016-Q1;a;1.234\n"),
        "SA01 2016-Q1@line 2: a=!ambiguous_number",
    );
    check(
        &format!("{H}SA01,2016-Q1,a,\"1,234\"\n"),
        "SA01 2016-Q1@line 2: a=!ambiguous_number",
    );
    // Unambiguous in the file's own dialect.
    check(
        &format!("{HF}SA01;2016-Q1;a;1,234\n"),
        "SA01 2016-Q1@line 2: a=1.234",
    );
    check(
        &format!("{H}SA01,2016-Q1,a,1.234\n"),
        "SA01 2016-Q1@line 2: a=1.234",
    );
}

#[test]
fn values_that_are_not_numbers() {
    check(
        &format!("{H}SA01,2016-Q1,a,abc\n"),
        "SA01 2016-Q1@line 2: a=!not_a_number",
    );
    check(
        &format!("{HF}SA01;2016-Q1;a;12,5,0\n"),
        "SA01 2016-Q1@line 2: a=!not_a_number",
    );
    check(
        &format!("{H}SA01,2016-Q1,a,1e5\n"),
        "SA01 2016-Q1@line 2: a=!not_a_number",
    );
    check(
        &format!("{HF}SA01;2016-Q1;a;18 50\n"),
        "SA01 2016-Q1@line 2: a=!bad_grouping",
    );
    check(
        &format!("{H}SA01,2016-Q1,a,99999999999999999999999999999999\n"),
        "SA01 2016-Q1@line 2: a=!number_out_of_range",
    );
    check(&format!("{H}SA01,2016-Q1,a,\n"), "SA01 2016-Q1@line 2: a=_");
}

#[test]
fn lines_group_into_submissions_in_order_of_first_appearance() {
    check(
        &format!(
            "{H}SA02,2016-Q1,a,1\nSA01,2016-Q1,a,2\nSA02,2016-q1,b,3\nSA01,2016-Q2,a,4\nSA01,2016-Q1,b,5\n"
        ),
        "SA02 2016-Q1@line 2: a=1, b=3 | SA01 2016-Q1@line 3: a=2, b=5 | SA01 2016-Q2@line 5: a=4",
    );
}

#[test]
fn blank_lines_are_skipped_and_lines_keep_their_numbers() {
    check(
        &format!("{H}\nSA01,2016-Q1,a,1\n\r\n   \n,,,\nSA01,2016-Q1,b,2\n\n"),
        "SA01 2016-Q1@line 3: a=1, b=2",
    );
    let read = read_returns_csv(
        format!("{H}\n\nSA01,2016-Q1,a,x\n").as_bytes(),
        &Limits::default(),
    );
    let place = read
        .data
        .first()
        .and_then(|r| r.entries.first())
        .map(|e| e.place.to_string());
    assert_eq!(place.as_deref(), Some("line 4, column value"));
}

#[test]
fn columns_in_any_order_and_case() {
    check(
        "VALUE,Item,Period,Institution\n12,a,2016-Q1,SA01\n",
        "SA01 2016-Q1@line 2: a=12",
    );
}

#[test]
fn problems_of_a_line_stay_with_its_submission() {
    // A wrong field count on a line of SA01 belongs to SA01; one without a period to the file.
    check_file(
        format!("{H}SA01,2016-Q1,a,1,5\nSA02,2016-Q1,a,1\n,2016-Q1,a,1\nSA03,,a,1\n").as_bytes(),
        "SA01 2016-Q1@line 2:  [\"field_count@line 2\"] | SA02 2016-Q1@line 3: a=1",
        &[
            "missing_value@line 4, column institution",
            "missing_value@line 5, column period",
        ],
    );
    // An empty item, a malformed period and institution code are the submission's.
    check_file(
        format!("{H}SA01,2016-Q1,,1\nSA 01,2016Q1,a,1\n").as_bytes(),
        "SA01 2016-Q1@line 2:  [\"missing_value@line 2, column item\"] | SA 01 2016Q1@line 3: a=1 \
         [\"invalid_code@line 3, column institution\", \"bad_period@line 3, column period\"]",
        &[],
    );
    // A line without its period, with the wrong field count, cannot be attributed.
    check_file(
        format!("{H}SA01\nSA01,2016-Q1,a,1\n").as_bytes(),
        "SA01 2016-Q1@line 3: a=1",
        &["field_count@line 2"],
    );
}

#[test]
fn unknown_columns_are_warned_and_ignored() -> crate::TestResult {
    let read = read_returns_csv(
        b"institution,period,item,value,comment\nSA01,2016-Q1,a,1,ok\n",
        &Limits::default(),
    );
    assert!(!read.is_blocked());
    assert_eq!(
        codes(&read.issues),
        ["unknown_column@line 1, column comment"]
    );
    assert_eq!(read.data.len(), 1);
    Ok(())
}
