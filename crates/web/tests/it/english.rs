//! No English sentence on a French or Arabic page: the demo's member and staff pages are
//! walked link by link, signed in, in both languages, and every text a person reads (text
//! between tags, `title`, `aria-label`, `alt`, `placeholder`) is searched for English.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use mizan_service::demo::{self, DEMO_PASSWORD};
use mizan_storage::testing;

use crate::session::Client;
use crate::{Res, Site, TestResult, platform};

/// Words that French and Arabic sentences never use, and English sentences nearly always do.
const ENGLISH: &[&str] = &[
    "the", "is", "are", "was", "were", "of", "and", "not", "from", "with", "this", "that", "has",
    "have", "than", "been", "which", "your", "for", "to", "be", "must", "cannot", "should",
    "could", "would", "there", "their", "it", "its", "by", "at",
];

/// Pages walked per person and language at most.
const MAX_PAGES: usize = 600;

/// Pages of one kind walked at most: a page's kind is its path with numbers, codes and
/// quarters blanked and its query's names without their values.
const PER_KIND: usize = 3;

fn kind(path: &str) -> String {
    let (bare, query) = path.split_once('?').unwrap_or((path, ""));
    let bare: String = bare
        .chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { c })
        .collect();
    let names: Vec<&str> = query
        .split('&')
        .filter_map(|kv| kv.split('=').next())
        .filter(|k| !k.is_empty())
        .collect();
    format!("{bare}?{}", names.join("&"))
}

/// The texts of a page a person reads.
fn texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    // Scripts and styles are not read.
    let mut cleaned = String::with_capacity(html.len());
    while let Some(at) = rest.find('<') {
        cleaned.push_str(&rest[..at]);
        let tail = &rest[at..];
        let lower: String = tail
            .chars()
            .take(8)
            .collect::<String>()
            .to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") {
            Some("</script>")
        } else if lower.starts_with("<style") {
            Some("</style>")
        } else {
            None
        };
        match skip_to.and_then(|end| tail.find(end).map(|i| i + end.len())) {
            Some(end) => rest = &tail[end..],
            None => {
                let end = tail.find('>').map_or(tail.len(), |i| i + 1);
                let tag = &tail[..end];
                for attr in ["title=\"", "aria-label=\"", "alt=\"", "placeholder=\""] {
                    let mut t = tag;
                    while let Some(i) = t.find(attr) {
                        let v = &t[i + attr.len()..];
                        let v = v.split('"').next().unwrap_or_default();
                        out.push(v.to_owned());
                        t = &t[i + attr.len()..];
                    }
                }
                cleaned.push('\n');
                rest = &tail[end..];
            }
        }
    }
    cleaned.push_str(rest);
    out.extend(
        cleaned
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                l.replace("&#x27;", "'")
                    .replace("&#39;", "'")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&")
                    .replace("&nbsp;", " ")
            }),
    );
    out
}

/// An English sentence: at least two distinct English words of [`ENGLISH`].
fn is_english(text: &str) -> bool {
    let words: BTreeSet<String> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    ENGLISH.iter().filter(|w| words.contains(**w)).count() >= 2
}

/// The same-site links of a page worth walking (pages, not downloads or sign-out).
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in html.match_indices("href=\"") {
        let href = html[i + 6..]
            .split('"')
            .next()
            .unwrap_or_default()
            .replace("&amp;", "&");
        if !href.starts_with('/') || href.starts_with("//") {
            continue;
        }
        let path = href.split('#').next().unwrap_or_default();
        let bare = path.split('?').next().unwrap_or_default();
        let download = [
            ".csv", ".xlsx", ".json", ".ods", ".png", ".svg", ".css", ".js",
        ]
        .iter()
        .any(|ext| bare.ends_with(ext));
        // The signed-in side (the public pages have tests of their own).
        let signed_in = ["/space", "/staff", "/account"]
            .iter()
            .any(|area| bare.starts_with(area));
        if download || !signed_in || path.contains("lang=") {
            continue;
        }
        out.push(path.to_owned());
    }
    out
}

