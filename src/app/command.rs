//! The `:` command line: parsing a typed line into a [`Command`] and completing it.
//!
//! Words are case-insensitive, the leading `:` is optional, and singular forms are aliases
//! of the plural ones (`:user` is `:users`), as in k9s.

/// A command typed on the `:` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `:users` — the users list.
    Users,
    /// `:apps` — the apps list.
    Apps,
    /// `:groups` — the groups list.
    Groups,
    /// `:policies` — the policies list.
    Policies,
    /// `:logs` — the System Log tail.
    Logs,
    /// `:investigate [USER]` — the investigation view, of one user (id or login) if named.
    Investigate(Option<String>),
    /// `:mfa` — users without an MFA factor.
    Mfa,
    /// `:hunt` — org-wide findings.
    Hunt,
    /// `:audit` — the audit journal.
    Audit,
    /// `:alerts` — the live judge's findings.
    Alerts,
    /// `:profile NAME` — switch to another configured org.
    Profile(String),
    /// `:quit` — leave oktui.
    Quit,
}

/// Why a typed line is not a command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// Nothing but the `:` was typed.
    #[error("type a command: {COMMAND_LIST}")]
    Empty,
    /// The first word is not a command.
    #[error("unknown command `{0}`: use {COMMAND_LIST}")]
    Unknown(String),
    /// `:profile` without a name.
    #[error("name a profile: :profile NAME")]
    MissingProfile,
    /// A command was given more words than it takes.
    #[error("`:{command}` takes {takes}, not `{extra}`")]
    ExtraArgument {
        /// The command's canonical name.
        command: &'static str,
        /// What it takes, e.g. "no argument".
        takes: &'static str,
        /// The first word too many.
        extra: String,
    },
}

/// The commands as the errors and the help page list them (a macro, so the key registry's
/// help sentence can `concat!` it).
macro_rules! command_list {
    () => {
        ":users, :apps, :groups, :policies, :logs, :investigate [USER], :mfa, :hunt, :alerts, :audit, :profile NAME, :quit"
    };
}
pub(crate) use command_list;

/// The commands as the errors list them.
const COMMAND_LIST: &str = command_list!();

/// How many words after the command word a command takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Arity {
    None,
    Optional,
    One,
}

/// Builds the command from its argument (checked against the arity already).
type Build = fn(Option<String>) -> Result<Command, CommandError>;

/// Canonical name, aliases, arity, builder.
const WORDS: [(&str, &[&str], Arity, Build); 12] = [
    ("users", &["user", "u"], Arity::None, |_| Ok(Command::Users)),
    ("apps", &["app"], Arity::None, |_| Ok(Command::Apps)),
    ("groups", &["group"], Arity::None, |_| Ok(Command::Groups)),
    ("policies", &["policy"], Arity::None, |_| Ok(Command::Policies)),
    ("logs", &["log"], Arity::None, |_| Ok(Command::Logs)),
    ("investigate", &["inv"], Arity::Optional, |user| Ok(Command::Investigate(user))),
    ("mfa", &["mfa-gaps"], Arity::None, |_| Ok(Command::Mfa)),
    ("hunt", &[], Arity::None, |_| Ok(Command::Hunt)),
    ("alerts", &["alert"], Arity::None, |_| Ok(Command::Alerts)),
    ("audit", &[], Arity::None, |_| Ok(Command::Audit)),
    ("profile", &[], Arity::One, |name| name.map(Command::Profile).ok_or(CommandError::MissingProfile)),
    ("quit", &["q", "q!", "exit"], Arity::None, |_| Ok(Command::Quit)),
];

/// Parses a `:` line (with or without the leading `:`).
pub fn parse(line: &str) -> Result<Command, CommandError> {
    let line = line.trim();
    let line = line.strip_prefix(':').unwrap_or(line);
    let mut words = line.split_whitespace();
    let Some(word) = words.next() else { return Err(CommandError::Empty) };
    let lower = word.to_lowercase();
    let (name, _, arity, build) = WORDS
        .iter()
        .find(|(name, aliases, _, _)| *name == lower || aliases.contains(&lower.as_str()))
        .ok_or_else(|| CommandError::Unknown(word.to_string()))?;
    let argument = words.next().map(str::to_string);
    let (takes, extra) = match arity {
        Arity::None => ("no argument", argument.clone()),
        Arity::Optional | Arity::One => ("one argument", words.next().map(str::to_string)),
    };
    if let Some(extra) = extra {
        return Err(CommandError::ExtraArgument { command: name, takes, extra });
    }
    build(argument)
}

