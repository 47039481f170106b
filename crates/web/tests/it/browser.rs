//! End-to-end tests in a real browser: Debian's `chromium` driven by `chromedriver` over
//! the W3C WebDriver protocol (a small client over the HTTP client of the other tests: the
//! protocol is a handful of JSON requests, and the WebDriver crates bring a copyleft
//! dependency and an async stack this test does not need). When no chromedriver is found the
//! test prints a SKIPPED line and passes, unless `MIZAN_REQUIRE_BROWSER=1` (CI installs
//! chromium and sets it). Screenshots of the pages are written under `docs/screenshots/`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

use crate::{Res, Site, TestResult, data, on_each_backend, root};

/// chromedriver: the file `MIZAN_CHROMEDRIVER` names when it is set (none if it is not a
/// file), else `/usr/bin/chromedriver`, else on the `PATH`.
fn chromedriver() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("MIZAN_CHROMEDRIVER") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let fixed = PathBuf::from("/usr/bin/chromedriver");
    if fixed.is_file() {
        return Some(fixed);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("chromedriver"))
            .find(|p| p.is_file())
    })
}

fn required() -> bool {
    std::env::var("MIZAN_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

/// A chromedriver process, killed when dropped.
struct Driver {
    child: Child,
    url: String,
    _profile: tempfile_dir::Dir,
}

mod tempfile_dir {
    /// A fresh directory removed when dropped (the browser profile).
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_driver(path: &Path) -> Res<Driver> {
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let profile =
        std::env::temp_dir().join(format!("mizan-chromium-{}-{port}", std::process::id()));
    std::fs::create_dir_all(&profile)?;
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
        _profile: tempfile_dir::Dir(profile),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err("chromedriver did not start".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(driver)
}

/// A WebDriver session.
struct Client {
    agent: ureq::Agent,
    /// `http://127.0.0.1:port/session/{id}`.
    session: String,
}

/// The key of an element reference in WebDriver answers.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn answer(resp: ureq::http::Response<ureq::Body>) -> Res<Value> {
    let status = resp.status().as_u16();
    let body: Value = serde_json::from_slice(
        &resp
            .into_body()
            .with_config()
            .limit(100_000_000)
            .read_to_vec()?,
    )?;
    if status != 200 {
        return Err(format!(
            "WebDriver {status}: {} {}",
            body["value"]["error"], body["value"]["message"]
        )
        .into());
    }
    Ok(body["value"].clone())
}

impl Client {
    fn post(&self, path: &str, body: &Value) -> Res<Value> {
        answer(
            self.agent
                .post(&format!("{}{path}", self.session))
                .header("Content-Type", "application/json")
                .send(body.to_string())?,
        )
    }

    fn get(&self, path: &str) -> Res<Value> {
        answer(self.agent.get(&format!("{}{path}", self.session)).call()?)
    }

    fn goto(&self, url: &str) -> Res<()> {
        self.post("/url", &json!({ "url": url }))?;
        Ok(())
    }

    fn execute(&self, script: &str) -> Res<Value> {
        self.post("/execute/sync", &json!({ "script": script, "args": [] }))
    }

    /// The element a CSS selector finds first.
    fn find(&self, css: &str) -> Res<String> {
        let v = self.post(
            "/element",
            &json!({ "using": "css selector", "value": css }),
        )?;
        Ok(v[ELEMENT]
            .as_str()
            .ok_or(format!("no element id in {v}"))?
            .to_owned())
    }

    fn text(&self, element: &str) -> Res<String> {
        Ok(self
            .get(&format!("/element/{element}/text"))?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    fn attr(&self, element: &str, name: &str) -> Res<String> {
        Ok(self
            .get(&format!("/element/{element}/attribute/{name}"))?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    fn click(&self, element: &str) -> Res<()> {
        self.post(&format!("/element/{element}/click"), &json!({}))?;
        Ok(())
    }

    /// Types `text` into an element (for a file input: the file's path).
    fn type_into(&self, element: &str, text: &str) -> Res<()> {
        self.post(
            &format!("/element/{element}/value"),
            &json!({ "text": text }),
        )?;
        Ok(())
    }

    /// The text of the page's `<main>`.
    fn main_text(&self) -> Res<String> {
        let main = self.find("main")?;
        self.text(&main)
    }

    /// Signs in through the form.
    fn sign_in(&self, site: &Site, username: &str) -> TestResult {
        self.goto(&site.url("/login"))?;
        let user = self.find("#username")?;
        self.type_into(&user, username)?;
        let pass = self.find("#password")?;
        self.type_into(&pass, crate::session::PASSWORD)?;
        let submit = self.find("form.stacked button[type=submit]")?;
        self.click(&submit)?;
        self.wait_until("the signed-in page", |c| {
            Ok(!c.current_url()?.contains("/login"))
        })
    }

    /// Waits (up to 20 s) until `check` holds: a click that submits a form may return before
    /// the next page is there.
    fn wait_until(&self, what: &str, check: impl Fn(&Self) -> Res<bool>) -> TestResult {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            // A page being replaced may answer with an error for a moment.
            if check(self).unwrap_or(false) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("timed out waiting for {what}").into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn current_url(&self) -> Res<String> {
        Ok(self.get("/url")?.as_str().unwrap_or_default().to_owned())
    }

    fn set_window_size(&self, width: u32, height: u32) -> Res<()> {
        self.post("/window/rect", &json!({ "width": width, "height": height }))?;
        Ok(())
    }

    fn screenshot(&self) -> Res<Vec<u8>> {
        let b64 = self.get("/screenshot")?;
        Ok(base64::engine::general_purpose::STANDARD.decode(b64.as_str().ok_or("no image")?)?)
    }

    fn close(mut self) -> Res<()> {
        let session = std::mem::take(&mut self.session);
        answer(self.agent.delete(&session).call()?)?;
        Ok(())
    }
}

impl Drop for Client {
    /// Ends the session (and so the browser) when a test fails half-way.
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.agent.delete(&self.session).call();
        }
    }
}

/// Browser profiles made so far (each session gets its own directory).
static PROFILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn browser(driver: &Driver, lang: &str) -> Res<Client> {
    let mut args = vec![
        "--headless".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-quic".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--hide-scrollbars".to_owned(),
        "--window-size=1280,1000".to_owned(),
        format!("--lang={lang}"),
        // One profile per browser: two sessions at once (a member and staff) cannot share one.
        format!(
            "--user-data-dir={}",
            driver
                ._profile
                .0
                .join(format!(
                    "{lang}-{}",
                    PROFILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                ))
                .display()
        ),
    ];
    if let Ok(bin) = std::env::var("MIZAN_CHROMIUM") {
        args.push(format!("--binary={bin}"));
    }
    let mut opts = json!({
        "args": args,
        "prefs": { "intl.accept_languages": lang },
    });
    if Path::new("/usr/bin/chromium").is_file() {
        opts["binary"] = "/usr/bin/chromium".into();
    }
    let agent = crate::agent();
    let caps = json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": opts,
    } } });
    let v = answer(
        agent
            .post(&format!("{}/session", driver.url))
            .header("Content-Type", "application/json")
            .send(caps.to_string())?,
    )?;
    let id = v["sessionId"].as_str().ok_or("no session id")?;
    Ok(Client {
        session: format!("{}/session/{id}", driver.url),
        agent,
    })
}

/// A full-page screenshot (up to 2,400 pixels high) at 1,280 pixels wide.
fn screenshot(client: &Client, name: &str) -> TestResult {
    screenshot_at(client, name, 1280)
}

/// A full-page screenshot at `width`: the window is resized to the page's height first.
fn screenshot_at(client: &Client, name: &str, width: u32) -> TestResult {
    client.set_window_size(width, 1000)?;
    let height = client
        .execute("return document.documentElement.scrollHeight")?
        .as_u64()
        .unwrap_or(1000)
        .clamp(600, 2400);
    client.set_window_size(width, u32::try_from(height)?)?;
    let png = client.screenshot()?;
    assert!(png.starts_with(b"\x89PNG"), "{name} is not a PNG");
    let dir = root().join("docs/screenshots");
    std::fs::create_dir_all(&dir)?;
    let tmp = dir.join(format!("{name}.png.tmp"));
    std::fs::write(&tmp, &png)?;
    std::fs::rename(&tmp, dir.join(format!("{name}.png")))?;
    client.set_window_size(1280, 1000)?;
    Ok(())
}

/// The texts of a script's answer (a list of strings).
fn texts(found: &Value) -> Res<Vec<String>> {
    Ok(found
        .as_array()
        .ok_or("no answer")?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect())
}

/// At a phone's width (390 pixels), every link, button and field of the page's content can be
/// reached: the page itself does not scroll sideways, and whatever lies beyond the screen's
/// edge is inside a frame that scrolls (a wide table) and that itself fits on the screen.
/// Returns what cannot be reached (empty when all can).
fn unreachable_on_phone(client: &Client) -> Res<Vec<String>> {
    client.set_window_size(390, 844)?;
    let found = client.execute(
        r"const w = document.documentElement.clientWidth;
        const bad = [];
        if (document.documentElement.scrollWidth > w + 1) {
          bad.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + w);
        }
        const fits = (r) => r.left >= -1 && r.right <= w + 1;
        for (const el of document.querySelectorAll('main a, main button, main input, main select, main textarea, main summary')) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          if (fits(r)) continue;
          let p = el.parentElement, framed = false;
          while (p && p.tagName !== 'MAIN') {
            const o = getComputedStyle(p).overflowX;
            if ((o === 'auto' || o === 'scroll') && fits(p.getBoundingClientRect())) { framed = true; break; }
            p = p.parentElement;
          }
          if (!framed) bad.push(el.outerHTML.slice(0, 160));
        }
        return bad;",
    )?;
    client.set_window_size(1280, 1000)?;
    texts(&found)
}

