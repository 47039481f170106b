//! Lengths of the text people type: names, comments, notes. Checked where the text enters
//! (registry files, forms, the command line), so that no page, export or log line carries a
//! megabyte typed into a name.

/// Most characters of a name (an institution's, an account's display name).
pub const NAME_MAX_CHARS: usize = 200;

/// Most characters of a comment or a note (a rejection's comment, a revision's note).
pub const COMMENT_MAX_CHARS: usize = 2000;

/// Most characters of an uploaded file's name as stored and shown.
pub const FILE_NAME_MAX_CHARS: usize = 255;

/// Whether `text` is longer than `max` characters (not bytes: Arabic and accented names count
/// as people read them).
pub fn too_long(text: &str, max: usize) -> bool {
    text.chars().nth(max).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_not_bytes() {
        assert!(!too_long(&"é".repeat(200), NAME_MAX_CHARS));
        assert!(too_long(&"é".repeat(201), NAME_MAX_CHARS));
        assert!(!too_long("", NAME_MAX_CHARS));
    }
}
