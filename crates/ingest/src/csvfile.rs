//! The CSV dialect of interchange files and the reading shared by every CSV format: encoding,
//! separator, header, line numbers, field counts and limits.

use mizan_core::number::DecimalMark;
use mizan_core::{Issue, IssueKind, Place};

use crate::limits::{FileFormat, Limits, sniff};

/// The dialect of one CSV file, detected from its header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// `b','` or `b';'`.
    pub separator: u8,
    /// `.` with `,`, `,` with `;` (French-locale spreadsheets).
    pub decimal_mark: DecimalMark,
}

impl Dialect {
    /// Detects the dialect from the header line: `;` when it has more semicolons than commas
    /// outside quotes (then the decimal mark is the comma), else `,` with the decimal point.
    pub fn detect(header_line: &str) -> Self {
        let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
        for c in header_line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => commas += 1,
                ';' if !quoted => semicolons += 1,
                _ => {}
            }
        }
        if semicolons > commas {
            Self {
                separator: b';',
                decimal_mark: DecimalMark::Comma,
            }
        } else {
            Self {
                separator: b',',
                decimal_mark: DecimalMark::Point,
            }
        }
    }
}

/// One data line: its number (the header is line 1) and its fields, trimmed.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub number: u64,
    pub fields: Vec<String>,
}

impl Line {
    /// The field of column `index`, or `""` when the line is short.
    pub fn get(&self, index: Option<usize>) -> &str {
        index
            .and_then(|i| self.fields.get(i))
            .map_or("", String::as_str)
    }
}

/// A CSV file whose header is read: what the format-specific readers iterate over.
pub(crate) struct Table {
    pub dialect: Dialect,
    /// Column names, trimmed and lower-cased.
    pub columns: Vec<String>,
    /// Data lines (blank lines skipped), each with its number. A line with the wrong number of
    /// fields is reported through `on_bad_count` and not returned.
    pub lines: Vec<Line>,
}

impl Table {
    /// The index of a column by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

/// A line whose field count differs from the header's.
pub(crate) struct BadLine {
    pub line: Line,
    pub issue: Issue,
}

/// Reads a CSV file's text, header and lines; file-level problems go to `issues`. Returns
/// `None` when the file cannot be read as a table at all (the reason is in `issues`).
pub(crate) fn read_table(
    bytes: &[u8],
    limits: &Limits,
    required: &[&str],
    optional: &[&str],
    issues: &mut Vec<Issue>,
    bad_lines: &mut Vec<BadLine>,
) -> Option<Table> {
    if let Some(issue) = limits.check_size(bytes) {
        issues.push(issue);
        return None;
    }
    match sniff(bytes) {
        FileFormat::Csv => {}
        // A workbook sent where CSV is expected: tell the user to save it as CSV UTF-8.
        FileFormat::Xlsx => {
            issues.push(Issue::blocking(Place::File, IssueKind::NotUtf8));
            return None;
        }
        FileFormat::Unknown => {
            issues.push(Issue::blocking(Place::File, IssueKind::UnknownFormat));
            return None;
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            issues.push(Issue::blocking(
                Place::line(u64::try_from(line).unwrap_or(u64::MAX)),
                IssueKind::NotUtf8,
            ));
            return None;
        }
    };
    if text.trim().is_empty() {
        issues.push(Issue::blocking(Place::File, IssueKind::EmptyFile));
        return None;
    }
    let header_text = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let dialect = Dialect::detect(header_text);

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(dialect.separator)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut header: Option<Vec<String>> = None;
    let mut lines = Vec::new();
    let mut rows: u64 = 0;
    let mut lines_before = LineCounter::new(text);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                issues.push(Issue::blocking(
                    Place::line(line),
                    IssueKind::Syntax {
                        reason: e.to_string(),
                    },
                ));
                return None;
            }
        }
        let number = record
            .position()
            .map_or(0, |p| lines_before.line_at(p.byte()));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let fields: Vec<String> = record.iter().map(|f| f.trim().to_owned()).collect();
        let Some(columns) = &header else {
            let columns: Vec<String> = fields.iter().map(|f| f.to_lowercase()).collect();
            if !check_header(&columns, number, limits, required, optional, issues) {
                return None;
            }
            header = Some(columns);
            continue;
        };
        rows += 1;
        if rows > limits.max_rows {
            issues.push(Issue::blocking(
                Place::line(number),
                IssueKind::TooLarge {
                    what: "the number of lines".into(),
                    limit: limits.max_rows,
                },
            ));
            return None;
        }
        let line = Line { number, fields };
        if line.fields.len() != columns.len() {
            let issue = Issue::blocking(
                Place::line(number),
                IssueKind::FieldCount {
                    expected: u64::try_from(columns.len()).unwrap_or(u64::MAX),
                    found: u64::try_from(line.fields.len()).unwrap_or(u64::MAX),
                },
            );
            bad_lines.push(BadLine { line, issue });
            continue;
        }
        lines.push(line);
    }
    let columns = header?;
    if lines.is_empty() && bad_lines.is_empty() {
        issues.push(Issue::blocking(Place::File, IssueKind::HeaderOnly));
        return None;
    }
    Some(Table {
        dialect,
        columns,
        lines,
    })
}

