//! The demo dataset: a synthetic, deterministic federation that the platform generates itself —
//! both peer groups and a few associations, eight quarters of returns ending with the last
//! quarter closed before today, with late, missing and corrected ones: seven quarters published
//! (one republished after a correction), the last one being collected (reviewed in part, late
//! institutions reminded by e-mail on the framework's schedule, not published).
//!
//! Everything goes through the real use cases (registry import, returns import with
//! validation, publication) on a clock that the loader moves through time, so the demo shows
//! what the platform really does: deadlines, lateness, versions, revisions and the audit log.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use mizan_core::Period;
use mizan_core::rng::XorShift64Star;

use mizan_storage::submissions::SubmissionStatus;
use mizan_storage::users::Role;

use crate::accounts::{NewAccount, create_user_hashed, grant};
use crate::app::{Actor, App};
use crate::collection::{Decision, decide};
use crate::error::{ServiceError, ServiceResult};
use crate::publication::{Guard, publish};
use crate::registry::import_institutions;
use crate::returns::{Scope, import_returns};

/// How many quarters the demo holds.
pub const QUARTER_COUNT: usize = 8;

/// The demo's quarters on `today`, oldest first: eight, the last being the last quarter closed
/// before today — the one being collected, which the demo leaves under way (not published).
pub fn quarters(today: NaiveDate) -> Vec<Period> {
    let mut out = vec![Period::containing(today).previous()];
    while out.len() < QUARTER_COUNT {
        let earlier = out[out.len() - 1].previous();
        out.push(earlier);
    }
    out.reverse();
    out
}

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

fn registry_csv(list: &[DemoInstitution], converted_from: Period) -> String {
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
    // History: a mutual converted into a limited company from the fifth quarter on (a registry
    // change that moves it between peer groups; earlier quarters keep it among the mutuals).
    let _ = writeln!(
        csv,
        "DMU14,\"Mutuelle des Commerçants de Gagnoa SA\",sa,savings_credit,false,true,{converted_from},"
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
    /// The demo accounts (all with [`DEMO_PASSWORD`]), with what each shows.
    pub accounts: Vec<DemoAccount>,
}

/// A demo account and what it shows, for the command line to say in the operator's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    /// The user name to sign in with.
    pub username: String,
    /// What signing in with it shows.
    pub shows: Shows,
}

/// What a demo account shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shows {
    /// Federation staff: everything; the collection of `collecting` is under way.
    Staff {
        /// The quarter being collected.
        collecting: Period,
    },
    /// A partner granted the peer detail of one quarter only.
    Partner {
        /// The quarter granted.
        granted: Period,
    },
    /// A member whose returns were accepted for every quarter: it sees the peer detail.
    MemberAccepted {
        /// Its institution.
        institution: String,
    },
    /// A member whose return of `period` was rejected: no peer detail for it.
    MemberRejected {
        /// Its institution.
        institution: String,
        /// The quarter.
        period: Period,
    },
    /// A member whose return of `period` awaits review: no peer detail for it yet.
    MemberWaiting {
        /// Its institution.
        institution: String,
        /// The quarter.
        period: Period,
    },
    /// A member that has not reported `period`: reminded by e-mail, no peer detail.
    MemberMissing {
        /// Its institution.
        institution: String,
        /// The quarter.
        period: Period,
    },
    /// A member under another framework with loan tapes of two quarters and their portfolio.
    MemberTapes {
        /// Its institution.
        institution: String,
        /// Its framework (`bam-mfi`, `bceao-sfd`).
        framework: String,
        /// The two quarters of its tapes.
        periods: (Period, Period),
    },
}

/// The password of every demo account (a demo database is remade at each start).
pub const DEMO_PASSWORD: &str = "mizan-demo-2025";

/// Staff's review of the last quarter (index 7): who is rejected, who is left waiting. Every
/// other return is accepted.
const REJECTED_LAST: usize = 7;
const WAITING_LAST: usize = 10;
/// The institutions with a member account (see [`accounts`]): their returns of the last quarter
/// arrive whatever the day the demo starts, so that each account shows what it is meant to.
const MEMBERS: [usize; 4] = [0, REJECTED_LAST, WAITING_LAST, 19];

