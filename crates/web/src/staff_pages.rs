//! View structs of the staff back office: every text already in the page's language, every
//! date and count formatted. The templates (`templates/staff/`) only lay them out.

use askama::Template;

use crate::space_views::{FormLabels, Frame};
use crate::views::{Layout, Link};

/// The outcome of an action, shown at the top of a page.
#[derive(Debug, Clone)]
pub struct Notice {
    /// Success (or a refusal).
    pub ok: bool,
    /// What happened.
    pub text: String,
    /// Where to go on (the published bulletin).
    pub link: Option<Link>,
}

impl Notice {
    /// A success.
    pub fn ok(text: String) -> Self {
        Self {
            ok: true,
            text,
            link: None,
        }
    }

    /// A refusal.
    pub fn refused(text: String) -> Self {
        Self {
            ok: false,
            text,
            link: None,
        }
    }
}

/// An option of a `<select>`.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// The text shown.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

impl Choice {
    /// An option.
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
            selected,
        }
    }
}

/// One version of a return in the collection table.
#[derive(Debug, Clone)]
pub struct VersionView {
    /// Submission id (forms, anchors).
    pub id: i64,
    /// "Version 2".
    pub label: String,
    /// "reçue le 3 mai 2016 à 10:12 (fichier.csv, par x)".
    pub received: String,
    /// "reçue", "acceptée", "rejetée".
    pub status: String,
    /// `received`, `accepted`, `rejected` (style).
    pub status_class: &'static str,
    /// Who decided and when.
    pub decided: Option<String>,
    /// The rejection's comment.
    pub comment: Option<String>,
    /// "3 avertissements".
    pub warnings: String,
    /// The validation report.
    pub report: Link,
    /// Whether the accept button is shown.
    pub can_accept: bool,
    /// Whether the reject form is shown.
    pub can_reject: bool,
}

/// One expected institution in the collection table.
#[derive(Debug, Clone)]
pub struct InstitutionRowView {
    /// Rank of reception ("1"), empty when nothing was received.
    pub order: String,
    /// Name.
    pub name: String,
    /// Code.
    pub code: String,
    /// First reception ("3 mai 2016 à 10:12"), or "—".
    pub first_received: String,
    /// "dans les délais", "en retard de 12 jours ouvrés", "manquant — …".
    pub timeliness: String,
    /// `ontime`, `late`, `missing`, `pending` (style).
    pub timeliness_class: &'static str,
    /// Every version, oldest first.
    pub versions: Vec<VersionView>,
    /// Upload for this institution.
    pub upload: Link,
}

/// A peer group of the collection.
#[derive(Debug, Clone)]
pub struct GroupCollectionView {
    /// Group label.
    pub title: String,
    /// "10 reçus / 11 attendus".
    pub counts: String,
    /// Expected institutions, in order of reception then by code.
    pub rows: Vec<InstitutionRowView>,
}

/// A data-quality flag.
#[derive(Debug, Clone)]
pub struct FlagView {
    /// Institution (name and code).
    pub institution: String,
    /// "bloquant", "avertissement".
    pub severity: String,
    /// What is odd.
    pub message: String,
}

/// The publish form and the quarter's publication status.
#[derive(Debug, Clone)]
pub struct PublishView {
    /// "Publié : révision 1 du 13 juin 2016" or "Pas encore publié".
    pub status: String,
    /// The current revision's note.
    pub current_note: Option<String>,
    /// The public bulletin, once published.
    pub bulletin: Option<Link>,
    /// Whether the note is required (the quarter was published before).
    pub note_required: bool,
    /// The help under the note field.
    pub note_help: String,
    /// The button.
    pub submit: String,
    /// `2016-Q1`.
    pub period: String,
    /// Framework id.
    pub framework: String,
}

/// The period (and framework) picker: a GET form.
#[derive(Debug, Clone)]
pub struct PickerView {
    /// Periods, newest first.
    pub periods: Vec<Choice>,
    /// Frameworks (empty when there is only one).
    pub frameworks: Vec<Choice>,
}

/// `GET /staff`: the collection of a quarter.
#[derive(Template)]
#[template(path = "staff/collection.html")]
pub struct CollectionPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Outcome of the last action.
    pub notice: Option<Notice>,
    /// Period picker.
    pub picker: PickerView,
    /// Deadline, totals, today (label, value).
    pub facts: Vec<(String, String)>,
    /// Shown instead of the table when the framework is not in force for the period.
    pub unavailable: Option<String>,
    /// Peer groups.
    pub groups: Vec<GroupCollectionView>,
    /// Column headers of the groups' tables.
    pub headers: Vec<String>,
    /// Data-quality flags.
    pub flags: Vec<FlagView>,
    /// Column headers of the flags.
    pub flag_headers: Vec<String>,
    /// Publication.
    pub publish: PublishView,
    /// The period shown (`2016-Q1`), for the forms' way back.
    pub period: String,
    /// The framework shown.
    pub framework: String,
    /// Labels.
    pub labels: FormLabels,
}

/// One institution of the registry with its current attributes.
#[derive(Debug, Clone)]
pub struct RegistryRowView {
    /// Code.
    pub code: String,
    /// Attributes in column order (name first).
    pub cells: Vec<String>,
    /// "3 versions".
    pub versions: String,
}

