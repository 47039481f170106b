//! The demo dataset: a synthetic, deterministic federation that the platform generates itself —
//! both peer groups and a few associations, eight quarters of returns with late, missing and
//! corrected ones, each quarter published, one of them republished after a correction.
//!
//! Everything goes through the real use cases (registry import, returns import with
//! validation, publication) on a clock that the loader moves through time, so the demo shows
//! what the platform really does: deadlines, lateness, versions, revisions and the audit log.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use chrono::{Days, NaiveDateTime, NaiveTime};
use mizan_core::Period;
use mizan_core::rng::XorShift64Star;

use mizan_storage::submissions::SubmissionStatus;
use mizan_storage::users::Role;

use crate::accounts::{NewAccount, create_user, grant};
use crate::app::{Actor, App};
use crate::collection::{Decision, decide};
use crate::error::{ServiceError, ServiceResult};
use crate::publication::{Guard, publish};
use crate::registry::import_institutions;
use crate::returns::{Scope, import_returns};

/// The quarters of the demo, oldest first.
pub const QUARTERS: [&str; 8] = [
    "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4",
];

/// One institution of the demo registry.
#[derive(Debug, Clone)]
struct DemoInstitution {
    code: String,
    name: String,
    legal_form: &'static str,
    structure: &'static str,
    network: bool,
    deposits: bool,
    /// Scale of the loan book, in FCFA.
    size: i64,
    seed: u64,
}

const SA_NAMES: [&str; 9] = [
    "Atlantique Microfinance SA",
    "Savane Crédit SA",
    "Lagunes Finance SA",
    "Baobab Épargne et Crédit SA",
    "Horizon Microcrédit SARL",
    "Kanien Finance SARL",
    "Banfora Crédit SA",
    "Comoé Solidarité SARL",
    "Niger Invest Crédit SA",
];

const MUTUAL_NAMES: [&str; 14] = [
    "Mutuelle des Planteurs de Sassandra",
    "Caisse Mutuelle d'Épargne de Bouaké",
    "Coopérative d'Épargne des Femmes de Man",
    "Mutuelle des Enseignants d'Abidjan",
    "Coopérative des Pêcheurs de San-Pédro",
    "Mutuelle Agricole du Bafing",
    "Caisse Populaire de Korhogo",
    "Coopérative des Artisans de Daoukro",
    "Mutuelle d'Épargne du Worodougou",
    "Coopérative Rurale de Bondoukou",
    "Mutuelle des Transporteurs de Yamoussoukro",
    "Caisse d'Épargne Solidaire de Divo",
    "Coopérative des Maraîchers d'Odienné",
    "Mutuelle des Commerçants de Gagnoa",
];

fn institutions() -> Vec<DemoInstitution> {
    let mut rng = XorShift64Star::new(0x4d49_5a41_4e00_0001);
    let mut out = Vec::new();
    for (i, name) in SA_NAMES.iter().enumerate() {
        let sarl = name.ends_with("SARL");
        let direct = i % 3 == 1;
        out.push(DemoInstitution {
            code: format!("DSA{:02}", i + 1),
            name: (*name).to_owned(),
            legal_form: if sarl { "sarl" } else { "sa" },
            structure: if direct {
                "direct_credit"
            } else {
                "savings_credit"
            },
            network: false,
            deposits: !direct,
            size: rng.range(800, 12_000) * 1_000_000,
            seed: rng.next_u64(),
        });
    }
    for (i, name) in MUTUAL_NAMES.iter().enumerate() {
        let coop = name.starts_with("Coopérative");
        out.push(DemoInstitution {
            code: format!("DMU{:02}", i + 1),
            name: (*name).to_owned(),
            legal_form: if coop { "cooperative" } else { "mutual" },
            structure: "savings_credit",
            network: i % 2 == 0,
            deposits: true,
            size: rng.range(60, 1_800) * 1_000_000,
            seed: rng.next_u64(),
        });
    }
    for (i, name) in [
        "Association Crédit Solidaire du Nord",
        "Association Femmes et Développement",
    ]
    .iter()
    .enumerate()
    {
        out.push(DemoInstitution {
            code: format!("DAS{:02}", i + 1),
            name: (*name).to_owned(),
            legal_form: "association",
            structure: "direct_credit",
            network: false,
            deposits: false,
            size: rng.range(40, 300) * 1_000_000,
            seed: rng.next_u64(),
        });
    }
    out
}

