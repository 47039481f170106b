//! Digests: of a file as sent (its bytes) and of a return's content (its values, whatever the
//! file looked like). In a module of its own so that the use cases that need them (returns,
//! loan tapes, publication) do not import each other.

use mizan_core::ItemValues;
use sha2::{Digest, Sha256};

/// SHA-256 of bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// SHA-256 of a return's values in a canonical form (`item=value` lines sorted by item, values
/// normalized): equal for equal content whatever the file looked like.
pub fn content_sha256(values: &ItemValues) -> String {
    let mut hasher = Sha256::new();
    for (item, value) in values {
        hasher.update(item.as_str().as_bytes());
        hasher.update(b"=");
        hasher.update(value.normalize().to_string().as_bytes());
        hasher.update(b"\n");
    }
    hex::encode(hasher.finalize())
}