/// One recorded version of an institution's attributes.
#[derive(Debug, Clone)]
pub struct HistoryRowView {
    /// Code.
    pub code: String,
    /// "T1 2016", or "depuis l'origine".
    pub valid_from: String,
    /// Attributes in column order.
    pub cells: Vec<String>,
    /// When recorded.
    pub recorded_at: String,
    /// Who recorded it.
    pub recorded_by: String,
    /// The first version of its institution (starts a group of rows).
    pub first: bool,
}

/// An issue of a refused registry file.
#[derive(Debug, Clone)]
pub struct IssueView {
    /// "ligne 4, colonne legal_form".
    pub place: String,
    /// "bloquant", "avertissement".
    pub severity: String,
    /// What is wrong.
    pub message: String,
}

/// `GET /staff/institutions`: the registry.
#[derive(Template)]
#[template(path = "staff/institutions.html")]
pub struct InstitutionsPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Outcome of an upload.
    pub notice: Option<Notice>,
    /// Issues of a refused (or accepted with warnings) file.
    pub issues: Vec<IssueView>,
    /// Headers of the issues.
    pub issue_headers: Vec<String>,
    /// Headers of the registry table.
    pub headers: Vec<String>,
    /// Institutions.
    pub rows: Vec<RegistryRowView>,
    /// Headers of the history table.
    pub history_headers: Vec<String>,
    /// Every recorded version.
    pub history: Vec<HistoryRowView>,
    /// The choices of the form recording a change: (code, label).
    pub change: ChangeChoices,
    /// Labels.
    pub labels: FormLabels,
}

/// The choices of the form that records an institution's attributes from a quarter on.
#[derive(Debug, Clone, Default)]
pub struct ChangeChoices {
    /// Institutions of the registry (for the code's suggestions).
    pub codes: Vec<String>,
    /// Quarters from which a change may apply (the first: from the beginning).
    pub periods: Vec<(String, String)>,
    /// Legal forms.
    pub legal_forms: Vec<(String, String)>,
    /// Structures.
    pub structures: Vec<(String, String)>,
    /// Frameworks.
    pub frameworks: Vec<(String, String)>,
}

/// An account in the list.
#[derive(Debug, Clone)]
pub struct UserView {
    /// Id (forms).
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Role.
    pub role: String,
    /// A member's institution.
    pub institution: String,
    /// "actif" / "désactivé".
    pub status: String,
    /// Whether disabled.
    pub disabled: bool,
    /// Created.
    pub created: String,
    /// The signed-in person's own account (no disable button).
    pub own: bool,
}

/// A partner's grant in the list.
#[derive(Debug, Clone)]
pub struct GrantView {
    /// Id (forms).
    pub id: i64,
    /// Partner's user name.
    pub partner: String,
    /// Framework.
    pub framework: String,
    /// "T1 2016".
    pub period: String,
    /// "x, 3 mai 2016 à 10:12".
    pub granted: String,
    /// "révoqué par x le …", or empty while in force.
    pub revoked: String,
    /// Whether it is in force.
    pub live: bool,
}

/// The values typed in the account form (kept after a refusal; never the password).
#[derive(Debug, Clone, Default)]
pub struct NewAccountView {
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Roles.
    pub roles: Vec<Choice>,
    /// Institutions (for members).
    pub institutions: Vec<Choice>,
}

/// The grant form's choices.
#[derive(Debug, Clone, Default)]
pub struct GrantFormView {
    /// Partners.
    pub partners: Vec<Choice>,
    /// Periods, as `framework/period`.
    pub periods: Vec<Choice>,
}

/// `GET /staff/users`: accounts and grants.
#[derive(Template)]
#[template(path = "staff/users.html")]
pub struct UsersPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Outcome of the last action.
    pub notice: Option<Notice>,
    /// Headers of the accounts.
    pub user_headers: Vec<String>,
    /// Accounts.
    pub users: Vec<UserView>,
    /// The account form.
    pub new_account: NewAccountView,
    /// Headers of the grants.
    pub grant_headers: Vec<String>,
    /// Grants, newest first.
    pub grants: Vec<GrantView>,
    /// The grant form.
    pub grant_form: GrantFormView,
    /// Labels.
    pub labels: FormLabels,
}

/// An event of the audit log.
#[derive(Debug, Clone)]
pub struct AuditRowView {
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// Institution.
    pub institution: String,
    /// Period.
    pub period: String,
    /// Detail.
    pub detail: String,
    /// The submission's validation report.
    pub submission: Option<Link>,
}

/// `GET /staff/audit`.
#[derive(Template)]
#[template(path = "staff/audit.html")]
pub struct AuditPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// The filter's values: (field name, label, value).
    pub filters: Vec<(&'static str, String, String)>,
    /// Headers.
    pub headers: Vec<String>,
    /// Events, newest first.
    pub rows: Vec<AuditRowView>,
    /// "Only the 500 most recent events are shown".
    pub limit_note: Option<String>,
    /// Shown when nothing matches.
    pub empty: String,
    /// Labels.
    pub labels: FormLabels,
}
