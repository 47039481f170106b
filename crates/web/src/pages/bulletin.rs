//! The published quarters (`/`), each quarter's bulletin, its revisions and its downloads.

use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use mizan_core::Lang;
use mizan_ratios::{Method, RowKind};
use mizan_service::export;
use mizan_service::publication::PublicTable;
use mizan_service::sheet::{self, BulletinSheet};

use super::{
    PageQuery, country_links, downloads, html, method_key, parse_country, parse_method,
    parse_period, serve, sheet_cell_view,
};
use crate::error::AppError;
use crate::file_texts::bulletin_sheet;
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

/// What the reader chose beyond the method: a revision (`?revision=`), a country of a zone's
/// table (`?country=`).
struct Choice {
    revision: Option<i32>,
    country: Option<mizan_core::institution::CountryCode>,
}

fn bulletin_page(
    state: &WebState,
    req: &HttpRequest,
    lang: Lang,
    method: Method,
    full: &PublicTable,
    index: &Index,
    choice: &Choice,
) -> Result<Cached, AppError> {
    let (explicit_revision, country) = (choice.revision, choice.country);
    let fw = state.framework(Some(full.period))?;
    // A zone's table: the zone's columns (peer groups and zone), or one country's.
    let countries = full.countries();
    if let Some(c) = country
        && !countries.contains(&c)
    {
        return Err(AppError::NotFound(format!(
            "{} has no country {c}",
            full.period
        )));
    }
    let table = &full.for_country(country);
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let latest = index
        .quarter(table.period)
        .map(|q| q.latest.clone())
        .ok_or_else(|| AppError::NotFound(format!("period {}", table.period)))?;
    let base = format!("/periods/{}", table.period);
    let rev_q = explicit_revision
        .map(|r| format!("&revision={r}"))
        .unwrap_or_default();
    let country_q = country.map(|c| format!("&country={c}")).unwrap_or_default();
    let country_choice = country_links(
        i18n,
        fw,
        lang,
        &countries,
        country,
        &base,
        &format!("method={}{rev_q}", method.code()),
    );
    let methods = Method::ALL
        .iter()
        .map(|&m| {
            Link::new(
                format!("{base}?method={}{rev_q}{country_q}", m.code()),
                t(method_key(m)),
                m == method,
            )
        })
        .collect();
    let sheet = bulletin_sheet(i18n, lang, fw, table, method);
    let columns: Vec<String> = sheet.columns.iter().map(|c| c.label.clone()).collect();
    let (sections, notes) = section_views(&sheet, method);
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
        page: Layout::new(state, lang, &sheet.title, req.path(), req.query_string()),
        heading: sheet.title.clone(),
        period_label: sheet.period.clone(),
        published: sheet.published.clone(),
        note: table.note.clone(),
        note_label: t("revision-note"),
        superseded,
        revisions: Link::new(format!("{base}/revisions"), t("link-revisions"), false),
        method_label: t("method-label"),
        methods,
        country_label: t("country-label"),
        countries: country_choice,
        method_help: t(&format!("{}-help", method_key(method))),
        col_number: sheet.headers.number.clone(),
        col_indicator: sheet.headers.indicator.clone(),
        col_norms: sheet.headers.norms.clone(),
        columns,
        sections,
        groups: group_views(&sheet),
        groups_intro: sheet.groups_intro.clone(),
        notes,
        legend: sheet.legend.clone(),
        suppressed_symbol: sheet.suppressed_symbol.clone(),
        suppressed_title: sheet.suppressed_title.clone(),
        downloads_label: t("downloads"),
        downloads: downloads(state, lang, table.period, method, explicit_revision),
    };
    html(&page)
}

/// The page's sections and notes from the bulletin's sheet (the texts the files are written
/// from too); `method` is that of the indicator links.
pub(crate) fn section_views(
    sheet: &BulletinSheet,
    method: Method,
) -> (Vec<SectionView>, Vec<NoteView>) {
    let columns = sheet.columns.len();
    let sections = sheet
        .sections
        .iter()
        .map(|s| SectionView {
            number: s.number.clone(),
            label: s.label.clone(),
            has_norms: s.has_norms,
            span: 1 + usize::from(s.has_norms) + columns,
            lines: s
                .lines
                .iter()
                .map(|l| LineView {
                    heading: l.is_heading(),
                    class: match l.kind {
                        None => "heading",
                        Some(RowKind::Indicator) => "indicator",
                        Some(_) => "component",
                    },
                    number: l.number.clone(),
                    label: l.label.clone(),
                    href: (!l.is_heading())
                        .then(|| format!("/indicators/{}?method={}", l.code, method.code())),
                    norm: l.norm.clone(),
                    note: l.note,
                    cells: l.cells.iter().map(sheet_cell_view).collect(),
                })
                .collect(),
        })
        .collect();
    let notes = sheet
        .notes
        .iter()
        .map(|n| NoteView {
            number: n.number,
            text: n.text.clone(),
        })
        .collect();
    (sections, notes)
}

