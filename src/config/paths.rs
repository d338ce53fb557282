//! Where oktui keeps its files, and how paths written in the config are resolved.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

use super::ConfigError;

/// oktui's files on this machine (platform directories from the `directories` crate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The default config file, e.g. `~/.config/oktui/config.toml` on Linux.
    pub config_file: PathBuf,
    /// The data directory: audit log, caches and the log file.
    pub data_dir: PathBuf,
    /// The `tracing` log file inside the data directory.
    pub log_file: PathBuf,
}

impl Paths {
    /// Finds the platform directories under `$HOME`. Fails when `HOME` is unset or empty:
    /// oktui then refuses rather than guess (a passwd entry, a shared `/tmp`) where to keep
    /// its audit journal, caches and config.
    pub fn discover() -> Result<Paths, ConfigError> {
        home_dir().ok_or(ConfigError::NoHome)?;
        let dirs = ProjectDirs::from("", "", "oktui").ok_or(ConfigError::NoHome)?;
        let data_dir = dirs.data_dir().to_path_buf();
        Ok(Paths { config_file: dirs.config_dir().join("config.toml"), log_file: data_dir.join("oktui.log"), data_dir })
    }
}

/// The user's home directory: `$HOME`, when it is set and not empty.
pub(super) fn home_dir() -> Option<PathBuf> {
    home_from(std::env::var_os("HOME"))
}

fn home_from(home: Option<std::ffi::OsString>) -> Option<PathBuf> {
    home.filter(|h| !h.is_empty()).map(PathBuf::from)
}

/// Resolves a path written by the user: `~` and `~/…` start at `home`; a relative path starts
/// at `base` (the config file's directory) when one is given.
pub(super) fn resolve_path(raw: &str, home: Option<&Path>, base: Option<&Path>) -> PathBuf {
    let expanded = match (raw.strip_prefix('~'), home) {
        (Some(""), Some(home)) => home.to_path_buf(),
        (Some(rest), Some(home)) if rest.starts_with(['/', std::path::MAIN_SEPARATOR]) => home.join(&rest[1..]),
        _ => PathBuf::from(raw),
    };
    match base {
        Some(base) if expanded.is_relative() => base.join(expanded),
        _ => expanded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_expands_to_home() {
        let home = Path::new("/home/ana");
        assert_eq!(resolve_path("~", Some(home), None), PathBuf::from("/home/ana"));
        assert_eq!(resolve_path("~/keys/prod.pem", Some(home), None), PathBuf::from("/home/ana/keys/prod.pem"));
        assert_eq!(resolve_path("~bob/x", Some(home), None), PathBuf::from("~bob/x"));
        assert_eq!(resolve_path("~/x", None, None), PathBuf::from("~/x"));
    }

    #[test]
    fn relative_paths_start_at_the_config_dir() {
        let base = Path::new("/etc/oktui");
        assert_eq!(resolve_path("prod.token", None, Some(base)), PathBuf::from("/etc/oktui/prod.token"));
        assert_eq!(resolve_path("/abs/t", None, Some(base)), PathBuf::from("/abs/t"));
        assert_eq!(resolve_path("~/t", Some(Path::new("/h")), Some(base)), PathBuf::from("/h/t"));
    }

    #[test]
    fn an_unset_or_empty_home_is_no_home() {
        assert_eq!(home_from(None), None);
        assert_eq!(home_from(Some("".into())), None);
        assert_eq!(home_from(Some("/home/ana".into())), Some(PathBuf::from("/home/ana")));
    }

    #[test]
    fn discovered_paths_are_named_for_oktui() {
        let paths = Paths::discover().unwrap();
        assert!(paths.config_file.ends_with("config.toml"));
        assert!(paths.config_file.to_string_lossy().contains("oktui"));
        assert!(paths.log_file.starts_with(&paths.data_dir));
    }
}
