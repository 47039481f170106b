//! SDMX for statistics offices and central banks: the published figures of a quarter as an
//! SDMX-CSV 2.0 data message, and the structure they follow — concepts, code lists, the data
//! structure definition and its dataflow — as an SDMX-ML 2.1 structure message.
//!
//! Both are generated from the framework's configuration and the published snapshot
//! ([`PublicTable`]), never written by hand per framework:
//!
//! - dimensions `INDICATOR` (the public row code mapped to an SDMX id by [`sdmx_id`]:
//!   `fin.par30` → `FIN_PAR30`; each code of the code list keeps its row code in an annotation
//!   of type [`ROW_CODE_ANNOTATION`]), `PEER_GROUP` (`sa` → `SA`, the sector → `_T`, SDMX's
//!   code for a total), `METHOD` (`PUBLISHED`, `POOLED`, `MEDIAN`), `REF_AREA` (the country:
//!   ISO 3166-1 alpha-2, `CI`; for a framework of several countries — the BCEAO's zone — the
//!   country of a country's column, and [`ZONE`] = `_T`, SDMX's code for a total, for the
//!   columns of the whole zone: its peer groups and its sector; a one-country framework's
//!   columns are all its country) and the time dimension `TIME_PERIOD` (`2016-Q1`). A column
//!   `BF.sa` (the SA of Burkina Faso) is `REF_AREA` `BF`, `PEER_GROUP` `SA`; the column `BF`
//!   (Burkina Faso's total) is `BF`, `_T`;
//! - the measure `OBS_VALUE`: the figure at the precision the bulletin shows it (the same
//!   values as the public CSV: [`PublicTable::export_rows`]), empty when there is none or when
//!   it is withheld;
//! - attributes of each observation: `OBS_STATUS` from SDMX's cross-domain code list
//!   `CL_OBS_STATUS` (`A` normal value, `M` missing value — no institution, no figure —, `Q`
//!   missing value, suppressed), `CONF_STATUS` from `CL_CONF_STATUS` (`F` free for publication,
//!   `C` confidential: withheld by disclosure control), `N_INSTITUTIONS` (institutions behind
//!   the figure) and `N_COMPLIANT` (institutions meeting the norm, empty where the bulletin
//!   shows none).
//!
//! A withheld figure is thus `OBS_VALUE` empty, `OBS_STATUS` = `Q` and `CONF_STATUS` = `C`:
//! confidentiality is told by the concept SDMX made for it (`CONF_STATUS`), the missing value
//! by the observation status, as SDMX's guidelines on the observation status recommend.
//!
//! Names in the structure are in French, English and Arabic: the framework's labels, and the
//! fixed terms from the caller's texts ([`StructureTexts`]; this crate words none of them).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use mizan_core::institution::CountryCode;
use mizan_core::{Framework, Lang};
use mizan_ratios::Method;

use crate::error::{ServiceError, ServiceResult};
use crate::publication::PublicTable;

/// The maintenance agency of every artefact.
pub const AGENCY: &str = "MIZAN";
/// The version of every Mizan artefact.
pub const VERSION: &str = "1.0";
/// The agency of SDMX's cross-domain code lists.
pub const SDMX_AGENCY: &str = "SDMX";
/// Type of the annotation that keeps an indicator code's public row code (`fin.par30`).
pub const ROW_CODE_ANNOTATION: &str = "MIZAN_ROW_CODE";
/// The code of the whole sector in the peer-group code list (SDMX's code for a total).
pub const SECTOR: &str = "_T";

/// The code of the whole zone of a framework of several countries in the reference-area code
/// list (SDMX's code for a total, as the sector in the peer-group code list).
pub const ZONE: &str = "_T";

/// The dimensions, in key order (the time dimension last).
pub const DIMENSIONS: [&str; 5] = [
    "INDICATOR",
    "PEER_GROUP",
    "METHOD",
    "REF_AREA",
    "TIME_PERIOD",
];
/// The attributes of an observation, in column order.
pub const ATTRIBUTES: [&str; 4] = ["OBS_STATUS", "CONF_STATUS", "N_INSTITUTIONS", "N_COMPLIANT"];

