//! Layered, typed settings: `config/default.toml`, then an optional local file, then
//! `MIZAN__SECTION__KEY` environment variables. Unknown keys are errors, so a typo is caught at
//! start rather than silently ignored.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Every setting of the platform.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Database.
    pub database: DatabaseSettings,
    /// HTTP server.
    pub server: ServerSettings,
    /// Uploaded files.
    pub upload: UploadSettings,
    /// Frameworks.
    pub frameworks: FrameworkSettings,
    /// Holiday calendars.
    pub calendars: CalendarSettings,
    /// E-mail.
    #[serde(default)]
    pub mail: MailSettings,
}

/// E-mail settings (`[mail]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailSettings {
    /// `smtp://[user:password@]host[:port][?tls=required]` or `smtps://…`; empty: no server.
    pub smtp_url: Secret,
    /// The sender (`Name <address>` or an address).
    pub from: String,
    /// A folder where messages are written as `.eml` files instead of being sent (empty: none).
    pub folder: String,
    /// The platform's address as its users reach it, for links in messages.
    pub site_url: String,
}

impl MailSettings {
    /// Whether messages can leave the outbox (a server or a folder is set).
    pub fn configured(&self) -> bool {
        !self.smtp_url.expose().trim().is_empty() || !self.folder.trim().is_empty()
    }
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            smtp_url: Secret::default(),
            from: "Mizan <mizan@localhost>".into(),
            folder: String::new(),
            site_url: "http://127.0.0.1:8080".into(),
        }
    }
}

/// Database settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// SQLite file path or `postgres://` URL.
    pub url: String,
    /// Connections in the pool.
    pub pool_size: u32,
}

/// A secret that is never printed.
#[derive(Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret itself; call only where it is used.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() {
            "Secret(empty)"
        } else {
            "Secret(***)"
        })
    }
}

/// HTTP server settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Address to listen on.
    pub bind: String,
    /// Mark cookies Secure (behind TLS).
    pub secure_cookies: bool,
    /// Key of the session cookies (64+ bytes, base64 or hex).
    pub session_key: Secret,
    /// Worker threads (0 = one per core).
    pub workers: usize,
    /// The reverse proxies (addresses, or networks as `10.0.0.0/8`) whose forwarding header is
    /// believed for the client's address (sign-in throttle, audit log). Empty (the default): the
    /// address is the connection's peer, and every forwarding header is ignored.
    #[serde(default, deserialize_with = "proxies")]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The header the trusted proxies write the client's address in (its last entry is taken,
    /// the one the nearest proxy wrote).
    #[serde(default = "default_proxy_header")]
    pub proxy_header: String,
    /// How long, on `SIGTERM` or Ctrl-C, the requests in flight may take to finish (seconds).
    #[serde(default = "default_shutdown_timeout")]
    pub shutdown_timeout_secs: u64,
    /// The address of the metrics listener (`/metrics`); empty: none. Keep it private.
    #[serde(default)]
    pub metrics_bind: String,
}

fn default_shutdown_timeout() -> u64 {
    30
}

fn default_proxy_header() -> String {
    "X-Forwarded-For".into()
}

fn proxies<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<ipnet::IpNet>, D::Error> {
    let texts = Vec::<String>::deserialize(d)?;
    texts
        .iter()
        .map(|t| {
            let t = t.trim();
            t.parse::<ipnet::IpNet>()
                .or_else(|_| t.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| {
                    serde::de::Error::custom(format!(
                        "server.trusted_proxies: \"{t}\" is not an address or a network"
                    ))
                })
        })
        .collect()
}

