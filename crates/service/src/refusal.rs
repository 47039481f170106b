//! Why a use case refused what it was asked: typed codes with their parameters.
//!
//! The service builds no sentence for people. A refusal is a stable code (`publish.nothing`)
//! with named parameters; the web and the command line translate it in the reader's language
//! (Fluent message `refusal-<code with dots as dashes>`, e.g. `refusal-publish-nothing`). A code
//! never changes meaning once released: a new case is a new variant with a new code.
//!
//! One enum per use case (accounts, review, publication, registry, template, periods, loans),
//! gathered by [`Refusal`]. Every enum is `#[non_exhaustive]`: code matching them must have
//! a fallback, so that a new refusal does not break a translator that does not know it yet (it
//! shows the code and its parameters).

use chrono::NaiveDateTime;
use mizan_core::Period;

/// A parameter of a refusal, typed so that the reader's language can show it its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Arg {
    /// A name, a code, a user name: shown as is.
    Text(String),
    /// A whole number (shown with the language's digit grouping).
    Count(u64),
    /// A quarter (shown as the language writes it: `T4 2025`, `Q4 2025`).
    Period(Period),
    /// A moment (shown in the language's date format).
    At(NaiveDateTime),
    /// A list of names or codes.
    List(Vec<String>),
}

impl std::fmt::Display for Arg {
    /// The plain form, for the log and for a reader that does not know the code.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Text(t) => f.write_str(t),
            Self::Count(n) => write!(f, "{n}"),
            Self::Period(p) => write!(f, "{p}"),
            Self::At(t) => write!(f, "{}", t.format("%Y-%m-%d %H:%M")),
            Self::List(l) => f.write_str(&l.join(", ")),
        }
    }
}

fn text(s: impl std::fmt::Display) -> Arg {
    Arg::Text(s.to_string())
}

fn count(n: usize) -> Arg {
    Arg::Count(u64::try_from(n).unwrap_or(u64::MAX))
}

/// A text field that is too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Field {
    /// A person's display name.
    DisplayName,
    /// An institution's name.
    InstitutionName,
    /// A rejection's comment for the institution.
    Comment,
    /// The note of a publication's revision.
    Note,
}

impl Field {
    /// Stable code (`display-name`, `comment`, …).
    pub fn code(self) -> &'static str {
        match self {
            Self::DisplayName => "display-name",
            Self::InstitutionName => "institution-name",
            Self::Comment => "comment",
            Self::Note => "note",
        }
    }
}

/// Accounts: creating one, its password, disabling, grants.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AccountRefusal {
    /// A user name of other characters than letters, digits, `.`, `-`, `_`, `@`, or too long.
    UserName {
        /// As typed.
        username: String,
    },
    /// The user name is taken.
    UserNameTaken {
        /// As typed.
        username: String,
    },
    /// A member account without its institution.
    MemberNeedsInstitution,
    /// A staff or partner account given an institution.
    InstitutionOnlyForMembers {
        /// The institution given.
        institution: String,
    },
    /// The institution is not in the registry.
    UnknownInstitution {
        /// The institution given.
        institution: String,
    },
    /// A password shorter than the minimum.
    PasswordTooShort {
        /// The minimum, in characters.
        min: usize,
    },
    /// A password equal to the user name.
    PasswordIsUserName,
    /// The current password given to change it is wrong.
    WrongPassword,
    /// Staff tried to disable their own account.
    CannotDisableSelf,
    /// A grant to an account that is not a partner's.
    GrantOnlyForPartners {
        /// The account.
        username: String,
    },
    /// Not an e-mail address.
    BadEmail {
        /// As typed.
        email: String,
    },
}

/// Staff's review of a return.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReviewRefusal {
    /// A rejection without a comment for the institution.
    RejectionNeedsComment,
}

