//! The bulletin workbook, read back: every fixed text (column headings, "S/O", the notes'
//! "n = …; k meet the norm") is in the reader's language, and a norm nobody could be judged
//! against (a trend on a first quarter) gets no count of compliance, in the table and in the
//! notes.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use mizan_core::{Framework, Lang, Period};
use mizan_ratios::Method;
use mizan_service::Actor;
use mizan_service::bulletin::{Line, lines};
use mizan_service::export::{TableTexts, table_xlsx};
use mizan_service::publication::{Guard, PublicTable, load_public_table, publish};

use crate::{TestResult, on_each_backend};

type Error = Box<dyn std::error::Error>;

/// The texts of a bulletin workbook: its sheet's cells, and its notes by cell (`D21`), without
/// the author's prefix.
struct Book {
    cells: Vec<Vec<String>>,
    notes: BTreeMap<String, String>,
}

impl Book {
    fn read(bytes: &[u8]) -> Result<Self, Error> {
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec()))?;
        let sheet = wb.sheet_names().first().cloned().ok_or("no sheet")?;
        let range = wb.worksheet_range(&sheet)?;
        if range.start() != Some((0, 0)) {
            return Err(format!("the sheet starts at {:?}", range.start()).into());
        }
        let cells = range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect();
        // Notes are comments, which calamine does not read: the comments part, by hand.
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))?;
        let mut xml = String::new();
        zip.by_name("xl/comments1.xml")?.read_to_string(&mut xml)?;
        let mut notes = BTreeMap::new();
        for part in xml.split("<comment ref=\"").skip(1) {
            let (cell, rest) = part
                .split_once('"')
                .ok_or("a comment without a reference")?;
            let body = rest.split("</comment>").next().unwrap_or_default();
            let mut text = String::new();
            // `<t>` and `<t xml:space="preserve">` runs (not `<text>`).
            for run in body.split("<t").skip(1) {
                let Some((attributes, content)) = run.split_once('>') else {
                    continue;
                };
                if attributes.is_empty() || attributes.starts_with(' ') {
                    text.push_str(content.split("</t>").next().unwrap_or_default());
                }
            }
            let text = unescape(&text);
            let text = text.strip_prefix("Mizan:\n").unwrap_or(&text).to_owned();
            notes.insert(cell.to_owned(), text);
        }
        Ok(Self { cells, notes })
    }

    fn cell(&self, row: usize, col: usize) -> &str {
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", String::as_str)
    }

    /// The sheet row of a table row (`prud.capitalization`): the bulletin's lines start on the
    /// fourth row, under the title and the headings; its label is checked (in column B).
    fn row_of(
        &self,
        fw: &Framework,
        table: &PublicTable,
        code: &str,
        lang: Lang,
    ) -> Result<usize, Error> {
        let row = 3 + lines(fw, table)
            .iter()
            .position(|l| matches!(l, Line::Row { row, .. } if row.code == code))
            .ok_or_else(|| format!("no line {code}"))?;
        let label = fw
            .indicator(code)
            .ok_or_else(|| format!("no indicator {code}"))?
            .label
            .get(lang);
        if self.cell(row, 1) != label {
            return Err(format!("row {row} is {:?}, not {label:?}", self.cell(row, 1)).into());
        }
        Ok(row)
    }

    /// The note of a row's column (`group` among the table's columns).
    fn note(&self, table: &PublicTable, row: usize, group: &str) -> Result<&str, Error> {
        let i = table
            .groups
            .iter()
            .position(|g| g.code == group)
            .ok_or_else(|| format!("no column {group}"))?;
        let letter = char::from(b'D' + u8::try_from(i)?);
        let cell = format!("{letter}{}", row + 1);
        self.notes
            .get(&cell)
            .map(String::as_str)
            .ok_or_else(|| format!("no note on {cell}").into())
    }

    /// Every text of the workbook: cells and notes.
    fn texts(&self) -> impl Iterator<Item = &str> {
        self.cells
            .iter()
            .flatten()
            .chain(self.notes.values())
            .map(String::as_str)
    }
}

