//! Okta org URLs: the one validated form every request is built from.
//!
//! The rules follow the Okta SDKs' validator (API-NOTES §8): `https://` only (`http://` for
//! loopback hosts, where the simulated org runs), never the `-admin` console host, no
//! `{yourOktaDomain}` placeholder, and the bare org URL: no path, query or fragment.

use thiserror::Error;
use url::{Host, Url};

/// A validated Okta org URL: scheme + host (+ port), no path, no trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgUrl {
    base: String,
    host: String,
}

/// Why an org URL was refused. Each message names the input and says what to use instead;
/// the input as shown holds no query, fragment or user info ([`shown`]), where a token or
/// password may have been pasted.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum OrgUrlError {
    /// Nothing but whitespace was given.
    #[error("the org URL is empty: give your Okta org URL, e.g. https://acme.okta.com")]
    Empty,
    /// A documentation placeholder was copied verbatim.
    #[error(
        "org URL `{input}` still holds a placeholder: replace it with your Okta org URL, e.g. https://acme.okta.com"
    )]
    Placeholder {
        /// The URL as given, without query, fragment or user info.
        input: String,
    },
    /// No `scheme://` prefix.
    #[error("org URL `{input}` has no scheme: add https:// (https://{input})")]
    MissingScheme {
        /// The URL as given, without query, fragment or user info.
        input: String,
    },
    /// A scheme other than http or https.
    #[error("org URL `{input}` uses {scheme}://: Okta org URLs use https://, e.g. https://acme.okta.com")]
    UnsupportedScheme {
        /// The URL as given, without query, fragment or user info.
        input: String,
        /// The scheme found.
        scheme: String,
    },
    /// `http://` to a host that is not loopback.
    #[error(
        "org URL `{input}` uses http://: Okta requires https:// (http:// is accepted only for \
         loopback hosts); use {fix}"
    )]
    InsecureHttp {
        /// The URL as given, without query, fragment or user info.
        input: String,
        /// The same URL with https://.
        fix: String,
    },
    /// A user name or password inside the URL; the input is not repeated since it may hold one.
    #[error("the org URL holds a user name or password (`user:password@`): remove it and give only {fix}")]
    Credentials {
        /// The URL without its user info.
        fix: String,
    },
    /// The URL could not be parsed at all.
    #[error("org URL `{input}` is not a valid URL ({reason}): give your Okta org URL, e.g. https://acme.okta.com")]
    Invalid {
        /// The URL as given, without query, fragment or user info.
        input: String,
        /// The parser's reason.
        reason: String,
    },
    /// The admin console host instead of the org host.
    #[error("org URL `{input}` is the admin console host, which the API does not serve: use {fix}, not {admin_host}")]
    AdminHost {
        /// The URL as given, without query, fragment or user info.
        input: String,
        /// The admin host found.
        admin_host: String,
        /// The org URL to use.
        fix: String,
    },
    /// The `.com.com` typo the Okta SDKs also refuse.
    #[error("org URL `{input}` ends in .com.com: use {fix}")]
    DoubleCom {
        /// The URL as given, without query, fragment or user info.
        input: String,
        /// The URL without the doubled suffix.
        fix: String,
    },
    /// A path, query or fragment after the host.
    #[error("org URL `{input}` has {part} after the host: give the bare org URL {fix}")]
    NotBare {
        /// The URL as given, without query, fragment or user info.
        input: String,
        /// What was found, e.g. "the path `/oauth2/default`".
        part: String,
        /// The bare org URL.
        fix: String,
    },
}

impl OrgUrl {
    /// Validates an org URL as a user typed it (surrounding whitespace is ignored).
    pub fn parse(input: &str) -> Result<OrgUrl, OrgUrlError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(OrgUrlError::Empty);
        }
        if has_placeholder(input) {
            return Err(OrgUrlError::Placeholder { input: shown(input) });
        }
        if !input.contains("://") {
            return Err(OrgUrlError::MissingScheme { input: shown(input) });
        }
        let url = Url::parse(input).map_err(|e| OrgUrlError::Invalid { input: shown(input), reason: e.to_string() })?;
        let host =
            url.host().ok_or_else(|| OrgUrlError::Invalid { input: shown(input), reason: "no host".to_string() })?;
        let host_str = url.host_str().unwrap_or_default().to_string();
        let authority = match url.port() {
            Some(port) => format!("{host_str}:{port}"),
            None => host_str.clone(),
        };
        let https = format!("https://{authority}");
        if !url.username().is_empty() || url.password().is_some() {
            return Err(OrgUrlError::Credentials { fix: https });
        }
        check_scheme(input, url.scheme(), &host, &https)?;
        check_host(input, &host_str, url.scheme(), url.port())?;
        let base = format!("{}://{authority}", url.scheme());
        check_bare(input, &url, &base)?;
        Ok(OrgUrl { base, host: host_str })
    }

    /// The org URL, e.g. `https://acme.okta.com`.
    pub fn as_str(&self) -> &str {
        &self.base
    }

    /// The host, without scheme or port, e.g. `acme.okta.com`.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether the host is loopback (`localhost`, 127.0.0.0/8, `::1`): the simulated org.
    pub fn is_loopback(&self) -> bool {
        Url::parse(&self.base).ok().and_then(|u| u.host().map(|h| is_loopback(&h))).unwrap_or(false)
    }

    /// An absolute URL on the org, e.g. `url("/api/v1/users?limit=200")`.
    pub fn url(&self, path_and_query: &str) -> String {
        if path_and_query.starts_with('/') {
            format!("{}{path_and_query}", self.base)
        } else {
            format!("{}/{path_and_query}", self.base)
        }
    }

    /// The org authorization server's token endpoint.
    pub fn token_url(&self) -> String {
        self.url("/oauth2/v1/token")
    }
}

