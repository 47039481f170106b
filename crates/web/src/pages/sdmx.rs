//! SDMX downloads for statistics offices: a published quarter as an SDMX-CSV 2.0 data message
//! (every method in one file, `?revision=`), and the structure it follows as an SDMX-ML 2.1
//! structure message. The web only serves what [`mizan_service::sdmx`] writes, cached like the
//! other downloads.

use std::sync::Arc;

use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use mizan_core::Framework;
use mizan_service::sdmx;

use super::{PageQuery, parse_period, serve};
use crate::error::AppError;
use crate::http::{Caching, Meta};
use crate::state::{Cached, WebState};

/// The media type of the data (SDMX-CSV 2.0).
pub const DATA_TYPE: &str = "application/vnd.sdmx.data+csv;version=2.0.0";
/// The media type of the structure (SDMX-ML 2.1 structure message).
pub const STRUCTURE_TYPE: &str = "application/vnd.sdmx.structure+xml;version=2.1";

/// `GET /periods/{period}/bulletin.sdmx.csv` and `GET /api/v1/periods/{period}/sdmx`: the
/// published figures of a quarter (`?revision=`: a revision; by default the current one) as
/// SDMX-CSV 2.0.
pub async fn data(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let period = parse_period(&path.into_inner())?;
    let index = state.index().await?;
    let rec = index
        .revision(period, query.revision)
        .ok_or_else(|| AppError::NotFound(format!("{period} revision {:?}", query.revision)))?
        .clone();
    let etag = state.etag(&rec.public_sha256, &format!("sdmx{}", rec.id), "-", None);
    let meta = Meta {
        download: Some(format!(
            "{}-{period}-r{}.sdmx.csv",
            rec.framework, rec.revision
        )),
        ..Meta::default()
    };
    let st = state.clone();
    serve(&req, &state, etag, Caching::Public, meta, async move {
        let table = st.table(rec.id).await?;
        let country = st.framework(Some(period))?.country;
        web::block(move || -> Result<Cached, AppError> {
            Ok(Cached {
                body: Bytes::from(sdmx::data_csv(&table, country)?),
                content_type: DATA_TYPE,
            })
        })
        .await?
    })
    .await
}

/// `GET /api/v1/sdmx/structure`: the data structure definition of the site's framework, its
/// code lists, concepts and dataflow, as an SDMX-ML 2.1 structure message (names in French,
/// English and Arabic; prepared at the latest publication).
pub async fn structure(
    req: HttpRequest,
    data: web::Data<WebState>,
) -> Result<HttpResponse, AppError> {
    let state: Arc<WebState> = data.into_inner();
    let index = state.index().await?;
    let etag = state.etag(&index.fingerprint, "sdmx-structure", "-", None);
    let prepared = index
        .quarters
        .iter()
        .flat_map(|q| &q.revisions)
        .map(|r| r.published_at)
        .max()
        .unwrap_or(chrono::DateTime::UNIX_EPOCH.naive_utc());
    let meta = Meta {
        download: Some(format!("{}-sdmx-structure.xml", state.options().framework)),
        ..Meta::default()
    };
    let st = state.clone();
    serve(&req, &state, etag, Caching::Public, meta, async move {
        let versions: Vec<&Framework> = st
            .app()
            .frameworks
            .versions(&st.options().framework)
            .iter()
            .collect();
        let i18n = st.i18n();
        let countries = match versions.last() {
            Some(fw) => sdmx::ref_areas(st.app(), fw)?,
            None => Vec::new(),
        };
        let body = sdmx::structure_xml(
            &versions,
            &countries,
            &|lang, id| i18n.text(lang, id),
            prepared,
        )?;
        Ok(Cached {
            body: Bytes::from(body),
            content_type: STRUCTURE_TYPE,
        })
    })
    .await
}