/// `CL_OBS_STATUS` (SDMX, version 2.2): the codes used.
const OBS_STATUS: (&str, &str, [&str; 3]) = ("CL_OBS_STATUS", "2.2", ["A", "M", "Q"]);
/// `CL_CONF_STATUS` (SDMX, version 1.2): the codes used.
const CONF_STATUS: (&str, &str, [&str; 2]) = ("CL_CONF_STATUS", "1.2", ["F", "C"]);

/// The concepts, in the order of the concept scheme.
const CONCEPTS: [&str; 10] = [
    "INDICATOR",
    "PEER_GROUP",
    "METHOD",
    "REF_AREA",
    "TIME_PERIOD",
    "OBS_VALUE",
    "OBS_STATUS",
    "CONF_STATUS",
    "N_INSTITUTIONS",
    "N_COMPLIANT",
];

/// An SDMX identifier for a code: upper case, and every character SDMX does not allow in an id
/// (`[A-Za-z0-9_@$-]`) — the dots of row codes, the hyphens of framework ids — as `_`
/// (`fin.par30` → `FIN_PAR30`, `apsfd-ci` → `APSFD_CI`). Deterministic; the structure refuses
/// two codes that would meet ([`structure_xml`]).
pub fn sdmx_id(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '$') {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The code of a column (`sa` → `SA`, `sector` → [`SECTOR`]).
pub fn peer_group_id(group: &str) -> String {
    if group == "sector" {
        SECTOR.to_owned()
    } else {
        sdmx_id(group)
    }
}

/// The reference area and the peer group of a column of a public table, as SDMX codes:
/// `(REF_AREA, PEER_GROUP)`. `country` is the framework's (`None` for a zone framework).
pub fn column_ids(
    group: &crate::publication::PublicGroup,
    country: Option<CountryCode>,
) -> (String, String) {
    match (group.country, &group.peer_group) {
        (Some(c), Some(g)) => (c.to_string(), peer_group_id(g)),
        (Some(c), None) => (c.to_string(), SECTOR.to_owned()),
        (None, _) => (
            country.map_or_else(|| ZONE.to_owned(), |c| c.to_string()),
            peer_group_id(&group.code),
        ),
    }
}

/// The id of the reference-area code list of framework `framework` (`CL_BCEAO_SFD_REF_AREA`).
pub fn ref_area_codelist_id(framework: &str) -> String {
    format!("CL_{}_REF_AREA", sdmx_id(framework))
}

/// The countries of a framework's reference-area code list: its own country, or for a
/// framework of several countries every country the registry has given one of its
/// institutions (the tables' countries are the registry's), in code order.
pub fn ref_areas(app: &crate::app::App, fw: &Framework) -> ServiceResult<Vec<CountryCode>> {
    if let Some(c) = fw.country {
        return Ok(vec![c]);
    }
    let mut conn = app.conn()?;
    let registry = mizan_storage::registry::load_registry(&mut conn)?;
    let countries: std::collections::BTreeSet<CountryCode> = registry
        .iter()
        .flat_map(|i| &i.history)
        .map(|v| &v.attributes)
        .filter(|a| a.framework == fw.id)
        .filter_map(|a| a.country)
        .collect();
    Ok(countries.into_iter().collect())
}

/// The code of a method (`PUBLISHED`, `POOLED`, `MEDIAN`).
pub fn method_id(method: Method) -> String {
    sdmx_id(method.code())
}

/// The id of the dataflow of framework `framework` (`DF_APSFD_CI`).
pub fn dataflow_id(framework: &str) -> String {
    format!("DF_{}", sdmx_id(framework))
}

/// The id of the data structure definition of framework `framework` (`DSD_APSFD_CI`).
pub fn dsd_id(framework: &str) -> String {
    format!("DSD_{}", sdmx_id(framework))
}

/// The id of the indicator code list of framework `framework` (`CL_APSFD_CI_INDICATOR`).
pub fn indicator_codelist_id(framework: &str) -> String {
    format!("CL_{}_INDICATOR", sdmx_id(framework))
}

/// The id of the peer-group code list of framework `framework` (`CL_APSFD_CI_PEER_GROUP`).
pub fn peer_group_codelist_id(framework: &str) -> String {
    format!("CL_{}_PEER_GROUP", sdmx_id(framework))
}

/// The id of the code list of methods (the same for every framework).
pub const METHOD_CODELIST: &str = "CL_METHOD";
/// The id of the concept scheme (the same for every framework).
pub const CONCEPT_SCHEME: &str = "CS_MIZAN";

/// The `STRUCTURE_ID` of framework `framework`'s data (`MIZAN:DF_APSFD_CI(1.0)`).
pub fn structure_ref(framework: &str) -> String {
    format!("{AGENCY}:{}({VERSION})", dataflow_id(framework))
}

/// The header of the SDMX-CSV data message.
pub fn csv_header() -> Vec<&'static str> {
    let mut h = vec!["STRUCTURE", "STRUCTURE_ID", "ACTION"];
    h.extend(DIMENSIONS);
    h.push("OBS_VALUE");
    h.extend(ATTRIBUTES);
    h
}

