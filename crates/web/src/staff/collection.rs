//! The collection of a quarter (`GET /staff`): who was expected, who sent what and when, each
//! version with its status and a link to its review, the data-quality flags and the publish
//! form; the page is shown again with a refusal by the review and publication forms. The
//! institutions can be filtered (`?show=awaiting|late|missing|accepted|rejected`) and come
//! [`PER_PAGE`] a page (`?page=`); the picker offers every quarter of the framework.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use mizan_core::{Framework, InstitutionCode, Lang, Period};
use mizan_ratios::QualityFlag;
use mizan_service::accounts::Session;
use mizan_service::backoffice;
use mizan_service::collection::{Collection, InstitutionStatus, collection};
use mizan_service::consolidation::period_quality_flags;
use mizan_service::publication::{Published, published_quarters};
use mizan_service::review::framework_quarters;
use mizan_service::{Actor, App, ServiceResult};
use mizan_storage::submissions::{SubmissionRecord, SubmissionStatus};
use serde::Deserialize;

use super::audit::{Pages, page_links};
use super::{Choice, Notice, collected_quarter, date_of, framework_of, period_of};
use crate::auth::Staff;
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::issues::severity_text;
use crate::private::blocking as run;
use crate::space_views::{FormLabels, Frame, layout, private_page};
use crate::state::WebState;
use crate::views::{Layout, Link, encode_query};

/// Institutions per page of the collection.
pub const PER_PAGE: usize = 25;

/// `?period=&framework=&published=&show=&page=` of the collection page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CollectionQuery {
    period: Option<String>,
    framework: Option<String>,
    published: Option<i32>,
    show: Option<String>,
    page: Option<String>,
}

/// Which institutions the collection lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// Every expected institution.
    All,
    /// Those whose latest version awaits review.
    Awaiting,
    /// Those received after the deadline, or still missing after it.
    Late,
    /// Those that sent nothing.
    Missing,
    /// Those whose latest version staff accepted.
    Accepted,
    /// Those whose latest version staff rejected.
    Rejected,
}

impl Show {
    const ALL: [Show; 6] = [
        Show::All,
        Show::Awaiting,
        Show::Late,
        Show::Missing,
        Show::Accepted,
        Show::Rejected,
    ];

    /// The query's value (none for every institution).
    fn code(self) -> Option<&'static str> {
        match self {
            Show::All => None,
            Show::Awaiting => Some("awaiting"),
            Show::Late => Some("late"),
            Show::Missing => Some("missing"),
            Show::Accepted => Some("accepted"),
            Show::Rejected => Some("rejected"),
        }
    }

    /// The filter a query asks for (every institution when none or unknown).
    fn parse(asked: Option<&str>) -> Self {
        let asked = asked.map(str::trim).unwrap_or_default();
        Self::ALL
            .into_iter()
            .find(|s| s.code() == Some(asked))
            .unwrap_or(Show::All)
    }

    fn message_id(self) -> &'static str {
        match self {
            Show::All => "staff-filter-all",
            Show::Awaiting => "staff-filter-awaiting",
            Show::Late => "staff-filter-late",
            Show::Missing => "staff-filter-missing",
            Show::Accepted => "staff-filter-accepted",
            Show::Rejected => "staff-filter-rejected",
        }
    }

    /// Whether `s` is listed.
    pub fn matches(self, s: &InstitutionStatus) -> bool {
        let latest = s.versions.last().map(|v| v.status);
        match self {
            Show::All => true,
            Show::Awaiting => s.awaiting_review(),
            Show::Late => s.late.is_late(),
            Show::Missing => s.versions.is_empty(),
            Show::Accepted => latest == Some(SubmissionStatus::Accepted),
            Show::Rejected => latest == Some(SubmissionStatus::Rejected),
        }
    }
}

/// The part of the list shown: its filter and page.
#[derive(Debug, Clone, Copy)]
struct Listing {
    show: Show,
    page: usize,
}

impl Listing {
    const FIRST: Listing = Listing {
        show: Show::All,
        page: 1,
    };

