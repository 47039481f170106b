//! Monthly reporters (BCEAO, Instruction n° 020-12-2010: the SFD of art. 44 of the uniform law
//! report monthly, the others quarterly): returns by period kind, and the quarterly
//! consolidation taking the monthly reporters' quarter-end month.
//!
//! The statements are those of `tests/data/bceao-sfd/returns-2025q4.csv` (see `bceao.rs`):
//! SA01 and MU01 send the base statements (own funds 179, E90 1 160 millions), SA02 the v2
//! statements (own funds 179, E90 1 360). Here MU01 is an art. 44 SFD: its statements are for
//! 2025-M12, the quarter-end month of 2025-Q4; MU02 is left out.

use mizan_core::{Decimal, IssueKind, Period};
use mizan_service::consolidation::consolidated_table;
use mizan_service::refusal::{PeriodRefusal, RegistryRefusal};
use mizan_service::returns::{ImportReport, Scope, import_returns};
use mizan_service::{Actor, Refusal, ServiceError};

use crate::{Platform, TestResult, data, on_each_backend};

const REGISTRY: &str = "code,name,legal_form,structure,network_affiliated,collects_deposits,framework,country,art44\n\
SA01,Crédit Solidaire du Plateau SA,sa,savings_credit,false,true,bceao-sfd,CI,false\n\
SA02,Microcrédit Rural SARL,sarl,direct_credit,false,false,bceao-sfd,CI,\n\
MU01,Mutuelle d'Épargne de Bouaké,mutual,savings_credit,true,true,bceao-sfd,CI,true\n";

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The lines of the 2025-Q4 statements of `institutions`, each sent for `period`.
fn statements(institutions: &[&str], period: &str) -> Res<String> {
    let text = String::from_utf8(data("bceao-sfd/returns-2025q4.csv")?)?;
    let mut lines = text.lines();
    let mut out = format!("{}\n", lines.next().ok_or("empty")?);
    for line in lines {
        if institutions
            .iter()
            .any(|i| line.starts_with(&format!("{i},")))
        {
            out.push_str(&line.replacen(",2025-Q4,", &format!(",{period},"), 1));
            out.push('\n');
        }
    }
    Ok(out)
}

fn registry(p: &Platform) -> TestResult {
    p.set_time("2026-01-20 09:00")?;
    let reg = mizan_service::registry::import_institutions(
        &p.app,
        REGISTRY.as_bytes(),
        "institutions.csv",
        &Actor::system(),
    )?;
    assert!(!reg.refused(), "{:?}", reg.issues);
    Ok(())
}

fn send(p: &Platform, text: &str) -> Res<ImportReport> {
    Ok(import_returns(
        &p.app,
        text.as_bytes(),
        "returns.csv",
        &Actor::system(),
        &Scope::Any,
    )?)
}

/// The blocking issues of a refused file.
fn refusals(report: &ImportReport) -> Vec<IssueKind> {
    report
        .submissions
        .iter()
        .flat_map(|s| &s.issues)
        .chain(&report.file_issues)
        .filter(|i| i.is_blocking())
        .map(|i| i.kind.clone())
        .collect()
}

#[test]
fn an_art44_sfd_sends_months_and_the_others_quarters() -> TestResult {
    on_each_backend(|p| {
        registry(p)?;
        // MU01 reports monthly: its quarter is refused, naming the month to send.
        let report = send(p, &statements(&["MU01"], "2025-Q4")?)?;
        assert_eq!(report.stored().count(), 0);
        assert_eq!(
            refusals(&report),
            [IssueKind::ReportsMonthly {
                institution: "MU01".into(),
                period: "2025-Q4".into(),
                instead: "2025-M12".into(),
            }]
        );
        // SA01 reports quarterly: a month is refused, naming its quarter.
        let report = send(p, &statements(&["SA01"], "2025-M11")?)?;
        assert_eq!(report.stored().count(), 0);
        assert_eq!(
            refusals(&report),
            [IssueKind::ReportsQuarterly {
                institution: "SA01".into(),
                period: "2025-M11".into(),
                instead: "2025-Q4".into(),
            }]
        );
        // Each in its kind is stored; a month not ended yet is refused like a quarter.
        let report = send(p, &statements(&["MU01"], "2025-M12")?)?;
        assert!(!report.has_refusals(), "{report:?}");
        let report = send(p, &statements(&["MU01"], "2026-M01")?)?;
        assert_eq!(
            refusals(&report),
            [IssueKind::PeriodNotEnded {
                period: "2026-M01".into(),
                ends: "2026-01-31".into(),
            }]
        );
        // The deadline of a month under bceao-sfd: 30 calendar days after its last day.
        let fw = p.app.framework("bceao-sfd", Period::parse("2025-M12")?)?;
        assert_eq!(
            p.app.deadline(fw, Period::parse("2025-M12")?).to_string(),
            "2026-01-30"
        );
        assert_eq!(
            p.app.deadline(fw, Period::parse("2025-M11")?).to_string(),
            "2025-12-30"
        );
        Ok(())
    })
}

