use mizan_core::{Attributes, InstitutionCode, LegalForm, Structure};
use mizan_storage::StorageError;
use mizan_storage::registry::record_institution;
use mizan_storage::users::{
    NewUser, Role, find_user, insert_user, list_users, set_disabled, set_password,
};

use crate::{TestResult, at, on_each_backend};

#[test]
fn accounts_are_created_found_and_disabled() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        let now = at("2016-04-01 08:00:00")?;
        let code = InstitutionCode::parse("MU03")?;
        record_institution(
            &mut conn,
            &code,
            None,
            &Attributes {
                name: "Mutuelle".into(),
                legal_form: LegalForm::Mutual,
                structure: Structure::SavingsCredit,
                network_affiliated: true,
                collects_deposits: true,
                framework: "apsfd-ci".into(),
                owner_group: None,
                country: None,
                art44: false,
            },
            "staff",
            now,
        )?;
        let member = insert_user(
            &mut conn,
            &NewUser {
                email: None,
                lang: mizan_core::Lang::Fr,
                username: "mu03",
                display_name: "Agent MU03",
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
                role: Role::Member,
                institution: Some(&code),
            },
            now,
        )?;
        assert_eq!(member.institution.as_ref(), Some(&code));
        let dup = insert_user(
            &mut conn,
            &NewUser {
                email: None,
                lang: mizan_core::Lang::Fr,
                username: "mu03",
                display_name: "Again",
                password_hash: "x",
                role: Role::Staff,
                institution: None,
            },
            now,
        );
        assert!(matches!(dup, Err(StorageError::Conflict(_))), "{dup:?}");
        // A member without institution breaks the table's check.
        let orphan = insert_user(
            &mut conn,
            &NewUser {
                email: None,
                lang: mizan_core::Lang::Fr,
                username: "orphan",
                display_name: "Orphan",
                password_hash: "x",
                role: Role::Member,
                institution: None,
            },
            now,
        );
        assert!(orphan.is_err());
        set_password(&mut conn, member.id, "new-hash", at("2016-05-01 08:00:00")?)?;
        set_disabled(&mut conn, member.id, true)?;
        let again = find_user(&mut conn, "mu03")?.ok_or("user vanished")?;
        assert!(again.disabled);
        assert_eq!(again.password_hash, "new-hash");
        assert_eq!(list_users(&mut conn)?.len(), 1);
        Ok(())
    })
}
