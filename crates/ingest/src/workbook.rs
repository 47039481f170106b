//! Checks of an xlsx archive before the workbook reader opens it.
//!
//! Opening a workbook with calamine reads some parts whole into memory: the shared-strings
//! table (every `<si>` becomes a `String`: 24 bytes and an allocation for an entry that costs
//! about 5 bytes uncompressed, a few hundredths of a byte compressed), the styles (every
//! `<xf>` a `Style` of a few hundred bytes), the workbook, its relationships and theme; the
//! table even reserves room for the count it declares. A 300 kB file can so cost gigabytes. The
//! checks here stream those parts through an XML tokenizer, with a fixed buffer, and stop at the
//! first limit passed — before anything of them is kept.

use std::io::{BufRead, BufReader, Read, Seek};

use mizan_core::{Issue, IssueKind, Place, WorkbookMeasure};
use quick_xml::events::Event;

use crate::limits::Limits;

/// Excel keeps at most 32,767 characters in a cell; a shared string's XML (runs, phonetic
/// hints, escapes, up to 4 bytes a character) stays well within this.
const MAX_STRING_XML_BYTES: u64 = 1024 * 1024;

/// The longest run of a worksheet's XML between two `<` or `>`: a text or a tag that the XML
/// tokenizer would hold whole in its buffer. A cell of 32,767 characters, escaped, stays well
/// within it.
pub(crate) const MAX_TOKEN_BYTES: u64 = 2 * 1024 * 1024;

/// What a member of the archive is, for these checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartKind {
    /// `…/sharedStrings.xml`.
    SharedStrings,
    /// `…/styles.xml`.
    Styles,
    /// Streamed cell by cell with limits on rows, columns and cells.
    Worksheet,
    /// Another XML part (workbook, relationships, theme, …): its size is limited.
    OtherXml,
    /// Not XML (images, binaries): never read.
    Other,
}

/// Classifies a member by its name (case-insensitive, wherever the workbook's folder is).
pub(crate) fn part_kind(name: &str) -> PartKind {
    let lower = name.to_ascii_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    if file == "sharedstrings.xml" {
        PartKind::SharedStrings
    } else if file == "styles.xml" {
        PartKind::Styles
    } else if lower.contains("worksheets/") && !lower.contains("/_rels/") {
        PartKind::Worksheet
    } else if file.ends_with(".xml") || file.ends_with(".rels") || file.ends_with(".vml") {
        PartKind::OtherXml
    } else {
        PartKind::Other
    }
}

/// A blocking [`IssueKind::WorkbookTooLarge`] for the file as a whole.
pub(crate) fn over(what: WorkbookMeasure, limit: u64) -> Box<Issue> {
    Box::new(Issue::blocking(
        Place::File,
        IssueKind::WorkbookTooLarge { what, limit },
    ))
}

pub(crate) fn unreadable(name: &str, e: impl std::fmt::Display) -> Box<Issue> {
    Box::new(Issue::blocking(
        Place::File,
        IssueKind::NotAWorkbook {
            reason: format!("part {name}: {e}"),
        },
    ))
}

/// Checks the parts of the archive that the workbook reader reads whole: sizes from the
/// directory first (nothing inflated), then the shared strings and styles, streamed.
pub(crate) fn check_parts<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    limits: &Limits,
) -> Result<(), Box<Issue>> {
    let mut scan = Vec::new();
    for i in 0..archive.len() {
        let member = archive.by_index_raw(i).map_err(|e| unreadable("?", e))?;
        let name = member.name().map(|n| n.into_owned()).unwrap_or_default();
        let size = member.size();
        match part_kind(&name) {
            PartKind::SharedStrings => {
                if size > limits.max_shared_strings_bytes {
                    return Err(over(
                        WorkbookMeasure::SharedStringsBytes,
                        limits.max_shared_strings_bytes,
                    ));
                }
                scan.push((i, PartKind::SharedStrings));
            }
            PartKind::Styles | PartKind::OtherXml if size > limits.max_part_bytes => {
                return Err(over(WorkbookMeasure::PartBytes, limits.max_part_bytes));
            }
            PartKind::Styles => scan.push((i, PartKind::Styles)),
            PartKind::Worksheet => scan.push((i, PartKind::Worksheet)),
            PartKind::OtherXml | PartKind::Other => {}
        }
    }
    for (i, kind) in scan {
        let member = archive.by_index(i).map_err(|e| unreadable("?", e))?;
        let name = member.name().map(|n| n.into_owned()).unwrap_or_default();
        let reader = BufReader::with_capacity(64 * 1024, member);
        match kind {
            PartKind::SharedStrings => count_shared_strings(reader, &name, limits)?,
            PartKind::Worksheet => check_tokens(reader, &name)?,
            _ => count_styles(reader, &name, limits)?,
        }
    }
    Ok(())
}