    fn of(q: &CollectionQuery) -> Self {
        Listing {
            show: Show::parse(q.show.as_deref()),
            page: q
                .page
                .as_deref()
                .and_then(|p| p.trim().parse::<usize>().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        }
    }
}

/// What the collection page shows, read in one blocking call.
struct CollectionData {
    periods: Vec<Period>,
    quarters: Vec<Period>,
    period: Period,
    today: NaiveDate,
    collection: Option<Collection>,
    flags: Vec<QualityFlag>,
    published: Option<Published>,
    /// The part of the list asked for.
    listing: Listing,
}

fn load_collection(
    app: &App,
    who: &Actor,
    framework: &str,
    asked: Option<Period>,
) -> ServiceResult<CollectionData> {
    let periods = backoffice::periods_with_returns(app, who, framework)?;
    let quarters = framework_quarters(app, who, framework)?;
    let today = app.today();
    let period = asked
        .or_else(|| periods.first().copied())
        .unwrap_or_else(|| collected_quarter(today));
    let published = published_quarters(app, framework)?
        .into_iter()
        .find(|q| q.latest.period == period);
    let (collection, flags) = if app.framework(framework, period).is_ok() {
        (
            Some(collection(app, who, framework, period)?),
            period_quality_flags(app, who, framework, period)?,
        )
    } else {
        (None, Vec::new())
    };
    Ok(CollectionData {
        periods,
        quarters,
        period,
        today,
        collection,
        flags,
        published,
        listing: Listing::FIRST,
    })
}

/// `GET /staff`.
pub(super) async fn collection_page(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    query: web::Query<CollectionQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let framework = framework_of(&state, query.framework.as_deref())?;
    let asked = period_of(query.period.as_deref())?;
    let fw = framework.clone();
    let who = session.principal.actor();
    let mut loaded = run(&state, move |app| load_collection(app, &who, &fw, asked)).await?;
    loaded.listing = Listing::of(&query);
    let notice = query
        .published
        .and_then(|rev| published_notice(&state, lang, &loaded, rev));
    render_collection(
        &state,
        lang,
        &session,
        &framework,
        &loaded,
        notice,
        StatusCode::OK,
    )
}

/// "Revision `rev` published", when the quarter shown has that revision.
fn published_notice(state: &WebState, lang: Lang, d: &CollectionData, rev: i32) -> Option<Notice> {
    let published = d.published.as_ref()?;
    if !published.revisions.iter().any(|r| r.revision == rev) {
        return None;
    }
    let i18n = state.i18n();
    Some(Notice {
        ok: true,
        text: i18n.message(
            lang,
            "staff-published-notice",
            &[
                ("revision", rev.to_string()),
                ("period", format::period(d.period, lang, i18n)),
            ],
        ),
        link: Some(Link::new(
            format!("/periods/{}", d.period),
            i18n.text(lang, "staff-bulletin-link"),
            false,
        )),
    })
}

/// Shows the collection page again with a refusal, for `period` (the default one when the
/// form's is unusable).
pub(super) async fn collection_refusal(
    state: &Arc<WebState>,
    lang: Lang,
    session: &Session,
    framework: &str,
    period: Option<Period>,
    text: String,
) -> Result<HttpResponse, AppError> {
    let fw = framework.to_owned();
    let who = session.principal.actor();
    let loaded = run(state, move |app| load_collection(app, &who, &fw, period)).await?;
    render_collection(
        state,
        lang,
        session,
        framework,
        &loaded,
        Some(Notice::refused(text)),
        StatusCode::BAD_REQUEST,
    )
}

fn version_view(state: &WebState, lang: Lang, v: &SubmissionRecord) -> VersionView {
    let i18n = state.i18n();
    let (status, status_class) = match v.status {
        SubmissionStatus::Received => (i18n.text(lang, "staff-status-received"), "received"),
        SubmissionStatus::Accepted => (i18n.text(lang, "staff-status-accepted"), "accepted"),
        SubmissionStatus::Rejected => (i18n.text(lang, "staff-status-rejected"), "rejected"),
    };
    let decided = match (&v.decided_by, v.decided_at) {
        (Some(who), Some(at)) => Some(i18n.message(
            lang,
            "staff-decided",
            &[
                ("who", who.clone()),
                ("date", format::datetime(at, lang, i18n)),
            ],
        )),
        _ => None,
    };
    let warnings = match v.warnings {
        0 => i18n.text(lang, "staff-warnings-none"),
        1 => i18n.text(lang, "staff-warnings-one"),
        n => i18n.message(
            lang,
            "staff-warnings-many",
            &[("n", format::count(usize::try_from(n).unwrap_or(0), lang))],
        ),
    };
    VersionView {
        id: v.id,
        label: i18n.message(lang, "staff-version", &[("n", v.version.to_string())]),
        received: i18n.message(
            lang,
            "staff-version-received",
            &[
                ("date", format::datetime(v.received_at, lang, i18n)),
                ("file", v.source_name.clone()),
                ("who", v.submitted_by.clone()),
            ],
        ),
        status,
        status_class,
        decided,
        comment: v.status_comment.clone().filter(|c| !c.trim().is_empty()),
        warnings,
        report: Link::new(
            format!("/space/submissions/{}", v.id),
            i18n.text(lang, "staff-report"),
            false,
        ),
        review: Link::new(
            format!("/staff/submissions/{}", v.id),
            i18n.text(lang, "staff-review-link"),
            false,
        ),
        can_accept: v.status != SubmissionStatus::Accepted,
        can_reject: v.status != SubmissionStatus::Rejected,
    }
}

/// The messages' selector of the unit of a lateness: working days (`yes`) or calendar days.
pub(super) fn working_selector(late: mizan_core::calendar::Lateness) -> &'static str {
    if late.working_days { "yes" } else { "no" }
}