/// Completions of a partly typed line, as whole lines in the same form (with the `:` if
/// it was typed): command words first, then, after `profile `, the matching profile names.
/// Commands that take an argument complete with a trailing space.
pub fn complete(line: &str, profiles: &[String]) -> Vec<String> {
    let start = line.trim_start();
    let (colon, body) = match start.strip_prefix(':') {
        Some(body) => (":", body.trim_start()),
        None => ("", start),
    };
    match body.split_once(char::is_whitespace) {
        None => {
            let typed = body.to_lowercase();
            WORDS
                .iter()
                .filter(|(name, _, _, _)| name.starts_with(&typed))
                .map(|(name, _, arity, _)| {
                    let space = if *arity == Arity::None { "" } else { " " };
                    format!("{colon}{name}{space}")
                })
                .collect()
        }
        Some((word, rest)) if word.eq_ignore_ascii_case("profile") => {
            let typed = rest.trim_start();
            if typed.contains(char::is_whitespace) {
                return Vec::new();
            }
            profiles.iter().filter(|p| p.starts_with(typed)).map(|p| format!("{colon}profile {p}")).collect()
        }
        Some(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listed_commands_are_every_command() {
        let listed: Vec<&str> =
            COMMAND_LIST.split(", ").map(|c| c.trim_start_matches(':').split(' ').next().unwrap_or("")).collect();
        let words: Vec<&str> = WORDS.iter().map(|(name, _, _, _)| *name).collect();
        assert_eq!(listed, words);
    }

    #[test]
    fn parses_every_command_and_alias() {
        let cases = [
            (":users", Command::Users),
            ("users", Command::Users),
            (":user", Command::Users),
            (" :USERS ", Command::Users),
            (":app", Command::Apps),
            (":groups", Command::Groups),
            (":group", Command::Groups),
            (":policy", Command::Policies),
            (":policies", Command::Policies),
            (":logs", Command::Logs),
            (":investigate", Command::Investigate(None)),
            (":inv ana@acme.example", Command::Investigate(Some("ana@acme.example".into()))),
            (":mfa", Command::Mfa),
            (":hunt", Command::Hunt),
            (":audit", Command::Audit),
            (":alerts", Command::Alerts),
            (":alert", Command::Alerts),
            (":profile prod", Command::Profile("prod".into())),
            (":q", Command::Quit),
            (":quit", Command::Quit),
        ];
        for (line, command) in cases {
            assert_eq!(parse(line), Ok(command), "{line}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_command() {
        assert_eq!(parse(":profile"), Err(CommandError::MissingProfile));
        assert_eq!(parse(":profile").unwrap_err().to_string(), "name a profile: :profile NAME");
        assert_eq!(parse(":"), Err(CommandError::Empty));
        let unknown = parse(":pods").unwrap_err();
        assert_eq!(unknown, CommandError::Unknown("pods".into()));
        assert!(unknown.to_string().contains(":users") && unknown.to_string().contains(":profile NAME"));
        assert!(matches!(parse(":users extra"), Err(CommandError::ExtraArgument { command: "users", .. })));
        assert!(matches!(parse(":profile a b"), Err(CommandError::ExtraArgument { command: "profile", .. })));
        assert!(matches!(parse(":inv a b"), Err(CommandError::ExtraArgument { command: "investigate", .. })));
    }

    #[test]
    fn completes_command_words() {
        assert_eq!(complete(":p", &[]), [":policies", ":profile "]);
        assert_eq!(complete("u", &[]), ["users"]);
        assert_eq!(complete(":inv", &[]), [":investigate "]);
        assert_eq!(complete(":", &[]).len(), WORDS.len());
        assert!(complete(":zz", &[]).is_empty());
        assert!(complete(":users x", &[]).is_empty());
    }

    #[test]
    fn completes_profile_names() {
        let profiles = ["prod".to_string(), "partner".to_string(), "sandbox".to_string()];
        assert_eq!(complete(":profile ", &profiles), [":profile prod", ":profile partner", ":profile sandbox"]);
        assert_eq!(complete(":profile p", &profiles), [":profile prod", ":profile partner"]);
        assert_eq!(complete("profile s", &profiles), ["profile sandbox"]);
        assert!(complete(":profile prod x", &profiles).is_empty());
    }
}