/// Who misses which quarter: `(institution index, quarter index)`. In the last quarter, the
/// collection under way, four institutions have sent nothing yet.
fn missing(i: usize, q: usize) -> bool {
    // A few institutions skip quarters; the association 2 never reports after the second.
    matches!(
        (i, q),
        (3, 2)
            | (11, 5)
            | (12, 5)
            | (16, 0)
            | (16, 1)
            | (19, 7)
            | (20, 3)
            | (4, 7)
            | (15, 7)
            | (22, 7)
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

/// One thing that happens in the demo's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Institution `i` sends its return of quarter `q`.
    Arrive { q: usize, i: usize },
    /// The daily run of the reminder schedule.
    Remind,
    /// Staff review the returns of quarter `q` received so far.
    Review { q: usize },
    /// Staff publish quarter `q`.
    Publish { q: usize },
    /// Staff grant the partner the peer detail of the second-last quarter.
    Grant,
    /// Institution 2 corrects its return of the second-last quarter after publication.
    Correct,
    /// Staff accept the correction and republish.
    Republish,
    /// An institution of [`TAPES`] sends its loan tape of quarter `q` (6 or 7).
    Tape { q: usize, inst: usize },
    /// The BCEAO-zone mutual sends its statements of quarter `q` (6 or 7), accepted by staff.
    Statements { q: usize },
    /// The BCEAO-zone network flagged art. 44 sends its statements of `month` (a month of the
    /// last two quarters), accepted by staff.
    Monthly { month: Period },
}

/// The demo's history: every step with its time, in order. Times after `horizon` (just before
/// now) do not happen — except the steps the demo's story needs, moved to just before it.
fn timeline(
    demo: &App,
    periods: &[Period],
    list: &[DemoInstitution],
    horizon: NaiveDateTime,
) -> ServiceResult<Vec<(NaiveDateTime, Step)>> {
    let at = |d: NaiveDate, h: u32, m: u32| d.and_hms_opt(h, m, 0).unwrap_or(horizon);
    let hours = |n: i64| horizon - chrono::Duration::hours(n);
    let last = periods.len() - 1;
    let mut steps: Vec<(NaiveDateTime, Step)> = Vec::new();
    for (q, period) in periods.iter().enumerate() {
        let fw = demo.framework(&demo.settings.frameworks.default, *period)?;
        let deadline = demo.deadline(fw, *period);
        let end = period.end_date();
        for (i, _) in list.iter().enumerate().filter(|(i, _)| !missing(*i, q)) {
            let mut t = at(end + Days::new(late_days(i, q)), 10, 0);
            if q == last && MEMBERS.contains(&i) {
                t = t.min(hours(4));
            }
            steps.push((t, Step::Arrive { q, i }));
        }
        let r = &fw.collection.reminders;
        for d in &r.days_before {
            steps.push((at(deadline - Days::new(u64::from(*d)), 7, 30), Step::Remind));
        }
        for d in &r.days_after {
            steps.push((at(deadline + Days::new(u64::from(*d)), 7, 30), Step::Remind));
        }
        // Staff review a quarter some days after its deadline, publish it some weeks later;
        // the last quarter is reviewed today and left for staff to publish.
        let review = at(deadline + Days::new(20), 9, 30);
        if q == last {
            steps.push((review.min(hours(1)), Step::Review { q }));
        } else {
            steps.push((review, Step::Review { q }));
            let publish = at(deadline + Days::new(60), 15, 0).min(hours(3));
            steps.push((publish, Step::Publish { q }));
            if q + 1 == last {
                steps.push((publish + chrono::Duration::minutes(30), Step::Grant));
                let correct = (publish + Days::new(20)).min(hours(2));
                steps.push((correct, Step::Correct));
                steps.push((
                    (correct + Days::new(3)).min(hours(2) + chrono::Duration::minutes(30)),
                    Step::Republish,
                ));
            }
        }
        if q + 1 >= last {
            let t = at(end + Days::new(15 + (q + 1 - last) as u64), 10, 30);
            steps.push((t.min(hours(6)), Step::Statements { q }));
            // The art. 44 SFD reports each month, 12 days after it ends (a month whose day has
            // not come yet is not sent: its collection is under way).
            let mut month = Period::month_containing(period.start_date());
            for _ in 0..3 {
                let t = at(month.end_date() + Days::new(12), 9, 45);
                steps.push((t, Step::Monthly { month }));
                month = month.next();
            }
            for inst in 0..TAPES.len() {
                let t = at(
                    end + Days::new(18 + 5 * inst as u64 + (q + 1 - last) as u64),
                    11,
                    0,
                );
                steps.push((t.min(hours(5)), Step::Tape { q, inst }));
            }
        }
    }
    steps.retain(|(t, _)| *t <= horizon);
    // In time order; steps at one time keep the order they were listed in (review before
    // publication, publication before the grant).
    steps.sort_by_key(|(t, _)| *t);
    Ok(steps)
}

/// Loads the demo dataset into `app` (an empty database): a federation whose history ends
/// today — eight quarters, the last one being collected.
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
    let now = app.now();
    let horizon = now - chrono::Duration::minutes(10);
    let periods = quarters(now.date());
    let start = periods[0]
        .start_date()
        .checked_add_days(Days::new(59))
        .unwrap_or_default()
        .and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default());
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
    for (csv, name) in [
        (registry_csv(&list, periods[4]), "demo-registry.csv"),
        (OTHER_REGISTRY.to_owned(), "demo-registry-other.csv"),
    ] {
        let reg = import_institutions(&demo, csv.as_bytes(), name, &staff)?;
        if reg.refused() {
            return Err(ServiceError::Refused { issues: reg.issues });
        }
    }
    let mut run = Run {
        demo: &demo,
        staff: &staff,
        list: &list,
        periods: &periods,
        stored: vec![Vec::new(); periods.len()],
        summary: DemoSummary {
            institutions: list.len() + 4,
            ..DemoSummary::default()
        },
        partner: 0,
    };
    run.summary.accounts = accounts(&demo, &list, &periods, &mut run.partner)?;
    for (t, step) in timeline(&demo, &periods, &list, horizon)? {
        set(t)?;
        run.step(step)?;
    }
    Ok(run.summary)
}