fn timeliness(
    i18n: &I18n,
    lang: Lang,
    s: &InstitutionStatus,
    past_deadline: bool,
) -> (String, &'static str) {
    let days = s.late.days;
    let n = [
        ("days", days.to_string()),
        ("working", working_selector(s.late).to_owned()),
    ];
    if s.versions.is_empty() {
        if !past_deadline {
            return (i18n.text(lang, "staff-pending"), "pending");
        }
        let text = if days == 1 {
            i18n.message(lang, "staff-missing-late-one", &n)
        } else {
            i18n.message(lang, "staff-missing-late-many", &n)
        };
        return (text, "missing");
    }
    match days {
        0 => (i18n.text(lang, "staff-on-time"), "ontime"),
        1 => (i18n.message(lang, "staff-late-one", &n), "late"),
        _ => (i18n.message(lang, "staff-late-many", &n), "late"),
    }
}

fn group_title(
    fw: Option<&Framework>,
    code: &str,
    french: &str,
    lang: Lang,
    i18n: &I18n,
) -> String {
    if code == "other" {
        return i18n.text(lang, "staff-group-other");
    }
    fw.and_then(|f| f.peer_group(code))
        .map_or_else(|| french.to_owned(), |g| g.label.get(lang).to_owned())
}

fn counts(i18n: &I18n, lang: Lang, received: usize, expected: usize) -> String {
    i18n.message(
        lang,
        "staff-counts",
        &[
            ("received", format::count(received, lang)),
            ("expected", format::count(expected, lang)),
        ],
    )
}

