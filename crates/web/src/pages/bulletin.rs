//! The published quarters (`/`), each quarter's bulletin, its revisions and its downloads.

use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use mizan_core::framework::IndicatorDef;
use mizan_core::{Framework, Lang};
use mizan_ratios::{Method, RowKind, SECTOR};
use mizan_service::bulletin::{Line, lines, row_label, row_norm};
use mizan_service::export;
use mizan_service::publication::{PublicRow, PublicTable};

use super::{
    PageQuery, cell_view, downloads, group_label, html, method_key, parse_method, parse_period,
    serve,
};
use crate::error::AppError;
use crate::format;
use crate::http::{Caching, Meta};
use crate::i18n::request_lang;
use crate::state::{Cached, Index, WebState};
use crate::views::{
    BulletinPage, GroupView, IndexPage, Layout, LineView, Link, NoteView, QuarterView,
    RevisionView, RevisionsPage, SectionView,
};

/// `GET /`: the published quarters.
pub async fn home(req: HttpRequest, data: web::Data<WebState>) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let index = state.index().await?;
    let etag = state.etag(&index.fingerprint, "home", "-", Some(lang));
    let meta = Meta {
        lang: Some(lang),
        by_lang: true,
        ..Meta::default()
    };
    let st = state.clone();
    serve(&req, &state, etag, Caching::Public, meta, async {
        let i18n = st.i18n();
        let t = |id: &str| i18n.text(lang, id);
        let quarters = index
            .quarters
            .iter()
            .map(|q| QuarterView {
                label: format::period(q.latest.period, lang, i18n),
                href: format!("/periods/{}", q.latest.period),
                revision: i18n.message(lang, "revision-n", &[("n", q.latest.revision.to_string())]),
                published: format::datetime(q.latest.published_at, lang, i18n),
                note: q.latest.note.clone(),
                revisions_href: (q.revisions.len() > 1)
                    .then(|| format!("/periods/{}/revisions", q.latest.period)),
                downloads: downloads(&st, lang, q.latest.period, Method::Published, None),
            })
            .collect();
        html(&IndexPage {
            page: Layout::new(&st, lang, &t("home-title"), req.path(), req.query_string()),
            intro: t("home-intro"),
            quarters,
            empty: t("home-empty"),
            headers: vec![
                t("col-quarter"),
                t("col-revisions"),
                t("col-published"),
                t("col-downloads"),
            ],
        })
    })
    .await
}

fn bulletin_page(
    state: &WebState,
    req: &HttpRequest,
    lang: Lang,
    method: Method,
    table: &PublicTable,
    index: &Index,
    explicit_revision: Option<i32>,
) -> Result<Cached, AppError> {
    let fw = state.framework(Some(table.period))?;
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let period_label = format::period(table.period, lang, i18n);
    let latest = index
        .quarter(table.period)
        .map(|q| q.latest.clone())
        .ok_or_else(|| AppError::NotFound(format!("period {}", table.period)))?;
    let base = format!("/periods/{}", table.period);
    let rev_q = explicit_revision
        .map(|r| format!("&revision={r}"))
        .unwrap_or_default();
    let methods = Method::ALL
        .iter()
        .map(|&m| {
            Link::new(
                format!("{base}?method={}{rev_q}", m.code()),
                t(method_key(m)),
                m == method,
            )
        })
        .collect();
    let columns: Vec<String> = table
        .groups
        .iter()
        .map(|g| group_label(fw, &g.code, lang))
        .collect();
    let (sections, notes) = bulletin_sections(state, lang, fw, table, method, columns.len());
    let superseded = (table.revision != latest.revision).then(|| {
        Link::new(
            format!("{base}?method={}", method.code()),
            i18n.message(
                lang,
                "superseded",
                &[
                    ("n", latest.revision.to_string()),
                    ("date", format::datetime(latest.published_at, lang, i18n)),
                ],
            ),
            false,
        )
    });
    let page = BulletinPage {
        page: Layout::new(
            state,
            lang,
            &i18n.message(lang, "bulletin-title", &[("period", period_label.clone())]),
            req.path(),
            req.query_string(),
        ),
        heading: i18n.message(lang, "bulletin-title", &[("period", period_label.clone())]),
        period_label,
        published: i18n.message(
            lang,
            "published-revision",
            &[
                ("date", format::datetime(table.published_at, lang, i18n)),
                ("n", table.revision.to_string()),
            ],
        ),
        note: table.note.clone(),
        note_label: t("revision-note"),
        superseded,
        revisions: Link::new(format!("{base}/revisions"), t("link-revisions"), false),
        method_label: t("method-label"),
        methods,
        method_help: t(&format!("{}-help", method_key(method))),
        col_number: t("col-number"),
        col_indicator: t("col-indicator"),
        col_norms: t("col-norms"),
        columns,
        sections,
        groups: group_views(state, lang, fw, table),
        groups_intro: t("reporting-intro"),
        notes,
        legend: legend(state, lang, table),
        suppressed_symbol: t("suppressed-symbol"),
        suppressed_title: t("table-xlsx-suppressed"),
        downloads_label: t("downloads"),
        downloads: downloads(state, lang, table.period, method, explicit_revision),
    };
    html(&page)
}

