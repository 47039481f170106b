//! A signed-in HTTP client for the tests: keeps its cookies, reads the CSRF token of forms,
//! signs in through the sign-in form like a browser.

use std::collections::BTreeMap;

use mizan_service::App;
use mizan_service::accounts::{NewAccount, create_user};
use mizan_storage::users::{Role, UserRecord};

use crate::{Res, Resp, Site, agent, read};

/// The password of every test account.
pub const PASSWORD: &str = "correct horse battery";

/// Creates an account.
pub fn account(
    app: &App,
    username: &str,
    role: Role,
    institution: Option<&str>,
) -> Res<UserRecord> {
    let code = institution
        .map(mizan_core::InstitutionCode::parse)
        .transpose()?;
    Ok(create_user(
        app,
        &mizan_service::Actor::system(),
        &NewAccount {
            email: "",
            lang: mizan_core::Lang::Fr,
            username,
            display_name: username,
            role,
            institution: code.as_ref(),
            password: PASSWORD,
        },
    )?)
}

/// A client with a cookie jar.
#[derive(Debug, Clone)]
pub struct Client {
    pub base: String,
    pub cookies: BTreeMap<String, String>,
    /// Headers sent with every request (for example forged forwarding headers).
    pub headers: Vec<(String, String)>,
}

/// Percent-encodes a form value.
pub fn encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The value of the first `name="csrf"` field of a page.
pub fn csrf_of(html: &str) -> Res<String> {
    let at = html
        .find("name=\"csrf\" value=\"")
        .ok_or("no CSRF field in the page")?;
    let rest = &html[at + "name=\"csrf\" value=\"".len()..];
    Ok(rest.split('"').next().unwrap_or_default().to_owned())
}

impl Client {
    /// An anonymous client of `site`.
    pub fn new(site: &Site) -> Self {
        Self {
            base: site.base.clone(),
            cookies: BTreeMap::new(),
            headers: Vec::new(),
        }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&mut self, resp: &Resp) {
        for (k, v) in &resp.headers {
            if !k.eq_ignore_ascii_case("set-cookie") {
                continue;
            }
            let first = v.split(';').next().unwrap_or_default();
            if let Some((name, value)) = first.split_once('=') {
                let removed = value.is_empty() || v.to_ascii_lowercase().contains("max-age=0");
                if removed {
                    self.cookies.remove(name.trim());
                } else {
                    self.cookies
                        .insert(name.trim().to_owned(), value.to_owned());
                }
            }
        }
    }

    /// GET `path`.
    pub fn get(&mut self, path: &str) -> Res<Resp> {
        let mut req = agent().get(&format!("{}{path}", self.base));
        for (k, v) in &self.headers {
            req = req.header(k, v);
        }
        if !self.cookies.is_empty() {
            req = req.header("Cookie", &self.cookie_header());
        }
        let resp = read(req.call()?)?;
        self.keep(&resp);
        Ok(resp)
    }

    /// POST a body of `content_type`.
    pub fn post_raw(&mut self, path: &str, content_type: &str, body: &[u8]) -> Res<Resp> {
        let mut req = agent()
            .post(&format!("{}{path}", self.base))
            .header("Content-Type", content_type);
        for (k, v) in &self.headers {
            req = req.header(k, v);
        }
        if !self.cookies.is_empty() {
            req = req.header("Cookie", &self.cookie_header());
        }
        let resp = read(req.send(body)?)?;
        self.keep(&resp);
        Ok(resp)
    }

    /// POST an URL-encoded form.
    pub fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Res<Resp> {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.post_raw(path, "application/x-www-form-urlencoded", body.as_bytes())
    }

    /// POST a multipart form: text fields and one file.
    pub fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
    ) -> Res<Resp> {
        let boundary = "mizanTestBoundary7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        let (name, filename, data) = file;
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.post_raw(
            path,
            &format!("multipart/form-data; boundary={boundary}"),
            &body,
        )
    }

    /// Signs in through the form; returns the answer to the form's POST.
    pub fn try_login(&mut self, username: &str, password: &str) -> Res<Resp> {
        let page = self.get("/login")?;
        let token = csrf_of(&page.text()?)?;
        self.post_form(
            "/login",
            &[
                ("csrf", &token),
                ("username", username),
                ("password", password),
                ("next", "/"),
            ],
        )
    }

    /// Signs in (303 expected).
    pub fn login(site: &Site, username: &str) -> Res<Self> {
        let mut c = Self::new(site);
        let r = c.try_login(username, PASSWORD)?;
        if r.status != 303 {
            return Err(format!("sign-in of {username}: {} {}", r.status, r.text()?).into());
        }
        Ok(c)
    }

    /// The CSRF token of the signed-in session (read from a page's form).
    pub fn csrf(&mut self) -> Res<String> {
        let page = self.get("/account")?;
        csrf_of(&page.text()?)
    }
}
