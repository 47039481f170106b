//! View structs of the signed-in side (sign-in, member space, staff back office): every text
//! already in the page's language, every figure formatted. Templates only lay them out.

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use askama::Template;
use mizan_core::Lang;
use mizan_service::accounts::Session;
use mizan_storage::users::Role;

use crate::error::AppError;
use crate::state::WebState;
use crate::views::{Layout, Link};

/// The frame of a signed-in page: the site's frame, who is signed in, the space's menu, the
/// logout form.
#[derive(Debug, Clone)]
pub struct Frame {
    /// "Signed in as …".
    pub user: String,
    /// The space's menu.
    pub menu: Vec<Link>,
    /// Label of the menu.
    pub menu_label: String,
    /// The session's CSRF token (every form carries it).
    pub csrf: String,
    /// "Log out".
    pub logout: String,
}

/// The role's name in `lang`.
pub fn role_name(state: &WebState, lang: Lang, role: Role) -> String {
    state.i18n().text(
        lang,
        match role {
            Role::Staff => "role-staff",
            Role::Member => "role-member",
            Role::Partner => "role-partner",
        },
    )
}

impl Frame {
    /// The frame of `session`'s pages; `path` marks the current menu entry.
    pub fn new(state: &WebState, lang: Lang, session: &Session, path: &str) -> Self {
        let i18n = state.i18n();
        let t = |id: &str| i18n.text(lang, id);
        let p = &session.principal;
        let mut entries: Vec<(&str, String)> = Vec::new();
        match p.role {
            Role::Staff => {
                entries.push(("/staff", t("menu-collection")));
                entries.push(("/staff/institutions", t("menu-institutions")));
                entries.push(("/space/upload", t("menu-upload-for")));
                entries.push(("/staff/users", t("menu-users")));
                entries.push(("/staff/audit", t("menu-audit")));
            }
            Role::Member => {
                entries.push(("/space", t("menu-my-institution")));
                entries.push(("/space/upload", t("menu-upload")));
            }
            Role::Partner => entries.push(("/space", t("menu-my-access"))),
        }
        entries.push(("/account", t("menu-account")));
        let menu = entries
            .into_iter()
            .map(|(href, label)| {
                let current = path == href
                    || (href != "/space" && href != "/staff" && path.starts_with(href));
                Link::new(href, label, current)
            })
            .collect();
        let who = match &p.institution {
            Some(code) => format!("{} ({code})", p.display_name),
            None => p.display_name.clone(),
        };
        Self {
            user: i18n.message(
                lang,
                "signed-in-as",
                &[("name", who), ("role", role_name(state, lang, p.role))],
            ),
            menu,
            menu_label: t("menu-label"),
            csrf: session.csrf_token.clone(),
            logout: t("logout"),
        }
    }
}

/// A page of the signed-in side: never cached (it depends on who asks), in the request's
/// language, with `status`.
pub fn private_page(
    page: &impl Template,
    lang: Lang,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::VARY, "Cookie"))
        .insert_header((header::CONTENT_LANGUAGE, lang.tag()))
        .body(page.render()?))
}

/// The site frame of a signed-in page.
pub fn layout(state: &WebState, lang: Lang, title: &str, path: &str) -> Layout {
    Layout::new(state, lang, title, path, "")
}

/// The sign-in page.
#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    /// Frame.
    pub page: Layout,
    /// The form's CSRF token.
    pub csrf: String,
    /// Where to go after.
    pub next: String,
    /// The user name typed (kept after a failure).
    pub username: String,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// Labels.
    pub labels: FormLabels,
}

/// Labels of a form's fields, by name.
#[derive(Debug, Clone, Default)]
pub struct FormLabels(pub Vec<(&'static str, String)>);

impl FormLabels {
    /// The label of `name` (its name when missing).
    pub fn get<'a>(&'a self, name: &'a str) -> &'a str {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(name, |(_, l)| l.as_str())
    }
}

/// The account page (password change).
#[derive(Template)]
#[template(path = "space/account.html")]
pub struct AccountPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Facts about the account (label, value).
    pub facts: Vec<(String, String)>,
    /// Outcome of a change: (ok, text).
    pub notice: Option<(bool, String)>,
    /// Labels.
    pub labels: FormLabels,
}

/// A message page of the signed-in side (a refusal that says why, a confirmation).
#[derive(Template)]
#[template(path = "space/message.html")]
pub struct MessagePage {
    /// Site frame.
    pub page: Layout,
    /// Space frame, when signed in.
    pub frame: Option<Frame>,
    /// Heading.
    pub title: String,
    /// Paragraphs.
    pub text: Vec<String>,
    /// Links to go on.
    pub links: Vec<Link>,
}

/// An issue of a validation report.
#[derive(Debug, Clone)]
pub struct IssueRow {
    /// `blocking` or `warning` (class).
    pub severity_class: &'static str,
    /// Its text.
    pub severity: String,
    /// `Financier!D14`, `ligne 12`.
    pub place: String,
    /// The item concerned.
    pub item: String,
    /// What is wrong.
    pub message: String,
}
