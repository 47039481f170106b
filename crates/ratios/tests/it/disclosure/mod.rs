//! Disclosure control: rules on hand-made tables, the attacker test and the Q1 2016 fixture.

mod attacker;
mod fixture_q1;
mod rules;

use mizan_core::{Attributes, Framework, LegalForm, Period, Structure};
use mizan_ratios::disclosure::CellDecision;
use mizan_ratios::{ConsolidatedTable, DisclosureResult, InstitutionReturn, Method, consolidate};

use crate::fixture::{Error, ret};

/// A small framework with every kind of figure disclosure control handles: an amount (a mean
/// and a total), counts related by a total of parts (persons = men + women), a mean of
/// non-negative ratios (with its pooled ratio), and a prudential ratio of sums with signed A
/// and B rows. Peer groups `sa` and `mutual`; associations belong to none.
pub const MINI: &str = r#"
[framework]
id = "apsfd-ci"
version = "test"
currency = "XOF"
label.fr = "Mini"
label.en = "Mini"
label.ar = "مصغر"
sector_label.fr = "Secteur"
sector_label.en = "Sector"
sector_label.ar = "القطاع"
[[sections]]
code = "s"
sheet = { fr = "S", en = "S", ar = "S" }
label.fr = "S"
label.en = "S"
label.ar = "S"
[[peer_groups]]
code = "sa"
legal_forms = ["sa", "sarl"]
label.fr = "SA"
label.en = "SA"
label.ar = "شركات مساهمة"
[[peer_groups]]
code = "mutual"
legal_forms = ["mutual", "cooperative"]
label.fr = "Mutuelles"
label.en = "Mutuals"
label.ar = "التعاضديات"
[[items]]
code = "loans"
unit = "amount"
section = "s"
label.fr = "Encours"
label.en = "Outstanding"
label.ar = "الجاري"
[[items]]
code = "persons"
unit = "count"
section = "s"
parts = ["men", "women"]
label.fr = "Personnes"
label.en = "Persons"
label.ar = "الأشخاص"
[[items]]
code = "men"
unit = "count"
section = "s"
label.fr = "Hommes"
label.en = "Men"
label.ar = "الرجال"
[[items]]
code = "women"
unit = "count"
section = "s"
label.fr = "Femmes"
label.en = "Women"
label.ar = "النساء"
[[items]]
code = "late"
unit = "amount"
section = "s"
label.fr = "Retards"
label.en = "Arrears"
label.ar = "المتأخرات"
[[items]]
code = "book"
unit = "amount"
section = "s"
label.fr = "Portefeuille"
label.en = "Portfolio"
label.ar = "المحفظة"
[[items]]
code = "cap.a"
unit = "amount"
signed = true
section = "s"
label.fr = "Fonds propres"
label.en = "Equity"
label.ar = "الأموال الذاتية"
[[items]]
code = "cap.b"
unit = "amount"
signed = true
section = "s"
label.fr = "Actif"
label.en = "Assets"
label.ar = "الأصول"
[[bulletin]]
code = "one"
number = "I"
label.fr = "Un"
label.en = "One"
label.ar = "واحد"
[[bulletin.headings]]
code = "h"
number = "1"
label.fr = "H"
label.en = "H"
label.ar = "H"
[[indicators]]
code = "nf.loans"
heading = "h"
label.fr = "Encours"
label.en = "Outstanding"
label.ar = "الجاري"
value = "loans"
display = "integer"
[[indicators]]
code = "nf.persons"
heading = "h"
label.fr = "Personnes"
label.en = "Persons"
label.ar = "الأشخاص"
value = "persons"
display = "integer"
[[indicators]]
code = "nf.men"
heading = "h"
label.fr = "Hommes"
label.en = "Men"
label.ar = "الرجال"
value = "men"
display = "integer"
[[indicators]]
code = "nf.women"
heading = "h"
label.fr = "Femmes"
label.en = "Women"
label.ar = "النساء"
value = "women"
display = "integer"
[[indicators]]
code = "fin.par"
heading = "h"
label.fr = "PAR"
label.en = "PAR"
label.ar = "المحفظة المعرضة للمخاطر"
numerator = "late"
denominator = "book"
scale = "100"
display = "percent"
norm = [{ test = "< 5" }]
[[indicators]]
code = "prud.cap"
heading = "h"
label.fr = "Capitalisation"
label.en = "Capitalisation"
label.ar = "الرسملة"
numerator = "cap.a"
denominator = "cap.b"
scale = "100"
display = "percent"
consolidation = "ratio_of_sums"
norm = [{ test = ">= 15" }]
components.a = { fr = "Fonds propres (A)", en = "Equity (A)", ar = "الأموال الذاتية (أ)" }
components.b = { fr = "Actif (B)", en = "Assets (B)", ar = "الأصول (ب)" }
"#;

pub fn mini() -> Result<Framework, Error> {
    Ok(Framework::from_toml(MINI, "mini.toml")?)
}

pub fn q1() -> Result<Period, Error> {
    Ok(Period::parse("2016-Q1")?)
}

/// An institution's return: `code` names its peer group (`SA…` sa, `MU…` mutual, `AS…` an
/// association, in no group), `owner` its owner group.
pub fn inst(code: &str, owner: Option<&str>, values: &str) -> Result<InstitutionReturn, Error> {
    let form = match &code[..2] {
        "SA" => LegalForm::Sa,
        "MU" => LegalForm::Mutual,
        _ => LegalForm::Association,
    };
    let attributes = Attributes {
        name: code.into(),
        legal_form: form,
        structure: Structure::SavingsCredit,
        network_affiliated: false,
        collects_deposits: true,
        framework: "apsfd-ci".into(),
        owner_group: owner.map(str::to_owned),
        country: None,
        art44: false,
    };
    ret(code, attributes, values)
}

pub fn table(fw: &Framework, returns: &[InstitutionReturn]) -> Result<ConsolidatedTable, Error> {
    Ok(consolidate(fw, q1()?, returns)?)
}

/// The suppressed figures as `row group method: reason; reason`, in table order.
pub fn pattern(result: &DisclosureResult) -> Vec<String> {
    result.suppressed().map(line).collect()
}

/// The suppressed figures of one row and method as `group: reasons`.
pub fn row_pattern(result: &DisclosureResult, row: &str, method: Method) -> Vec<String> {
    result
        .suppressed()
        .filter(|c| c.row == row && c.method == method)
        .map(|c| format!("{}: {}", c.group, reasons(c)))
        .collect()
}

fn reasons(c: &CellDecision) -> String {
    c.reasons
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn line(c: &CellDecision) -> String {
    format!("{} {} {}: {}", c.row, c.group, c.method, reasons(c))
}