impl std::fmt::Display for OrgUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.base)
    }
}

/// The URL as given, as error messages show it: without its query and fragment (a token
/// or secret may have been pasted there) and without user info (`user:password@`). Works
/// on text that does not parse as a URL too.
fn shown(input: &str) -> String {
    let end = input.find(['?', '#']).unwrap_or(input.len());
    let url = &input[..end];
    let (scheme, rest) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => ("", url),
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    format!("{scheme}{host}{path}")
}

/// `{yourOktaDomain}`, `${OKTA_DOMAIN}`, `<your-org>`: text copied from documentation.
fn has_placeholder(input: &str) -> bool {
    input.contains(['{', '}', '<', '>']) || input.contains("${")
}

fn check_scheme(input: &str, scheme: &str, host: &Host<&str>, https: &str) -> Result<(), OrgUrlError> {
    match scheme {
        "https" => Ok(()),
        "http" if is_loopback(host) => Ok(()),
        "http" => Err(OrgUrlError::InsecureHttp { input: shown(input), fix: https.to_string() }),
        other => Err(OrgUrlError::UnsupportedScheme { input: shown(input), scheme: other.to_string() }),
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    }
}

fn check_host(input: &str, host: &str, scheme: &str, port: Option<u16>) -> Result<(), OrgUrlError> {
    let with_port = |h: &str| match port {
        Some(p) => format!("{scheme}://{h}:{p}"),
        None => format!("{scheme}://{h}"),
    };
    if host.contains("-admin.") {
        return Err(OrgUrlError::AdminHost {
            input: shown(input),
            admin_host: host.to_string(),
            fix: with_port(&host.replacen("-admin.", ".", 1)),
        });
    }
    if let Some(stem) = host.strip_suffix(".com.com") {
        return Err(OrgUrlError::DoubleCom { input: shown(input), fix: with_port(&format!("{stem}.com")) });
    }
    Ok(())
}

