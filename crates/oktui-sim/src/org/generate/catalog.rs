//! The demo org's text data (`assets/demo-org/`), parsed once and shared.
//!
//! Lines starting with `#` are comments; columns are tab-separated. A line that does not parse
//! is skipped (the tests check that none is).

use std::net::Ipv4Addr;
use std::sync::OnceLock;

use rand::Rng;

const FIRST_NAMES: &str = include_str!("../../../assets/demo-org/first_names.txt");
const LAST_NAMES: &str = include_str!("../../../assets/demo-org/last_names.txt");
const OFFICES: &str = include_str!("../../../assets/demo-org/offices.tsv");
const DEPARTMENTS: &str = include_str!("../../../assets/demo-org/departments.tsv");
const USER_AGENTS: &str = include_str!("../../../assets/demo-org/user_agents.tsv");
const QUESTIONS: &str = include_str!("../../../assets/demo-org/security_questions.tsv");
const APPS: &str = include_str!("../../../assets/demo-org/apps.tsv");

/// A home office and one residential network its people sign in from.
#[derive(Debug)]
pub(crate) struct Office {
    pub weight: u32,
    /// `Americas`, `EMEA` or `APAC`.
    pub region: String,
    pub city: String,
    /// The state as Okta's geolocation reports it (`California`).
    pub geo_state: String,
    /// The state as HR writes it in the profile (`CA`).
    pub profile_state: String,
    pub country: String,
    pub country_code: String,
    pub postal_code: String,
    pub lat: f64,
    pub lon: f64,
    /// Country calling code and area or mobile prefix, e.g. `+1 415`.
    pub phone_prefix: String,
    pub network: Ipv4Addr,
    pub prefix_len: u32,
    pub as_number: u32,
    pub as_org: String,
    pub isp: String,
    pub domain: String,
}

/// A department and its titles with their weights.
#[derive(Debug)]
pub(crate) struct Department {
    pub name: String,
    pub weight: u32,
    pub titles: Vec<(String, u32)>,
}

/// A browser as the System Log reports it.
#[derive(Debug)]
pub(crate) struct Agent {
    pub weight: u32,
    pub os: String,
    pub browser: String,
    pub raw: String,
}

/// An app integration of the org.
#[derive(Debug)]
pub(crate) struct CatalogApp {
    pub name: String,
    pub label: String,
    pub sign_on_mode: String,
    pub status: String,
    /// Names of the groups assigned to the app.
    pub groups: Vec<String>,
    /// Direct user assignments per 1,000 people.
    pub direct_per_mille: u32,
    /// The app's URL; `{base}` stands for the org URL.
    pub url: String,
}

/// Everything under `assets/demo-org/`.
#[derive(Debug)]
pub(crate) struct Catalog {
    pub first_names: Vec<String>,
    pub last_names: Vec<String>,
    pub offices: Vec<Office>,
    pub departments: Vec<Department>,
    pub agents: Vec<Agent>,
    /// Security questions: (key, text).
    pub questions: Vec<(String, String)>,
    pub apps: Vec<CatalogApp>,
}

/// The parsed catalog.
pub(crate) fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog {
        first_names: data_lines(FIRST_NAMES).map(str::to_string).collect(),
        last_names: data_lines(LAST_NAMES).map(str::to_string).collect(),
        offices: rows(OFFICES).filter_map(|r| office(&r)).collect(),
        departments: rows(DEPARTMENTS).filter_map(|r| department(&r)).collect(),
        agents: rows(USER_AGENTS).filter_map(|r| agent(&r)).collect(),
        questions: rows(QUESTIONS)
            .filter_map(|r| match r.as_slice() {
                [key, text] => Some((key.to_string(), text.to_string())),
                _ => None,
            })
            .collect(),
        apps: rows(APPS).filter_map(|r| app(&r)).collect(),
    })
}