/// The published figures of `table` as an SDMX-CSV 2.0 data message of the framework's
/// dataflow: one observation per row, column and method (every method in one file, the method
/// being a dimension), `ACTION` = `I` (information: the data is disseminated, not a change to
/// apply), figures at public precision, withheld figures empty with `OBS_STATUS` `Q` and
/// `CONF_STATUS` `C`.
///
/// `country` is the framework's country (`None` for a framework of several countries): the
/// `REF_AREA` of its columns ([`column_ids`]).
pub fn data_csv(table: &PublicTable, country: Option<CountryCode>) -> ServiceResult<Vec<u8>> {
    // Published tables are quarterly (`publish` refuses a month): a month here is refused
    // rather than written as a TIME_PERIOD of another frequency.
    crate::app::App::require_quarter(table.period)?;
    let write_err = |e: csv::Error| ServiceError::Write {
        what: "SDMX-CSV",
        message: e.to_string(),
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(csv_header()).map_err(write_err)?;
    let structure = structure_ref(&table.framework);
    let ids: BTreeMap<&str, (String, String)> = table
        .groups
        .iter()
        .map(|g| (g.code.as_str(), column_ids(g, country)))
        .collect();
    for method in Method::ALL {
        let m = method_id(method);
        for row in table.export_rows(method) {
            let (obs_status, conf_status) = if row.suppressed {
                ("Q", "C")
            } else if row.value.is_none() {
                ("M", "F")
            } else {
                ("A", "F")
            };
            let (area, group) = ids.get(row.group.as_str()).cloned().unwrap_or_else(|| {
                (
                    country.map_or_else(|| ZONE.to_owned(), |c| c.to_string()),
                    peer_group_id(&row.group),
                )
            });
            w.write_record([
                "dataflow",
                &structure,
                "I",
                &sdmx_id(&row.indicator),
                &group,
                &m,
                &area,
                &row.period.to_string(),
                &row.value
                    .filter(|_| !row.suppressed)
                    .map(|v| v.normalize().to_string())
                    .unwrap_or_default(),
                obs_status,
                conf_status,
                &row.n.to_string(),
                &row.n_compliant.map(|c| c.to_string()).unwrap_or_default(),
            ])
            .map_err(write_err)?;
        }
    }
    w.into_inner().map_err(|e| ServiceError::Write {
        what: "SDMX-CSV",
        message: e.to_string(),
    })
}

/// The fixed terms of the structure message, in a language, from the caller (the web's
/// Fluent texts). Asked for by these ids:
///
/// - `sdmx-concepts`: the concept scheme's name;
/// - `sdmx-concept-<concept>` for each concept, its id in lower case with `-` for `_`
///   (`sdmx-concept-indicator`, `sdmx-concept-time-period`, `sdmx-concept-n-compliant`, …);
/// - `sdmx-codelist-<list>` for the code lists: `indicator`, `peer-group`, `method`,
///   `ref-area`, `obs-status`, `conf-status`;
/// - `country-<code>` for the name of a country (`country-bf`);
/// - `sdmx-obs-status-<code>` (`a`, `m`, `q`) and `sdmx-conf-status-<code>` (`f`, `c`);
/// - `method-published`, `method-pooled`, `method-median` for the methods.
pub type StructureTexts<'a> = &'a dyn Fn(Lang, &str) -> String;

/// A code list's agency, id and version.
type ListRef<'a> = (&'a str, &'a str, &'a str);

/// One code of a code list: its id, its names by language, and the row code it stands for.
struct CodeItem {
    id: String,
    names: Vec<(Lang, String)>,
    row_code: Option<String>,
}

