//! `multipart/form-data` bodies (file uploads), read from a body already in memory and
//! size-limited by the route: the parts' names, file names and bytes. Small and strict: a
//! body that does not follow RFC 7578 is refused, never guessed at.

use memchr::memmem;

/// One part of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The field name.
    pub name: String,
    /// The file name, for a file field.
    pub filename: Option<String>,
    /// The bytes.
    pub data: Vec<u8>,
}

impl Part {
    /// The part's bytes as text (form fields).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// The boundary of a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    let mime = params.next()?.trim();
    if !mime.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_owned())
            .filter(|b| !b.is_empty() && b.len() <= 70)
    })
}

/// A parameter of a `Content-Disposition` header (`name="x"`).
fn disposition_param(header: &str, key: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').replace("\\\"", "\""))
    })
}

/// The parts of a body, or why it cannot be read.
pub fn parse(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    let delimiter = format!("--{boundary}");
    let finder = memmem::Finder::new(delimiter.as_bytes());
    let mut parts = Vec::new();
    let mut pos = finder
        .find(body)
        .ok_or("the form has no part (boundary not found)")?
        + delimiter.len();
    loop {
        let rest = &body[pos..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        let rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("a part boundary is not followed by a line break")?;
        let head_end = memmem::find(rest, b"\r\n\r\n").ok_or("a part has no end of headers")?;
        let head =
            std::str::from_utf8(&rest[..head_end]).map_err(|_| "a part's headers are not UTF-8")?;
        let disposition = head
            .split("\r\n")
            .find_map(|line| {
                let (k, v) = line.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case("content-disposition")
                    .then(|| v.trim().to_owned())
            })
            .ok_or("a part has no Content-Disposition")?;
        let name = disposition_param(&disposition, "name").ok_or("a part has no name")?;
        let filename = disposition_param(&disposition, "filename");
        let data_start = head_end + 4;
        let next = finder
            .find(&rest[data_start..])
            .ok_or("the form is cut short (no closing boundary)")?;
        let data = &rest[data_start..data_start + next];
        let data = data
            .strip_suffix(b"\r\n")
            .ok_or("a part does not end with a line break")?;
        parts.push(Part {
            name,
            filename,
            data: data.to_vec(),
        });
        // Move past the part and its boundary, relative to `body`.
        pos = body.len() - rest.len() + data_start + next + delimiter.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_files() -> Result<(), String> {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n\
Content-Type: text/csv\r\n\r\na,b\r\n1,2\r\n\r\n--XyZ--\r\n";
        let b = boundary("multipart/form-data; boundary=XyZ").ok_or("boundary")?;
        let parts = parse(body, &b)?;
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "csrf");
        assert_eq!(parts[0].text(), "abc");
        assert_eq!(parts[1].filename.as_deref(), Some("r.csv"));
        assert_eq!(parts[1].data, b"a,b\r\n1,2\r\n");
        Ok(())
    }

    #[test]
    fn refuses_what_is_not_a_form() {
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
        assert!(
            parse(
                b"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nno end",
                "b"
            )
            .is_err()
        );
        assert!(parse(b"nothing", "b").is_err());
    }
}