fn unescape(xml: &str) -> String {
    xml.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The fixed French texts of the bulletin workbook.
const FRENCH: [&str; 7] = [
    "S/O",
    "conforme",
    "norme",
    "Normes",
    "N°",
    "Secret statistique",
    "méthode",
];

#[test]
fn the_bulletin_workbook_is_in_the_readers_language() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        p.accept_all("2016-Q1")?;
        let period = Period::parse("2016-Q1")?;
        let rec = publish(
            &p.app,
            "apsfd-ci",
            period,
            None,
            Guard::Check,
            &Actor::system(),
        )?;
        let table = load_public_table(&p.app, rec.id)?;
        let fw = p.app.framework("apsfd-ci", period)?;
        // Footnote 5: 4 institutions of the 19 of the sector meet the capitalisation norm, 1 of
        // the 10 SA; nobody reports the general reserve (its cells are "S/O").
        let expected = [
            (
                Lang::Fr,
                ["N°", "Normes", "S/O"],
                "n = 19 ; 4 conforme(s) à la norme",
                "n = 10 ; 1 conforme(s) à la norme",
            ),
            (
                Lang::En,
                ["No.", "Norms", "n/a"],
                "n = 19; 4 meet the norm",
                "n = 10; 1 meet the norm",
            ),
            (
                Lang::Ar,
                ["الرقم", "المعايير", "لا ينطبق"],
                "n = 19؛ 4 مطابقة للمعيار",
                "n = 10؛ 1 مطابقة للمعيار",
            ),
        ];
        for (lang, [number, norms, na], sector, sa) in expected {
            let book = Book::read(&table_xlsx(fw, &table, Method::Published, &texts_in(lang))?)?;
            assert_eq!(
                (book.cell(2, 0), book.cell(2, 2)),
                (number, norms),
                "{lang:?}"
            );
            let reserve = book.row_of(fw, &table, "prud.general_reserve", lang)?;
            assert_eq!(book.cell(reserve, 3), na, "{lang:?}");
            let cap = book.row_of(fw, &table, "prud.capitalization", lang)?;
            assert_eq!(book.note(&table, cap, "sector")?, sector);
            assert_eq!(book.note(&table, cap, "sa")?, sa);
            if lang != Lang::Fr {
                let french: Vec<&str> = book
                    .texts()
                    .filter(|t| FRENCH.iter().any(|f| t.contains(f)))
                    .collect();
                assert!(french.is_empty(), "{lang:?}: French left in {french:?}");
            }
        }
        Ok(())
    })
}

/// A trend norm ("rising") on the first quarter of the fixture (no previous quarter): the
/// public table has no count of compliance, and the workbook's note only n — not
/// "0 conforme(s)", which would read as "nobody meets the norm".
#[test]
fn a_trend_nobody_could_be_judged_against_has_no_count() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        p.accept_all("2016-Q1")?;
        let period = Period::parse("2016-Q1")?;
        let rec = publish(
            &p.app,
            "apsfd-ci",
            period,
            None,
            Guard::Check,
            &Actor::system(),
        )?;
        let table = load_public_table(&p.app, rec.id)?;
        let fw = p.app.framework("apsfd-ci", period)?;
        let code = "fin.avg_loan_disbursed";
        let norm = fw.indicator(code).map(|i| i.norm_label(Lang::En));
        assert_eq!(norm.as_deref(), Some("Rising trend"));
        let row = table.row(code).ok_or("no row")?;
        for cell in &row.cells {
            assert!(
                cell.published.n > 0 && !cell.published.suppressed,
                "{cell:?}"
            );
            assert_eq!(cell.n_compliant, None, "{}", cell.group);
        }
        // A norm that could judge keeps its count.
        let cap = table.row("prud.capitalization").ok_or("no row")?;
        let counts: Vec<Option<usize>> = cap.cells.iter().map(|c| c.n_compliant).collect();
        assert_eq!(counts, [Some(1), Some(3), Some(4)]);
        for lang in [Lang::Fr, Lang::En, Lang::Ar] {
            let book = Book::read(&table_xlsx(fw, &table, Method::Published, &texts_in(lang))?)?;
            let r = book.row_of(fw, &table, code, lang)?;
            for cell in &row.cells {
                let n = cell.published.n;
                assert_eq!(book.note(&table, r, &cell.group)?, format!("n = {n}"));
            }
        }
        Ok(())
    })
}