/// Publishing a quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublishRefusal {
    /// No return counts for the quarter.
    Nothing {
        /// The framework.
        framework: String,
        /// The quarter.
        period: Period,
    },
    /// The latest revision was made from the same returns.
    AlreadyPublished {
        /// The framework.
        framework: String,
        /// The quarter.
        period: Period,
        /// The latest revision.
        revision: i32,
        /// When it was published.
        at: NaiveDateTime,
    },
    /// A new revision without a note saying why.
    RevisionNeedsNote {
        /// The framework.
        framework: String,
        /// The quarter.
        period: Period,
    },
    /// Cells an earlier publication already disclosed cannot be protected now.
    CannotProtect {
        /// The cells (indicator and group codes).
        cells: Vec<String>,
    },
    /// Coverage below the framework's minimum, or returns awaiting review: staff must confirm
    /// explicitly (with a note) to publish. The code says which: `publish.awaiting-review`,
    /// `publish.low-coverage`, or `publish.awaiting-review-and-low-coverage`.
    NeedsConfirmation {
        /// The framework.
        framework: String,
        /// The quarter.
        period: Period,
        /// The institutions whose latest return awaits review.
        awaiting: Vec<String>,
        /// The columns below the minimum coverage (`sa 1/4`).
        below: Vec<String>,
        /// The minimum coverage, in percent (`50`).
        min_percent: String,
    },
    /// A confirmed publication without a note saying why.
    ConfirmationNeedsNote {
        /// The framework.
        framework: String,
        /// The quarter.
        period: Period,
    },
    /// Someone else published the same quarter at the same moment.
    PublishedMeanwhile {
        /// The framework.
        framework: String,
        /// The quarter.
        period: Period,
    },
}

/// A change to the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegistryRefusal {
    /// An institution without a name.
    NameEmpty {
        /// The institution.
        institution: String,
    },
    /// A framework the platform does not know.
    UnknownFramework {
        /// The institution.
        institution: String,
        /// As given.
        framework: String,
        /// The frameworks known.
        known: Vec<String>,
    },
    /// No country given, and the framework names none (a framework of several countries).
    NoCountry {
        /// The institution.
        institution: String,
        /// Its framework.
        framework: String,
    },
    /// A version from a month: a registry version applies from a quarter.
    ValidFromMonth {
        /// The institution.
        institution: String,
        /// The month asked for.
        period: Period,
        /// The quarter of that month.
        quarter: Period,
    },
}

/// An institution's template or return for a quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TemplateRefusal {
    /// The institution is not registered for the quarter.
    NotRegistered {
        /// The institution.
        institution: String,
        /// The quarter.
        period: Period,
    },
    /// The institution reports under another framework.
    OtherFramework {
        /// The institution.
        institution: String,
        /// Its framework.
        framework: String,
        /// The framework asked for.
        asked: String,
    },
    /// The institution reports for the other kind of period: an art. 44 SFD sends months, the
    /// others quarters.
    OtherPeriodKind {
        /// The institution.
        institution: String,
        /// The period asked for.
        period: Period,
        /// The period it sends instead (the quarter's last month, or the month's quarter).
        instead: Period,
    },
}

/// Quarters that can be worked on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PeriodRefusal {
    /// A quarter more than one quarter ahead of today's.
    TooFarAhead {
        /// The quarter asked for.
        period: Period,
        /// The latest quarter that can be worked on.
        latest: Period,
    },
    /// A month where only quarters are meaningful (tables are published per quarter; the
    /// monthly reporters count there by their quarter-end month).
    QuarterOnly {
        /// The month asked for.
        period: Period,
        /// Its quarter.
        quarter: Period,
    },
}

/// Loan tapes and the solvency coefficient.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoanRefusal {
    /// The framework defines no solvency coefficient.
    NoSolvency {
        /// The framework.
        framework: String,
    },
    /// The institution's framework at the quarter classifies no loans (no `[classification]`):
    /// no class can be imposed.
    NoClassification {
        /// The institution.
        institution: String,
        /// The quarter.
        period: Period,
    },
    /// A class imposed above the highest class of the rules.
    ClassAboveHighest {
        /// The class asked for.
        class: usize,
        /// The highest class.
        max: usize,
    },
    /// A class imposed without the loan's id or without a reason (art. 21: the supervisor
    /// says why).
    ImposedClassIncomplete,
}

/// Why a use case refused what it was asked (HTTP 400 on the web).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// A text field over its limit.
    TooLong {
        /// Which field.
        field: Field,
        /// Its length, in characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// Accounts.
    Account(AccountRefusal),
    /// Review.
    Review(ReviewRefusal),
    /// Publication.
    Publish(PublishRefusal),
    /// Registry.
    Registry(RegistryRefusal),
    /// Template.
    Template(TemplateRefusal),
    /// Periods.
    Period(PeriodRefusal),
    /// Loans.
    Loan(LoanRefusal),
}

macro_rules! from_part {
    ($($t:ident => $v:ident),* $(,)?) => {
        $(impl From<$t> for Refusal {
            fn from(r: $t) -> Self {
                Self::$v(r)
            }
        })*
    };
}