#[test]
fn a_registry_version_applies_from_a_quarter_not_a_month() -> TestResult {
    on_each_backend(|p| {
        registry(p)?;
        let file = format!(
            "{}\nSA01,Crédit Solidaire du Plateau SA,sa,savings_credit,false,true,bceao-sfd,CI,true,2025-M10\n",
            REGISTRY.lines().next().ok_or("empty")?.to_owned() + ",valid_from"
        );
        let reg = mizan_service::registry::import_institutions(
            &p.app,
            file.as_bytes(),
            "institutions.csv",
            &Actor::system(),
        )?;
        assert!(reg.refused());
        let kinds: Vec<&IssueKind> = reg.issues.iter().map(|i| &i.kind).collect();
        assert_eq!(
            kinds,
            [&IssueKind::ValidFromMonth {
                period: "2025-M10".into(),
                quarter: "2025-Q4".into(),
            }]
        );
        let registry = mizan_service::backoffice::registry(
            &p.app,
            &Actor::system(),
            Period::parse("2025-Q4")?,
        )?;
        let sa01 = registry
            .iter()
            .find(|e| e.code.as_str() == "SA01")
            .ok_or("SA01")?;
        let attrs = sa01.current.clone().ok_or("attrs")?;
        let month = Period::parse("2025-M10")?;
        match mizan_service::registry::record_change(
            &p.app,
            &Actor::system(),
            &sa01.code,
            Some(month),
            &attrs,
        ) {
            Err(ServiceError::Invalid(Refusal::Registry(RegistryRefusal::ValidFromMonth {
                period,
                quarter,
                ..
            }))) => {
                assert_eq!(
                    (period.to_string(), quarter.to_string()),
                    ("2025-M10".into(), "2025-Q4".into())
                );
            }
            other => return Err(format!("{other:?}").into()),
        }
        Ok(())
    })
}

#[test]
fn a_quarter_consolidates_the_monthly_reporters_at_their_quarter_end_month() -> TestResult {
    on_each_backend(|p| {
        registry(p)?;
        let report = send(p, &statements(&["SA01", "SA02"], "2025-Q4")?)?;
        assert!(!report.has_refusals(), "{report:?}");
        // MU01's October and November do not count for the quarter; its December does.
        for month in ["2025-M10", "2025-M11", "2025-M12"] {
            let report = send(p, &statements(&["MU01"], month)?)?;
            assert!(!report.has_refusals(), "{report:?}");
        }
        let q4 = Period::parse("2025-Q4")?;
        let table = consolidated_table(&p.app, &Actor::system(), "bceao-sfd", q4)?;
        let cell = |code: &str, group: &str| {
            table
                .rows
                .iter()
                .find(|r| r.has_code(code))
                .and_then(|r| r.cell(group))
                .cloned()
                .ok_or(format!("no {code} for {group}"))
        };
        let m = |x: i64| Decimal::from(x * 1_000_000);
        // Capitalisation = own funds ÷ E90 × 100, own funds 179 in each set of statements:
        //   sa      SA01 (E90 1 160) + SA02 (E90 1 360): Σ A 358, Σ B 2 520, 14.2063 %;
        //   mutual  MU01's December alone: 179 ÷ 1 160 × 100 = 15.4310 %;
        //   sector  the three: Σ A 179 × 3 = 537, Σ B 1 160 + 1 360 + 1 160 = 3 680,
        //           537 ÷ 3 680 × 100 = 14.5923913… → 14.5924.
        for (group, a, b, n, ratio) in [
            ("sa", 358, 2520, 2, "14.2063"),
            ("mutual", 179, 1160, 1, "15.4310"),
            ("sector", 537, 3680, 3, "14.5924"),
        ] {
            let c = cell("prud.capitalization", group)?;
            assert_eq!(c.pooled.numerator, Some(m(a)), "{group}");
            assert_eq!(c.pooled.denominator, Some(m(b)), "{group}");
            assert_eq!(c.n, n, "{group}");
            assert_eq!(
                c.value.map(|v| v.round_dp(4)),
                Some(ratio.parse::<Decimal>()?),
                "{group}"
            );
        }
        // The returns of the quarter: the quarterly reporters', then MU01's December.
        let returns = mizan_service::consolidation::period_returns(
            &p.app,
            &Actor::system(),
            "bceao-sfd",
            q4,
        )?;
        let sent: Vec<String> = returns
            .iter()
            .map(|(s, _)| format!("{} {}", s.institution, s.period))
            .collect();
        assert_eq!(sent, ["SA01 2025-Q4", "SA02 2025-Q4", "MU01 2025-M12"]);
        // MU01's previous values are its September (none here), not its November.
        assert!(returns.iter().all(|(_, r)| r.previous.is_none()));
        // MU01's history is by quarter, 2025-Q4 from its December (October and November,
        // stored too, are not quarters of it).
        let history = mizan_service::member::history(
            &p.app,
            &Actor::system(),
            &mizan_core::InstitutionCode::parse("MU01")?,
        )?;
        let quarters: Vec<String> = history
            .quarters
            .iter()
            .map(|q| {
                let from = q.own.as_ref().map(|o| o.submission.period.to_string());
                format!("{} {}", q.period, from.unwrap_or_default())
            })
            .collect();
        assert_eq!(quarters, ["2025-Q4 2025-M12"]);
        // A month is not consolidated: tables are per quarter.
        let month = Period::parse("2025-M12")?;
        match consolidated_table(&p.app, &Actor::system(), "bceao-sfd", month) {
            Err(ServiceError::Invalid(Refusal::Period(PeriodRefusal::QuarterOnly {
                period,
                quarter,
            }))) => assert_eq!((period, quarter), (month, q4)),
            other => return Err(format!("{other:?}").into()),
        }
        Ok(())
    })
}