fn check_bare(input: &str, url: &Url, base: &str) -> Result<(), OrgUrlError> {
    let part = if !matches!(url.path(), "" | "/") {
        format!("the path `{}`", url.path())
    } else if url.query().is_some() {
        "a query (`?…`)".to_string()
    } else if url.fragment().is_some() {
        "a fragment (`#…`)".to_string()
    } else {
        return Ok(());
    };
    Err(OrgUrlError::NotBare { input: shown(input), part, fix: base.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> OrgUrl {
        OrgUrl::parse(input).unwrap()
    }

    fn err(input: &str) -> OrgUrlError {
        OrgUrl::parse(input).unwrap_err()
    }

    #[test]
    fn accepts_org_urls_and_normalises_them() {
        assert_eq!(ok("https://acme.okta.com").as_str(), "https://acme.okta.com");
        assert_eq!(ok("  https://ACME.okta.com/ \n").as_str(), "https://acme.okta.com");
        assert_eq!(ok("https://acme.okta-emea.com:443").as_str(), "https://acme.okta-emea.com");
        assert_eq!(ok("https://login.example.com:8443").as_str(), "https://login.example.com:8443");
        assert_eq!(ok("https://acme.okta.com").host(), "acme.okta.com");
    }

    #[test]
    fn builds_request_urls() {
        let org = ok("https://acme.oktapreview.com/");
        assert_eq!(org.url("/api/v1/users?limit=200"), "https://acme.oktapreview.com/api/v1/users?limit=200");
        assert_eq!(org.url("api/v1/logs"), "https://acme.oktapreview.com/api/v1/logs");
        assert_eq!(org.token_url(), "https://acme.oktapreview.com/oauth2/v1/token");
        assert_eq!(org.to_string(), org.as_str());
    }

    #[test]
    fn loopback_hosts_are_known() {
        for url in ["http://127.0.0.1:8080", "http://127.3.4.5", "http://localhost:9", "http://[::1]:8080"] {
            assert!(OrgUrl::parse(url).unwrap().is_loopback(), "{url}");
        }
        assert!(!OrgUrl::parse("https://acme.okta.com").unwrap().is_loopback());
    }

    #[test]
    fn http_only_for_loopback() {
        assert_eq!(ok("http://127.0.0.1:8080").as_str(), "http://127.0.0.1:8080");
        assert_eq!(ok("http://127.3.4.5:1").host(), "127.3.4.5");
        assert_eq!(ok("http://[::1]:9000").as_str(), "http://[::1]:9000");
        assert_eq!(ok("http://localhost:3000").host(), "localhost");
        let e = err("http://acme.okta.com");
        assert!(matches!(e, OrgUrlError::InsecureHttp { .. }));
        assert!(e.to_string().contains("use https://acme.okta.com"), "{e}");
        assert!(matches!(err("http://10.0.0.1"), OrgUrlError::InsecureHttp { .. }));
        assert!(matches!(err("http://localhost.evil.com"), OrgUrlError::InsecureHttp { .. }));
    }

    #[test]
    fn other_schemes_refused() {
        let e = err("ftp://acme.okta.com");
        assert!(matches!(e, OrgUrlError::UnsupportedScheme { .. }));
        assert!(e.to_string().contains("ftp://"), "{e}");
    }

    #[test]
    fn admin_host_refused_with_the_org_host() {
        let e = err("https://acme-admin.okta.com");
        assert_eq!(
            e.to_string(),
            "org URL `https://acme-admin.okta.com` is the admin console host, which the API does not serve: \
             use https://acme.okta.com, not acme-admin.okta.com"
        );
        let e = err("https://acme-admin.oktapreview.com/admin/dashboard");
        assert!(e.to_string().contains("use https://acme.oktapreview.com,"), "{e}");
    }

    #[test]
    fn placeholders_refused() {
        for input in
            ["https://{yourOktaDomain}", "https://${OKTA_DOMAIN}", "https://<your-org>.okta.com", "{yourOktaDomain}"]
        {
            let e = err(input);
            assert!(matches!(e, OrgUrlError::Placeholder { .. }), "{input}: {e}");
            assert!(e.to_string().contains(input), "{e}");
        }
    }

    #[test]
    fn paths_queries_and_fragments_refused_with_the_bare_url() {
        for (input, part) in [
            ("https://acme.okta.com/oauth2/default", "the path `/oauth2/default`"),
            ("https://acme.okta.com/admin/dashboard", "the path `/admin/dashboard`"),
            ("https://acme.okta.com/api/v1/", "the path `/api/v1/`"),
            ("https://acme.okta.com/?x=1", "a query"),
            ("https://acme.okta.com#top", "a fragment"),
        ] {
            let e = err(input);
            let msg = e.to_string();
            assert!(matches!(e, OrgUrlError::NotBare { .. }), "{input}: {msg}");
            assert!(msg.contains(part) && msg.contains("bare org URL https://acme.okta.com"), "{msg}");
            let shown = input.split(['?', '#']).next().unwrap();
            assert!(msg.contains(&format!("`{shown}`")), "{msg}");
        }
    }

    #[test]
    fn errors_show_the_url_without_query_fragment_or_user_info() {
        for input in [
            "https://acme.okta.com/?client_secret=canary",
            "https://acme.okta.com/oauth2/default?x=1&token=canary",
            "https://acme.okta.com#canary",
            "http://acme.okta.com/?canary",
            "ftp://acme.okta.com/?canary",
            "acme.okta.com?canary",
            "https://{yourOktaDomain}?canary",
            "https://acme-admin.okta.com/?canary",
            "https://acme.okta.com.com/#canary",
            "https://acme okta.com/?canary",
            "https://user:canary@acme okta.com",
            "ftp://user:canary@acme.okta.com",
            "user:canary@acme.okta.com?canary",
        ] {
            let e = err(input);
            let msg = format!("{e} {e:?}");
            assert!(!msg.contains("canary"), "{input}: {msg}");
        }
        assert_eq!(shown("https://u:p@acme.okta.com:8443/a/b?q=1#f"), "https://acme.okta.com:8443/a/b");
        assert_eq!(shown("acme.okta.com/x?q"), "acme.okta.com/x");
        assert_eq!(shown("u:p@acme.okta.com"), "acme.okta.com");
    }

    #[test]
    fn missing_scheme_says_add_https() {
        for input in ["acme.okta.com", "localhost:8080"] {
            let e = err(input);
            assert!(matches!(e, OrgUrlError::MissingScheme { .. }), "{input}: {e}");
            assert!(e.to_string().contains(&format!("add https:// (https://{input})")), "{e}");
        }
    }

    #[test]
    fn empty_double_com_and_garbage_refused() {
        assert_eq!(err("  \t"), OrgUrlError::Empty);
        let e = err("https://acme.okta.com.com");
        assert!(e.to_string().contains("use https://acme.okta.com"), "{e}");
        assert!(matches!(err("https://acme okta.com"), OrgUrlError::Invalid { .. }));
        assert!(matches!(err("https://"), OrgUrlError::Invalid { .. }));
    }

    #[test]
    fn credentials_in_the_url_are_refused_without_echoing_them() {
        let e = err("https://admin:canary-pw@acme.okta.com");
        let msg = format!("{e} {e:?}");
        assert!(!msg.contains("canary"), "{msg}");
        assert!(msg.contains("https://acme.okta.com"), "{msg}");
    }
}
