//! Who is acting, for the audit journal: the account the process runs as (its uid's passwd
//! name) at this host's name, `ana@laptop`. `$USER` is only a claim anyone can set, so it
//! never names the operator; when it differs from the account it is kept beside it as a label.

use nix::unistd::{gethostname, getuid, Uid, User};

use crate::sanitize::clean;

/// The account and host acting: `ana@laptop`. An account without a passwd entry reads
/// `uid=1001`; a host without a name reads `unknown`.
pub fn local_operator() -> String {
    let uid = getuid();
    let host = gethostname().ok().and_then(|h| h.into_string().ok()).filter(|h| !h.trim().is_empty());
    operator(account(uid).as_deref(), uid, host.as_deref())
}

/// `$USER` (else `$LOGNAME`) when it names someone other than the account acting; `None` when
/// it is unset or agrees.
pub fn claimed_user() -> Option<String> {
    let claimed = ["USER", "LOGNAME"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()));
    claim(claimed.as_deref(), account(getuid()).as_deref())
}

/// The passwd name of `uid`.
fn account(uid: Uid) -> Option<String> {
    User::from_uid(uid).ok().flatten().map(|user| user.name).filter(|name| !name.is_empty())
}

fn operator(account: Option<&str>, uid: Uid, host: Option<&str>) -> String {
    let who = account.map_or_else(|| format!("uid={uid}"), str::to_string);
    clean(&format!("{who}@{}", host.unwrap_or("unknown"))).into_owned()
}

fn claim(claimed: Option<&str>, account: Option<&str>) -> Option<String> {
    claimed.filter(|c| Some(*c) != account).map(|c| clean(c).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_is_the_account_at_the_host() {
        let uid = Uid::from_raw(1001);
        assert_eq!(operator(Some("ana"), uid, Some("laptop")), "ana@laptop");
        assert_eq!(operator(None, uid, Some("laptop")), "uid=1001@laptop");
        assert_eq!(operator(Some("ana"), uid, None), "ana@unknown");
        assert_eq!(operator(Some("ana\u{1b}[2J"), uid, Some("lap\u{202e}top")), "ana@laptop");
        let op = local_operator();
        let (user, host) = op.split_once('@').unwrap();
        assert!(!user.is_empty() && !host.is_empty(), "{op}");
    }

    #[test]
    fn a_differing_user_variable_is_only_a_label() {
        assert_eq!(claim(Some("mallory"), Some("ana")), Some("mallory".to_string()));
        assert_eq!(claim(Some("ana"), Some("ana")), None);
        assert_eq!(claim(None, Some("ana")), None);
        assert_eq!(claim(Some("ana"), None), Some("ana".to_string()));
    }
}