/// The workbook's own texts in `lang` as a caller gives them (the web's come from its
/// translations and are tested there): what this crate is tested for is where it puts them.
fn texts_in(lang: Lang) -> TableTexts<'static> {
    let (number, norms, na, sep, meet) = match lang {
        Lang::Fr => ("N°", "Normes", "S/O", " ;", "conforme(s) à la norme"),
        Lang::En => ("No.", "Norms", "n/a", ";", "meet the norm"),
        Lang::Ar => ("الرقم", "المعايير", "لا ينطبق", "؛", "مطابقة للمعيار"),
    };
    TableTexts {
        lang,
        method: format!("{lang:?}"),
        number: number.into(),
        norms: norms.into(),
        not_applicable: na.into(),
        suppressed: "c".into(),
        cell_note: Box::new(move |n, compliant| match compliant {
            Some(k) => format!("n = {n}{sep} {k} {meet}"),
            None => format!("n = {n}"),
        }),
    }
}

/// A bulletin sheet written by hand: a percentage, an amount in thousands, a withheld figure
/// and one nobody is behind.
fn sheet_in(lang: Lang) -> Result<mizan_service::sheet::BulletinSheet, Error> {
    use mizan_core::framework::DisplayKind;
    use mizan_ratios::RowKind;
    use mizan_service::sheet::{
        BulletinSheet, SheetCell, SheetColumn, SheetHeaders, SheetLine, SheetSection,
    };
    let cell = |figure: Option<&str>, suppressed: bool, n: usize| -> Result<SheetCell, Error> {
        Ok(SheetCell {
            figure: figure.map(str::parse).transpose()?,
            text: if figure.is_none() && !suppressed {
                "S/O".into()
            } else {
                String::new()
            },
            suppressed,
            n,
            n_text: format!("n = {n}"),
            compliant: figure.map(|_| 2),
            compliant_text: figure.map(|_| "2 conforme(s)".into()),
        })
    };
    let line = |code: &str, label: &str, display, unit: &str, cells| SheetLine {
        kind: Some(RowKind::Indicator),
        code: code.into(),
        number: "1.1".into(),
        label: label.into(),
        norm: "< 5 %".into(),
        note: None,
        display,
        unit: unit.into(),
        cells,
    };
    let h = |s: &str| s.to_owned();
    Ok(BulletinSheet {
        lang,
        title: "Bulletin — T4 2025".into(),
        period: "T4 2025".into(),
        published: "Publié".into(),
        method: "méthode".into(),
        revision_note: None,
        headers: SheetHeaders {
            number: h("N°"),
            indicator: h("Indicateur"),
            norms: h("Normes"),
            group: h("Catégorie"),
            value: h("Valeur"),
            unit: h("Unité"),
            n: h("n"),
            compliant: h("Conformes"),
            remark: h("Remarque"),
        },
        columns: vec![
            SheetColumn {
                code: "sa".into(),
                label: "SA".into(),
            },
            SheetColumn {
                code: "sector".into(),
                label: "Secteur".into(),
            },
        ],
        sections: vec![SheetSection {
            number: "I".into(),
            label: "Financiers".into(),
            has_norms: true,
            lines: vec![
                line(
                    "fin.par30",
                    "PAR; 30",
                    DisplayKind::Percent,
                    "%",
                    vec![cell(None, true, 2)?, cell(Some("5.24"), false, 10)?],
                ),
                line(
                    "nf.outstanding",
                    "Encours",
                    DisplayKind::Thousands,
                    "milliers",
                    vec![cell(None, false, 0)?, cell(Some("19570"), false, 10)?],
                ),
            ],
        }],
        notes: vec![],
        legend: vec!["c : secret".into()],
        groups_intro: "Déclarants".into(),
        groups: vec![],
        suppressed_symbol: "c".into(),
        suppressed_title: "secret".into(),
        reporting_sheet: "Déclarants".into(),
        published_at: chrono::NaiveDate::from_ymd_opt(2026, 1, 31)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .ok_or("date")?,
    })
}