/// The collection page of `d` with `notice`, answered with `status`.
fn render_collection(
    state: &WebState,
    lang: Lang,
    session: &Session,
    framework: &str,
    d: &CollectionData,
    notice: Option<Notice>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let period_label = format::period(d.period, lang, i18n);
    let fw = state.app().framework(framework, d.period).ok();
    let base = super::collection_href(state, framework, d.period);
    let (facts, list, unavailable) = match (&d.collection, fw) {
        (Some(c), Some(fw)) => {
            let (facts, list) = collection_tables(state, lang, fw, c, d.period, d.listing, &base);
            (facts, Some(list), None)
        }
        _ => {
            let text = i18n.message(
                lang,
                "staff-framework-not-in-force",
                &[
                    ("framework", framework.to_owned()),
                    ("period", period_label.clone()),
                ],
            );
            (Vec::new(), None, Some(text))
        }
    };
    let ListPart {
        groups,
        filters,
        pages,
        none_match,
    } = list.unwrap_or_else(|| ListPart::empty(i18n, lang));
    let title = i18n.message(lang, "staff-collection-title", &[("period", period_label)]);
    let page = CollectionPage {
        page: layout(state, lang, &title, "/staff"),
        frame: Frame::new(state, lang, session, "/staff"),
        notice,
        picker: picker_view(state, lang, framework, d),
        facts,
        unavailable,
        groups,
        filters,
        pages,
        none_match,
        headers: vec![
            t("staff-col-order"),
            t("staff-col-institution"),
            t("staff-col-first-received"),
            t("staff-col-timeliness"),
            t("staff-col-versions"),
        ],
        flags: flag_views(state, lang, fw, d),
        flag_headers: vec![
            t("staff-col-institution"),
            t("staff-col-severity"),
            t("staff-col-finding"),
        ],
        publish: publish_view(state, lang, framework, d),
        period: d.period.to_string(),
        framework: framework.to_owned(),
        labels: collection_labels(i18n, lang),
    };
    private_page(&page, lang, status)
}

/// The picker: every quarter of the framework (from the first registered to the last ended,
/// with or without returns), the one shown; the frameworks when there are several.
fn picker_view(state: &WebState, lang: Lang, framework: &str, d: &CollectionData) -> PickerView {
    let i18n = state.i18n();
    let mut periods = d.quarters.clone();
    periods.extend(d.periods.iter().copied());
    periods.push(d.period);
    periods.push(collected_quarter(d.today));
    periods.sort_unstable_by(|a, b| b.cmp(a));
    periods.dedup();
    let frameworks: Vec<Choice> = if state.app().frameworks.ids().count() > 1 {
        state
            .app()
            .frameworks
            .ids()
            .map(|id| {
                let label = state
                    .app()
                    .frameworks
                    .latest(id)
                    .map_or_else(|| id.to_owned(), |f| f.label.get(lang).to_owned());
                Choice::new(id, label, id == framework)
            })
            .collect()
    } else {
        Vec::new()
    };
    PickerView {
        periods: periods
            .iter()
            .map(|p| {
                Choice::new(
                    p.to_string(),
                    format::period(*p, lang, i18n),
                    *p == d.period,
                )
            })
            .collect(),
        frameworks,
    }
}

/// The part of the collection listed: the groups' rows of the page, the filters, the pages.
struct ListPart {
    groups: Vec<GroupCollectionView>,
    filters: Vec<Link>,
    pages: Pages,
    none_match: Option<String>,
}

impl ListPart {
    fn empty(i18n: &I18n, lang: Lang) -> Self {
        ListPart {
            groups: Vec::new(),
            filters: Vec::new(),
            pages: page_links(i18n, lang, 1, 0, PER_PAGE, |_| String::new()),
            none_match: None,
        }
    }
}