/// In a right-to-left page, the texts whose order the bidirectional algorithm would break
/// unless they are laid out left to right: a signed number (`-0,24 %` would read `% 0,24-`),
/// a figure with its percent sign standing alone, a cell address (`'Non financier'!D17`).
/// Each must sit in an element whose direction is left to right (`<bdi dir="ltr">`,
/// `dir="ltr"`, or the style of figures and codes) or, inside a sentence, in a left-to-right
/// isolate (U+2066 … U+2069). A percent inside Arabic prose (a norm `< 15 % القرض المباشر`)
/// is laid out as Arabic writes it. Returns the texts that break (empty when none does).
fn misordered_in_rtl(client: &Client) -> Res<Vec<String>> {
    let found = client.execute(
        r"const signed = /(?<![\dA-Za-z\u2066\u2068])[-\u2212]\s?\d/;
        const address = /(?<!\u2066[^\u2069]*)![A-Z]{1,3}\$?\d/;
        const percent = /\d[\s\u00a0\u202f]?%/;
        const arabic = /[\u0600-\u06ff]/;
        const risky = (s) => signed.test(s) || address.test(s) || (percent.test(s) && !arabic.test(s));
        const bad = [];
        const main = document.querySelector('main');
        if (!main) return ['no main'];
        const walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
        while (walk.nextNode()) {
          const t = walk.currentNode;
          // Where it is drawn: the sign of a negative figure left of its first digit.
          const v = t.nodeValue;
          for (const m of v.matchAll(/(?<![\dA-Za-z])[-\u2212](?=\s?\d)/g)) {
            const digit = v.slice(m.index + 1).search(/\d/) + m.index + 1;
            const at = (i) => { const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + 1); return r.getBoundingClientRect(); };
            const sign = at(m.index), first = at(digit);
            if (sign.width > 0 && first.width > 0 && Math.abs(sign.top - first.top) < 2 && sign.left > first.left) {
              bad.push('sign drawn after the digits: ' + v.trim().slice(0, 80));
            }
          }
          if (!risky(t.nodeValue)) continue;
          const e = t.parentElement;
          if (e.closest('script, style, svg')) continue;
          if (getComputedStyle(e).direction !== 'ltr') bad.push(t.nodeValue.trim().slice(0, 80));
        }
        return bad;",
    )?;
    texts(&found)
}