/// Picks an item with probability proportional to its weight.
pub(crate) fn pick_weighted<'a, T>(rng: &mut impl Rng, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut roll = rng.gen_range(0..total.max(1));
    for item in items {
        let w = weight(item);
        if roll < w {
            return item;
        }
        roll -= w;
    }
    &items[items.len() - 1]
}

/// Picks one item uniformly.
pub(crate) fn pick<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

impl Office {
    /// A random host address inside this office's ISP network.
    pub fn random_ip(&self, rng: &mut impl Rng) -> String {
        let hosts = 1u32 << (32 - self.prefix_len.clamp(8, 30));
        let offset = rng.gen_range(1..hosts - 1);
        Ipv4Addr::from(u32::from(self.network) + offset).to_string()
    }
}

fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().map(str::trim_end).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data_lines(text).map(|l| l.split('\t').collect())
}

fn office(r: &[&str]) -> Option<Office> {
    let [weight, region, city, geo_state, profile_state, country, country_code, postal_code, lat, lon, phone_prefix, cidr, asn, as_org, isp, domain] =
        r
    else {
        return None;
    };
    let (network, prefix_len) = cidr.split_once('/')?;
    Some(Office {
        weight: weight.parse().ok()?,
        region: region.to_string(),
        city: city.to_string(),
        geo_state: geo_state.to_string(),
        profile_state: profile_state.to_string(),
        country: country.to_string(),
        country_code: country_code.to_string(),
        postal_code: postal_code.to_string(),
        lat: lat.parse().ok()?,
        lon: lon.parse().ok()?,
        phone_prefix: phone_prefix.to_string(),
        network: network.parse().ok()?,
        prefix_len: prefix_len.parse().ok()?,
        as_number: asn.parse().ok()?,
        as_org: as_org.to_string(),
        isp: isp.to_string(),
        domain: domain.to_string(),
    })
}

fn department(r: &[&str]) -> Option<Department> {
    let [name, weight, titles] = r else { return None };
    let titles = titles
        .split('|')
        .map(|t| {
            let (title, w) = t.rsplit_once(':')?;
            Some((title.to_string(), w.parse().ok()?))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Department { name: name.to_string(), weight: weight.parse().ok()?, titles })
}

fn agent(r: &[&str]) -> Option<Agent> {
    let [weight, os, browser, raw] = r else { return None };
    Some(Agent { weight: weight.parse().ok()?, os: os.to_string(), browser: browser.to_string(), raw: raw.to_string() })
}

fn app(r: &[&str]) -> Option<CatalogApp> {
    let [name, label, mode, status, groups, direct, url] = r else { return None };
    Some(CatalogApp {
        name: name.to_string(),
        label: label.to_string(),
        sign_on_mode: mode.to_string(),
        status: status.to_string(),
        groups: groups.split(',').map(str::to_string).collect(),
        direct_per_mille: direct.parse().ok()?,
        url: url.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    fn data_line_count(text: &'static str) -> usize {
        data_lines(text).count()
    }

    #[test]
    fn every_asset_line_parses() {
        let c = catalog();
        assert_eq!(c.offices.len(), data_line_count(OFFICES));
        assert_eq!(c.departments.len(), data_line_count(DEPARTMENTS));
        assert_eq!(c.agents.len(), data_line_count(USER_AGENTS));
        assert_eq!(c.questions.len(), data_line_count(QUESTIONS));
        assert_eq!(c.apps.len(), data_line_count(APPS));
        assert!(c.first_names.len() >= 250 && c.last_names.len() >= 250);
        assert!(c.apps.len() >= 30);
    }

    #[test]
    fn office_ips_stay_inside_their_network() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        for o in &catalog().offices {
            let ip: Ipv4Addr = o.random_ip(&mut rng).parse().unwrap();
            let mask = u32::MAX << (32 - o.prefix_len);
            assert_eq!(u32::from(ip) & mask, u32::from(o.network) & mask, "{}", o.city);
        }
    }
}
