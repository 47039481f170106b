//! The platform's e-mail in the recipient's language (`mail.ftl`), for
//! [`mizan_service::mail::deliver`]: the web server's sender and `mizan remind` write with it.

use mizan_core::Lang;
use mizan_service::mail::{MailTexts, Message, Timing, Written};

use crate::format;
use crate::i18n::I18n;

/// Writes messages with the interface's messages.
pub struct MailWords<'a>(pub &'a I18n);

impl MailTexts for MailWords<'_> {
    fn write(&self, lang: Lang, message: &Message, link: &str) -> Written {
        let i18n = self.0;
        let period = |p| format::period(p, lang, i18n);
        let mut args: Vec<(&str, String)> = vec![
            ("period", period(message.period())),
            ("institution", message.institution().to_string()),
            ("link", link.to_owned()),
        ];
        let (subject, paragraphs): (&str, Vec<&str>) = match message {
            Message::Reminder {
                name,
                deadline,
                timing,
                ..
            } => {
                let (when, days) = match timing {
                    Timing::Before(d) => ("before", *d),
                    Timing::After(d) => ("after", *d),
                    Timing::Now => ("now", 0),
                };
                args.push(("name", name.clone()));
                args.push((
                    "deadline",
                    format::date(deadline.and_time(chrono::NaiveTime::MIN), lang, i18n),
                ));
                args.push(("when", when.to_owned()));
                args.push(("days", days.to_string()));
                (
                    "mail-reminder-subject",
                    vec!["mail-reminder-body", "mail-reminder-how", "mail-link"],
                )
            }
            Message::Decided {
                version,
                accepted,
                comment,
                ..
            } => {
                args.push(("version", version.to_string()));
                if *accepted {
                    (
                        "mail-accepted-subject",
                        vec!["mail-accepted-body", "mail-link"],
                    )
                } else {
                    args.push(("comment", comment.clone().unwrap_or_default()));
                    (
                        "mail-rejected-subject",
                        vec!["mail-rejected-body", "mail-rejected-comment", "mail-link"],
                    )
                }
            }
            Message::Arrived {
                version,
                warnings,
                by,
                ..
            } => {
                args.push(("version", version.to_string()));
                args.push(("warnings", warnings.to_string()));
                args.push(("by", by.clone()));
                (
                    "mail-arrived-subject",
                    vec!["mail-arrived-body", "mail-link"],
                )
            }
        };
        let mut body: Vec<String> = vec![i18n.text(lang, "mail-greeting")];
        body.extend(paragraphs.iter().map(|id| i18n.message(lang, id, &args)));
        body.push(i18n.text(lang, "mail-signature"));
        Written {
            subject: i18n.message(lang, subject, &args),
            body: body.join("\n\n") + "\n",
        }
    }
}