from_part!(
    AccountRefusal => Account,
    ReviewRefusal => Review,
    PublishRefusal => Publish,
    RegistryRefusal => Registry,
    TemplateRefusal => Template,
    PeriodRefusal => Period,
    LoanRefusal => Loan,
);

impl Refusal {
    /// The stable code (`account.password-too-short`, `publish.nothing`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLong { .. } => "too-long",
            Self::Account(a) => match a {
                AccountRefusal::UserName { .. } => "account.user-name",
                AccountRefusal::UserNameTaken { .. } => "account.user-name-taken",
                AccountRefusal::MemberNeedsInstitution => "account.member-needs-institution",
                AccountRefusal::InstitutionOnlyForMembers { .. } => {
                    "account.institution-only-for-members"
                }
                AccountRefusal::UnknownInstitution { .. } => "account.unknown-institution",
                AccountRefusal::PasswordTooShort { .. } => "account.password-too-short",
                AccountRefusal::PasswordIsUserName => "account.password-is-user-name",
                AccountRefusal::WrongPassword => "account.wrong-password",
                AccountRefusal::CannotDisableSelf => "account.cannot-disable-self",
                AccountRefusal::GrantOnlyForPartners { .. } => "account.grant-only-for-partners",
                AccountRefusal::BadEmail { .. } => "account.bad-email",
            },
            Self::Review(ReviewRefusal::RejectionNeedsComment) => "review.rejection-needs-comment",
            Self::Publish(p) => match p {
                PublishRefusal::Nothing { .. } => "publish.nothing",
                PublishRefusal::AlreadyPublished { .. } => "publish.already-published",
                PublishRefusal::RevisionNeedsNote { .. } => "publish.revision-needs-note",
                PublishRefusal::CannotProtect { .. } => "publish.cannot-protect",
                PublishRefusal::PublishedMeanwhile { .. } => "publish.published-meanwhile",
                PublishRefusal::ConfirmationNeedsNote { .. } => "publish.confirmation-needs-note",
                PublishRefusal::NeedsConfirmation {
                    awaiting, below, ..
                } => match (awaiting.is_empty(), below.is_empty()) {
                    (false, true) => "publish.awaiting-review",
                    (true, _) => "publish.low-coverage",
                    (false, false) => "publish.awaiting-review-and-low-coverage",
                },
            },
            Self::Registry(r) => match r {
                RegistryRefusal::NameEmpty { .. } => "registry.name-empty",
                RegistryRefusal::UnknownFramework { .. } => "registry.unknown-framework",
                RegistryRefusal::NoCountry { .. } => "registry.no-country",
                RegistryRefusal::ValidFromMonth { .. } => "registry.valid-from-month",
            },
            Self::Template(t) => match t {
                TemplateRefusal::NotRegistered { .. } => "template.not-registered",
                TemplateRefusal::OtherFramework { .. } => "template.other-framework",
                TemplateRefusal::OtherPeriodKind { .. } => "template.other-period-kind",
            },
            Self::Period(PeriodRefusal::TooFarAhead { .. }) => "period.too-far-ahead",
            Self::Period(PeriodRefusal::QuarterOnly { .. }) => "period.quarter-only",
            Self::Loan(LoanRefusal::NoSolvency { .. }) => "loan.no-solvency",
            Self::Loan(LoanRefusal::NoClassification { .. }) => "loan.no-classification",
            Self::Loan(LoanRefusal::ClassAboveHighest { .. }) => "loan.class-above-highest",
            Self::Loan(LoanRefusal::ImposedClassIncomplete) => "loan.imposed-class-incomplete",
        }
    }

    /// The parameters, by name (the names the translations use).
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        match self {
            Self::TooLong { field, chars, max } => vec![
                ("field", text(field.code())),
                ("chars", count(*chars)),
                ("max", count(*max)),
            ],
            Self::Account(a) => match a {
                AccountRefusal::UserName { username }
                | AccountRefusal::UserNameTaken { username }
                | AccountRefusal::GrantOnlyForPartners { username } => {
                    vec![("username", text(username))]
                }
                AccountRefusal::InstitutionOnlyForMembers { institution }
                | AccountRefusal::UnknownInstitution { institution } => {
                    vec![("institution", text(institution))]
                }
                AccountRefusal::PasswordTooShort { min } => vec![("min", count(*min))],
                AccountRefusal::BadEmail { email } => vec![("email", text(email))],
                AccountRefusal::MemberNeedsInstitution
                | AccountRefusal::PasswordIsUserName
                | AccountRefusal::WrongPassword
                | AccountRefusal::CannotDisableSelf => vec![],
            },
            Self::Review(ReviewRefusal::RejectionNeedsComment) => vec![],
            Self::Publish(p) => match p {
                PublishRefusal::Nothing { framework, period }
                | PublishRefusal::RevisionNeedsNote { framework, period }
                | PublishRefusal::PublishedMeanwhile { framework, period }
                | PublishRefusal::ConfirmationNeedsNote { framework, period } => vec![
                    ("framework", text(framework)),
                    ("period", Arg::Period(*period)),
                ],
                PublishRefusal::AlreadyPublished {
                    framework,
                    period,
                    revision,
                    at,
                } => vec![
                    ("framework", text(framework)),
                    ("period", Arg::Period(*period)),
                    (
                        "revision",
                        Arg::Count(u64::try_from(*revision).unwrap_or_default()),
                    ),
                    ("at", Arg::At(*at)),
                ],
                PublishRefusal::CannotProtect { cells } => {
                    vec![("cells", Arg::List(cells.clone()))]
                }
                PublishRefusal::NeedsConfirmation {
                    framework,
                    period,
                    awaiting,
                    below,
                    min_percent,
                } => {
                    let mut args = vec![
                        ("framework", text(framework)),
                        ("period", Arg::Period(*period)),
                    ];
                    if !awaiting.is_empty() {
                        args.push(("awaiting", Arg::List(awaiting.clone())));
                    }
                    if !below.is_empty() {
                        args.push(("below", Arg::List(below.clone())));
                        args.push(("min", text(min_percent)));
                    }
                    args
                }
            },
            Self::Registry(r) => match r {
                RegistryRefusal::NameEmpty { institution } => {
                    vec![("institution", text(institution))]
                }
                RegistryRefusal::UnknownFramework {
                    institution,
                    framework,
                    known,
                } => vec![
                    ("institution", text(institution)),
                    ("framework", text(framework)),
                    ("known", Arg::List(known.clone())),
                ],
                RegistryRefusal::NoCountry {
                    institution,
                    framework,
                } => vec![
                    ("institution", text(institution)),
                    ("framework", text(framework)),
                ],
                RegistryRefusal::ValidFromMonth {
                    institution,
                    period,
                    quarter,
                } => vec![
                    ("institution", text(institution)),
                    ("period", Arg::Period(*period)),
                    ("quarter", Arg::Period(*quarter)),
                ],
            },
            Self::Template(t) => match t {
                TemplateRefusal::NotRegistered {
                    institution,
                    period,
                } => vec![
                    ("institution", text(institution)),
                    ("period", Arg::Period(*period)),
                ],
                TemplateRefusal::OtherFramework {
                    institution,
                    framework,
                    asked,
                } => vec![
                    ("institution", text(institution)),
                    ("framework", text(framework)),
                    ("asked", text(asked)),
                ],
                TemplateRefusal::OtherPeriodKind {
                    institution,
                    period,
                    instead,
                } => vec![
                    ("institution", text(institution)),
                    ("period", Arg::Period(*period)),
                    ("instead", Arg::Period(*instead)),
                ],
            },
            Self::Period(PeriodRefusal::TooFarAhead { period, latest }) => vec![
                ("period", Arg::Period(*period)),
                ("latest", Arg::Period(*latest)),
            ],
            Self::Period(PeriodRefusal::QuarterOnly { period, quarter }) => vec![
                ("period", Arg::Period(*period)),
                ("quarter", Arg::Period(*quarter)),
            ],
            Self::Loan(LoanRefusal::NoSolvency { framework }) => {
                vec![("framework", text(framework))]
            }
            Self::Loan(LoanRefusal::NoClassification {
                institution,
                period,
            }) => vec![
                ("institution", text(institution)),
                ("period", Arg::Period(*period)),
            ],
            Self::Loan(LoanRefusal::ClassAboveHighest { class, max }) => {
                vec![("class", count(*class)), ("max", count(*max))]
            }
            Self::Loan(LoanRefusal::ImposedClassIncomplete) => Vec::new(),
        }
    }

    /// One example of every refusal, for the tests that render every code in every language.
    pub fn examples() -> Vec<Self> {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 20)
            .and_then(|d| d.and_hms_opt(9, 30, 0))
            .unwrap_or_default();
        let period = Period::containing(at.date()).previous();
        let s = |t: &str| t.to_owned();
        vec![
            Self::TooLong {
                field: Field::Comment,
                chars: 2100,
                max: 2000,
            },
            Self::TooLong {
                field: Field::DisplayName,
                chars: 250,
                max: 200,
            },
            Self::TooLong {
                field: Field::InstitutionName,
                chars: 250,
                max: 200,
            },
            Self::TooLong {
                field: Field::Note,
                chars: 2100,
                max: 2000,
            },
            AccountRefusal::UserName { username: s("a b") }.into(),
            AccountRefusal::UserNameTaken { username: s("awa") }.into(),
            AccountRefusal::MemberNeedsInstitution.into(),
            AccountRefusal::InstitutionOnlyForMembers {
                institution: s("CI001"),
            }
            .into(),
            AccountRefusal::UnknownInstitution {
                institution: s("CI999"),
            }
            .into(),
            AccountRefusal::PasswordTooShort { min: 12 }.into(),
            AccountRefusal::PasswordIsUserName.into(),
            AccountRefusal::WrongPassword.into(),
            AccountRefusal::CannotDisableSelf.into(),
            AccountRefusal::GrantOnlyForPartners { username: s("awa") }.into(),
            AccountRefusal::BadEmail { email: s("awa@") }.into(),
            ReviewRefusal::RejectionNeedsComment.into(),
            PublishRefusal::Nothing {
                framework: s("apsfd-ci"),
                period,
            }
            .into(),
            PublishRefusal::AlreadyPublished {
                framework: s("apsfd-ci"),
                period,
                revision: 2,
                at,
            }
            .into(),
            PublishRefusal::RevisionNeedsNote {
                framework: s("apsfd-ci"),
                period,
            }
            .into(),
            PublishRefusal::CannotProtect {
                cells: vec![s("fin.par30,sa")],
            }
            .into(),
            PublishRefusal::PublishedMeanwhile {
                framework: s("apsfd-ci"),
                period,
            }
            .into(),
            PublishRefusal::NeedsConfirmation {
                framework: s("apsfd-ci"),
                period,
                awaiting: vec![s("CI003")],
                below: vec![],
                min_percent: s("50"),
            }
            .into(),
            PublishRefusal::NeedsConfirmation {
                framework: s("apsfd-ci"),
                period,
                awaiting: vec![],
                below: vec![s("sa 1/4"), s("sector 3/10")],
                min_percent: s("50"),
            }
            .into(),
            PublishRefusal::NeedsConfirmation {
                framework: s("apsfd-ci"),
                period,
                awaiting: vec![s("CI003")],
                below: vec![s("sa 1/4")],
                min_percent: s("50"),
            }
            .into(),
            PublishRefusal::ConfirmationNeedsNote {
                framework: s("apsfd-ci"),
                period,
            }
            .into(),
            RegistryRefusal::NameEmpty {
                institution: s("CI001"),
            }
            .into(),
            RegistryRefusal::UnknownFramework {
                institution: s("CI001"),
                framework: s("bceao"),
                known: vec![s("apsfd-ci"), s("bam-mfi")],
            }
            .into(),
            RegistryRefusal::NoCountry {
                institution: s("SN001"),
                framework: s("bceao-sfd"),
            }
            .into(),
            RegistryRefusal::ValidFromMonth {
                institution: s("SN001"),
                period: period.quarter_end_month(),
                quarter: period,
            }
            .into(),
            TemplateRefusal::NotRegistered {
                institution: s("CI001"),
                period,
            }
            .into(),
            TemplateRefusal::OtherFramework {
                institution: s("MA001"),
                framework: s("bam-mfi"),
                asked: s("apsfd-ci"),
            }
            .into(),
            TemplateRefusal::OtherPeriodKind {
                institution: s("BF01"),
                period,
                instead: period.quarter_end_month(),
            }
            .into(),
            PeriodRefusal::TooFarAhead {
                period,
                latest: period,
            }
            .into(),
            PeriodRefusal::QuarterOnly {
                period: period.quarter_end_month(),
                quarter: period,
            }
            .into(),
            LoanRefusal::NoSolvency {
                framework: s("apsfd-ci"),
            }
            .into(),
            LoanRefusal::NoClassification {
                institution: s("SA01"),
                period,
            }
            .into(),
            LoanRefusal::ClassAboveHighest { class: 7, max: 4 }.into(),
            LoanRefusal::ImposedClassIncomplete.into(),
        ]
    }
}

impl std::fmt::Display for Refusal {
    /// The code and its parameters (`publish.nothing framework=apsfd-ci period=2025-Q4`): for
    /// the log, never for people.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())?;
        for (name, value) in self.args() {
            write!(f, " {name}={value}")?;
        }
        Ok(())
    }
}
