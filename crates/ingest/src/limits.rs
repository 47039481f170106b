//! Limits on what a submitted file may cost to read, and recognising a file by its content.

use mizan_core::{Issue, IssueKind, Place};

/// What a submitted file may cost to read. Anything beyond is refused with a blocking
/// [`IssueKind::FileTooLarge`] or [`IssueKind::TooLarge`] before it is expanded in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Size of the file as uploaded, in bytes.
    pub max_file_bytes: u64,
    /// Data lines of a CSV file; rows of a worksheet (the last row index allowed, plus one).
    pub max_rows: u64,
    /// Columns of a CSV header; columns of a worksheet.
    pub max_columns: u64,
    /// Cells of one worksheet (every `<c>` element counts, even an empty one).
    pub max_cells: u64,
    /// Total uncompressed size of the members of an xlsx archive, as declared by the archive
    /// (the zip reader refuses a member that expands beyond its declared size).
    pub max_uncompressed_bytes: u64,
    /// Members of an xlsx archive.
    pub max_zip_entries: u64,
    /// Entries of a workbook's shared-strings table (`<si>`, counted by streaming the part
    /// before the workbook is opened; the workbook reader keeps each one as a `String`, 24 bytes
    /// and an allocation even when empty), and the count the table declares.
    pub max_shared_strings: u64,
    /// Uncompressed size of the shared-strings part, which bounds the text the reader keeps.
    pub max_shared_strings_bytes: u64,
    /// Style records of a workbook (`<xf>`, `<font>`, `<fill>`, `<border>`, `<numFmt>`), each
    /// kept by the workbook reader as a few hundred bytes.
    pub max_styles: u64,
    /// Uncompressed size of any other XML part that the workbook reader reads whole when it
    /// opens a workbook (workbook, styles, relationships, theme, …); worksheets are streamed.
    pub max_part_bytes: u64,
}

impl Default for Limits {
    /// 20 MB file, 100 000 rows, 200 columns, 1 000 000 cells per sheet, 200 MB uncompressed,
    /// 1 000 archive members, 100 000 shared strings in at most 16 MB, 100 000 style records,
    /// 8 MB for any other part read whole.
    fn default() -> Self {
        Self {
            max_file_bytes: 20 * 1024 * 1024,
            max_rows: 100_000,
            max_columns: 200,
            max_cells: 1_000_000,
            max_uncompressed_bytes: 200 * 1024 * 1024,
            max_zip_entries: 1_000,
            max_shared_strings: 100_000,
            max_shared_strings_bytes: 16 * 1024 * 1024,
            max_styles: 100_000,
            max_part_bytes: 8 * 1024 * 1024,
        }
    }
}

impl Limits {
    /// A blocking [`IssueKind::FileTooLarge`] when `bytes` is over [`Limits::max_file_bytes`].
    pub fn check_size(&self, bytes: &[u8]) -> Option<Issue> {
        self.check_len(u64::try_from(bytes.len()).unwrap_or(u64::MAX))
    }

    /// A blocking [`IssueKind::FileTooLarge`] when a file of `size` bytes is over
    /// [`Limits::max_file_bytes`] (for a file not read yet).
    pub fn check_len(&self, size: u64) -> Option<Issue> {
        (size > self.max_file_bytes).then(|| {
            Issue::blocking(
                Place::File,
                IssueKind::FileTooLarge {
                    size,
                    limit: self.max_file_bytes,
                },
            )
        })
    }
}

/// What a file is, judged by its content (never by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Text: read it as CSV (the CSV readers report non-UTF-8 text as such).
    Csv,
    /// A zip archive: an xlsx workbook, if anything.
    Xlsx,
    /// Neither.
    Unknown,
}

const SNIFF_BYTES: usize = 8 * 1024;

/// Recognises a file by its first bytes.
///
/// - `PK\x03\x04` (a zip archive) → [`FileFormat::Xlsx`]: whether it really is a workbook is
///   for [`crate::read_template`] to say.
/// - Text → [`FileFormat::Csv`]: no NUL byte nor control character other than tab, line feed,
///   carriage return and form feed in the first 8 KiB. Text in another encoding than UTF-8 (a
///   Latin-1 export) is still sniffed as CSV, so that the CSV reader can tell the user to save
///   it as UTF-8 ([`IssueKind::NotUtf8`]); so is UTF-16 with its byte-order mark. An empty file
///   is CSV (and then [`IssueKind::EmptyFile`]).
/// - Anything else → [`FileFormat::Unknown`].
///
/// ```
/// use mizan_ingest::{sniff, FileFormat};
/// assert_eq!(sniff(b"institution,period,item,value\n"), FileFormat::Csv);
/// assert_eq!(sniff(b"\xEF\xBB\xBFcode;name\n"), FileFormat::Csv);
/// assert_eq!(sniff(b"PK\x03\x04\x14\x00"), FileFormat::Xlsx);
/// assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\x00\x00"), FileFormat::Unknown);
/// ```
pub fn sniff(bytes: &[u8]) -> FileFormat {
    if bytes.starts_with(b"PK\x03\x04") {
        return FileFormat::Xlsx;
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return FileFormat::Csv;
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let binary = head
        .iter()
        .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C) || b == 0x7F);
    if binary {
        FileFormat::Unknown
    } else {
        FileFormat::Csv
    }
}