/// Limits on uploaded files.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadSettings {
    /// Largest file, in bytes.
    pub max_file_bytes: u64,
    /// Most rows of a sheet or CSV file.
    pub max_rows: u32,
    /// Most columns of a sheet.
    pub max_columns: u32,
    /// Largest total uncompressed size of an xlsx archive.
    pub max_uncompressed_bytes: u64,
    /// Largest loan tape (CSV or xlsx), in bytes: a tape lists every loan of an institution
    /// (about 100 bytes a loan in CSV).
    #[serde(default = "default_max_tape_bytes")]
    pub max_tape_bytes: u64,
    /// Largest total uncompressed size of an xlsx loan tape.
    #[serde(default = "default_max_tape_uncompressed_bytes")]
    pub max_tape_uncompressed_bytes: u64,
    /// Most entries of a workbook's shared-strings table (counted before it is opened).
    #[serde(default = "default_max_shared_strings")]
    pub max_shared_strings: u64,
    /// Largest uncompressed shared-strings table, in bytes.
    #[serde(default = "default_max_shared_strings_bytes")]
    pub max_shared_strings_bytes: u64,
    /// Most style records of a workbook.
    #[serde(default = "default_max_styles")]
    pub max_styles: u64,
    /// Largest other XML part read whole when a workbook is opened, in bytes.
    #[serde(default = "default_max_part_bytes")]
    pub max_part_bytes: u64,
    /// Most loans (data rows) of a tape.
    #[serde(default = "default_max_tape_rows")]
    pub max_tape_rows: u64,
    /// Most entries of an xlsx tape's shared-strings table.
    #[serde(default = "default_max_tape_shared_strings")]
    pub max_tape_shared_strings: u64,
    /// Largest uncompressed shared-strings table of an xlsx tape, in bytes.
    #[serde(default = "default_max_tape_shared_strings_bytes")]
    pub max_tape_shared_strings_bytes: u64,
}

fn default_max_shared_strings() -> u64 {
    100_000
}

fn default_max_shared_strings_bytes() -> u64 {
    16_000_000
}

fn default_max_styles() -> u64 {
    100_000
}

fn default_max_part_bytes() -> u64 {
    8_000_000
}

fn default_max_tape_rows() -> u64 {
    2_000_000
}

fn default_max_tape_shared_strings() -> u64 {
    2_000_000
}

fn default_max_tape_shared_strings_bytes() -> u64 {
    80_000_000
}

fn default_max_tape_bytes() -> u64 {
    300_000_000
}

fn default_max_tape_uncompressed_bytes() -> u64 {
    2_000_000_000
}

/// Where frameworks are.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkSettings {
    /// Directory of `*.toml` framework files.
    pub dir: PathBuf,
    /// The framework of registry entries that do not name one.
    pub default: String,
}

/// Where calendars are.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSettings {
    /// Directory of `<id>.toml` calendar files.
    pub dir: PathBuf,
}

/// Settings that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A file cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A file or variable is not valid.
    #[error("{origin}: {message}")]
    Invalid {
        /// The file or variable.
        origin: String,
        /// What is wrong.
        message: String,
    },
}

/// The settings shipped with the platform, used when no `config/default.toml` is found.
pub const EMBEDDED_DEFAULTS: &str = include_str!("../../../config/default.toml");

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

fn parse_table(text: &str, origin: &str) -> Result<toml::Table, SettingsError> {
    text.parse::<toml::Table>()
        .map_err(|e| SettingsError::Invalid {
            origin: origin.to_owned(),
            message: e.to_string(),
        })
}

/// Parses an environment value as TOML when it is a number, a boolean or an array
/// (`["10.0.0.1", "10.0.0.2"]`), else as a string.
fn env_value(raw: &str) -> toml::Value {
    if raw.trim_start().starts_with('[')
        && let Ok(mut t) = format!("v = {raw}").parse::<toml::Table>()
        && let Some(v @ toml::Value::Array(_)) = t.remove("v")
    {
        return v;
    }
    if let Ok(b) = raw.parse::<bool>() {
        return toml::Value::Boolean(b);
    }
    if let Ok(i) = raw.replace('_', "").parse::<i64>() {
        return toml::Value::Integer(i);
    }
    toml::Value::String(raw.to_owned())
}

