//! An uploaded file as the use cases read it: bytes already in memory (tests, the demo) or a
//! file on disk (the web's temporary file, the command line's path), read from where it is so
//! that a 250 MB loan tape never sits in memory more than once — and a tape read as a stream
//! not at all.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Where the bytes of an upload are.
#[derive(Debug, Clone, Copy)]
pub enum Upload<'a> {
    /// In memory.
    Bytes(&'a [u8]),
    /// In a file, read when needed.
    File(&'a Path),
}

impl<'a> From<&'a [u8]> for Upload<'a> {
    fn from(bytes: &'a [u8]) -> Self {
        Self::Bytes(bytes)
    }
}

impl<'a, const N: usize> From<&'a [u8; N]> for Upload<'a> {
    fn from(bytes: &'a [u8; N]) -> Self {
        Self::Bytes(bytes)
    }
}

impl<'a> From<&'a Vec<u8>> for Upload<'a> {
    fn from(bytes: &'a Vec<u8>) -> Self {
        Self::Bytes(bytes)
    }
}

impl<'a> From<&'a Path> for Upload<'a> {
    fn from(path: &'a Path) -> Self {
        Self::File(path)
    }
}

impl<'a> From<&'a PathBuf> for Upload<'a> {
    fn from(path: &'a PathBuf) -> Self {
        Self::File(path)
    }
}

/// How many bytes [`Upload::head`] gives: what [`mizan_ingest::sniff`] looks at.
const HEAD_BYTES: u64 = 8 * 1024;

impl<'a> Upload<'a> {
    /// Size in bytes.
    pub fn len(&self) -> io::Result<u64> {
        match self {
            Self::Bytes(b) => Ok(u64::try_from(b.len()).unwrap_or(u64::MAX)),
            Self::File(p) => Ok(std::fs::metadata(p)?.len()),
        }
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> io::Result<bool> {
        Ok(self.len()? == 0)
    }

    /// The first 8 KiB (to recognise the format).
    pub fn head(&self) -> io::Result<Cow<'a, [u8]>> {
        match self {
            Self::Bytes(b) => Ok(Cow::Borrowed(&b[..b.len().min(HEAD_BYTES as usize)])),
            Self::File(p) => {
                let mut head = Vec::with_capacity(HEAD_BYTES as usize);
                File::open(p)?.take(HEAD_BYTES).read_to_end(&mut head)?;
                Ok(Cow::Owned(head))
            }
        }
    }

    /// SHA-256 of the bytes in hex, streamed from a file.
    pub fn sha256_hex(&self) -> io::Result<String> {
        match self {
            Self::Bytes(b) => Ok(hex::encode(Sha256::digest(b))),
            Self::File(p) => {
                let mut file = File::open(p)?;
                let mut hasher = Sha256::new();
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    let n = file.read(&mut buf)?;
                    if n == 0 {
                        break;
                    }
                    hasher.update(&buf[..n]);
                }
                Ok(hex::encode(hasher.finalize()))
            }
        }
    }

    /// A reader from the start that computes the SHA-256 of the bytes as they pass
    /// ([`HashingReader`]): a tape is hashed while it is read, in one pass.
    pub fn hashing_reader(&self) -> io::Result<HashingReader<UploadReader<'a>>> {
        Ok(HashingReader::new(self.reader()?))
    }

    /// The bytes, read whole from a file (for small files such as a return: the caller checks
    /// the size first).
    pub fn bytes(&self) -> io::Result<Cow<'a, [u8]>> {
        match self {
            Self::Bytes(b) => Ok(Cow::Borrowed(b)),
            Self::File(p) => Ok(Cow::Owned(std::fs::read(p)?)),
        }
    }

    /// A reader from the start (buffered for a file).
    pub fn reader(&self) -> io::Result<UploadReader<'a>> {
        match self {
            Self::Bytes(b) => Ok(UploadReader::Bytes(Cursor::new(b))),
            Self::File(p) => Ok(UploadReader::File(BufReader::with_capacity(
                256 * 1024,
                File::open(p)?,
            ))),
        }
    }
}

/// Reads an [`Upload`] from its start: `Read + Seek + Send`, as the workbook reader needs.
#[derive(Debug)]
pub enum UploadReader<'a> {
    /// In memory.
    Bytes(Cursor<&'a [u8]>),
    /// A file, buffered.
    File(BufReader<File>),
}

impl Read for UploadReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Self::Bytes(c) => c.read(buf),
            Self::File(f) => f.read(buf),
        }
    }
}

impl Seek for UploadReader<'_> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        match self {
            Self::Bytes(c) => c.seek(pos),
            Self::File(f) => f.seek(pos),
        }
    }
}

/// A reader that computes the SHA-256 of the bytes read through it, so that a file is hashed in
/// the same pass that reads it.
#[derive(Debug)]
pub struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> HashingReader<R> {
    /// Hashes what is read from `inner`.
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
        }
    }

    /// The SHA-256 (hex) of all the bytes: reads (and hashes) whatever the reader before did not
    /// read, so that the digest is the whole file's even when the reading stopped early.
    pub fn finish(mut self) -> io::Result<String> {
        io::copy(&mut self, &mut io::sink())?;
        Ok(hex::encode(self.hasher.finalize()))
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}