/// The facts of a collection (framework, deadline, totals) and, for `listing`, its table per
/// peer group: the institutions the filter keeps, [`PER_PAGE`] a page across the groups (each
/// group keeps its rank of reception and its counts); `base` is the collection's address.
fn collection_tables(
    state: &WebState,
    lang: Lang,
    fw: &Framework,
    c: &Collection,
    period: Period,
    listing: Listing,
    base: &str,
) -> (Vec<(String, String)>, ListPart) {
    let i18n = state.i18n();
    let past_deadline = c.today > c.deadline;
    let all = || c.groups.iter().flat_map(|g| &g.institutions);
    let total = all().filter(|s| listing.show.matches(s)).count();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = listing.page.min(pages);
    let shown = (page - 1) * PER_PAGE..page * PER_PAGE;
    let mut index = 0;
    let mut groups = Vec::new();
    for g in &c.groups {
        let mut rank = 0;
        let mut rows = Vec::new();
        for s in &g.institutions {
            let order = if s.versions.is_empty() {
                String::new()
            } else {
                rank += 1;
                format::count(rank, lang)
            };
            if !listing.show.matches(s) {
                continue;
            }
            if shown.contains(&index) {
                rows.push(institution_row(
                    state,
                    lang,
                    fw,
                    s,
                    period,
                    past_deadline,
                    order,
                ));
            }
            index += 1;
        }
        if !rows.is_empty() {
            groups.push(GroupCollectionView {
                title: group_title(Some(fw), &g.code, &g.label, lang, i18n),
                counts: counts(i18n, lang, g.received(), g.expected()),
                rows,
            });
        }
    }
    let href = |show: Show, page: usize| {
        let mut out = base.to_owned();
        if let Some(code) = show.code() {
            out.push_str(&format!("&show={code}"));
        }
        if page > 1 {
            out.push_str(&format!("&page={page}"));
        }
        out
    };
    let filters = Show::ALL
        .into_iter()
        .map(|show| {
            let n = all().filter(|s| show.matches(s)).count();
            Link::new(
                href(show, 1),
                format!(
                    "{} ({})",
                    i18n.text(lang, show.message_id()),
                    format::count(n, lang)
                ),
                show == listing.show,
            )
        })
        .collect();
    let list = ListPart {
        none_match: (total == 0).then(|| i18n.text(lang, "staff-filter-none")),
        groups,
        filters,
        pages: page_links(i18n, lang, page, total, PER_PAGE, |p| href(listing.show, p)),
    };
    (collection_facts(i18n, lang, fw, c), list)
}

/// The facts of a collection: framework, deadline, today, totals, and the missing returns
/// once past the deadline.
fn collection_facts(
    i18n: &I18n,
    lang: Lang,
    fw: &Framework,
    c: &Collection,
) -> Vec<(String, String)> {
    let t = |id: &str| i18n.text(lang, id);
    let past_deadline = c.today > c.deadline;
    let mut facts = vec![
        (
            t("staff-fact-framework"),
            format!("{} ({})", fw.label.get(lang), fw.version),
        ),
        (
            t("staff-fact-deadline"),
            i18n.message(
                lang,
                match fw.collection.deadline {
                    mizan_core::framework::Deadline::WorkingDays(_) => "staff-deadline-value",
                    mizan_core::framework::Deadline::Days(_) => "staff-deadline-value-days",
                },
                &[
                    ("date", format::date(date_of(c.deadline), lang, i18n)),
                    ("days", fw.collection.deadline.days().to_string()),
                ],
            ),
        ),
        (
            t("staff-fact-today"),
            format::date(date_of(c.today), lang, i18n),
        ),
    ];
    let (received, expected) = c.totals();
    facts.push((
        t("staff-fact-totals"),
        counts(i18n, lang, received, expected),
    ));
    if past_deadline {
        let missing = c
            .groups
            .iter()
            .flat_map(|g| &g.institutions)
            .filter(|s| s.versions.is_empty())
            .count();
        facts.push((t("staff-fact-missing"), format::count(missing, lang)));
    }
    facts
}

/// One expected institution of the collection table, `order` its rank among those received.
fn institution_row(
    state: &WebState,
    lang: Lang,
    fw: &Framework,
    s: &InstitutionStatus,
    period: Period,
    past_deadline: bool,
    order: String,
) -> InstitutionRowView {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let (timeliness, timeliness_class) = timeliness(i18n, lang, s, past_deadline);
    let code = encode_query(s.code.as_str());
    InstitutionRowView {
        order,
        name: s.name.clone(),
        code: s.code.to_string(),
        first_received: s
            .first_received()
            .map_or_else(|| "—".into(), |at| format::datetime(at, lang, i18n)),
        timeliness,
        timeliness_class,
        versions: s
            .versions
            .iter()
            .map(|v| version_view(state, lang, v))
            .collect(),
        // Under loan classification the return comes from the tape.
        upload: if fw.classification.is_some() {
            Link::new(
                format!("/space/institutions/{code}/loans?period={period}"),
                t("loans-action-tapes"),
                false,
            )
        } else {
            Link::new(
                format!("/space/upload?institution={code}&period={period}"),
                t("staff-upload-for"),
                false,
            )
        },
    }
}