/// Line numbers of byte offsets, counted incrementally (offsets only grow).
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record starting at byte `start`. The CSV reader may place a record's
    /// start on the line end that closed the previous one (`\n` of `\r\n`): such line ends
    /// belong to the previous line and are skipped.
    fn line_at(&mut self, start: u64) -> u64 {
        let mut start = usize::try_from(start)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.offset {
            let newlines = self.text[self.offset..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += u64::try_from(newlines).unwrap_or(u64::MAX);
            self.offset = start;
        }
        self.line
    }
}

/// Checks the header: size, duplicates, missing and unknown columns. False when the file
/// cannot be read further.
fn check_header(
    columns: &[String],
    line: u64,
    limits: &Limits,
    required: &[&str],
    optional: &[&str],
    issues: &mut Vec<Issue>,
) -> bool {
    if u64::try_from(columns.len()).unwrap_or(u64::MAX) > limits.max_columns {
        issues.push(Issue::blocking(
            Place::line(line),
            IssueKind::TooLarge {
                what: "the number of columns".into(),
                limit: limits.max_columns,
            },
        ));
        return false;
    }
    let mut ok = true;
    for (i, c) in columns.iter().enumerate() {
        if columns[..i].contains(c) {
            issues.push(Issue::blocking(
                Place::line_column(line, c.clone()),
                IssueKind::DuplicateColumn { column: c.clone() },
            ));
            ok = false;
        }
    }
    let missing: Vec<String> = required
        .iter()
        .filter(|r| !columns.iter().any(|c| c == *r))
        .map(|r| (*r).to_owned())
        .collect();
    if !missing.is_empty() {
        issues.push(Issue::blocking(
            Place::line(line),
            IssueKind::MissingColumns {
                missing,
                found: columns.to_vec(),
            },
        ));
        ok = false;
    }
    for c in columns {
        if !required.contains(&c.as_str()) && !optional.contains(&c.as_str()) {
            issues.push(Issue::warning(
                Place::line_column(line, c.clone()),
                IssueKind::UnknownColumn { column: c.clone() },
            ));
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialect_from_header() {
        assert_eq!(Dialect::detect("a,b,c").separator, b',');
        assert_eq!(Dialect::detect("a;b;c").separator, b';');
        assert_eq!(Dialect::detect("a;b;c").decimal_mark, DecimalMark::Comma);
        assert_eq!(Dialect::detect("\"a,b\";c;d").separator, b';');
        assert_eq!(Dialect::detect("code").separator, b',');
    }
}