/// Every row code of the framework's versions (latest first, then codes only older versions
/// have), with its names from the latest version that has it.
fn indicator_codes(versions: &[&Framework]) -> ServiceResult<Vec<CodeItem>> {
    let mut out: Vec<CodeItem> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for fw in versions.iter().rev() {
        for ind in &fw.indicators {
            let mut rows = vec![(ind.code.to_string(), None)];
            if let Some(c) = &ind.components {
                rows.push((format!("{}.a", ind.code), Some(&c.a)));
                rows.push((format!("{}.b", ind.code), Some(&c.b)));
            }
            for (code, component) in rows {
                let id = sdmx_id(&code);
                match seen.get(&id) {
                    Some(other) if *other == code => continue,
                    Some(other) => {
                        return Err(ServiceError::Config(format!(
                            "SDMX: the row codes {other} and {code} both map to {id}"
                        )));
                    }
                    None => {}
                }
                seen.insert(id.clone(), code.clone());
                let names = Lang::ALL
                    .iter()
                    .map(|&lang| {
                        let name = match component {
                            Some(part) => {
                                format!("{} — {}", ind.label.get(lang), part.get(lang))
                            }
                            None => ind.label.get(lang).to_owned(),
                        };
                        (lang, name)
                    })
                    .collect();
                out.push(CodeItem {
                    id,
                    names,
                    row_code: Some(code),
                });
            }
        }
    }
    Ok(out)
}

/// Escapes text for XML content and attribute values (`&`, `<`, `>`, `"`, `'`).
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A small writer of indented XML lines.
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push('\t');
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn open(&mut self, tag: &str) {
        self.line(&format!("<{tag}>"));
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(&format!("</{name}>"));
    }

    /// `<com:Name xml:lang="fr">…</com:Name>` for each language.
    fn names(&mut self, names: &[(Lang, String)]) {
        for (lang, name) in names {
            self.line(&format!(
                "<com:Name xml:lang=\"{}\">{}</com:Name>",
                lang.tag(),
                xml_escape(name)
            ));
        }
    }

    fn concept_ref(&mut self, concept: &str) {
        self.open("str:ConceptIdentity");
        self.line(&format!(
            "<Ref agencyID=\"{AGENCY}\" maintainableParentID=\"{CONCEPT_SCHEME}\" \
             maintainableParentVersion=\"{VERSION}\" id=\"{concept}\" class=\"Concept\" \
             package=\"conceptscheme\"/>"
        ));
        self.close("str:ConceptIdentity");
    }

    fn enumeration(&mut self, agency: &str, id: &str, version: &str) {
        self.open("str:LocalRepresentation");
        self.open("str:Enumeration");
        self.line(&format!(
            "<Ref agencyID=\"{agency}\" id=\"{id}\" version=\"{version}\" class=\"Codelist\" \
             package=\"codelist\"/>"
        ));
        self.close("str:Enumeration");
        self.close("str:LocalRepresentation");
    }

    fn text_format(&mut self, text_type: &str) {
        self.open("str:LocalRepresentation");
        self.line(&format!("<str:TextFormat textType=\"{text_type}\"/>"));
        self.close("str:LocalRepresentation");
    }

    fn codelist(
        &mut self,
        (agency, id, version): ListRef<'_>,
        partial: bool,
        names: &[(Lang, String)],
        codes: &[CodeItem],
    ) {
        self.open(&format!(
            "str:Codelist id=\"{id}\" agencyID=\"{agency}\" version=\"{version}\" \
             isFinal=\"false\" isPartial=\"{partial}\""
        ));
        self.names(names);
        for code in codes {
            self.open(&format!("str:Code id=\"{}\"", xml_escape(&code.id)));
            if let Some(row_code) = &code.row_code {
                self.open("com:Annotations");
                self.open("com:Annotation");
                self.line(&format!(
                    "<com:AnnotationTitle>{}</com:AnnotationTitle>",
                    xml_escape(row_code)
                ));
                self.line(&format!(
                    "<com:AnnotationType>{ROW_CODE_ANNOTATION}</com:AnnotationType>"
                ));
                self.close("com:Annotation");
                self.close("com:Annotations");
            }
            self.names(&code.names);
            self.close("str:Code");
        }
        self.close("str:Codelist");
    }
}