/// The bulletin's sections with their headings and rows, and the notes the rows refer to
/// (numbered in order); `columns` is the number of peer-group columns.
pub(crate) fn bulletin_sections(
    state: &WebState,
    lang: Lang,
    fw: &Framework,
    table: &PublicTable,
    method: Method,
    columns: usize,
) -> (Vec<SectionView>, Vec<NoteView>) {
    let mut sections: Vec<SectionView> = Vec::new();
    let mut notes: Vec<NoteView> = Vec::new();
    for line in lines(fw, table) {
        match line {
            Line::Section(s) => sections.push(SectionView {
                number: s.number.clone(),
                label: s.label.get(lang).to_owned(),
                has_norms: false,
                lines: Vec::new(),
                span: 0,
            }),
            Line::Heading(h) => {
                if let Some(s) = sections.last_mut() {
                    s.lines.push(LineView {
                        heading: true,
                        class: "heading",
                        number: h.number.clone(),
                        label: h.label.get(lang).to_owned(),
                        href: None,
                        norm: String::new(),
                        note: None,
                        cells: Vec::new(),
                    });
                }
            }
            Line::Row { indicator, row } => {
                let note = match (&indicator.note, row.kind) {
                    (Some(n), RowKind::Indicator) => {
                        let number = notes.len() + 1;
                        notes.push(NoteView {
                            number,
                            text: n.get(lang).to_owned(),
                        });
                        Some(number)
                    }
                    _ => None,
                };
                if let Some(s) = sections.last_mut() {
                    let line = row_line(state, lang, method, indicator, row, note);
                    s.has_norms |= !line.norm.is_empty();
                    s.lines.push(line);
                }
            }
        }
    }
    for s in &mut sections {
        s.span = 1 + usize::from(s.has_norms) + columns;
    }
    (sections, notes)
}

/// A row of the bulletin: an indicator, or the A or B row of a prudential ratio.
fn row_line(
    state: &WebState,
    lang: Lang,
    method: Method,
    indicator: &IndicatorDef,
    row: &PublicRow,
    note: Option<usize>,
) -> LineView {
    let is_indicator = row.kind == RowKind::Indicator;
    LineView {
        heading: false,
        class: if is_indicator {
            "indicator"
        } else {
            "component"
        },
        number: if is_indicator {
            indicator.number.clone().unwrap_or_default()
        } else {
            String::new()
        },
        label: row_label(indicator, row, lang),
        href: Some(format!("/indicators/{}?method={}", row.code, method.code())),
        norm: row_norm(indicator, row, lang),
        note,
        cells: row
            .cells
            .iter()
            .map(|c| cell_view(state, c, method, row.display, lang))
            .collect(),
    }
}

/// Who reported, per peer group and for the sector; the institutions of no peer group (counted
/// in the sector only) are named apart, before the sector's count.
pub(crate) fn group_views(
    state: &WebState,
    lang: Lang,
    fw: &Framework,
    table: &PublicTable,
) -> Vec<GroupView> {
    let i18n = state.i18n();
    let mut views = Vec::new();
    for g in &table.groups {
        let args = [
            ("group", group_label(fw, &g.code, lang)),
            ("received", format::count(g.received, lang)),
            ("expected", format::count(g.expected, lang)),
        ];
        if g.code != SECTOR {
            views.push(GroupView {
                title: i18n.message(lang, "group-footnote", &args),
                names: g.reporting.clone(),
            });
            continue;
        }
        let outside: Vec<String> = g
            .reporting
            .iter()
            .filter(|name| {
                !table
                    .groups
                    .iter()
                    .any(|o| o.code != SECTOR && o.reporting.contains(name))
            })
            .cloned()
            .collect();
        if !outside.is_empty() {
            views.push(GroupView {
                title: i18n.message(
                    lang,
                    "group-footnote-outside",
                    &[("count", format::count(outside.len(), lang))],
                ),
                names: outside,
            });
        }
        views.push(GroupView {
            title: i18n.message(lang, "group-footnote-sector", &args),
            names: Vec::new(),
        });
    }
    views
}

/// The legend of the bulletin (the withheld-figure symbol when some are withheld).
pub(crate) fn legend(state: &WebState, lang: Lang, table: &PublicTable) -> Vec<String> {
    let t = |id: &str| state.i18n().text(lang, id);
    let mut legend = vec![t("legend-n"), t("legend-compliant"), t("legend-na")];
    if table.suppressed_cells > 0 {
        legend.push(format!(
            "{} : {}",
            t("suppressed-symbol"),
            t("table-xlsx-suppressed")
        ));
    }
    legend
}