/// The workbook writes a percentage as its fraction (`5.24` % is `0.0524`, divided in
/// decimals), an amount as shown, the withheld symbol and the not-applicable mark as text, n
/// and the count in their own cells; the same sheet gives the same bytes.
#[test]
fn the_bulletin_workbook_holds_fractions_symbols_and_counts() -> TestResult {
    use mizan_service::sheet::bulletin_xlsx;
    let sheet = sheet_in(Lang::Fr)?;
    let bytes = bulletin_xlsx(&sheet)?;
    assert_eq!(bytes, bulletin_xlsx(&sheet)?);
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))?;
    let names = wb.sheet_names();
    assert_eq!(names, ["T4 2025", "Déclarants"]);
    let range = wb.worksheet_range("T4 2025")?;
    let row = |label: &str| -> Result<Vec<Data>, Error> {
        range
            .rows()
            .find(|r| r.get(1).map(ToString::to_string).as_deref() == Some(label))
            .map(<[Data]>::to_vec)
            .ok_or_else(|| format!("no row {label}").into())
    };
    let par = row("PAR; 30")?;
    assert_eq!(par.get(3), Some(&Data::String("c".into())));
    assert_eq!(par.get(4), Some(&Data::Float(2.0)));
    assert_eq!(par.get(5), Some(&Data::Empty));
    let Some(Data::Float(fraction)) = par.get(6) else {
        return Err(format!("{:?}", par.get(6)).into());
    };
    assert!((fraction - 0.0524).abs() < 1e-15, "{fraction}");
    assert_eq!(par.get(7), Some(&Data::Float(10.0)));
    assert_eq!(par.get(8), Some(&Data::Float(2.0)));
    let amount = row("Encours")?;
    assert_eq!(amount.get(3), Some(&Data::String("S/O".into())));
    assert_eq!(amount.get(6), Some(&Data::Float(19570.0)));
    Ok(())
}

/// The spreadsheet CSV: a byte-order mark, the language's separator and decimal mark, a label
/// with the separator quoted, the withheld symbol with its meaning.
#[test]
fn the_spreadsheet_csv_follows_the_readers_dialect() -> TestResult {
    use mizan_service::sheet::sheet_csv;
    let fr = String::from_utf8(sheet_csv(&sheet_in(Lang::Fr)?)?)?;
    let fr = fr.strip_prefix('\u{FEFF}').ok_or("no byte-order mark")?;
    assert_eq!(
        fr.lines().collect::<Vec<_>>(),
        [
            "N°;Indicateur;Normes;Catégorie;Valeur;Unité;n;Conformes;Remarque",
            "1.1;\"PAR; 30\";< 5 %;SA;c;%;2;;secret",
            "1.1;\"PAR; 30\";< 5 %;Secteur;5,24;%;10;2;",
            "1.1;Encours;< 5 %;SA;S/O;milliers;0;;",
            "1.1;Encours;< 5 %;Secteur;19570;milliers;10;2;",
        ]
    );
    let en = String::from_utf8(sheet_csv(&sheet_in(Lang::En)?)?)?;
    assert!(en.starts_with('\u{FEFF}'));
    assert!(
        en.contains("1.1,PAR; 30,< 5 %,Secteur,5.24,%,10,2,\n"),
        "{en}"
    );
    let ar = String::from_utf8(sheet_csv(&sheet_in(Lang::Ar)?)?)?;
    assert!(ar.contains(";5,24;"), "{ar}");
    Ok(())
}