#[test]
fn a_month_expects_the_monthly_reporters_and_a_quarter_counts_their_last_month() -> TestResult {
    on_each_backend(|p| {
        registry(p)?;
        let report = send(p, &statements(&["SA01"], "2025-Q4")?)?;
        assert!(!report.has_refusals(), "{report:?}");
        let report = send(p, &statements(&["MU01"], "2025-M11")?)?;
        assert!(!report.has_refusals(), "{report:?}");
        let at = |per: &str| -> Res<mizan_service::collection::Collection> {
            Ok(mizan_service::collection::collection(
                &p.app,
                &Actor::system(),
                "bceao-sfd",
                Period::parse(per)?,
            )?)
        };
        // The quarter expects the three; MU01's November does not count for it.
        assert_eq!(at("2025-Q4")?.totals(), (1, 3));
        // A month expects MU01 alone.
        assert_eq!(at("2025-M11")?.totals(), (1, 1));
        assert_eq!(at("2025-M12")?.totals(), (0, 1));
        assert_eq!(at("2025-M12")?.deadline.to_string(), "2026-01-30");
        // Reminders: MU01 for its December, SA02 for the quarter — MU01 not for the quarter.
        let missing = |per: &str| -> Res<Vec<String>> {
            let r = mizan_service::mail::remind(
                &p.app,
                &Actor::system(),
                "bceao-sfd",
                Period::parse(per)?,
                true,
            )?;
            Ok(r.institutions.iter().map(|i| i.code.to_string()).collect())
        };
        assert_eq!(missing("2025-Q4")?, ["SA02"]);
        assert_eq!(missing("2025-M12")?, ["MU01"]);
        // The schedule on 26 January: the quarter and December are both due on 30 January,
        // five days ahead (`days_before = [5, 1]`); November's schedule is over.
        p.set_time("2026-01-26 09:00")?;
        let due = mizan_service::mail::remind_due(&p.app, &Actor::system(), true)?;
        let due: Vec<String> = due
            .iter()
            .filter(|r| r.framework == "bceao-sfd")
            .map(|r| {
                let codes: Vec<String> =
                    r.institutions.iter().map(|i| i.code.to_string()).collect();
                format!("{} {}", r.period, codes.join(" "))
            })
            .collect();
        assert_eq!(due, ["2025-Q4 SA02", "2025-M12 MU01"]);
        // The collection's picker offers the months beside the quarters.
        let picker: Vec<String> =
            mizan_service::review::framework_quarters(&p.app, &Actor::system(), "bceao-sfd")?
                .iter()
                .map(ToString::to_string)
                .collect();
        assert_eq!(
            picker,
            ["2025-Q4", "2025-M12", "2025-M11", "2025-M10"],
            "{picker:?}"
        );
        // With December sent, the quarter counts MU01 as received.
        let report = send(p, &statements(&["MU01"], "2025-M12")?)?;
        assert!(!report.has_refusals(), "{report:?}");
        assert_eq!(at("2025-Q4")?.totals(), (2, 3));
        Ok(())
    })
}