/// The data structure of framework `versions` (every version of one framework, oldest first)
/// as an SDMX-ML 2.1 structure message: the dataflow, the code lists (indicators of every
/// version with their names in French, English and Arabic and their row codes, peer groups and
/// the sector, methods, and the codes used of SDMX's `CL_OBS_STATUS` and `CL_CONF_STATUS`), the
/// concept scheme and the data structure definition. `prepared` is the message's date.
///
/// `countries` are the reference areas ([`ref_areas`]); a framework of several countries also
/// has [`ZONE`], named by its sector label.
pub fn structure_xml(
    versions: &[&Framework],
    countries: &[CountryCode],
    texts: StructureTexts<'_>,
    prepared: NaiveDateTime,
) -> ServiceResult<Vec<u8>> {
    let fw = *versions
        .last()
        .ok_or_else(|| ServiceError::NotFound("framework".to_owned()))?;
    let names_of = |key: &str| -> Vec<(Lang, String)> {
        Lang::ALL
            .iter()
            .map(|&lang| (lang, texts(lang, key)))
            .collect()
    };
    let labels = |l: &mizan_core::Labels| -> Vec<(Lang, String)> {
        Lang::ALL
            .iter()
            .map(|&lang| (lang, l.get(lang).to_owned()))
            .collect()
    };
    let key = |id: &str| id.to_ascii_lowercase().replace('_', "-");

    let indicators = indicator_codes(versions)?;
    let mut groups: Vec<CodeItem> = fw
        .peer_groups
        .iter()
        .map(|g| CodeItem {
            id: peer_group_id(&g.code),
            names: labels(&g.label),
            row_code: None,
        })
        .collect();
    groups.push(CodeItem {
        id: SECTOR.to_owned(),
        names: labels(&fw.sector_label),
        row_code: None,
    });
    let mut areas: Vec<CodeItem> = Vec::new();
    if fw.country.is_none() {
        areas.push(CodeItem {
            id: ZONE.to_owned(),
            names: labels(&fw.sector_label),
            row_code: None,
        });
    }
    for c in fw
        .country
        .iter()
        .chain(countries)
        .collect::<std::collections::BTreeSet<_>>()
    {
        areas.push(CodeItem {
            id: c.to_string(),
            names: names_of(&format!("country-{}", c.as_str().to_ascii_lowercase())),
            row_code: None,
        });
    }
    let methods: Vec<CodeItem> = Method::ALL
        .iter()
        .map(|&m| CodeItem {
            id: method_id(m),
            names: names_of(&format!("method-{}", m.code())),
            row_code: None,
        })
        .collect();
    let statuses = |prefix: &str, codes: &[&str]| -> Vec<CodeItem> {
        codes
            .iter()
            .map(|c| CodeItem {
                id: (*c).to_owned(),
                names: names_of(&format!("{prefix}-{}", c.to_ascii_lowercase())),
                row_code: None,
            })
            .collect()
    };

    let framework = &fw.id;
    let (df, dsd) = (dataflow_id(framework), dsd_id(framework));
    let (cl_ind, cl_group, cl_area) = (
        indicator_codelist_id(framework),
        peer_group_codelist_id(framework),
        ref_area_codelist_id(framework),
    );
    let mut x = Xml {
        out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        depth: 0,
    };
    x.open(
        "mes:Structure xmlns:mes=\"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message\" \
         xmlns:str=\"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure\" \
         xmlns:com=\"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common\"",
    );
    x.open("mes:Header");
    x.line(&format!("<mes:ID>{}_STRUCTURE</mes:ID>", dsd));
    x.line("<mes:Test>false</mes:Test>");
    x.line(&format!(
        "<mes:Prepared>{}</mes:Prepared>",
        prepared.format("%Y-%m-%dT%H:%M:%S")
    ));
    x.line(&format!("<mes:Sender id=\"{AGENCY}\"/>"));
    x.close("mes:Header");
    x.open("mes:Structures");

    x.open("str:Dataflows");
    x.open(&format!(
        "str:Dataflow id=\"{df}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\" isFinal=\"false\""
    ));
    x.names(&labels(&fw.label));
    x.open("str:Structure");
    x.line(&format!(
        "<Ref agencyID=\"{AGENCY}\" id=\"{dsd}\" version=\"{VERSION}\" class=\"DataStructure\" \
         package=\"datastructure\"/>"
    ));
    x.close("str:Structure");
    x.close("str:Dataflow");
    x.close("str:Dataflows");

    x.open("str:Codelists");
    x.codelist(
        (AGENCY, &cl_ind, VERSION),
        false,
        &names_of("sdmx-codelist-indicator"),
        &indicators,
    );
    x.codelist(
        (AGENCY, &cl_group, VERSION),
        false,
        &names_of("sdmx-codelist-peer-group"),
        &groups,
    );
    x.codelist(
        (AGENCY, METHOD_CODELIST, VERSION),
        false,
        &names_of("sdmx-codelist-method"),
        &methods,
    );
    x.codelist(
        (AGENCY, &cl_area, VERSION),
        false,
        &names_of("sdmx-codelist-ref-area"),
        &areas,
    );
    x.codelist(
        (SDMX_AGENCY, OBS_STATUS.0, OBS_STATUS.1),
        true,
        &names_of("sdmx-codelist-obs-status"),
        &statuses("sdmx-obs-status", &OBS_STATUS.2),
    );
    x.codelist(
        (SDMX_AGENCY, CONF_STATUS.0, CONF_STATUS.1),
        true,
        &names_of("sdmx-codelist-conf-status"),
        &statuses("sdmx-conf-status", &CONF_STATUS.2),
    );
    x.close("str:Codelists");

    x.open("str:Concepts");
    x.open(&format!(
        "str:ConceptScheme id=\"{CONCEPT_SCHEME}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\" \
         isFinal=\"false\" isPartial=\"false\""
    ));
    x.names(&names_of("sdmx-concepts"));
    for c in CONCEPTS {
        x.open(&format!("str:Concept id=\"{c}\""));
        x.names(&names_of(&format!("sdmx-concept-{}", key(c))));
        x.close("str:Concept");
    }
    x.close("str:ConceptScheme");
    x.close("str:Concepts");

    x.open("str:DataStructures");
    x.open(&format!(
        "str:DataStructure id=\"{dsd}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\" \
         isFinal=\"false\""
    ));
    x.names(&labels(&fw.label));
    x.open("str:DataStructureComponents");
    x.open("str:DimensionList id=\"DimensionDescriptor\"");
    let enumerated = [
        ("INDICATOR", AGENCY, cl_ind.as_str(), VERSION),
        ("PEER_GROUP", AGENCY, cl_group.as_str(), VERSION),
        ("METHOD", AGENCY, METHOD_CODELIST, VERSION),
        ("REF_AREA", AGENCY, cl_area.as_str(), VERSION),
    ];
    for (position, (dim, agency, list, version)) in enumerated.into_iter().enumerate() {
        x.open(&format!(
            "str:Dimension id=\"{dim}\" position=\"{}\"",
            position + 1
        ));
        x.concept_ref(dim);
        x.enumeration(agency, list, version);
        x.close("str:Dimension");
    }
    x.open(&format!(
        "str:TimeDimension id=\"TIME_PERIOD\" position=\"{}\"",
        enumerated.len() + 1
    ));
    x.concept_ref("TIME_PERIOD");
    x.text_format("ObservationalTimePeriod");
    x.close("str:TimeDimension");
    x.close("str:DimensionList");

    x.open("str:AttributeList id=\"AttributeDescriptor\"");
    let attributes: [(&str, &str, Option<ListRef<'_>>, &str); 4] = [
        (
            "OBS_STATUS",
            "Mandatory",
            Some((SDMX_AGENCY, OBS_STATUS.0, OBS_STATUS.1)),
            "",
        ),
        (
            "CONF_STATUS",
            "Mandatory",
            Some((SDMX_AGENCY, CONF_STATUS.0, CONF_STATUS.1)),
            "",
        ),
        ("N_INSTITUTIONS", "Mandatory", None, "Integer"),
        ("N_COMPLIANT", "Conditional", None, "Integer"),
    ];
    for (id, status, list, text_type) in attributes {
        x.open(&format!(
            "str:Attribute id=\"{id}\" assignmentStatus=\"{status}\""
        ));
        x.concept_ref(id);
        match list {
            Some((agency, list, version)) => x.enumeration(agency, list, version),
            None => x.text_format(text_type),
        }
        x.open("str:AttributeRelationship");
        x.open("str:PrimaryMeasure");
        x.line("<Ref id=\"OBS_VALUE\"/>");
        x.close("str:PrimaryMeasure");
        x.close("str:AttributeRelationship");
        x.close("str:Attribute");
    }
    x.close("str:AttributeList");

    x.open("str:MeasureList id=\"MeasureDescriptor\"");
    x.open("str:PrimaryMeasure id=\"OBS_VALUE\"");
    x.concept_ref("OBS_VALUE");
    x.text_format("Decimal");
    x.close("str:PrimaryMeasure");
    x.close("str:MeasureList");
    x.close("str:DataStructureComponents");
    x.close("str:DataStructure");
    x.close("str:DataStructures");

    x.close("mes:Structures");
    x.close("mes:Structure");
    Ok(x.out.into_bytes())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use mizan_core::framework::Frameworks;

    use super::*;

    /// The structure of every framework of `config/frameworks`: each row code of each version
    /// is a code, named in three languages, with its row code kept; the fixed terms are the
    /// caller's, escaped.
    #[test]
    fn every_configured_framework_has_its_structure() -> Result<(), Box<dyn std::error::Error>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/frameworks");
        let all = Frameworks::load_dir(&dir)?;
        let ids: Vec<&str> = all.ids().collect();
        assert!(ids.len() >= 2, "{ids:?}");
        let prepared = chrono::DateTime::UNIX_EPOCH.naive_utc();
        for id in ids {
            let versions: Vec<&Framework> = all.versions(id).iter().collect();
            let sn = CountryCode::parse("SN")?;
            let xml = String::from_utf8(structure_xml(
                &versions,
                &[sn],
                &|lang, key| format!("{key} <{}> & co", lang.tag()),
                prepared,
            )?)?;
            // The reference areas: a one-country framework's country; a zone's `_T` and the
            // countries given, named by their texts.
            assert!(xml.contains(&format!("str:Codelist id=\"{}\"", ref_area_codelist_id(id))));
            assert!(xml.contains("<str:Dimension id=\"REF_AREA\" position=\"4\">"));
            let fw = versions.last().ok_or("no version")?;
            match fw.country {
                Some(c) => assert!(xml.contains(&format!("<str:Code id=\"{c}\">"))),
                None => {
                    assert!(xml.contains("<str:Code id=\"_T\">"));
                    assert!(xml.contains("country-sn &lt;fr&gt;"));
                }
            }
            assert!(xml.contains(&format!("<str:Dataflow id=\"{}\"", dataflow_id(id))));
            assert!(xml.contains(
                "<com:Name xml:lang=\"ar\">sdmx-concept-obs-status &lt;ar&gt; &amp; co</com:Name>"
            ));
            assert!(!xml.contains("<ar>"), "unescaped text");
            if let Some(keep) = std::env::var_os("MIZAN_SDMX_KEEP") {
                // For a look by hand, or a reading by pysdmx.
                std::fs::write(Path::new(&keep).join(format!("{id}.xml")), &xml)?;
            }
            for fw in &versions {
                for ind in &fw.indicators {
                    let mut rows = vec![ind.code.to_string()];
                    if ind.components.is_some() {
                        rows.push(format!("{}.a", ind.code));
                        rows.push(format!("{}.b", ind.code));
                    }
                    for row in rows {
                        assert!(
                            xml.contains(&format!("<str:Code id=\"{}\">", sdmx_id(&row))),
                            "{id}: {row}"
                        );
                        assert!(xml.contains(&format!(
                            "<com:AnnotationTitle>{}</com:AnnotationTitle>",
                            xml_escape(&row)
                        )));
                    }
                }
                for g in &fw.peer_groups {
                    assert!(xml.contains(&format!("<str:Code id=\"{}\">", peer_group_id(&g.code))));
                }
            }
        }
        Ok(())
    }

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(
            xml_escape(r#"a<b>&"c"'d'"#),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
        assert_eq!(xml_escape("Société — مؤشر"), "Société — مؤشر");
    }

    #[test]
    fn codes_become_sdmx_ids() {
        assert_eq!(sdmx_id("fin.par30"), "FIN_PAR30");
        assert_eq!(sdmx_id("prud.capitalization.a"), "PRUD_CAPITALIZATION_A");
        assert_eq!(sdmx_id("apsfd-ci"), "APSFD_CI");
        assert_eq!(sdmx_id("a b/é"), "A_B__");
        assert_eq!(peer_group_id("sector"), "_T");
        assert_eq!(peer_group_id("mutual"), "MUTUAL");
        assert_eq!(method_id(Method::Median), "MEDIAN");
        assert_eq!(structure_ref("apsfd-ci"), "MIZAN:DF_APSFD_CI(1.0)");
    }
}