/// The demo's state while its history runs.
struct Run<'a> {
    demo: &'a App,
    staff: &'a Actor,
    list: &'a [DemoInstitution],
    periods: &'a [Period],
    /// Per quarter, the returns stored and not yet reviewed: (institution index, submission).
    stored: Vec<Vec<(usize, i64)>>,
    summary: DemoSummary,
    /// The partner's account.
    partner: i64,
}

impl Run<'_> {
    fn step(&mut self, step: Step) -> ServiceResult<()> {
        match step {
            Step::Arrive { q, i } => self.arrive(q, i),
            Step::Remind => crate::mail::remind_due(self.demo, self.staff, false).map(drop),
            Step::Review { q } => self.review(q),
            Step::Publish { q } => {
                publish(
                    self.demo,
                    &self.demo.settings.frameworks.default,
                    self.periods[q],
                    None,
                    Guard::Check,
                    self.staff,
                )?;
                self.summary.publications += 1;
                self.summary.quarters.push(self.periods[q].to_string());
                Ok(())
            }
            Step::Grant => {
                let second_last = self.periods[self.periods.len() - 2];
                grant(
                    self.demo,
                    self.staff,
                    self.partner,
                    &self.demo.settings.frameworks.default,
                    second_last,
                )
                .map(drop)
            }
            Step::Correct => self.correct(),
            Step::Republish => self.republish(),
            Step::Tape { q, inst } => self.tape(q, inst),
            Step::Statements { q } => self.statements(q),
            Step::Monthly { month } => self.monthly(month),
        }
    }

    fn code(&self, i: usize) -> ServiceResult<mizan_core::InstitutionCode> {
        mizan_core::InstitutionCode::parse(&self.list[i].code)
            .map_err(|e| ServiceError::Internal(e.to_string()))
    }

    /// Institution `i` sends its return of quarter `q` (one sends a file with mistakes first:
    /// refused, nothing stored, then the corrected one).
    fn arrive(&mut self, q: usize, i: usize) -> ServiceResult<()> {
        let (inst, period) = (&self.list[i], self.periods[q]);
        let mut csv = String::from("institution,period,item,value\n");
        return_lines(inst, q, period, &mut csv);
        let actor = Actor::operator(format!("demo:{}", inst.code.to_lowercase()), "web");
        let name = format!("{}-{period}.csv", inst.code);
        if i == 5 && q == 6 {
            let bad = csv.replacen(",loans.par30,", ",loans.par3O,", 1).replacen(
                ",staff.managers,",
                ",staff.managers,-",
                1,
            );
            let scope = Scope::Institution(self.code(i)?, Some(period));
            let rep = import_returns(self.demo, bad.as_bytes(), &name, &actor, &scope)?;
            self.summary.refused += rep
                .submissions
                .iter()
                .filter(|s| matches!(s.outcome, crate::returns::Outcome::Refused))
                .count();
        }
        let rep = import_returns(self.demo, csv.as_bytes(), &name, &actor, &Scope::Any)?;
        if rep.has_refusals() {
            return Err(ServiceError::Refused {
                issues: rep.submissions.into_iter().flat_map(|s| s.issues).collect(),
            });
        }
        self.summary.submissions += rep.stored().count();
        self.stored[q].extend(rep.stored().map(|r| (i, r.id)));
        Ok(())
    }

    /// Staff review the returns of quarter `q` received so far: in the last quarter one is
    /// rejected and one left waiting.
    fn review(&mut self, q: usize) -> ServiceResult<()> {
        let last = q + 1 == self.periods.len();
        for (i, id) in std::mem::take(&mut self.stored[q]) {
            let decision = match i {
                REJECTED_LAST if last => Decision::Reject(
                    "Le total des dépôts ne correspond pas à l'état financier certifié : \
                     merci de corriger et de renvoyer l'état."
                        .into(),
                ),
                WAITING_LAST if last => continue,
                _ => Decision::Accept,
            };
            match decide(self.demo, self.staff, id, &decision)?.status {
                SubmissionStatus::Rejected => self.summary.reviewed.1 += 1,
                _ => self.summary.reviewed.0 += 1,
            }
        }
        Ok(())
    }

    /// Institution 2 resubmits the second-last quarter after its publication.
    fn correct(&mut self) -> ServiceResult<()> {
        let q = self.periods.len() - 2;
        let (inst, period) = (&self.list[2], self.periods[q]);
        let mut csv = String::from("institution,period,item,value\n");
        return_lines(inst, q, period, &mut csv);
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
        let rep = import_returns(
            self.demo,
            corrected.as_bytes(),
            &format!("{}-{period}-v2.csv", inst.code),
            &Actor::operator(format!("demo:{}", inst.code.to_lowercase()), "web"),
            &Scope::Any,
        )?;
        self.summary.submissions += rep.stored().count();
        self.stored[q].extend(rep.stored().map(|r| (2, r.id)));
        Ok(())
    }

    /// Staff accept the correction, then republish (a publication takes accepted returns only).
    fn republish(&mut self) -> ServiceResult<()> {
        let q = self.periods.len() - 2;
        self.review(q)?;
        publish(
            self.demo,
            &self.demo.settings.frameworks.default,
            self.periods[q],
            Some(
                "Révision : correction des créances passées en perte d'une institution (version 2 de son état).",
            ),
            Guard::Check,
            self.staff,
        )?;
        self.summary.publications += 1;
        Ok(())
    }

    /// The BCEAO-zone mutual's statements of quarter `q` (the postes of its bilan, hors-bilan
    /// and declared amounts, from which the platform computes its prudential norms), 1 % larger
    /// each quarter, accepted.
    fn statements(&mut self, q: usize) -> ServiceResult<()> {
        let factor = 100 + i64::try_from(q).unwrap_or(0);
        self.send_statements("BF01", self.periods[q], factor)
    }

    /// The art. 44 network's statements of `month`: the same postes as the mutual's, at three
    /// times its size and 1 % larger each month, accepted.
    fn monthly(&mut self, month: Period) -> ServiceResult<()> {
        let factor = 300 + i64::from(month.month().unwrap_or(0));
        self.send_statements("SN01", month, factor)
    }

    /// Institution `code` sends [`BF01_STATEMENTS`] for `period`, each figure × `factor` %
    /// (every figure a multiple of 10,000 francs: the totals stay exact), and staff accept it.
    fn send_statements(&mut self, code: &str, period: Period, factor: i64) -> ServiceResult<()> {
        let mut csv = String::from("institution,period,item,value\n");
        for (item, millions) in BF01_STATEMENTS {
            csv.push_str(&format!(
                "{code},{period},{item},{}\n",
                millions * 10_000 * factor
            ));
        }
        let actor = Actor::operator(format!("demo:{}", code.to_lowercase()), "web");
        let name = format!("{code}-{period}-etats.csv");
        let rep = import_returns(self.demo, csv.as_bytes(), &name, &actor, &Scope::Any)?;
        if rep.has_refusals() {
            return Err(ServiceError::Refused {
                issues: rep.submissions.into_iter().flat_map(|s| s.issues).collect(),
            });
        }
        for r in rep.stored() {
            decide(self.demo, self.staff, r.id, &Decision::Accept)?;
            self.summary.submissions += 1;
            self.summary.reviewed.0 += 1;
        }
        Ok(())
    }

    /// A loan tape of quarter `q` feeding a return version that staff accept: the two Bank
    /// Al-Maghrib institutions (the second quarter classified against the first) and the BCEAO
    /// zone's SFD (each quarter classified on its own, in calendar months, under the RCSFD).
    fn tape(&mut self, q: usize, inst: usize) -> ServiceResult<()> {
        use crate::loans::{LoanOutcome, ReturnFeed, import_loans};
        let (code, loans) = TAPES[inst];
        let period = self.periods[q];
        let mut tape = Vec::new();
        mizan_ingest::loans::write_synthetic_tape(
            &mut tape,
            loans,
            0xB0A7_0000 + inst as u64,
            period.end_date(),
        )
        .map_err(|e| ServiceError::Write {
            what: "demo loan tape",
            message: e.to_string(),
        })?;
        if code.starts_with('B') {
            tape = rcsfd_tape(&tape);
        }
        let institution = mizan_core::InstitutionCode::parse(code)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        let actor = Actor::operator(format!("demo:{}", code.to_lowercase()), "web");
        let report = import_loans(
            self.demo,
            &institution,
            period,
            &tape,
            &format!("{code}-{period}-encours.csv"),
            &actor,
            &mut |_| {},
        )?;
        let LoanOutcome::Stored(stored) = &report.outcome else {
            return Err(ServiceError::Refused {
                issues: report.issues.clone(),
            });
        };
        self.summary.tapes += 1;
        if let ReturnFeed::NewVersion(sub) = &stored.feed {
            decide(self.demo, self.staff, sub.id, &Decision::Accept)?;
            self.summary.submissions += 1;
            self.summary.reviewed.0 += 1;
        }
        Ok(())
    }
}