/// `GET /periods/{period}`: a quarter's bulletin (`?method=`, `?revision=`).
pub async fn bulletin(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let method = parse_method(query.method.as_deref())?;
    let period = parse_period(&path)?;
    let index = state.index().await?;
    let rec = index
        .revision(period, query.revision)
        .ok_or_else(|| AppError::NotFound(format!("{period} revision {:?}", query.revision)))?
        .clone();
    let latest_id = index.quarter(period).map_or(0, |q| q.latest.id);
    let etag = state.etag(
        &rec.public_sha256,
        &format!(
            "bulletin{}-{latest_id}-{}",
            rec.id,
            query.revision.is_some()
        ),
        method.code(),
        Some(lang),
    );
    let meta = Meta {
        lang: Some(lang),
        by_lang: true,
        ..Meta::default()
    };
    let st = state.clone();
    let explicit = query.revision;
    serve(&req, &state, etag, Caching::Public, meta, async {
        let table = st.table(rec.id).await?;
        bulletin_page(&st, &req, lang, method, &table, &index, explicit)
    })
    .await
}

/// `GET /periods/{period}/revisions`: the revision history of a quarter.
pub async fn revisions(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let period = parse_period(&path)?;
    let index = state.index().await?;
    let q = index
        .quarter(period)
        .ok_or_else(|| AppError::NotFound(format!("period {period}")))?;
    let etag = state.etag(
        &q.latest.public_sha256,
        &format!("revisions{}", q.latest.id),
        "-",
        Some(lang),
    );
    let meta = Meta {
        lang: Some(lang),
        by_lang: true,
        ..Meta::default()
    };
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let period_label = format::period(period, lang, i18n);
    let mut list: Vec<RevisionView> = q
        .revisions
        .iter()
        .map(|r| RevisionView {
            label: i18n.message(lang, "revision-n", &[("n", r.revision.to_string())]),
            href: format!("/periods/{period}?revision={}", r.revision),
            published: format::datetime(r.published_at, lang, i18n),
            status: t(if r.id == q.latest.id {
                "status-current"
            } else {
                "status-superseded"
            }),
            current: r.id == q.latest.id,
            note: r.note.clone().unwrap_or_default(),
        })
        .collect();
    list.reverse();
    let title = i18n.message(lang, "revisions-title", &[("period", period_label.clone())]);
    let page = RevisionsPage {
        page: Layout::new(&state, lang, &title, req.path(), req.query_string()),
        heading: title,
        headers: vec![
            t("col-revision"),
            t("col-published"),
            t("col-status"),
            t("col-note"),
        ],
        revisions: list,
        back: Link::new(
            format!("/periods/{period}"),
            i18n.message(lang, "back-to-bulletin", &[("period", period_label)]),
            false,
        ),
    };
    let rendered = html(&page);
    serve(&req, &state, etag, Caching::Public, meta, async {
        rendered
    })
    .await
}

/// `GET /periods/{period}/bulletin.{csv,xlsx,json}`: a bulletin as a file (`?method=`,
/// `?revision=`; the spreadsheet in the page's language).
pub async fn download(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<(String, String)>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let (period_text, file) = path.into_inner();
    let ext = match file.as_str() {
        "bulletin.csv" => "csv",
        "bulletin.xlsx" => "xlsx",
        "bulletin.json" => "json",
        _ => return Err(AppError::NotFound(format!("file {file}"))),
    };
    let lang = request_lang(&req);
    let method = parse_method(query.method.as_deref())?;
    let period = parse_period(&period_text)?;
    let index = state.index().await?;
    let rec = index
        .revision(period, query.revision)
        .ok_or_else(|| AppError::NotFound(format!("{period} revision {:?}", query.revision)))?
        .clone();
    let by_lang = ext == "xlsx";
    let etag = state.etag(
        &rec.public_sha256,
        &format!("file{}-{ext}", rec.id),
        method.code(),
        by_lang.then_some(lang),
    );
    let meta = Meta {
        lang: by_lang.then_some(lang),
        by_lang,
        download: Some(format!(
            "{}-{period}-r{}-{}{}.{ext}",
            rec.framework,
            rec.revision,
            method.code(),
            if by_lang {
                format!("-{}", lang.tag())
            } else {
                String::new()
            }
        )),
    };
    let st = state.clone();
    serve(&req, &state, etag, Caching::Public, meta, async move {
        let table = st.table(rec.id).await?;
        let st2 = st.clone();
        web::block(move || -> Result<Cached, AppError> {
            Ok(match ext {
                "csv" => Cached {
                    body: Bytes::from(export::public_csv(&table, method)?),
                    content_type: "text/csv; charset=utf-8",
                },
                "json" => Cached {
                    body: Bytes::from(export::public_json(&table, method)?),
                    content_type: "application/json",
                },
                _ => {
                    let fw = st2.framework(Some(table.period))?;
                    Cached {
                        body: Bytes::from(export::table_xlsx(
                            fw,
                            &table,
                            method,
                            &crate::file_texts::table_texts(st2.i18n(), lang, method),
                        )?),
                        content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    }
                }
            })
        })
        .await?
    })
    .await
}