fn registry_csv(list: &[DemoInstitution]) -> String {
    let mut csv = String::from(
        "code,name,legal_form,structure,network_affiliated,collects_deposits,valid_from,owner_group\n",
    );
    for inst in list {
        let owner = if inst.network && inst.legal_form != "sa" {
            "RESEAU-NORD"
        } else {
            ""
        };
        let _ = writeln!(
            csv,
            "{},\"{}\",{},{},{},{},,{}",
            inst.code,
            inst.name,
            inst.legal_form,
            inst.structure,
            inst.network,
            inst.deposits,
            owner
        );
    }
    // History: a mutual converted into a limited company from 2025-Q1 on (a registry change
    // that moves it between peer groups; earlier quarters keep it among the mutuals).
    let _ = writeln!(
        csv,
        "DMU14,\"Mutuelle des Commerçants de Gagnoa SA\",sa,savings_credit,false,true,2025-Q1,"
    );
    csv
}

fn pct(base: i64, permille: i64) -> i64 {
    base / 1000 * permille
}

/// The items of one institution's return for quarter number `q` (0-based), as CSV lines.
fn return_lines(inst: &DemoInstitution, q: usize, period: Period, out: &mut String) {
    let mut rng =
        XorShift64Star::new(inst.seed ^ (q as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut base = XorShift64Star::new(inst.seed);
    let growth = base.range(-10, 45); // ‰ a quarter
    let quality = base.range(15, 260); // PAR30 ‰
    let open = inst.size * (1000 + growth * i64::try_from(q).unwrap_or(0)) / 1000;
    let outstanding = open * (1000 + growth + rng.range(-8, 8)) / 1000;
    let par30 = pct(outstanding, (quality + rng.range(-15, 15)).max(5));
    let par90 = pct(par30, rng.range(450, 800));
    let par180 = pct(par90, rng.range(500, 900));
    let doubtful = par90 + pct(par30 - par90, rng.range(0, 300));
    let provisions = pct(doubtful, rng.range(250, 900));
    let avg_loan = if inst.legal_form == "sa" || inst.legal_form == "sarl" {
        rng.range(600, 2_400) * 1_000
    } else {
        rng.range(150, 800) * 1_000
    };
    let disbursed = pct(outstanding, rng.range(200, 550));
    let disbursed_count = (disbursed / avg_loan).max(1);
    let borrowers = (outstanding / (avg_loan * rng.range(6, 12) / 10)).max(1);
    let officers = (borrowers / rng.range(110, 420)).max(1);
    let deposits = if inst.deposits {
        pct(outstanding, rng.range(400, 1_300))
    } else {
        0
    };
    let opex = pct(outstanding, rng.range(30, 70));
    let general = pct(opex, rng.range(350, 650));
    let personnel = pct(opex, rng.range(250, 450));
    let financial = pct(outstanding, rng.range(5, 30));
    let prov_exp = pct(outstanding, rng.range(-3, 12));
    let income = pct(outstanding, rng.range(45, 110));
    let net = income - opex - financial - prov_exp;
    let assets = pct(outstanding, rng.range(1_150, 1_600));
    let equity = pct(assets, rng.range(-40, 260));
    let liquid = pct(assets, rng.range(40, 300));
    let clients = borrowers * rng.range(12, 30) / 10;
    let women = clients * rng.range(350, 650) / 1000;
    let legal = clients * rng.range(10, 60) / 1000;
    let men = clients - women - legal;
    let groups = rng.range(0, 60);
    let gm_men = groups * rng.range(3, 10);
    let gm_women = groups * rng.range(5, 14);
    let managers = rng.range(2, 9);
    let others = (borrowers / rng.range(60, 160)).max(3);
    let staff = managers + others;
    let expat = if inst.legal_form == "sa" {
        rng.range(0, 2)
    } else {
        0
    };
    let national_fixed = staff / rng.range(4, 9);
    let national_perm = staff - national_fixed - expat;
    let depositors = if inst.deposits {
        clients * rng.range(700, 1_000) / 1000
    } else {
        0
    };
    let dep_legal = depositors * rng.range(10, 60) / 1000;
    let dep_women = (depositors - dep_legal) * rng.range(350, 600) / 1000;
    let dep_men = depositors - dep_legal - dep_women;
    let loans_legal = borrowers * rng.range(5, 80) / 1000;
    let loans_women = (borrowers - loans_legal) * rng.range(300, 650) / 1000;
    let loans_men = borrowers - loans_legal - loans_women;
    let housing = pct(outstanding, rng.range(20, 120));
    let equipment = pct(outstanding, rng.range(50, 250));
    let consumption = pct(outstanding, rng.range(50, 200));
    let working = pct(outstanding, rng.range(300, 600));
    let other = outstanding - housing - equipment - consumption - working;
    let doubtful_count = (borrowers * quality / 1000 / 2).max(0);
    let d_legal = doubtful_count * rng.range(0, 100) / 1000;
    let d_women = (doubtful_count - d_legal) * rng.range(300, 600) / 1000;
    let d_men = doubtful_count - d_legal - d_women;
    let mutual = inst.legal_form == "mutual" || inst.legal_form == "cooperative";
    let lending_min = rng.range(800, 1_600);
    let lending_max = lending_min + rng.range(200, 1_000);
    let deposit_min = rng.range(100, 350);
    let deposit_max = deposit_min + rng.range(50, 300);
    let own_funds = equity.max(pct(assets, 20));
    let risks = pct(outstanding, rng.range(900, 1_050));
    let resources = pct(risks, rng.range(950, 1_150));

    let mut item = |code: &str, value: i64| {
        let _ = writeln!(out, "{},{period},{code},{value}", inst.code);
    };
    item("loans.outstanding", outstanding);
    item("loans.outstanding_open", open);
    item("loans.par30", par30);
    item("loans.par90", par90);
    item("loans.par180", par180);
    item("loans.doubtful", doubtful);
    item("loans.doubtful_provisions", provisions);
    item("loans.written_off", pct(outstanding, rng.range(0, 15)));
    item("loans.disbursed_amount", disbursed);
    item("loans.disbursed_count", disbursed_count);
    item("borrowers.active", borrowers);
    item("deposits.outstanding", deposits);
    item("staff.loan_officers", officers);
    item("expenses.financial", financial);
    item("expenses.provisions", prov_exp);
    item("expenses.operating", opex);
    item("expenses.general", general);
    item("expenses.personnel", personnel);
    item("income.operating", income);
    item("income.net", net);
    item("equity", equity);
    item("assets.total", assets);
    item("assets.liquid", liquid);
    item("clients.persons.men", men);
    item("clients.persons.women", women);
    item("clients.legal_entities", legal);
    item("clients.groups", groups);
    item("clients.group_members.men", gm_men);
    item("clients.group_members.women", gm_women);
    item("governance.board", rng.range(5, 12));
    item(
        "governance.supervisory_board",
        if mutual { rng.range(3, 7) } else { 0 },
    );
    item("governance.credit_committee", rng.range(3, 7));
    item("staff.managers", managers);
    item("staff.others", others);
    item("staff.national_permanent", national_perm);
    item("staff.national_fixed_term", national_fixed);
    item("staff.expat_permanent", expat);
    item("staff.expat_fixed_term", 0);
    if inst.deposits {
        item("depositors.persons.men", dep_men);
        item("depositors.persons.women", dep_women);
        item("depositors.legal_entities", dep_legal);
    }
    item("loans.count.persons.men", loans_men);
    item("loans.count.persons.women", loans_women);
    item("loans.count.legal_entities", loans_legal);
    item("loans.purpose.housing", housing);
    item("loans.purpose.equipment", equipment);
    item("loans.purpose.consumption", consumption);
    item("loans.purpose.working_capital", working);
    item("loans.purpose.other", other.max(0));
    item("doubtful.count.persons.men", d_men);
    item("doubtful.count.persons.women", d_women);
    item("doubtful.count.legal_entities", d_legal);
    item(
        "supervision.affiliates",
        if mutual && inst.network {
            rng.range(2, 12)
        } else {
            0
        },
    );
    item(
        "supervision.affiliates_controlled",
        if mutual && inst.network {
            rng.range(1, 2)
        } else {
            0
        },
    );
    item("supervision.recommendations_rate", rng.range(40, 100));
    item(
        "supervision.board_meetings",
        if mutual { rng.range(1, 4) } else { 0 },
    );
    item("supervision.branches", rng.range(1, 25));
    item("supervision.internal_control_reports", rng.range(0, 4));
    if inst.deposits {
        let _ = writeln!(
            out,
            "{},{period},pricing.deposit_rate_min,{}.{:02}",
            inst.code,
            deposit_min / 100,
            deposit_min % 100
        );
        let _ = writeln!(
            out,
            "{},{period},pricing.deposit_rate_max,{}.{:02}",
            inst.code,
            deposit_max / 100,
            deposit_max % 100
        );
    }
    let _ = writeln!(
        out,
        "{},{period},pricing.lending_rate_min,{}.{:02}",
        inst.code,
        lending_min / 100,
        lending_min % 100
    );
    let _ = writeln!(
        out,
        "{},{period},pricing.lending_rate_max,{}.{:02}",
        inst.code,
        lending_max / 100,
        lending_max % 100
    );
    if inst.legal_form != "association" {
        let mut prud = |r: &str, a: i64, b: i64| {
            let _ = writeln!(out, "{},{period},prud.{r}.a,{a}", inst.code);
            let _ = writeln!(out, "{},{period},prud.{r}.b,{b}", inst.code);
        };
        prud("risk_limitation", risks, resources);
        prud(
            "mlt_coverage",
            pct(resources, rng.range(600, 900)),
            pct(outstanding, rng.range(400, 800)),
        );
        prud(
            "insider_loans",
            pct(own_funds, rng.range(5, 120)),
            own_funds,
        );
        prud(
            "single_borrower",
            pct(own_funds, rng.range(5, 110)),
            own_funds,
        );
        prud(
            "liquidity",
            pct(liquid, rng.range(2_000, 4_500)),
            pct(deposits.max(liquid), rng.range(800, 1_300)),
        );
        prud("other_activities", pct(risks, rng.range(0, 60)), risks);
        prud("capitalization", own_funds, assets);
        prud(
            "participations",
            pct(own_funds, rng.range(0, 40)),
            own_funds,
        );
    }
}

/// What the demo loader did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    /// Institutions in the registry.
    pub institutions: usize,
    /// Submissions stored.
    pub submissions: usize,
    /// Submissions refused by validation (deliberate bad files).
    pub refused: usize,
    /// Publications made (revisions included).
    pub publications: usize,
    /// Quarters published.
    pub quarters: Vec<String>,
    /// Loan tapes stored (Bank Al-Maghrib institutions).
    pub tapes: usize,
    /// Submissions accepted and rejected by staff review.
    pub reviewed: (usize, usize),
    /// The demo accounts: user name, role, what it shows (all with [`DEMO_PASSWORD`]).
    pub accounts: Vec<(String, String, String)>,
}

/// The password of every demo account (a demo database is remade at each start).
pub const DEMO_PASSWORD: &str = "mizan-demo-2025";

/// Staff's review of the last quarter, 2025-Q4 (index 7): who is rejected, who is left
/// waiting. Every other return is accepted.
const REJECTED_LAST: usize = 7;
const WAITING_LAST: usize = 10;

/// Who misses which quarter, and who reports late: `(institution index, quarter index)`.
fn missing(i: usize, q: usize) -> bool {
    // A few institutions skip quarters; the association 2 never reports after 2024-Q2.
    matches!(
        (i, q),
        (3, 2) | (11, 5) | (12, 5) | (16, 0) | (16, 1) | (19, 7) | (20, 3)
    ) || (i == 24 && q >= 2)
}

fn late_days(i: usize, q: usize) -> u64 {
    // Working within the deadline is the norm; some institutions are late by a week or more.
    match (i * 7 + q * 3) % 11 {
        0 => 45,
        1 => 52,
        _ => 3 + ((i * 5 + q * 2) % 25) as u64,
    }
}

/// Loads the demo dataset into `app` (an empty database).
pub fn load(app: &App) -> ServiceResult<DemoSummary> {
    {
        let mut conn = app.conn()?;
        if !mizan_storage::registry::load_registry(&mut conn)?.is_empty() {
            return Err(ServiceError::Internal(
                "the database already holds a registry: the demo loads into an empty database"
                    .into(),
            ));
        }
    }
    let start = NaiveDateTime::new(
        chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap_or_default(),
        NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
    );
    let clock = Arc::new(Mutex::new(start));
    let c = clock.clone();
    let demo = app
        .clone()
        .with_clock(Arc::new(move || c.lock().map(|t| *t).unwrap_or(start)));
    let set = |t: NaiveDateTime| -> ServiceResult<()> {
        *clock
            .lock()
            .map_err(|_| ServiceError::Internal("demo clock poisoned".into()))? = t;
        Ok(())
    };
    let staff = Actor::operator("demo:staff".into(), "cli");
    let list = institutions();
    let reg = import_institutions(
        &demo,
        registry_csv(&list).as_bytes(),
        "demo-registry.csv",
        &staff,
    )?;
    if reg.refused() {
        return Err(ServiceError::Refused { issues: reg.issues });
    }
    let mut summary = DemoSummary {
        institutions: list.len(),
        ..DemoSummary::default()
    };
    let mut stored: Vec<(usize, i64)> = Vec::new();
    for (q, code) in QUARTERS.iter().enumerate() {
        let period = Period::parse(code).map_err(|e| ServiceError::Internal(e.to_string()))?;
        let fw = demo.framework(&demo.settings.frameworks.default, period)?;
        let deadline = demo.deadline(fw, period);
        let quarter_end = period.end_date();
        // Returns arrive over the weeks after the quarter end, in an order that varies.
        let mut arrivals: Vec<(u64, usize)> = list
            .iter()
            .enumerate()
            .filter(|(i, _)| !missing(*i, q))
            .map(|(i, _)| (late_days(i, q), i))
            .collect();
        arrivals.sort_unstable();
        for (days, i) in arrivals {
            let inst = &list[i];
            let mut csv = String::from("institution,period,item,value\n");
            return_lines(inst, q, period, &mut csv);
            let when = quarter_end
                .checked_add_days(Days::new(days))
                .unwrap_or(quarter_end)
                .and_hms_opt(10, 0, 0)
                .unwrap_or(start);
            set(when)?;
            let actor = Actor::operator(format!("demo:{}", inst.code.to_lowercase()), "web");
            // One institution first sends a file with mistakes (refused, nothing stored), then
            // the corrected one.
            if i == 5 && q == 6 {
                let bad = csv.replacen(",loans.par30,", ",loans.par3O,", 1).replacen(
                    ",staff.managers,",
                    ",staff.managers,-",
                    1,
                );
                let rep = import_returns(
                    &demo,
                    bad.as_bytes(),
                    &format!("{}-{code}.csv", inst.code),
                    &actor,
                    &Scope::Institution(
                        mizan_core::InstitutionCode::parse(&inst.code)
                            .map_err(|e| ServiceError::Internal(e.to_string()))?,
                        Some(period),
                    ),
                )?;
                summary.refused += rep
                    .submissions
                    .iter()
                    .filter(|s| matches!(s.outcome, crate::returns::Outcome::Refused))
                    .count();
            }
            let rep = import_returns(
                &demo,
                csv.as_bytes(),
                &format!("{}-{code}.csv", inst.code),
                &actor,
                &Scope::Any,
            )?;
            if rep.has_refusals() {
                return Err(ServiceError::Refused {
                    issues: rep.submissions.into_iter().flat_map(|s| s.issues).collect(),
                });
            }
            summary.submissions += rep.stored().count();
            stored.extend(rep.stored().map(|r| (i, r.id)));
        }
        // Staff review the quarter's returns some days after the deadline.
        set(deadline
            .checked_add_days(Days::new(20))
            .unwrap_or(deadline)
            .and_hms_opt(9, 30, 0)
            .unwrap_or(start))?;
        for (i, id) in stored.drain(..) {
            let decision = match (q, i) {
                (7, REJECTED_LAST) => Decision::Reject(
                    "Le total des dépôts ne correspond pas à l'état financier certifié : \
                     merci de corriger et de renvoyer l'état."
                        .into(),
                ),
                (7, WAITING_LAST) => continue,
                _ => Decision::Accept,
            };
            match decide(&demo, &staff, id, &decision)?.status {
                SubmissionStatus::Rejected => summary.reviewed.1 += 1,
                _ => summary.reviewed.0 += 1,
            }
        }
        // Staff publish a few working days after the deadline.
        let publish_at = deadline
            .checked_add_days(Days::new(if q == 7 { 40 } else { 60 }))
            .unwrap_or(deadline);
        set(publish_at.and_hms_opt(15, 0, 0).unwrap_or(start))?;
        // The last quarter goes out with one return still awaiting review: the bulletin is
        // due, so staff confirm and say so in the note (its figures are not in the table; a
        // revision follows once it is reviewed), as a federation's bulletin would.
        if q == 7 {
            publish(
                &demo,
                &fw.id,
                period,
                Some(
                    "Publié avant l'examen d'une déclaration reçue : ses chiffres n'y figurent pas, \
                     une révision suivra.",
                ),
                Guard::Confirmed,
                &staff,
            )?;
        } else {
            publish(&demo, &fw.id, period, None, Guard::Check, &staff)?;
        }
        summary.publications += 1;
        summary.quarters.push((*code).to_owned());
    }
    // A correction after publication: one institution resubmits 2025-Q3, staff republish.
    let period = Period::parse("2025-Q3").map_err(|e| ServiceError::Internal(e.to_string()))?;
    let inst = &list[2];
    let mut csv = String::from("institution,period,item,value\n");
    return_lines(inst, 6, period, &mut csv);
    let corrected: String = csv
        .lines()
        .map(|l| {
            if l.contains(",loans.written_off,") {
                format!("{},{period},loans.written_off,0", inst.code)
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let t = NaiveDateTime::new(
        chrono::NaiveDate::from_ymd_opt(2026, 2, 2).unwrap_or_default(),
        NaiveTime::from_hms_opt(11, 0, 0).unwrap_or_default(),
    );
    set(t)?;
    let rep = import_returns(
        &demo,
        corrected.as_bytes(),
        &format!("{}-2025-Q3-v2.csv", inst.code),
        &Actor::operator(format!("demo:{}", inst.code.to_lowercase()), "web"),
        &Scope::Any,
    )?;
    summary.submissions += rep.stored().count();
    set(t.checked_add_days(Days::new(3)).unwrap_or(t))?;
    // Staff accept the corrected version, then republish (a publication takes accepted
    // returns only).
    let resubmitted: Vec<i64> = rep.stored().map(|r| r.id).collect();
    for id in resubmitted {
        decide(&demo, &staff, id, &Decision::Accept)?;
        summary.reviewed.0 += 1;
    }
    publish(
        &demo,
        &demo.settings.frameworks.default,
        period,
        Some(
            "Révision : correction des créances passées en perte d'une institution (version 2 de son état).",
        ),
        Guard::Check,
        &staff,
    )?;
    summary.publications += 1;
    summary.accounts = accounts(&demo, &list)?;
    let bam = bam_tapes(&demo, &set, &staff)?;
    summary.institutions += bam.0;
    summary.tapes = bam.1;
    summary.submissions += bam.2;
    summary.reviewed.0 += bam.2;
    let member = bam_account(&demo)?;
    summary.accounts.push(member);
    Ok(summary)
}

/// Two Moroccan institutions under the Bank Al-Maghrib framework (a credit institution and an
/// association), with generated loan tapes for 2025-Q3 and 2025-Q4 (the second classified
/// against the first), their returns fed by the tapes and accepted by staff. Returns the
/// institutions added, the tapes stored and the returns accepted.
fn bam_tapes(
    demo: &App,
    set: &dyn Fn(NaiveDateTime) -> ServiceResult<()>,
    staff: &Actor,
) -> ServiceResult<(usize, usize, usize)> {
    use crate::loans::{LoanOutcome, ReturnFeed, import_loans};

    let registry = "code,name,legal_form,structure,network_affiliated,collects_deposits,valid_from,framework,owner_group\n\
                    MSA01,Atlas Micro-Crédit SA,sa,direct_credit,false,false,,bam-mfi,\n\
                    MAS01,Association Tadamoun pour le Microcrédit,association,direct_credit,false,false,,bam-mfi,\n";
    let reg = import_institutions(demo, registry.as_bytes(), "demo-registry-bam.csv", staff)?;
    if reg.refused() {
        return Err(ServiceError::Refused { issues: reg.issues });
    }
    let (mut tapes, mut accepted) = (0, 0);
    for (q, code) in ["2025-Q3", "2025-Q4"].iter().enumerate() {
        let period = Period::parse(code).map_err(|e| ServiceError::Internal(e.to_string()))?;
        for (i, (inst, loans)) in [("MSA01", 4_000), ("MAS01", 1_500)].iter().enumerate() {
            let mut tape = Vec::new();
            mizan_ingest::loans::write_synthetic_tape(
                &mut tape,
                *loans,
                0xB0A7_0000 + i as u64,
                period.end_date(),
            )
            .map_err(|e| ServiceError::Write {
                what: "demo loan tape",
                message: e.to_string(),
            })?;
            let at = period
                .end_date()
                .checked_add_days(Days::new(18 + 5 * i as u64 + q as u64))
                .and_then(|d| d.and_hms_opt(11, 0, 0))
                .ok_or_else(|| ServiceError::Internal("demo date".into()))?;
            set(at)?;
            let code = mizan_core::InstitutionCode::parse(inst)
                .map_err(|e| ServiceError::Internal(e.to_string()))?;
            let actor = Actor::operator(format!("demo:{}", inst.to_lowercase()), "web");
            let report = import_loans(
                demo,
                &code,
                period,
                &tape,
                &format!("{inst}-{period}-encours.csv"),
                &actor,
                &mut |_| {},
            )?;
            let LoanOutcome::Stored(stored) = &report.outcome else {
                return Err(ServiceError::Refused {
                    issues: report.issues.clone(),
                });
            };
            tapes += 1;
            if let ReturnFeed::NewVersion(sub) = &stored.feed {
                decide(demo, staff, sub.id, &Decision::Accept)?;
                accepted += 1;
            }
        }
    }
    Ok((2, tapes, accepted))
}

/// The demo's account for the Moroccan association (its loan tapes and portfolio).
fn bam_account(app: &App) -> ServiceResult<(String, String, String)> {
    let code = mizan_core::InstitutionCode::parse("MAS01")
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let user = create_user(
        app,
        &Actor::system(),
        &NewAccount {
            username: "member.mas01",
            display_name: "Association Tadamoun pour le Microcrédit",
            role: Role::Member,
            institution: Some(&code),
            password: DEMO_PASSWORD,
            email: "tadamoun@mas01.example",
            lang: mizan_core::Lang::Ar,
        },
    )?;
    Ok((
        user.username,
        "member of MAS01".into(),
        "Bank Al-Maghrib framework: loan tapes of 2025-Q3 and 2025-Q4, portfolio".into(),
    ))
}

/// The demo accounts: staff, a partner granted 2025-Q3, and members whose institutions stand
/// differently for 2025-Q4 (accepted, rejected, awaiting review, not reported).
fn accounts(app: &App, list: &[DemoInstitution]) -> ServiceResult<Vec<(String, String, String)>> {
    let cli = Actor::system();
    let code = |i: usize| {
        mizan_core::InstitutionCode::parse(&list[i].code)
            .map_err(|e| ServiceError::Internal(e.to_string()))
    };
    let members = [
        (
            0,
            "a return accepted for every quarter: sees the peer detail",
        ),
        (
            REJECTED_LAST,
            "its 2025-Q4 return was rejected: no peer detail for that quarter",
        ),
        (
            WAITING_LAST,
            "its 2025-Q4 return awaits review: no peer detail for that quarter yet",
        ),
        (
            19,
            "did not report 2025-Q4: no peer detail for that quarter",
        ),
    ];
    let mut out = Vec::new();
    let staff = create_user(
        app,
        &cli,
        &NewAccount {
            username: "staff",
            display_name: "Secrétariat de la fédération",
            role: Role::Staff,
            institution: None,
            password: DEMO_PASSWORD,
            email: "secretariat@federation.example",
            lang: mizan_core::Lang::Fr,
        },
    )?;
    out.push((
        staff.username,
        "staff".into(),
        "federation staff: everything".into(),
    ));
    let partner = create_user(
        app,
        &cli,
        &NewAccount {
            username: "partner",
            display_name: "Bailleur partenaire",
            role: Role::Partner,
            institution: None,
            password: DEMO_PASSWORD,
            email: "",
            lang: mizan_core::Lang::En,
        },
    )?;
    let granted = Period::parse("2025-Q3").map_err(|e| ServiceError::Internal(e.to_string()))?;
    grant(
        app,
        &cli,
        partner.id,
        &app.settings.frameworks.default,
        granted,
    )?;
    out.push((
        partner.username,
        "partner".into(),
        "granted the peer detail of 2025-Q3 only".into(),
    ));
    for (i, what) in members {
        let c = code(i)?;
        let username = format!("member.{}", list[i].code.to_lowercase());
        let email = format!("contact@{}.example", list[i].code.to_lowercase());
        let user = create_user(
            app,
            &cli,
            &NewAccount {
                username: &username,
                display_name: &list[i].name,
                role: Role::Member,
                institution: Some(&c),
                password: DEMO_PASSWORD,
                email: &email,
                lang: mizan_core::Lang::Fr,
            },
        )?;
        out.push((
            user.username,
            format!("member of {}", list[i].code),
            what.into(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generated files of the demo — the registry and every return of every quarter — are
    /// the same bytes on every machine and every release (they depend on the sequence of
    /// [`XorShift64Star`]: changing the generator changes the demo).
    #[test]
    fn the_generated_files_are_pinned() -> Result<(), Box<dyn std::error::Error>> {
        let list = institutions();
        let mut all = registry_csv(&list);
        for (q, code) in QUARTERS.iter().enumerate() {
            let period = Period::parse(code)?;
            for inst in &list {
                return_lines(inst, q, period, &mut all);
            }
        }
        assert_eq!(
            (
                all.len(),
                crate::returns::sha256_hex(all.as_bytes()).as_str()
            ),
            (
                646_213,
                "569fa1ee20d6238528478587f874837574458f694b109291403eb3f335372f35"
            )
        );
        Ok(())
    }
}