/// The quarter's data-quality flags, each with the institution's name.
fn flag_views(
    state: &WebState,
    lang: Lang,
    fw: Option<&Framework>,
    d: &CollectionData,
) -> Vec<FlagView> {
    let i18n = state.i18n();
    let name_of = |code: &InstitutionCode| {
        d.collection
            .as_ref()
            .and_then(|c| {
                c.groups
                    .iter()
                    .flat_map(|g| &g.institutions)
                    .find(|s| &s.code == code)
            })
            .map_or_else(|| code.to_string(), |s| format!("{} ({code})", s.name))
    };
    d.flags
        .iter()
        .map(|f| FlagView {
            institution: name_of(&f.institution),
            severity: severity_text(i18n, lang, f.severity),
            message: fw
                .and_then(|fw| f.message_in(fw, lang))
                .unwrap_or_else(|| f.message.clone()),
        })
        .collect()
}

/// The publish form, with the quarter's publication status.
fn publish_view(state: &WebState, lang: Lang, framework: &str, d: &CollectionData) -> PublishView {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let period_label = format::period(d.period, lang, i18n);
    let preview = Link::new(
        format!(
            "/staff/publication?period={}&framework={}",
            d.period,
            encode_query(framework)
        ),
        t("staff-preview-link"),
        false,
    );
    match &d.published {
        Some(p) => PublishView {
            preview,
            status: i18n.message(
                lang,
                "staff-published-status",
                &[
                    ("revision", p.latest.revision.to_string()),
                    ("date", format::datetime(p.latest.published_at, lang, i18n)),
                    ("who", p.latest.published_by.clone()),
                ],
            ),
            current_note: p.latest.note.clone(),
            bulletin: Some(Link::new(
                format!("/periods/{}", d.period),
                t("staff-bulletin-link"),
                false,
            )),
            note_required: true,
            note_help: t("staff-note-help-required"),
            submit: i18n.message(lang, "staff-publish-again", &[("period", period_label)]),
            period: d.period.to_string(),
            framework: framework.to_owned(),
        },
        None => PublishView {
            preview,
            status: t("staff-not-published"),
            current_note: None,
            bulletin: None,
            note_required: false,
            note_help: t("staff-note-help-first"),
            submit: i18n.message(lang, "staff-publish-first", &[("period", period_label)]),
            period: d.period.to_string(),
            framework: framework.to_owned(),
        },
    }
}

/// The labels of the collection page.
fn collection_labels(i18n: &I18n, lang: Lang) -> FormLabels {
    let t = |id: &str| i18n.text(lang, id);
    FormLabels(vec![
        ("field-period", t("staff-field-period")),
        ("field-framework", t("staff-field-framework")),
        ("show", t("staff-show")),
        ("reminders", t("staff-reminders-link")),
        ("groups", t("staff-groups-title")),
        ("accept", t("staff-accept")),
        ("reject", t("staff-reject")),
        ("reject-open", t("staff-reject-open")),
        ("comment", t("staff-field-comment")),
        ("flags", t("staff-flags-title")),
        ("no-flags", t("staff-flags-none")),
        ("publish", t("staff-publish-title")),
        ("note", t("staff-field-note")),
        ("current-note", t("staff-current-note")),
        ("no-versions", t("staff-no-versions")),
        ("show-filter", t("staff-show-filter")),
    ])
}

// ---------------------------------------------------------------- views

