//! Upload forms (`multipart/form-data`), read with actix-multipart as the body arrives: the text
//! fields are kept (small, a few of them), the file field is written to a temporary file as its
//! chunks come, within the upload's size limit. The file is never held in memory: the use cases
//! read it from the disk (a loan tape as a stream), and it is deleted when the form is dropped.

use std::io::Write;
use std::path::Path;

use actix_multipart::Multipart;
use actix_web::HttpRequest;
use actix_web::http::header;
use actix_web::web;
use futures_util::StreamExt;
use tempfile::NamedTempFile;

use crate::error::AppError;

/// The most text fields a form may have, and the longest one.
const MAX_FIELDS: usize = 16;
const MAX_FIELD_BYTES: usize = 16 * 1024;

/// What the form's envelope (headers of the parts, the text fields) may add to the file's size
/// limit in the request's declared length.
const ENVELOPE_BYTES: u64 = 64 * 1024;

/// The uploaded file: its name as sent (without any folder) and where it is on disk.
#[derive(Debug)]
pub struct UploadedFile {
    /// The file's name on the sender's computer, without folders.
    pub name: String,
    /// Its bytes, in a temporary file deleted when this is dropped.
    pub temp: NamedTempFile,
    /// Its size in bytes.
    pub size: u64,
}

impl UploadedFile {
    /// Where the bytes are.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }
}

/// A form read: its text fields and its file, if one was chosen.
#[derive(Debug, Default)]
pub struct Form {
    fields: Vec<(String, String)>,
    /// The file field (`None` when no file was chosen).
    pub file: Option<UploadedFile>,
}

impl Form {
    /// A text field's value.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a form could not be read.
#[derive(Debug)]
pub enum FormError {
    /// Not a `multipart/form-data` body, or a malformed one.
    Malformed(String),
    /// The file (or the body) is over the limit: 413.
    TooLarge(String),
    /// The temporary file could not be written.
    Io(std::io::Error),
}

impl From<FormError> for AppError {
    fn from(e: FormError) -> Self {
        match e {
            FormError::Malformed(m) => AppError::BadRequest(format!("upload: {m}")),
            FormError::TooLarge(m) => AppError::TooLarge(m),
            FormError::Io(e) => AppError::BadRequest(format!("upload could not be stored: {e}")),
        }
    }
}

/// Reads a form whose file field is `file_field`, streaming the file to a temporary file of at
/// most `max_file` bytes. A request that declares a larger body is refused before any of it is
/// read; a file that grows beyond the limit is refused as soon as it does (the temporary file
/// is then deleted).
pub async fn read_form(
    req: &HttpRequest,
    payload: web::Payload,
    file_field: &str,
    max_file: u64,
) -> Result<Form, FormError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max_file.saturating_add(ENVELOPE_BYTES)) {
        return Err(FormError::TooLarge(format!(
            "a body of {declared:?} bytes for a file limit of {max_file}"
        )));
    }
    let mut parts = Multipart::new(req.headers(), payload);
    let mut form = Form::default();
    while let Some(part) = parts.next().await {
        let mut part = part.map_err(|e| FormError::Malformed(e.to_string()))?;
        let name = part.name().unwrap_or_default().to_owned();
        let filename = part
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(|n| n.rsplit(['/', '\\']).next().unwrap_or_default().to_owned());
        match filename {
            Some(filename) if name == file_field && form.file.is_none() => {
                let mut temp = NamedTempFile::new().map_err(FormError::Io)?;
                let mut size: u64 = 0;
                while let Some(chunk) = part.next().await {
                    let chunk = chunk.map_err(|e| FormError::Malformed(e.to_string()))?;
                    size = size.saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
                    if size > max_file {
                        return Err(FormError::TooLarge(format!(
                            "a file of more than {max_file} bytes"
                        )));
                    }
                    temp.write_all(&chunk).map_err(FormError::Io)?;
                }
                temp.flush().map_err(FormError::Io)?;
                // No file chosen: browsers send an empty part without a name.
                if !filename.is_empty() || size > 0 {
                    form.file = Some(UploadedFile {
                        name: filename,
                        temp,
                        size,
                    });
                }
            }
            Some(_) => {
                // A file in another field (or a second one): read past it, within the limit.
                let mut size: u64 = 0;
                while let Some(chunk) = part.next().await {
                    let chunk = chunk.map_err(|e| FormError::Malformed(e.to_string()))?;
                    size = size.saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
                    if size > max_file {
                        return Err(FormError::TooLarge(format!(
                            "a file of more than {max_file} bytes"
                        )));
                    }
                }
            }
            None => {
                if form.fields.len() >= MAX_FIELDS {
                    return Err(FormError::Malformed("too many fields".into()));
                }
                let mut value = Vec::new();
                while let Some(chunk) = part.next().await {
                    let chunk = chunk.map_err(|e| FormError::Malformed(e.to_string()))?;
                    if value.len() + chunk.len() > MAX_FIELD_BYTES {
                        return Err(FormError::Malformed(format!("field {name} is too long")));
                    }
                    value.extend_from_slice(&chunk);
                }
                form.fields
                    .push((name, String::from_utf8_lossy(&value).into_owned()));
            }
        }
    }
    Ok(form)
}