/// The synthetic tape made an RCSFD institution's: the CFA franc has no subunit, so the amounts'
/// cents become francs (12000.45 → 1,200,045 francs, about the zone's scale; only amounts hold a
/// point), and the columns the RCSFD has no rule for (a judgmental class, a compromised recovery)
/// are left empty, as such an institution's system would export them.
fn rcsfd_tape(tape: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(tape);
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    let names: Vec<&str> = header.split(',').collect();
    let at = |name: &str| names.iter().position(|n| *n == name);
    let (judgment, compromised) = (at("unlikely_to_pay_class"), at("recovery_compromised"));
    let mut out = String::with_capacity(text.len());
    out.push_str(header);
    out.push('\n');
    for line in lines {
        let mut fields: Vec<String> = line.split(',').map(|f| f.replace('.', "")).collect();
        if let Some(f) = judgment.and_then(|i| fields.get_mut(i)) {
            f.clear();
        }
        if let Some(f) = compromised.and_then(|i| fields.get_mut(i)) {
            *f = "false".into();
        }
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

/// Two Moroccan institutions under the Bank Al-Maghrib framework (a credit institution and an
/// association) and a network-affiliated savings and credit mutual of the BCEAO zone under
/// `bceao-sfd`, whose loan tapes of the last two quarters feed their returns; and a network of
/// the zone flagged art. 44 (`art44`), which reports its statements every month.
const OTHER_REGISTRY: &str = "code,name,legal_form,structure,network_affiliated,collects_deposits,valid_from,framework,owner_group,country,art44\n\
    MSA01,Atlas Micro-Crédit SA,sa,direct_credit,false,false,,bam-mfi,,,\n\
    MAS01,Association Tadamoun pour le Microcrédit,association,direct_credit,false,false,,bam-mfi,,,\n\
    BF01,Caisse Populaire du Kadiogo,mutual,savings_credit,true,true,,bceao-sfd,,BF,\n\
    SN01,Réseau des Caisses d'Épargne du Sahel,mutual,savings_credit,true,true,,bceao-sfd,,SN,true\n";

/// The statements of the BCEAO-zone mutual, in millions of francs (balanced: E90 = L90 = 1,160;
/// the compte de résultat's result is L80), scaled a little each quarter ([`Run::statements`]).
const BF01_STATEMENTS: [(&str, i64); 108] = [
    ("bilan.a10", 40),
    ("bilan.a12", 60),
    ("bilan.a2a", 100),
    ("bilan.a2h", 20),
    ("bilan.a2i", 0),
    ("bilan.a2j", 30),
    ("bilan.a3a", 10),
    ("bilan.a3b", 0),
    ("bilan.a3c", 0),
    ("bilan.a60", 5),
    ("bilan.a70", 0),
    ("bilan.b2d", 300),
    ("bilan.b2n", 20),
    ("bilan.b30", 250),
    ("bilan.b40", 50),
    ("bilan.b65", 10),
    ("bilan.b70", 15),
    ("bilan.c10", 25),
    ("bilan.c30", 8),
    ("bilan.c40", 2),
    ("bilan.c55", 4),
    ("bilan.c56", 1),
    ("bilan.d10", 3),
    ("bilan.d1e", 12),
    ("bilan.d1l", 0),
    ("bilan.d1s", 0),
    ("bilan.d23", 0),
    ("bilan.d24", 2),
    ("bilan.d25", 6),
    ("bilan.d30", 0),
    ("bilan.d31", 3),
    ("bilan.d36", 30),
    ("bilan.d40", 0),
    ("bilan.d41", 0),
    ("bilan.d45", 4),
    ("bilan.d46", 0),
    ("bilan.d47", 0),
    ("bilan.e05", 0),
    ("bilan.autres_actif", 150),
    ("bilan.e90", 1160),
    ("bilan.f1a", 10),
    ("bilan.f2a", 80),
    ("bilan.f3a", 0),
    ("bilan.f3e", 5),
    ("bilan.f3f", 40),
    ("bilan.f50", 2),
    ("bilan.f60", 3),
    ("bilan.g10", 400),
    ("bilan.g15", 150),
    ("bilan.g2a", 120),
    ("bilan.g30", 30),
    ("bilan.g35", 20),
    ("bilan.g60", 3),
    ("bilan.g70", 7),
    ("bilan.g90", 5),
    ("bilan.h10", 15),
    ("bilan.h40", 10),
    ("bilan.l01", 50),
    ("bilan.l10", 20),
    ("bilan.l20", 10),
    ("bilan.l27", 0),
    ("bilan.l30", 5),
    ("bilan.l35", 0),
    ("bilan.l41", 100),
    ("bilan.l45", 0),
    ("bilan.l50", 40),
    ("bilan.l55", 0),
    ("bilan.l59", 0),
    ("bilan.l60", 0),
    ("bilan.l62", 0),
    ("bilan.l65", 0),
    ("bilan.l70", -10),
    ("bilan.l75", 0),
    ("bilan.l80", 25),
    ("bilan.autres_passif", 20),
    ("bilan.l90", 1160),
    ("hb.n1a", 30),
    ("hb.n1h", 20),
    ("hb.n1j", 10),
    ("hb.n1k", 5),
    ("hb.n2a", 0),
    ("hb.n2h", 15),
    ("hb.n2j", 0),
    ("hb.n2m", 10),
    ("hb.n3a", 0),
    ("hb.q1a", 5),
    ("declared.insider_loans", 8),
    ("declared.largest_borrower", 12),
    ("declared.other_activities", 10),
    ("declared.supervisor_provisions", 4),
    ("declared.sfd_participations", 2),
    // The compte de résultat of the year so far: income 135 − expenses 110 = 25 = L80.
    ("cr.products.interest", 100),
    ("cr.products.commissions", 20),
    ("cr.products.other_financial", 5),
    ("cr.products.other_operating", 3),
    ("cr.products.subsidies", 2),
    ("cr.products.reversals", 4),
    ("cr.products.exceptional", 1),
    ("cr.charges.interest", 30),
    ("cr.charges.commissions", 5),
    ("cr.charges.other_financial", 2),
    ("cr.charges.general", 25),
    ("cr.charges.personnel", 30),
    ("cr.charges.taxes", 3),
    ("cr.charges.depreciation", 5),
    ("cr.charges.loan_losses", 6),
    ("cr.charges.exceptional", 1),
    ("cr.charges.income_tax", 3),
];

/// The institutions of [`OTHER_REGISTRY`] that send loan tapes, with their number of loans.
const TAPES: [(&str, u64); 3] = [("MSA01", 4_000), ("MAS01", 1_500), ("BF01", 2_500)];

/// An account of the demo, with the demo password's hash made once by [`accounts`].
fn demo_account(
    (app, hash): (&App, &str),
    username: &str,
    display_name: &str,
    role: Role,
    institution: Option<&mizan_core::InstitutionCode>,
    (email, lang): (&str, mizan_core::Lang),
) -> ServiceResult<mizan_storage::users::UserRecord> {
    create_user_hashed(
        app,
        &Actor::system(),
        &NewAccount {
            username,
            display_name,
            role,
            institution,
            password: DEMO_PASSWORD,
            email,
            lang,
        },
        Some(hash),
    )
}

/// The demo accounts: staff, a partner (granted the second-last quarter later in the history),
/// members whose institutions stand differently for the last quarter (accepted, rejected,
/// awaiting review, not reported), and the Moroccan association. `partner` gets the partner's
/// id.
fn accounts(
    app: &App,
    list: &[DemoInstitution],
    periods: &[Period],
    partner: &mut i64,
) -> ServiceResult<Vec<DemoAccount>> {
    use mizan_core::Lang;
    let (last, second_last) = (periods[periods.len() - 1], periods[periods.len() - 2]);
    let code = |i: usize| {
        mizan_core::InstitutionCode::parse(&list[i].code)
            .map_err(|e| ServiceError::Internal(e.to_string()))
    };
    // Every demo account has the demo password: one argon2 hash for all of them.
    let hash = crate::accounts::hash_password(DEMO_PASSWORD)?;
    let mut out = Vec::new();
    let staff = demo_account(
        (app, &hash),
        "staff",
        "Secrétariat de la fédération",
        Role::Staff,
        None,
        ("secretariat@federation.example", Lang::Fr),
    )?;
    out.push(DemoAccount {
        username: staff.username,
        shows: Shows::Staff { collecting: last },
    });
    let p = demo_account(
        (app, &hash),
        "partner",
        "Bailleur partenaire",
        Role::Partner,
        None,
        ("", Lang::En),
    )?;
    *partner = p.id;
    out.push(DemoAccount {
        username: p.username,
        shows: Shows::Partner {
            granted: second_last,
        },
    });
    /// What a member account shows, from its institution and the last quarter.
    type MemberShows = fn(String, Period) -> Shows;
    let members: [(usize, MemberShows); 4] = [
        (0, |institution, _| Shows::MemberAccepted { institution }),
        (REJECTED_LAST, |institution, period| Shows::MemberRejected {
            institution,
            period,
        }),
        (WAITING_LAST, |institution, period| Shows::MemberWaiting {
            institution,
            period,
        }),
        (19, |institution, period| Shows::MemberMissing {
            institution,
            period,
        }),
    ];
    for (i, shows) in members {
        let c = code(i)?;
        let username = format!("member.{}", list[i].code.to_lowercase());
        let email = format!("contact@{}.example", list[i].code.to_lowercase());
        let user = demo_account(
            (app, &hash),
            &username,
            &list[i].name,
            Role::Member,
            Some(&c),
            (&email, Lang::Fr),
        )?;
        out.push(DemoAccount {
            username: user.username,
            shows: shows(list[i].code.clone(), last),
        });
    }
    let mas01 = mizan_core::InstitutionCode::parse("MAS01")
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let user = demo_account(
        (app, &hash),
        "member.mas01",
        "Association Tadamoun pour le Microcrédit",
        Role::Member,
        Some(&mas01),
        ("tadamoun@mas01.example", Lang::Ar),
    )?;
    out.push(DemoAccount {
        username: user.username,
        shows: Shows::MemberTapes {
            institution: "MAS01".into(),
            framework: "bam-mfi".into(),
            periods: (second_last, last),
        },
    });
    let bf01 = mizan_core::InstitutionCode::parse("BF01")
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let user = demo_account(
        (app, &hash),
        "member.bf01",
        "Caisse Populaire du Kadiogo",
        Role::Member,
        Some(&bf01),
        ("direction@bf01.example", Lang::Fr),
    )?;
    out.push(DemoAccount {
        username: user.username,
        shows: Shows::MemberTapes {
            institution: "BF01".into(),
            framework: "bceao-sfd".into(),
            periods: (second_last, last),
        },
    });
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
        let periods = quarters(NaiveDate::from_ymd_opt(2026, 1, 20).ok_or("date")?);
        let mut all = registry_csv(&list, periods[4]);
        for (q, period) in periods.iter().copied().enumerate() {
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