/// Walks every page reachable from `/` for `client`; returns (pages seen, English found:
/// text → first page).
fn walk(client: &mut Client) -> Res<(usize, BTreeMap<String, String>)> {
    let mut seen = BTreeSet::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut queue = VecDeque::from(["/space".to_owned(), "/staff".to_owned()]);
    let mut found = BTreeMap::new();
    let mut pages = 0;
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) || pages >= MAX_PAGES {
            continue;
        }
        let walked = kinds.entry(kind(&path)).or_default();
        if *walked >= PER_KIND {
            continue;
        }
        *walked += 1;
        let resp = client.get(&path)?;
        if let Some(to) = resp.header("location").filter(|_| resp.status / 100 == 3) {
            queue.push_back(to.to_owned());
            continue;
        }
        let html = resp
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/html"));
        assert!(resp.status < 500, "{path}: {}", resp.status);
        if !html || resp.status == 403 {
            continue;
        }
        pages += 1;
        let body = resp.text()?;
        for t in texts(&body) {
            if is_english(&t) {
                found.entry(t).or_insert_with(|| path.clone());
            }
        }
        for l in links(&body) {
            if !seen.contains(&l) {
                queue.push_back(l);
            }
        }
    }
    Ok((pages, found))
}

#[test]
fn the_detector_tells_english_from_french_and_arabic() {
    assert!(is_english(
        "moves from 1130 last quarter to 4381 (more than 3 times): check the figure."
    ));
    assert!(is_english("the file is refused"));
    assert!(!is_english(
        "passe de 1 130 au trimestre précédent à 4 381 (variation de plus de 3 fois)"
    ));
    assert!(!is_english("ينتقل من 1130 في الفصل السابق إلى 4381"));
    assert_eq!(
        texts("<p title=\"the title is\">Bonjour <b>à</b> vous</p><script>the is</script>"),
        vec!["the title is", "Bonjour", "à", "vous"]
    );
}

/// The demo's member and staff pages, signed in, in French and in Arabic: no English.
#[test]
fn no_english_on_french_or_arabic_pages_of_the_demo() -> TestResult {
    let p = platform(testing::sqlite()?)?;
    p.set_time("2026-03-01 09:00")?;
    let summary = demo::load(&p.app)?;
    let site = Site::start(&p.app)?;
    let people: Vec<&str> = summary
        .accounts
        .iter()
        .map(|a| a.username.as_str())
        .collect();
    assert!(people.contains(&"staff") && people.len() >= 4, "{people:?}");
    let mut report = Vec::new();
    let mut total = 0;
    for lang in ["fr", "ar"] {
        for who in &people {
            let mut c = Client::new(&site);
            c.cookies.insert("mizan_lang".into(), lang.into());
            let r = c.try_login(who, DEMO_PASSWORD)?;
            assert_eq!(r.status, 303, "sign-in of {who}");
            let (pages, found) = walk(&mut c)?;
            assert!(pages >= 3, "{who} in {lang}: only {pages} pages");
            total += pages;
            for (text, page) in found {
                report.push(format!("{lang} {who} {page}: {text}"));
            }
        }
    }
    assert!(total >= 100, "only {total} pages walked");
    // The demo's associations belong to no peer group: the bulletin names them apart.
    let bulletin = Client::new(&site).get("/periods/2025-Q3")?.text()?;
    let outside = bulletin
        .split("Hors des groupes de pairs, comptées dans le seul total du secteur (1)")
        .nth(1)
        .ok_or("the associations are not named apart")?;
    assert!(
        outside.contains("Association Crédit Solidaire du Nord"),
        "{outside}"
    );
    assert!(
        report.is_empty(),
        "{} English texts on {total} pages:\n{}",
        report.len(),
        report.join("\n")
    );
    Ok(())
}