#[test]
fn a_quarter_is_published_with_the_accepted_quarter_end_month_and_a_month_is_not() -> TestResult {
    use mizan_service::collection::{Decision, collection, decide};
    use mizan_service::publication::{Guard, preview, publish};
    on_each_backend(|p| {
        registry(p)?;
        let report = send(p, &statements(&["SA01", "SA02"], "2025-Q4")?)?;
        assert!(!report.has_refusals(), "{report:?}");
        let report = send(p, &statements(&["MU01"], "2025-M12")?)?;
        assert!(!report.has_refusals(), "{report:?}");
        let actor = Actor::system();
        let q4 = Period::parse("2025-Q4")?;
        // Staff accept every return of the quarter's collection, MU01's December among them.
        let coll = collection(&p.app, &actor, "bceao-sfd", q4)?;
        let mut accepted = Vec::new();
        for inst in coll.groups.iter().flat_map(|g| &g.institutions) {
            if let Some(v) = inst.versions.last() {
                decide(&p.app, &actor, v.id, &Decision::Accept)?;
                accepted.push(format!("{} {}", v.institution, v.period));
            }
        }
        accepted.sort();
        assert_eq!(accepted, ["MU01 2025-M12", "SA01 2025-Q4", "SA02 2025-Q4"]);
        // Full coverage: three expected, three accepted, nothing awaiting review.
        let seen = preview(&p.app, &actor, "bceao-sfd", q4, None)?;
        assert_eq!(seen.refusal, None);
        let sector = seen
            .coverage
            .iter()
            .find(|c| c.group == "sector")
            .ok_or("no sector coverage")?;
        assert_eq!((sector.expected, sector.accepted), (3, 3));
        assert!(seen.awaiting.is_empty());
        let record = publish(&p.app, "bceao-sfd", q4, None, Guard::Check, &actor)?;
        assert_eq!(record.period, q4);
        // A month is never published: tables are quarterly.
        let month = Period::parse("2025-M12")?;
        match publish(&p.app, "bceao-sfd", month, None, Guard::Check, &actor) {
            Err(ServiceError::Invalid(Refusal::Period(PeriodRefusal::QuarterOnly {
                period,
                quarter,
            }))) => assert_eq!((period, quarter), (month, q4)),
            other => return Err(format!("{other:?}").into()),
        }
        Ok(())
    })
}

#[test]
fn an_institutions_template_is_for_the_kind_of_period_it_sends() -> TestResult {
    use mizan_service::refusal::TemplateRefusal;
    on_each_backend(|p| {
        registry(p)?;
        let texts =
            mizan_service::template::TemplateTexts::new(mizan_core::Lang::Fr, |t| format!("{t:?}"));
        let template = |code: &str, per: &str| -> Res<_> {
            Ok(mizan_service::template::template(
                &p.app,
                "bceao-sfd",
                Period::parse(per)?,
                Some(&mizan_core::InstitutionCode::parse(code)?),
                &texts,
            ))
        };
        // MU01's December template carries the month on its cover.
        let bytes = template("MU01", "2025-M12")??;
        let frameworks =
            mizan_core::Frameworks::load_dir(&crate::root().join("config/frameworks"))?;
        let read = mizan_ingest::read_template(&bytes, &frameworks, &p.app.limits());
        assert_eq!(read.data.period, "2025-M12");
        // Its quarter, and SA01's month, are refused naming the period to ask for.
        for (code, per, instead) in [
            ("MU01", "2025-Q4", "2025-M12"),
            ("SA01", "2025-M11", "2025-Q4"),
        ] {
            match template(code, per)? {
                Err(ServiceError::Invalid(Refusal::Template(
                    TemplateRefusal::OtherPeriodKind {
                        institution,
                        period,
                        instead: got,
                    },
                ))) => assert_eq!(
                    (institution.as_str(), period.to_string(), got.to_string()),
                    (code, per.to_owned(), instead.to_owned())
                ),
                other => return Err(format!("{code} {per}: {other:?}").into()),
            }
        }
        Ok(())
    })
}