/// One version of a return in the collection table.
#[derive(Debug, Clone)]
pub struct VersionView {
    /// Submission id (forms, anchors).
    pub id: i64,
    /// "Version 2".
    pub label: String,
    /// "reçue le 3 mai 2016 à 10:12 (fichier.csv, par x)".
    pub received: String,
    /// "reçue", "acceptée", "rejetée".
    pub status: String,
    /// `received`, `accepted`, `rejected` (style).
    pub status_class: &'static str,
    /// Who decided and when.
    pub decided: Option<String>,
    /// The rejection's comment.
    pub comment: Option<String>,
    /// "3 avertissements".
    pub warnings: String,
    /// The validation report.
    pub report: Link,
    /// The review page with the figures.
    pub review: Link,
    /// Whether the accept button is shown.
    pub can_accept: bool,
    /// Whether the reject form is shown.
    pub can_reject: bool,
}

/// One expected institution in the collection table.
#[derive(Debug, Clone)]
pub struct InstitutionRowView {
    /// Rank of reception ("1"), empty when nothing was received.
    pub order: String,
    /// Name.
    pub name: String,
    /// Code.
    pub code: String,
    /// First reception ("3 mai 2016 à 10:12"), or "—".
    pub first_received: String,
    /// "dans les délais", "en retard de 12 jours ouvrés", "manquant — …".
    pub timeliness: String,
    /// `ontime`, `late`, `missing`, `pending` (style).
    pub timeliness_class: &'static str,
    /// Every version, oldest first.
    pub versions: Vec<VersionView>,
    /// Upload for this institution.
    pub upload: Link,
}

/// A peer group of the collection.
#[derive(Debug, Clone)]
pub struct GroupCollectionView {
    /// Group label.
    pub title: String,
    /// "10 reçus / 11 attendus".
    pub counts: String,
    /// Expected institutions, in order of reception then by code.
    pub rows: Vec<InstitutionRowView>,
}

/// A data-quality flag.
#[derive(Debug, Clone)]
pub struct FlagView {
    /// Institution (name and code).
    pub institution: String,
    /// "bloquant", "avertissement".
    pub severity: String,
    /// What is odd.
    pub message: String,
}

/// The publish form and the quarter's publication status.
#[derive(Debug, Clone)]
pub struct PublishView {
    /// "Publié : révision 1 du 13 juin 2016" or "Pas encore publié".
    pub status: String,
    /// The current revision's note.
    pub current_note: Option<String>,
    /// The public bulletin, once published.
    pub bulletin: Option<Link>,
    /// Whether the note is required (the quarter was published before).
    pub note_required: bool,
    /// The help under the note field.
    pub note_help: String,
    /// The button.
    pub submit: String,
    /// `2016-Q1`.
    pub period: String,
    /// Framework id.
    pub framework: String,
    /// The publication's preview.
    pub preview: Link,
}

/// The period (and framework) picker: a GET form.
#[derive(Debug, Clone)]
pub struct PickerView {
    /// Periods, newest first.
    pub periods: Vec<Choice>,
    /// Frameworks (empty when there is only one).
    pub frameworks: Vec<Choice>,
}

/// `GET /staff`: the collection of a quarter.
#[derive(Template)]
#[template(path = "staff/collection.html")]
pub struct CollectionPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Outcome of the last action.
    pub notice: Option<Notice>,
    /// Period picker.
    pub picker: PickerView,
    /// Deadline, totals, today (label, value).
    pub facts: Vec<(String, String)>,
    /// Shown instead of the table when the framework is not in force for the period.
    pub unavailable: Option<String>,
    /// Peer groups (the institutions of the page that the filter keeps).
    pub groups: Vec<GroupCollectionView>,
    /// The filters, each with its count (the one shown is current).
    pub filters: Vec<Link>,
    /// The pages.
    pub pages: Pages,
    /// Said when the filter keeps no institution.
    pub none_match: Option<String>,
    /// Column headers of the groups' tables.
    pub headers: Vec<String>,
    /// Data-quality flags.
    pub flags: Vec<FlagView>,
    /// Column headers of the flags.
    pub flag_headers: Vec<String>,
    /// Publication.
    pub publish: PublishView,
    /// The period shown (`2016-Q1`), for the forms' way back.
    pub period: String,
    /// The framework shown.
    pub framework: String,
    /// Labels.
    pub labels: FormLabels,
}