/// Counts the `<si>` entries of a shared-strings table (and the count it declares), and the
/// size of each; stops at the first limit passed.
fn count_shared_strings(
    reader: impl BufRead,
    name: &str,
    limits: &Limits,
) -> Result<(), Box<Issue>> {
    let mut xml = quick_xml::Reader::from_reader(reader);
    xml.config_mut().check_end_names = false;
    let mut buf = Vec::with_capacity(1024);
    let mut count: u64 = 0;
    let mut start: Option<u64> = None;
    loop {
        buf.clear();
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| unreadable(name, e))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                for attr in e.attributes().flatten() {
                    if attr.key.local_name().as_ref() == "uniqueCount" {
                        // The reader reserves room for `uniqueCount` entries at once.
                        let declared = attr.value.trim().parse::<u64>().ok();
                        if declared.is_some_and(|n| n > limits.max_shared_strings) {
                            return Err(over(
                                WorkbookMeasure::SharedStrings,
                                limits.max_shared_strings,
                            ));
                        }
                    }
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                count += 1;
                start = Some(xml.buffer_position());
            }
            Event::Empty(e) if e.local_name().as_ref() == "si" => count += 1,
            Event::End(e) if e.local_name().as_ref() == "si" => {
                if let Some(at) = start.take()
                    && xml.buffer_position().saturating_sub(at) > MAX_STRING_XML_BYTES
                {
                    return Err(over(
                        WorkbookMeasure::SharedStringsBytes,
                        MAX_STRING_XML_BYTES,
                    ));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        if count > limits.max_shared_strings {
            return Err(over(
                WorkbookMeasure::SharedStrings,
                limits.max_shared_strings,
            ));
        }
    }
}

/// Counts the style records that the reader keeps; stops at the limit.
fn count_styles(reader: impl BufRead, name: &str, limits: &Limits) -> Result<(), Box<Issue>> {
    let mut xml = quick_xml::Reader::from_reader(reader);
    xml.config_mut().check_end_names = false;
    let mut buf = Vec::with_capacity(1024);
    let mut count: u64 = 0;
    loop {
        buf.clear();
        match xml
            .read_event_into(&mut buf)
            .map_err(|e| unreadable(name, e))?
        {
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.local_name().as_ref(),
                    "xf" | "font" | "fill" | "border" | "numFmt"
                ) =>
            {
                count += 1;
                if count > limits.max_styles {
                    return Err(over(WorkbookMeasure::Styles, limits.max_styles));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Streams a worksheet's raw XML (nothing parsed, nothing kept) and refuses a text or a tag
/// longer than [`MAX_TOKEN_BYTES`], which the sheet reader would hold whole.
pub(crate) fn check_tokens(mut reader: impl BufRead, name: &str) -> Result<(), Box<Issue>> {
    let mut run: u64 = 0;
    loop {
        let chunk = reader.fill_buf().map_err(|e| unreadable(name, e))?;
        if chunk.is_empty() {
            return Ok(());
        }
        let len = chunk.len();
        let mut from = 0;
        for at in memchr::memchr2_iter(b'<', b'>', chunk) {
            run += (at - from) as u64;
            if run > MAX_TOKEN_BYTES {
                break;
            }
            run = 0;
            from = at + 1;
        }
        run += (len - from) as u64;
        if run > MAX_TOKEN_BYTES {
            return Err(over(WorkbookMeasure::CellBytes, MAX_TOKEN_BYTES));
        }
        reader.consume(len);
    }
}