/// The golden Q1 2016 figures of a few rows, French-formatted as the bulletin shows them:
/// (row code, [sa, mutual, sector]).
fn golden_french(rows: &[&str]) -> Res<Vec<(String, Vec<String>)>> {
    let text = String::from_utf8(data("golden/apsfd-ci-2016q1-published.csv")?)?;
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        let code = line.split(',').next().unwrap_or_default();
        if !rows.contains(&code) {
            continue;
        }
        let f: Vec<&str> = line.rsplitn(4, ',').collect();
        let percent = code.starts_with("fin.")
            && !code.starts_with("fin.avg")
            && !code.ends_with("productivity")
            || code.starts_with("prud.") && !code.ends_with(".a") && !code.ends_with(".b");
        let figures = [f[2], f[1], f[0]]
            .iter()
            .map(|v| -> Res<String> {
                let d: mizan_core::Decimal = v.parse()?;
                let kind = if percent {
                    mizan_core::framework::DisplayKind::Percent
                } else {
                    mizan_core::framework::DisplayKind::Integer
                };
                Ok(mizan_web::format::figure(kind, d, mizan_core::Lang::Fr))
            })
            .collect::<Res<Vec<_>>>()?;
        out.push((code.to_owned(), figures));
    }
    Ok(out)
}

