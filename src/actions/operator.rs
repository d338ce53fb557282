//! Who is acting: `user@host` of the local machine, for the audit journal.

/// The local user and host, `ana@laptop`; parts that cannot be learned read `unknown`.
pub fn local_operator() -> String {
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_string());
    let host = ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown".to_string());
    crate::sanitize::clean(&format!("{user}@{host}")).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn operator_is_user_at_host() {
        let op = super::local_operator();
        let (user, host) = op.split_once('@').unwrap();
        assert!(!user.is_empty() && !host.is_empty(), "{op}");
    }
}