/// Who reported, per peer group and for the sector, from the bulletin's sheet.
pub(crate) fn group_views(sheet: &BulletinSheet) -> Vec<GroupView> {
    sheet
        .groups
        .iter()
        .map(|g| GroupView {
            title: g.title.clone(),
            names: g.names.clone(),
        })
        .collect()
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
    let country = parse_country(query.country.as_deref())?;
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
            "bulletin{}-{latest_id}-{}-{}",
            rec.id,
            query.revision.is_some(),
            country.map_or_else(|| "zone".to_owned(), |c| c.to_string())
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
        let choice = Choice {
            revision: explicit,
            country,
        };
        bulletin_page(&st, &req, lang, method, &table, &index, &choice)
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

/// A bulletin's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum File {
    /// `bulletin.csv`: for programs (codes, decimal point, no byte-order mark; its header is
    /// stable).
    Csv,
    /// `bulletin-sheet.csv`: for people, in the reader's language and their spreadsheet's
    /// dialect ([`sheet::sheet_csv`]).
    SheetCsv,
    /// `bulletin.xlsx`: the workbook in the reader's language.
    Xlsx,
    /// `bulletin.json`.
    Json,
}

impl File {
    fn of(name: &str) -> Option<Self> {
        Some(match name {
            "bulletin.csv" => Self::Csv,
            "bulletin-sheet.csv" => Self::SheetCsv,
            "bulletin.xlsx" => Self::Xlsx,
            "bulletin.json" => Self::Json,
            _ => return None,
        })
    }

    /// Whether the file is in the reader's language.
    fn by_lang(self) -> bool {
        matches!(self, Self::SheetCsv | Self::Xlsx)
    }
}

/// `GET /periods/{period}/{bulletin.csv,bulletin-sheet.csv,bulletin.xlsx,bulletin.json}`: a
/// bulletin as a file (`?method=`, `?revision=`; the workbook and the spreadsheet CSV in the
/// page's language, from the same texts as the page).
pub async fn download(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<(String, String)>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let (period_text, name) = path.into_inner();
    let file = File::of(&name).ok_or_else(|| AppError::NotFound(format!("file {name}")))?;
    let lang = request_lang(&req);
    let method = parse_method(query.method.as_deref())?;
    let period = parse_period(&period_text)?;
    let index = state.index().await?;
    let rec = index
        .revision(period, query.revision)
        .ok_or_else(|| AppError::NotFound(format!("{period} revision {:?}", query.revision)))?
        .clone();
    let by_lang = file.by_lang();
    let etag = state.etag(
        &rec.public_sha256,
        &format!("file{}-{name}", rec.id),
        method.code(),
        by_lang.then_some(lang),
    );
    let (stem, ext) = name.split_once('.').unwrap_or((name.as_str(), ""));
    let meta = Meta {
        lang: by_lang.then_some(lang),
        by_lang,
        download: Some(format!(
            "{}-{period}-r{}-{}{}{}.{ext}",
            rec.framework,
            rec.revision,
            method.code(),
            stem.strip_prefix("bulletin").unwrap_or_default(),
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
            let sheet = || -> Result<BulletinSheet, AppError> {
                let fw = st2.framework(Some(table.period))?;
                Ok(bulletin_sheet(st2.i18n(), lang, fw, &table, method))
            };
            Ok(match file {
                File::Csv => Cached {
                    body: Bytes::from(export::public_csv(&table, method)?),
                    content_type: "text/csv; charset=utf-8",
                },
                File::SheetCsv => Cached {
                    body: Bytes::from(sheet::sheet_csv(&sheet()?)?),
                    content_type: "text/csv; charset=utf-8",
                },
                File::Json => Cached {
                    body: Bytes::from(export::public_json(&table, method)?),
                    content_type: "application/json",
                },
                File::Xlsx => Cached {
                    body: Bytes::from(sheet::bulletin_xlsx(&sheet()?)?),
                    content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                },
            })
        })
        .await?
    })
    .await
}