fn run(site: &Site, driver: &Driver) -> TestResult {
    // French (the browser asks for French): the bulletin shows the golden figures.
    let fr = browser(driver, "fr")?;
    fr.goto(&site.url("/periods/2016-Q1"))?;
    let expected = golden_french(&[
        "fin.par30",
        "fin.provision_rate",
        "fin.avg_loan_disbursed",
        "fin.roe",
        "fin.capitalization",
        "nf.clients.total",
        "nf.staff.total",
        "prud.capitalization",
        "prud.risk_limitation",
    ])?;
    assert_eq!(expected.len(), 9);
    for (code, figures) in &expected {
        let shown = fr.execute(&format!(
            "const row = [...document.querySelectorAll('tr')]\
               .find(tr => tr.querySelector('th a[href^=\"/indicators/{code}?\"]'));\
             return row ? [...row.querySelectorAll('td.fig .v')].map(e => e.innerText) : null;"
        ))?;
        let shown: Vec<String> = shown
            .as_array()
            .ok_or(format!("no row {code}"))?
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        assert_eq!(&shown, figures, "{code}");
    }
    assert_eq!(fr.execute("return document.documentElement.lang")?, "fr");
    screenshot(&fr, "bulletin-fr")?;

    // On a phone: the page itself does not scroll sideways (the tables do, inside their
    // frame) and the navigation wraps.
    fr.set_window_size(390, 844)?;
    let w: Vec<f64> = fr
        .execute("return [document.documentElement.scrollWidth, window.innerWidth]")?
        .as_array()
        .ok_or("no widths")?
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    assert!(
        w.len() == 2 && w[0] <= w[1],
        "the page is wider than the phone: {w:?}"
    );
    screenshot_at(&fr, "bulletin-fr-phone", 390)?;
    fr.set_window_size(1280, 1000)?;

    // The switch to Arabic is a link; the choice is remembered by the cookie.
    let link = fr.find("nav.langs a[lang=ar]")?;
    fr.click(&link)?;
    let dir = fr.execute("return getComputedStyle(document.documentElement).direction")?;
    assert_eq!(dir, "rtl");
    assert_eq!(fr.current_url()?, site.url("/periods/2016-Q1"));
    fr.goto(&site.url("/methodology"))?;
    let dir = fr.execute("return getComputedStyle(document.body).direction")?;
    assert_eq!(dir, "rtl", "the cookie keeps Arabic on the next page");
    fr.goto(&site.url("/periods/2016-Q1"))?;
    let h1 = fr.find("h1")?;
    let title = fr.text(&h1)?;
    assert!(title.contains("الإبلاغ"), "{title}");
    screenshot(&fr, "bulletin-ar")?;
    // Every figure, sign and percent reads left to right inside the Arabic pages.
    for path in [
        "/periods/2016-Q1",
        "/periods/2016-Q1?method=median",
        "/indicators/fin.par30",
        "/indicators",
        "/methodology",
        "/",
    ] {
        fr.goto(&site.url(path))?;
        let bad = misordered_in_rtl(&fr)?;
        assert!(bad.is_empty(), "{path} in Arabic: {bad:?}");
        let lost = unreachable_on_phone(&fr)?;
        assert!(lost.is_empty(), "{path} in Arabic on a phone: {lost:?}");
    }
    // Back to French for the chart.
    fr.goto(&site.url("/lang/fr?next=/indicators/fin.par30"))?;

    // A chart renders: an SVG image with a non-zero size.
    let deadline = Instant::now() + Duration::from_secs(10);
    let dims: Vec<f64> = loop {
        let size = fr.execute(
            "const img = document.querySelector('figure.chart img'); \
             return img && img.complete ? [img.naturalWidth, img.naturalHeight, img.getBoundingClientRect().width] : null;",
        )?;
        if let Some(a) = size.as_array() {
            break a.iter().filter_map(Value::as_f64).collect();
        }
        if Instant::now() > deadline {
            return Err("the chart did not load".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(dims.len(), 3);
    assert!(dims.iter().all(|d| *d > 0.0), "{dims:?}");
    let img = fr.find("figure.chart img")?;
    let src = fr.attr(&img, "src")?;
    assert!(src.contains("/chart.svg"), "{src}");
    screenshot(&fr, "indicator-fr")?;
    fr.close()?;
    Ok(())
}

/// The member's journey: sign in, upload a workbook with errors and see them by cell, upload
/// a correct file, and — once staff accept it from the back office — see the peer detail.
fn member_journey(p: &crate::Platform, site: &Site, driver: &Driver) -> TestResult {
    use mizan_storage::users::Role;

    let period = crate::q1()?;
    let collection = mizan_service::collection::collection(
        &p.app,
        &mizan_service::Actor::system(),
        "apsfd-ci",
        period,
    )?;
    // An institution without a return yet (the published quarter's returns are all accepted),
    // sending another's figures.
    let reported = collection
        .groups
        .iter()
        .flat_map(|g| g.institutions.iter())
        .find(|i| i.received())
        .ok_or("nobody reported")?
        .code
        .clone();
    let inst = collection
        .groups
        .iter()
        .flat_map(|g| g.institutions.iter())
        .find(|i| i.versions.is_empty())
        .ok_or("everybody reported")?;
    let code = inst.code.clone();
    crate::session::account(&p.app, "membre", Role::Member, Some(code.as_str()))?;
    crate::session::account(&p.app, "secretariat", Role::Staff, None)?;
    // The institution's figures, from the fixture.
    let returns = String::from_utf8(data("apsfd-ci-2016q1/returns.csv")?)?;
    let mine: Vec<String> = returns
        .lines()
        .filter(|l| l.starts_with(&format!("{reported},")))
        .map(|l| l.replacen(reported.as_str(), code.as_str(), 1))
        .collect();
    let mut values = mizan_core::ItemValues::new();
    for line in &mine {
        let f: Vec<&str> = line.split(',').collect();
        values.insert(mizan_core::Code::parse(f[2])?, f[3].parse()?);
    }
    // A workbook with mistakes: a negative headcount and a negative loan count.
    let mut wrong = values.clone();
    wrong.insert(mizan_core::Code::parse("staff.managers")?, "-3".parse()?);
    let fw = p.app.framework("apsfd-ci", period)?;
    let workbook = mizan_ingest::write_template(
        fw,
        period,
        Some((&code, inst.name.as_str())),
        Some(&wrong),
        &mizan_web::file_texts::template_texts(
            &mizan_web::i18n::I18n::load()?,
            mizan_core::Lang::Fr,
        ),
    )?;
    let dir = std::env::temp_dir().join(format!("mizan-browser-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let bad = dir.join(format!("{code}-2016-Q1.xlsx"));
    std::fs::write(&bad, workbook)?;
    // A correct file: the same figures with one correction (a new version).
    let mut csv = String::from("institution,period,item,value\n");
    for line in &mine {
        if line.contains(",loans.written_off,") {
            let (head, _) = line.rsplit_once(',').ok_or("bad line")?;
            csv.push_str(&format!("{head},0\n"));
        } else {
            csv.push_str(line);
            csv.push('\n');
        }
    }
    let good = dir.join(format!("{code}-2016-Q1-corrige.csv"));
    std::fs::write(&good, csv)?;

    let member = browser(driver, "fr")?;
    member.sign_in(site, "membre")?;
    assert!(
        member.current_url()?.ends_with("/space"),
        "{}",
        member.current_url()?
    );
    screenshot(&member, "member-home-fr")?;
    // The return typed in the browser: a field filled, the draft saved and shown again.
    member.goto(&site.url("/space/form?period=2016-Q1"))?;
    let field = member.find("input[name=\"v.loans.outstanding\"]")?;
    member.type_into(&field, "1 234 567")?;
    let save = member.find("button[name=action][value=save]")?;
    member.click(&save)?;
    member.wait_until("the draft saved", |c| {
        Ok(c.main_text()?.contains("Brouillon enregistré."))
    })?;
    let kept = member.find("input[name=\"v.loans.outstanding\"]")?;
    assert_eq!(member.attr(&kept, "value")?, "1 234 567");
    screenshot(&member, "member-form-fr")?;
    // The workbook with mistakes: refused, each error at its sheet and cell.
    member.goto(&site.url("/space/upload?period=2016-Q1"))?;
    let input = member.find("#file")?;
    member.type_into(&input, &bad.display().to_string())?;
    let submit = member.find("form[enctype] button[type=submit]")?;
    member.click(&submit)?;
    member.wait_until("the validation report", |c| {
        Ok(c.main_text()?.contains("Rapport de validation"))
    })?;
    let report = member.main_text()?;
    assert!(report.contains("est refusé"), "{report}");
    let place = member.text(&member.find("table.issues th.place code")?)?;
    assert!(
        place.contains('!'),
        "the error is addressed by sheet and cell: {place}"
    );
    assert!(report.contains("staff.managers"), "{report}");
    screenshot(&member, "member-upload-errors-fr")?;
    // The corrected file: stored as version 1, awaiting review: no peer detail yet.
    member.goto(&site.url("/space/upload?period=2016-Q1"))?;
    let input = member.find("#file")?;
    member.type_into(&input, &good.display().to_string())?;
    let submit = member.find("form[enctype] button[type=submit]")?;
    member.click(&submit)?;
    member.wait_until("the validation report", |c| {
        Ok(c.main_text()?.contains("Rapport de validation"))
    })?;
    let report = member.main_text()?;
    assert!(report.contains("version 1"), "{report}");
    member.goto(&site.url("/space/periods/2016-Q1/peers"))?;
    let refused = member.main_text()?;
    assert!(refused.contains("pas encore accepté"), "{refused}");
    screenshot(&member, "member-peers-refused-fr")?;
    // Staff accept it in the back office.
    let v2 = mizan_service::collection::collection(
        &p.app,
        &mizan_service::Actor::system(),
        "apsfd-ci",
        period,
    )?
    .groups
    .iter()
    .flat_map(|g| g.institutions.iter())
    .find(|i| i.code == code)
    .and_then(|i| i.versions.iter().find(|v| v.version == 1))
    .ok_or("no version 1")?
    .id;
    let staff = browser(driver, "fr")?;
    staff.sign_in(site, "secretariat")?;
    staff.goto(&site.url("/staff?period=2016-Q1"))?;
    screenshot(&staff, "staff-collection-fr")?;
    // The review page of the version awaiting review, with its figures.
    staff.goto(&site.url(&format!("/staff/submissions/{v2}")))?;
    screenshot(&staff, "staff-review-fr")?;
    // The publication as the public would see it, before it is frozen, and the reminders.
    staff.goto(&site.url("/staff/publication?period=2016-Q1"))?;
    let preview = staff.main_text()?;
    assert!(
        preview.contains("Aperçu de la publication — T1 2016"),
        "{preview}"
    );
    screenshot(&staff, "staff-preview-fr")?;
    staff.goto(&site.url("/staff/reminders?period=2016-Q1"))?;
    let reminders = staff.main_text()?;
    assert!(reminders.contains("Rappels — T1 2016"), "{reminders}");
    screenshot(&staff, "staff-reminders-fr")?;
    for path in [
        "/staff?period=2016-Q1".to_owned(),
        format!("/staff/submissions/{v2}"),
        "/staff/publication?period=2016-Q1".to_owned(),
        "/staff/reminders?period=2016-Q1".to_owned(),
        "/staff/users".to_owned(),
        "/staff/institutions".to_owned(),
        "/staff/audit".to_owned(),
    ] {
        staff.goto(&site.url(&path))?;
        let lost = unreachable_on_phone(&staff)?;
        assert!(lost.is_empty(), "{path} on a phone: {lost:?}");
    }
    staff.goto(&site.url("/staff?period=2016-Q1"))?;
    screenshot_at(&staff, "staff-collection-fr-phone", 390)?;
    staff.goto(&site.url("/staff?period=2016-Q1"))?;
    let accept = staff.find(&format!(
        "form[action=\"/staff/submissions/{v2}/accept\"] button[type=submit]"
    ))?;
    staff.click(&accept)?;
    // The form's answer is a redirect back to the collection: wait for the decision to land.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let accepted = mizan_service::collection::collection(
            &p.app,
            &mizan_service::Actor::system(),
            "apsfd-ci",
            period,
        )?
        .groups
        .iter()
        .flat_map(|g| g.institutions.iter())
        .flat_map(|i| i.versions.iter())
        .any(|v| v.id == v2 && v.status == mizan_storage::submissions::SubmissionStatus::Accepted);
        if accepted {
            break;
        }
        if Instant::now() > deadline {
            return Err("staff's acceptance did not arrive".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    staff.wait_until("the collection after the decision", |c| {
        Ok(c.current_url()?.contains("/staff?period=2016-Q1") && c.main_text()?.contains("accept"))
    })?;
    staff.close()?;
    // Now the member sees the peer detail, by name.
    member.goto(&site.url("/space/periods/2016-Q1/peers"))?;
    let detail = member.main_text()?;
    assert!(detail.contains("Détail par institution"), "{detail}");
    assert!(!detail.contains("pas encore accepté"), "{detail}");
    let names =
        member.execute("return document.querySelectorAll('table.peers thead th abbr').length")?;
    assert!(names.as_u64().unwrap_or(0) >= 10, "{names}");
    screenshot(&member, "member-peers-fr")?;
    member.goto(&site.url(&format!("/space/institutions/{code}/periods/2016-Q1")))?;
    screenshot(&member, "member-indicators-fr")?;
    // The institution's indicators over its quarters, with the chart of one of them.
    member.goto(&site.url(&format!("/space/institutions/{code}/history")))?;
    let history = member.main_text()?;
    assert!(history.contains("indicateurs dans le temps"), "{history}");
    screenshot(&member, "member-history-fr")?;

    // On a phone, every action of the member's pages can be reached (the wide tables scroll
    // inside their frame, the page does not).
    let member_pages = [
        "/space".to_owned(),
        "/space/upload?period=2016-Q1".to_owned(),
        "/space/form?period=2016-Q1".to_owned(),
        format!("/space/institutions/{code}"),
        format!("/space/institutions/{code}/periods/2016-Q1"),
        format!("/space/institutions/{code}/history"),
        "/space/periods/2016-Q1/peers".to_owned(),
    ];
    for path in &member_pages {
        member.goto(&site.url(path))?;
        let lost = unreachable_on_phone(&member)?;
        assert!(lost.is_empty(), "{path} on a phone: {lost:?}");
    }
    member.goto(&site.url(&format!("/space/institutions/{code}")))?;
    screenshot_at(&member, "member-versions-fr-phone", 390)?;
    member.close()?;

    // In Arabic: the same pages, and the refused workbook's report with its cell addresses.
    let arabic = browser(driver, "ar")?;
    arabic.sign_in(site, "membre")?;
    arabic.goto(&site.url("/space/upload?period=2016-Q1"))?;
    let input = arabic.find("#file")?;
    arabic.type_into(&input, &bad.display().to_string())?;
    let submit = arabic.find("form[enctype] button[type=submit]")?;
    arabic.click(&submit)?;
    arabic.wait_until("the validation report", |c| {
        Ok(c.find("table.issues th.place code").is_ok())
    })?;
    let misread = misordered_in_rtl(&arabic)?;
    assert!(misread.is_empty(), "the Arabic report: {misread:?}");
    screenshot(&arabic, "member-upload-errors-ar")?;
    for path in &member_pages {
        arabic.goto(&site.url(path))?;
        let misread = misordered_in_rtl(&arabic)?;
        assert!(misread.is_empty(), "{path} in Arabic: {misread:?}");
        let lost = unreachable_on_phone(&arabic)?;
        assert!(lost.is_empty(), "{path} in Arabic on a phone: {lost:?}");
    }
    arabic.goto(&site.url(&format!("/space/institutions/{code}/periods/2016-Q1")))?;
    screenshot(&arabic, "member-indicators-ar")?;
    arabic.close()?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[test]
fn a_member_uploads_and_gets_peer_detail_in_a_real_browser() -> TestResult {
    let Some(path) = chromedriver() else {
        if required() {
            return Err("MIZAN_REQUIRE_BROWSER=1 but no chromedriver was found".into());
        }
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED a_member_uploads_and_gets_peer_detail_in_a_real_browser: no chromedriver (apt-get install chromium chromium-driver)"
        );
        return Ok(());
    };
    // On each backend: the journey writes and reads what a member and staff do.
    on_each_backend(|p, site| {
        let driver = start_driver(&path)?;
        member_journey(p, site, &driver)
    })
}

#[test]
fn the_bulletin_in_a_real_browser() -> TestResult {
    let Some(path) = chromedriver() else {
        if required() {
            return Err("MIZAN_REQUIRE_BROWSER=1 but no chromedriver was found".into());
        }
        // Written to the process's standard error directly, so that the test harness's
        // output capture does not hide it.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED the_bulletin_in_a_real_browser: no chromedriver (apt-get install chromium chromium-driver)"
        );
        return Ok(());
    };
    on_each_backend(|_, site| {
        let driver = start_driver(&path)?;
        run(site, &driver)
    })
}
