//! End-to-end tests in a real browser: Debian's `chromium` driven by `chromedriver` over
//! WebDriver (fantoccini). When no chromedriver is found they print a SKIPPED line and pass,
//! unless `MIZAN_REQUIRE_BROWSER=1` (CI installs chromium and sets it). Screenshots of the
//! pages are written under `docs/screenshots/`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::{Res, Site, TestResult, data, on_sqlite, root};

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

async fn browser(driver: &Driver, lang: &str) -> Res<Client> {
    let mut caps = serde_json::Map::new();
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
        format!("--user-data-dir={}", driver._profile.0.join(lang).display()),
    ];
    if let Ok(bin) = std::env::var("MIZAN_CHROMIUM") {
        args.push(format!("--binary={bin}"));
    }
    let mut opts = serde_json::json!({
        "args": args,
        "prefs": { "intl.accept_languages": lang },
    });
    if Path::new("/usr/bin/chromium").is_file() {
        opts["binary"] = "/usr/bin/chromium".into();
    }
    caps.insert("goog:chromeOptions".into(), opts);
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await?;
    Ok(client)
}

/// A full-page screenshot (up to 2,400 pixels high) at 1,280 pixels wide.
async fn screenshot(client: &Client, name: &str) -> TestResult {
    screenshot_at(client, name, 1280).await
}

/// A full-page screenshot at `width`: the window is resized to the page's height first.
async fn screenshot_at(client: &Client, name: &str, width: u32) -> TestResult {
    client.set_window_size(width, 1000).await?;
    let height = client
        .execute("return document.documentElement.scrollHeight", vec![])
        .await?
        .as_u64()
        .unwrap_or(1000)
        .clamp(600, 2400);
    client
        .set_window_size(width, u32::try_from(height)?)
        .await?;
    let png = client.screenshot().await?;
    assert!(png.starts_with(b"\x89PNG"), "{name} is not a PNG");
    let dir = root().join("docs/screenshots");
    std::fs::create_dir_all(&dir)?;
    let tmp = dir.join(format!("{name}.png.tmp"));
    std::fs::write(&tmp, &png)?;
    std::fs::rename(&tmp, dir.join(format!("{name}.png")))?;
    client.set_window_size(1280, 1000).await?;
    Ok(())
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

async fn run(site: &Site, driver: &Driver) -> TestResult {
    // French (the default language): the bulletin shows the golden figures.
    let fr = browser(driver, "fr").await?;
    fr.goto(&site.url("/periods/2016-Q1")).await?;
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
        let row = fr
            .find(Locator::XPath(&format!(
                "//tr[th/a[starts-with(@href, '/indicators/{code}?')]]"
            )))
            .await?;
        let shown: Vec<String> = {
            let mut v = Vec::new();
            for cell in row.find_all(Locator::Css("td.fig .v")).await? {
                v.push(cell.text().await?);
            }
            v
        };
        assert_eq!(&shown, figures, "{code}");
    }
    let lang = fr
        .execute("return document.documentElement.lang", vec![])
        .await?;
    assert_eq!(lang, "fr");
    screenshot(&fr, "bulletin-fr").await?;

    // On a phone: the page itself does not scroll sideways (the tables do, inside their
    // frame) and the navigation wraps.
    fr.set_window_size(390, 844).await?;
    let overflow = fr
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth]",
            vec![],
        )
        .await?;
    let w: Vec<f64> = overflow
        .as_array()
        .ok_or("no widths")?
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    assert!(
        w.len() == 2 && w[0] <= w[1],
        "the page is wider than the phone: {w:?}"
    );
    screenshot_at(&fr, "bulletin-fr-phone", 390).await?;
    fr.set_window_size(1280, 1000).await?;

    // The switch to Arabic is a link; the choice is remembered by the cookie.
    fr.find(Locator::Css("nav.langs a[lang=ar]"))
        .await?
        .click()
        .await?;
    let dir = fr
        .execute(
            "return getComputedStyle(document.documentElement).direction",
            vec![],
        )
        .await?;
    assert_eq!(dir, "rtl");
    let url = fr.current_url().await?;
    assert_eq!(url.path(), "/periods/2016-Q1");
    fr.goto(&site.url("/methodology")).await?;
    let dir = fr
        .execute("return getComputedStyle(document.body).direction", vec![])
        .await?;
    assert_eq!(dir, "rtl", "the cookie keeps Arabic on the next page");
    fr.goto(&site.url("/periods/2016-Q1")).await?;
    let title = fr.find(Locator::Css("h1")).await?.text().await?;
    assert!(title.contains("الإبلاغ"), "{title}");
    screenshot(&fr, "bulletin-ar").await?;
    // Back to French for the chart.
    fr.goto(&site.url("/lang/fr?next=/indicators/fin.par30"))
        .await?;

    // A chart renders: an SVG image with a non-zero size.
    let size = fr
        .execute(
            "const img = document.querySelector('figure.chart img'); \
             return img.complete ? [img.naturalWidth, img.naturalHeight, img.getBoundingClientRect().width] : null;",
            vec![],
        )
        .await?;
    let dims: Vec<f64> = size
        .as_array()
        .ok_or("the chart did not load")?
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    assert_eq!(dims.len(), 3);
    assert!(dims.iter().all(|d| *d > 0.0), "{dims:?}");
    let src = fr
        .find(Locator::Css("figure.chart img"))
        .await?
        .attr("src")
        .await?
        .unwrap_or_default();
    assert!(src.contains("/chart.svg"), "{src}");
    screenshot(&fr, "indicator-fr").await?;
    fr.close().await?;
    Ok(())
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
    on_sqlite(|_, site| {
        let driver = start_driver(&path)?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        rt.block_on(run(site, &driver))
    })
}
