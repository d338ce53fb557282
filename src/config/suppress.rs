//! Adding a suppression rule to the config file (the console's "mark benign"): the rule's
//! `[[detections.suppress.rule]]` table is appended to the text as it is, so the user's
//! comments and layout stay; the result is parsed before anything is written and read back
//! after, and the file keeps its mode (a new one is created 0600).

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::Path;

use super::file::{self, read_text};
use super::ConfigError;
use crate::files::{self, ReadError};
use crate::investigate::suppress::SuppressRule;

/// Appends `rule` to the config file at `path` (created, with its directory, when missing).
/// Refused, with nothing written, when the file does not parse now, already has a rule of
/// that name, or would not hold the rule once appended (a `[detections.suppress]` written
/// inline, say); should the file read back wrong after the append (changed meanwhile), the
/// append is undone.
pub fn append_rule(path: &Path, rule: &SuppressRule) -> Result<(), ConfigError> {
    let refused =
        |problem: String| ConfigError::AppendRule { path: path.to_path_buf(), rule: rule.name().to_string(), problem };
    let existing = match read_text(path) {
        Ok((text, _)) => Some(text),
        Err(ReadError::Io(e)) if e.kind() == ErrorKind::NotFound => None,
        Err(ReadError::Io(source)) => return Err(ConfigError::ReadConfig { path: path.to_path_buf(), source }),
        Err(e) => return Err(ConfigError::ConfigFormat { path: path.to_path_buf(), problem: e.to_string() }),
    };
    let text = existing.as_deref().unwrap_or_default();
    let before = file::parse(path, text)?;
    if before.detections.suppress.get(rule.name()).is_some() {
        return Err(refused("a rule of that name is already there: choose another name".into()));
    }
    let addition = addition(text, rule);
    holds(path, &format!("{text}{addition}"), rule).map_err(&refused)?;
    match existing {
        None => create(path, &addition).map_err(|e| refused(format!("{e}; check the directory's permissions")))?,
        Some(_) => {
            let len = u64::try_from(text.len()).map_err(|_| refused("the file is too large".into()))?;
            append(path, &addition).map_err(|e| refused(format!("{e}; check the file's permissions")))?;
            let check = read_text(path).map_err(|e| e.to_string()).and_then(|(now, _)| holds(path, &now, rule));
            if let Err(problem) = check {
                let undo = OpenOptions::new().write(true).open(path).and_then(|f| f.set_len(len).and(f.sync_all()));
                let undone = if undo.is_ok() { "the append was undone" } else { "the append could not be undone" };
                return Err(refused(format!("the file read back wrong ({problem}); {undone}: check it")));
            }
        }
    }
    Ok(())
}

/// What to append to `text`: a blank line apart from what is there, then the rule's table.
fn addition(text: &str, rule: &SuppressRule) -> String {
    let gap = match text {
        "" => "",
        t if t.ends_with("\n\n") => "",
        t if t.ends_with('\n') => "\n",
        _ => "\n\n",
    };
    format!("{gap}{}", rule.to_toml())
}

/// Whether `text` parses as a config file holding `rule` as it is.
fn holds(path: &Path, text: &str, rule: &SuppressRule) -> Result<(), String> {
    let parsed = file::parse(path, text).map_err(|e| e.to_string())?;
    match parsed.detections.suppress.get(rule.name()) {
        Some(found) if found == rule => Ok(()),
        _ => Err("the file would not hold the rule once appended: is [detections.suppress] written inline?".into()),
    }
}

fn create(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        files::create_dir(dir)?;
    }
    let mut file = files::create_new(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Appends to the existing file without touching its mode or owner.
fn append(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = OpenOptions::new().append(true).open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::investigate::suppress::{Conditions, Network};

    fn rule(name: &str) -> SuppressRule {
        let when = Conditions { networks: vec![Network::parse("203.0.113.77").unwrap()], ..Conditions::default() };
        SuppressRule::new(name, "the red team's \"spray\"\n# not a comment", when, None).unwrap()
    }

    const COMMENTED: &str =
        "# my org\n[detections]\nspray_min_users = 8 # tuned in May\n\n[hunt]\n# memory_budget_mb = 4096";

    #[test]
    fn a_rule_is_appended_keeping_the_comments_and_the_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, COMMENTED).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        append_rule(&path, &rule("red-team")).unwrap();
        append_rule(&path, &rule("red-team-2")).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(COMMENTED), "{text}");
        assert!(text.contains("\n\n[[detections.suppress.rule]]\nname = \"red-team\"\n"), "{text}");
        let file = file::parse(&path, &text).unwrap();
        assert_eq!(file.detections.spray_min_users, 8, "the rest of [detections] as it was");
        assert_eq!(file.detections.suppress.rules(), [rule("red-team"), rule("red-team-2")]);
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640, "its mode kept");
        let e = append_rule(&path, &rule("red-team")).unwrap_err().to_string();
        assert!(e.contains("rule red-team") && e.contains("already there"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "nothing written");
    }

    #[test]
    fn a_missing_file_is_created_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("oktui").join("config.toml");
        append_rule(&path, &rule("red-team")).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("[[detections.suppress.rule]]\n"), "{text}");
        assert_eq!(file::parse(&path, &text).unwrap().detections.suppress.rules(), [rule("red-team")]);
    }

    #[test]
    fn a_file_that_cannot_take_the_rule_is_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        for text in ["[detections.suppress]\nrule = []\n", "detections = { spray_min_users = 6 }\n", "[profiles.x\n"] {
            let path = dir.path().join("config.toml");
            std::fs::write(&path, text).unwrap();
            let e = append_rule(&path, &rule("red-team")).unwrap_err();
            assert!(matches!(e, ConfigError::AppendRule { .. } | ConfigError::Parse { .. }), "{text}: {e}");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "nothing written");
        }
    }
}