impl Settings {
    /// Loads the settings: `<config_dir>/default.toml` (or the embedded defaults when absent),
    /// then `<config_dir>/local.toml` or the file named by `MIZAN_CONFIG_FILE`, then the
    /// `MIZAN__SECTION__KEY` variables of `env`. Relative directories are resolved against
    /// `config_dir`'s parent (the installation root).
    pub fn load(config_dir: &Path, env: &BTreeMap<String, String>) -> Result<Self, SettingsError> {
        let default_path = config_dir.join("default.toml");
        let mut table = if default_path.is_file() {
            let text =
                std::fs::read_to_string(&default_path).map_err(|source| SettingsError::Io {
                    path: default_path.display().to_string(),
                    source,
                })?;
            parse_table(&text, &default_path.display().to_string())?
        } else {
            parse_table(EMBEDDED_DEFAULTS, "embedded default settings")?
        };
        let local = env
            .get("MIZAN_CONFIG_FILE")
            .map(PathBuf::from)
            .unwrap_or_else(|| config_dir.join("local.toml"));
        if local.is_file() {
            let text = std::fs::read_to_string(&local).map_err(|source| SettingsError::Io {
                path: local.display().to_string(),
                source,
            })?;
            merge(
                &mut table,
                parse_table(&text, &local.display().to_string())?,
            );
        } else if env.contains_key("MIZAN_CONFIG_FILE") {
            return Err(SettingsError::Io {
                path: local.display().to_string(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "file not found"),
            });
        }
        for (key, raw) in env {
            let Some(path) = key.strip_prefix("MIZAN__") else {
                continue;
            };
            let parts: Vec<String> = path.split("__").map(str::to_ascii_lowercase).collect();
            let [section, field] = parts.as_slice() else {
                return Err(SettingsError::Invalid {
                    origin: key.clone(),
                    message: "use MIZAN__SECTION__KEY".into(),
                });
            };
            let mut over = toml::Table::new();
            let mut inner = toml::Table::new();
            inner.insert(field.clone(), env_value(raw));
            over.insert(section.clone(), toml::Value::Table(inner));
            merge(&mut table, over);
        }
        let mut settings: Settings =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| SettingsError::Invalid {
                    origin: "settings".into(),
                    message: e.to_string(),
                })?;
        let root = config_dir.parent().unwrap_or(Path::new("."));
        for dir in [&mut settings.frameworks.dir, &mut settings.calendars.dir] {
            if dir.is_relative() {
                *dir = root.join(&*dir);
            }
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn defaults_then_local_then_environment() -> TestResult {
        let dir = tempfile::tempdir()?;
        let config = dir.path().join("config");
        std::fs::create_dir(&config)?;
        std::fs::write(config.join("default.toml"), EMBEDDED_DEFAULTS)?;
        std::fs::write(
            config.join("local.toml"),
            "[server]\nbind = \"0.0.0.0:9000\"\n",
        )?;
        let env: BTreeMap<String, String> = [
            ("MIZAN__DATABASE__POOL_SIZE".to_owned(), "3".to_owned()),
            (
                "MIZAN__SERVER__SECURE_COOKIES".to_owned(),
                "true".to_owned(),
            ),
            ("MIZAN__SERVER__SESSION_KEY".to_owned(), "s3cret".to_owned()),
            ("PATH".to_owned(), "/bin".to_owned()),
        ]
        .into();
        let s = Settings::load(&config, &env)?;
        assert_eq!(s.server.bind, "0.0.0.0:9000");
        assert_eq!(s.database.pool_size, 3);
        assert!(s.server.secure_cookies);
        assert_eq!(s.server.session_key.expose(), "s3cret");
        assert!(!format!("{s:?}").contains("s3cret"));
        assert_eq!(s.frameworks.dir, dir.path().join("config/frameworks"));
        Ok(())
    }

    #[test]
    fn unknown_keys_are_refused() -> TestResult {
        let dir = tempfile::tempdir()?;
        let env: BTreeMap<String, String> =
            [("MIZAN__SERVER__BINDD".to_owned(), "x".to_owned())].into();
        let err = Settings::load(dir.path(), &env)
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref().is_some_and(|e| e.contains("bindd")),
            "{err:?}"
        );
        Ok(())
    }

    #[test]
    fn the_embedded_defaults_are_valid() -> TestResult {
        let dir = tempfile::tempdir()?;
        let s = Settings::load(&dir.path().join("nowhere"), &BTreeMap::new())?;
        assert_eq!(s.frameworks.default, "apsfd-ci");
        assert!(
            s.server.trusted_proxies.is_empty(),
            "no proxy trusted by default"
        );
        assert_eq!(s.server.proxy_header, "X-Forwarded-For");
        Ok(())
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() -> TestResult {
        let dir = tempfile::tempdir()?;
        let env: BTreeMap<String, String> = [(
            "MIZAN__SERVER__TRUSTED_PROXIES".to_owned(),
            r#"["127.0.0.1", "10.0.0.0/8", "::1"]"#.to_owned(),
        )]
        .into();
        let s = Settings::load(&dir.path().join("nowhere"), &env)?;
        let nets: Vec<String> = s
            .server
            .trusted_proxies
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(nets, ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]);
        let env: BTreeMap<String, String> = [(
            "MIZAN__SERVER__TRUSTED_PROXIES".to_owned(),
            r#"["nginx.local"]"#.to_owned(),
        )]
        .into();
        let err = Settings::load(&dir.path().join("nowhere"), &env)
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref().is_some_and(|e| e.contains("nginx.local")),
            "{err:?}"
        );
        Ok(())
    }
}
