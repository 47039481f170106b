//! Property tests: the readers never panic, whatever the bytes, and what they read back is what
//! was written.

use std::sync::OnceLock;

use mizan_core::{Frameworks, InstitutionCode, Period};
use mizan_ingest::{
    Limits, RegistryDefaults, read_registry, read_returns, read_returns_csv, read_template, sniff,
    validate_return, write_template,
};
use proptest::prelude::*;

fn shared() -> Option<&'static (Frameworks, Vec<u8>)> {
    static SHARED: OnceLock<Option<(Frameworks, Vec<u8>)>> = OnceLock::new();
    SHARED
        .get_or_init(|| {
            let set = crate::frameworks().ok()?;
            let fw = crate::apsfd().ok()?;
            let code = InstitutionCode::parse("MU03").ok()?;
            let period = Period::parse("2016-Q1").ok()?;
            let bytes =
                write_template(&fw, period, Some((&code, "M")), None, &crate::french()).ok()?;
            Some((set, bytes))
        })
        .as_ref()
}

/// Text that looks like a returns or registry file: separators, quotes, digits, blanks of every
/// kind, BOMs, line ends, letters.
fn csvish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("institution,period,item,value\n".to_owned()),
        Just("institution;period;item;value\r\n".to_owned()),
        Just("code,name,legal_form,structure,network_affiliated,collects_deposits\n".to_owned()),
        Just("SA01,2016-Q1,loans.par30,".to_owned()),
        Just("MU01;2016-q1;staff.total;".to_owned()),
        Just("\u{FEFF}".to_owned()),
        Just("\"".to_owned()),
        Just("\u{202F}".to_owned()),
        Just("\u{00A0}".to_owned()),
        "[0-9.,;\\- \"\r\n]{0,12}",
        "[a-zA-Zé_.]{0,8}",
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn csv_readers_never_panic_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let limits = Limits::default();
        let _ = sniff(&bytes);
        let _ = read_returns_csv(&bytes, &limits);
        let _ = read_registry(&bytes, &RegistryDefaults::new("apsfd-ci"), &limits);
    }

    #[test]
    fn csv_readers_never_panic_on_csv_like_text(text in csvish()) {
        let limits = Limits::default();
        let read = read_returns_csv(text.as_bytes(), &limits);
        if let Ok(fw) = crate::apsfd() {
            for raw in &read.data {
                let _ = validate_return(raw, &fw, None);
            }
        }
        let _ = read_registry(text.as_bytes(), &RegistryDefaults::new("apsfd-ci"), &limits);
    }

    #[test]
    fn template_reader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let set = shared().map(|s| &s.0).cloned().unwrap_or_default();
        let _ = read_template(&bytes, &set, &Limits::default());
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend_from_slice(&bytes);
        let _ = read_template(&zipped, &set, &Limits::default());
        let _ = read_returns(&zipped, &set, &Limits::default());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A real template with a few bytes changed (a damaged download): refused or read, never a
    /// panic.
    #[test]
    fn template_reader_never_panics_on_a_damaged_template(
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)
    ) {
        let Some((set, template)) = shared() else {
            return Err(TestCaseError::fail("cannot build the template"));
        };
        let mut bytes = template.clone();
        for (at, byte) in changes {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let read = read_template(&bytes, set, &Limits::default());
        if let Ok(fw) = crate::apsfd() {
            let _ = validate_return(&read.data, &fw, None);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A template whose XML (a sheet, the shared strings, the workbook) is damaged inside an
    /// intact archive: the workbook reader meets broken XML, never a panic.
    #[test]
    fn template_reader_never_panics_on_damaged_xml(
        member in 0usize..16,
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<Option<prop::sample::Index>>(),
    ) {
        let Some((set, template)) = shared() else {
            return Err(TestCaseError::fail("cannot build the template"));
        };
        let Ok(mut members) = crate::xlsx::unzip(template) else {
            return Err(TestCaseError::fail("cannot unzip the template"));
        };
        let n = members.len();
        if let Some((_, data)) = members.get_mut(member % n) {
            for (at, byte) in changes {
                if !data.is_empty() {
                    let i = at.index(data.len());
                    data[i] = byte;
                }
            }
            if let Some(cut) = cut {
                let keep = cut.index(data.len() + 1);
                data.truncate(keep);
            }
        }
        let Ok(bytes) = crate::xlsx::zip(&members) else {
            return Err(TestCaseError::fail("cannot zip"));
        };
        let read = read_template(&bytes, set, &Limits::default());
        if let Ok(fw) = crate::apsfd() {
            let _ = validate_return(&read.data, &fw, None);
        }
    }
}

/// Decimals from the everyday to the extremes of the type.
fn any_decimal() -> impl Strategy<Value = mizan_core::Decimal> {
    prop_oneof![
        (any::<i64>(), 0u32..=28).prop_map(|(m, s)| mizan_core::Decimal::new(m, s)),
        Just(mizan_core::Decimal::MAX),
        Just(mizan_core::Decimal::MIN),
        Just(mizan_core::Decimal::new(1, 28)),
        Just(mizan_core::Decimal::ZERO),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Validation never panics, whatever the values (sums, ratios and jumps at the extremes).
    #[test]
    fn validation_never_panics_on_extreme_values(
        now in prop::collection::vec(any_decimal(), 12),
        before in prop::collection::vec(any_decimal(), 12),
    ) {
        let Ok(fw) = crate::apsfd() else {
            return Err(TestCaseError::fail("cannot load the framework"));
        };
        let items = [
            "staff.total", "staff.managers", "staff.others", "clients.total", "clients.persons",
            "clients.persons.men", "clients.persons.women", "clients.legal_entities",
            "loans.outstanding", "loans.par30", "income.net", "equity",
        ];
        let mut raw = mizan_ingest::RawReturn::new(
            mizan_ingest::SourceKind::Csv,
            mizan_core::Place::line(2),
        );
        let mut previous = mizan_core::ItemValues::new();
        for (i, ((item, v), p)) in items.iter().zip(&now).zip(&before).enumerate() {
            raw.entries.push(mizan_ingest::RawEntry {
                item: (*item).to_owned(),
                value: mizan_ingest::RawValue::Number(*v),
                text: v.to_string(),
                place: mizan_core::Place::line(u64::try_from(i).unwrap_or(0) + 2),
                item_place: mizan_core::Place::line(u64::try_from(i).unwrap_or(0) + 2),
                formula: i % 3 == 0,
                percent: i % 5 == 0,
            });
            if let Ok(code) = mizan_core::Code::parse(item) {
                previous.insert(code, *p);
            }
        }
        let _ = validate_return(&raw, &fw, Some(&previous));
    }
}
