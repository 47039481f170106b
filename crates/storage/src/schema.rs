//! Diesel table definitions, with portable column types only (no backend-specific SQL types):
//! decimals are `Text`, booleans `Integer` (0/1), ids `BigInt`, timestamps naive UTC.

diesel::table! {
    institutions (id) {
        id -> BigInt,
        code -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    institution_versions (id) {
        id -> BigInt,
        institution_id -> BigInt,
        valid_from -> Nullable<Text>,
        name -> Text,
        legal_form -> Text,
        structure -> Text,
        network_affiliated -> Integer,
        collects_deposits -> Integer,
        framework -> Text,
        owner_group -> Nullable<Text>,
        recorded_at -> Timestamp,
        recorded_by -> Text,
        country -> Nullable<Text>,
        art44 -> Integer,
    }
}

diesel::table! {
    periods (code) {
        code -> Text,
        opened_at -> Timestamp,
        opened_by -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        institution_id -> Nullable<BigInt>,
        disabled -> Integer,
        created_at -> Timestamp,
        password_changed_at -> Timestamp,
        email -> Nullable<Text>,
        lang -> Text,
    }
}

diesel::table! {
    submissions (id) {
        id -> BigInt,
        institution_id -> BigInt,
        period -> Text,
        version -> Integer,
        framework -> Text,
        framework_version -> Text,
        received_at -> Timestamp,
        submitted_by -> Text,
        user_id -> Nullable<BigInt>,
        channel -> Text,
        source_name -> Text,
        source_format -> Text,
        source_sha256 -> Text,
        content_sha256 -> Text,
    }
}

diesel::table! {
    submission_values (submission_id) {
        submission_id -> BigInt,
        item_values -> Text,
    }
}

diesel::table! {
    submission_issues (id) {
        id -> BigInt,
        submission_id -> BigInt,
        severity -> Text,
        place -> Text,
        item -> Nullable<Text>,
        kind -> Text,
        message -> Text,
        detail -> Text,
    }
}

diesel::table! {
    submission_decisions (id) {
        id -> BigInt,
        submission_id -> BigInt,
        status -> Text,
        comment -> Nullable<Text>,
        decided_by -> Text,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        submission_id -> Nullable<BigInt>,
        institution -> Nullable<Text>,
        period -> Nullable<Text>,
        detail -> Text,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> BigInt,
        created_at -> Timestamp,
        kind -> Text,
        dedupe_key -> Nullable<Text>,
        user_id -> Nullable<BigInt>,
        recipient -> Text,
        lang -> Text,
        institution -> Nullable<Text>,
        period -> Nullable<Text>,
        args -> Text,
        status -> Text,
        attempts -> Integer,
        claimed_at -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    return_drafts (institution_id, period) {
        institution_id -> BigInt,
        period -> Text,
        form_values -> Text,
        saved_at -> Timestamp,
        saved_by -> Text,
    }
}

diesel::joinable!(institution_versions -> institutions (institution_id));
diesel::joinable!(submissions -> institutions (institution_id));
diesel::joinable!(submission_values -> submissions (submission_id));
diesel::joinable!(submission_issues -> submissions (submission_id));
diesel::joinable!(submission_decisions -> submissions (submission_id));
diesel::joinable!(audit_log -> submissions (submission_id));
diesel::joinable!(users -> institutions (institution_id));

diesel::table! {
    publications (id) {
        id -> BigInt,
        framework -> Text,
        period -> Text,
        revision -> Integer,
        framework_version -> Text,
        published_at -> Timestamp,
        published_by -> Text,
        note -> Nullable<Text>,
        public_table -> Text,
        staff_table -> Text,
        disclosure -> Text,
        public_sha256 -> Text,
    }
}

diesel::table! {
    publication_submissions (publication_id, submission_id) {
        publication_id -> BigInt,
        submission_id -> BigInt,
    }
}

diesel::joinable!(publication_submissions -> publications (publication_id));
diesel::joinable!(publication_submissions -> submissions (submission_id));

diesel::table! {
    loan_tapes (id) {
        id -> BigInt,
        institution_id -> BigInt,
        period -> Text,
        version -> Integer,
        as_of -> Date,
        previous_tape_id -> Nullable<BigInt>,
        framework -> Text,
        framework_version -> Text,
        licence -> Text,
        received_at -> Timestamp,
        submitted_by -> Text,
        user_id -> Nullable<BigInt>,
        channel -> Text,
        source_name -> Text,
        source_format -> Text,
        source_sha256 -> Text,
        loans -> BigInt,
        chunks -> Integer,
        metrics -> Text,
        items -> Text,
        warnings -> Text,
        submission_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    loan_results (tape_id, chunk) {
        tape_id -> BigInt,
        chunk -> Integer,
        loans -> Integer,
        body -> Text,
        packed -> Nullable<Binary>,
    }
}

diesel::table! {
    imposed_classes (id) {
        id -> BigInt,
        institution_id -> BigInt,
        period -> Text,
        loan_id -> Text,
        class -> Integer,
        reason -> Text,
        set_by -> Text,
        set_at -> Timestamp,
    }
}

diesel::joinable!(imposed_classes -> institutions (institution_id));
diesel::joinable!(loan_tapes -> institutions (institution_id));
diesel::joinable!(loan_tapes -> submissions (submission_id));
diesel::joinable!(loan_results -> loan_tapes (tape_id));

diesel::table! {
    sessions (id) {
        id -> BigInt,
        token_sha256 -> Text,
        user_id -> BigInt,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        address -> Text,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> BigInt,
        at -> Timestamp,
        username -> Text,
        address -> Text,
        success -> Integer,
    }
}

diesel::table! {
    grants (id) {
        id -> BigInt,
        user_id -> BigInt,
        framework -> Text,
        period -> Text,
        granted_by -> Text,
        granted_at -> Timestamp,
        revoked_by -> Nullable<Text>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(grants -> users (user_id));

diesel::table! {
    source_files (sha256) {
        sha256 -> Text,
        bytes -> Binary,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    institutions,
    institution_versions,
    periods,
    users,
    submissions,
    submission_values,
    submission_issues,
    submission_decisions,
    audit_log,
    publications,
    publication_submissions,
    loan_tapes,
    loan_results,
    imposed_classes,
    sessions,
    login_attempts,
    grants,
    mail_outbox,
    return_drafts,
    source_files,
);
