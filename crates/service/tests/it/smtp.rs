//! An SMTP server on the loopback for the mail tests (the service's and the command line's): it
//! takes every message, or answers `451` (try again later) to the next ones when asked, and
//! keeps what it took. It speaks the few commands a client sends (EHLO, MAIL, RCPT, DATA, RSET,
//! NOOP, QUIT) and offers neither STARTTLS nor AUTH. Written here rather than taken from a
//! crate: it must refuse on demand, and it is some eighty lines of a test fixture.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A message the server took.
#[derive(Debug, Clone, Default)]
pub struct Received {
    /// `MAIL FROM`.
    pub from: String,
    /// `RCPT TO`, each.
    pub to: Vec<String>,
    /// The message as sent (headers and body, dot-unstuffed).
    pub data: String,
}

impl Received {
    /// The value of a header (unfolded), its encoded words decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let (head, _) = self.data.split_once("\r\n\r\n")?;
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        let prefix = format!("{}:", name.to_ascii_lowercase());
        unfolded
            .split("\r\n")
            .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
            .map(|l| decode_words(l[prefix.len()..].trim()))
    }

    /// The body, its transfer encoding (quoted-printable or base64) undone.
    pub fn body(&self) -> String {
        let body = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        match self
            .header("Content-Transfer-Encoding")
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("base64") => base64_text(&body.replace("\r\n", "")),
            Some("quoted-printable") => quoted_printable(body),
            _ => body.to_owned(),
        }
    }
}

fn base64_text(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_else(|_| text.to_owned())
}

fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], joined.get(i + 1..i + 3)) {
            (b'=', Some(hex)) if u8::from_str_radix(hex, 16).is_ok() => {
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words of a header, decoded (the space between two
/// encoded words is not part of the text, RFC 2047).
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut previous_encoded = false;
    for (i, w) in value.split(' ').enumerate() {
        let lower = w.to_ascii_lowercase();
        let inner = w.get(10..w.len().saturating_sub(2)).unwrap_or("");
        let (text, encoded) = if lower.starts_with("=?utf-8?b?") && lower.ends_with("?=") {
            (base64_text(inner), true)
        } else if lower.starts_with("=?utf-8?q?") && lower.ends_with("?=") {
            (quoted_printable(&inner.replace('_', " ")), true)
        } else {
            (w.to_owned(), false)
        };
        if i > 0 && !(encoded && previous_encoded) {
            out.push(' ');
        }
        out.push_str(&text);
        previous_encoded = encoded;
    }
    out
}

/// The server: its port, what it took, how many messages it still refuses.
#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    refuse: Arc<AtomicUsize>,
}

impl SmtpSink {
    /// Listens on a free loopback port, each connection on a thread of its own.
    pub fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let sink = Self {
            port: listener.local_addr()?.port(),
            received: Arc::default(),
            refuse: Arc::default(),
        };
        let s = sink.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let s = s.clone();
                std::thread::spawn(move || s.session(stream));
            }
        });
        Ok(sink)
    }

    /// `smtp://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages taken so far.
    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// Answers `451` to the next `n` messages.
    pub fn refuse_next(&self, n: usize) {
        self.refuse.store(n, Ordering::SeqCst);
    }

    fn session(&self, stream: TcpStream) {
        let Ok(mut out) = stream.try_clone() else {
            return;
        };
        let mut lines = BufReader::new(stream);
        let mut say = |text: &str| out.write_all(format!("{text}\r\n").as_bytes()).is_ok();
        if !say("220 sink ESMTP") {
            return;
        }
        let mut current = Received::default();
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let command = line.trim_end().to_ascii_uppercase();
            let ok = if command.starts_with("EHLO") {
                say("250 sink")
            } else if command.starts_with("MAIL FROM:") {
                current = Received {
                    from: line.trim_end()[10..].trim().to_owned(),
                    ..Received::default()
                };
                say("250 OK")
            } else if command.starts_with("RCPT TO:") {
                current.to.push(line.trim_end()[8..].trim().to_owned());
                say("250 OK")
            } else if command == "DATA" {
                if !say("354 go on") {
                    return;
                }
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                current.data = data;
                let refused = self
                    .refuse
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
                if refused {
                    say("451 try again later")
                } else {
                    if let Ok(mut m) = self.received.lock() {
                        m.push(std::mem::take(&mut current));
                    }
                    say("250 taken")
                }
            } else if command == "QUIT" {
                say("221 bye");
                return;
            } else if command.starts_with("HELO") || command == "RSET" || command == "NOOP" {
                say("250 OK")
            } else {
                say("502 not here")
            };
            if !ok {
                return;
            }
        }
    }
}
