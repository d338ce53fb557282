//! An address or a block of addresses (CIDR), IPv4 or IPv6, as a suppression rule names one.

use std::fmt;
use std::net::IpAddr;

/// One address (`203.0.113.7`, a /32 or /128) or a CIDR block (`203.0.113.0/24`,
/// `2001:db8::/32`). An IPv4 address is never inside an IPv6 block, nor the other way round
/// (`::ffff:203.0.113.7` is compared as the IPv4 address it maps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    base: IpAddr,
    prefix: u8,
}

impl Network {
    /// Reads `a.b.c.d`, `a.b.c.d/len`, an IPv6 address or `addr/len`; the bits past the
    /// prefix do not matter (`203.0.113.9/24` holds what `203.0.113.0/24` holds). `None` when it is neither.
    pub fn parse(text: &str) -> Option<Network> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, len)) => (addr, Some(len)),
            None => (text, None),
        };
        let base = canonical(addr.parse::<IpAddr>().ok()?);
        let max = max_prefix(base);
        let prefix = match prefix {
            Some(len) if !len.is_empty() && len.bytes().all(|b| b.is_ascii_digit()) => len.parse::<u8>().ok()?,
            Some(_) => return None,
            None => max,
        };
        (prefix <= max).then_some(Network { base, prefix })
    }

    /// Whether `ip` is inside the block.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.base, canonical(ip)) {
            (IpAddr::V4(base), IpAddr::V4(ip)) => {
                same_prefix(base.to_bits().into(), ip.to_bits().into(), 32, self.prefix)
            }
            (IpAddr::V6(base), IpAddr::V6(ip)) => same_prefix(base.to_bits(), ip.to_bits(), 128, self.prefix),
            _ => false,
        }
    }

    /// Whether the text is an address inside the block (`false` when it is no address).
    pub fn contains_text(&self, ip: &str) -> bool {
        ip.trim().parse::<IpAddr>().is_ok_and(|ip| self.contains(ip))
    }
}

impl fmt::Display for Network {
    /// `203.0.113.7` for one address, `203.0.113.0/24` for a block.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.prefix == max_prefix(self.base) {
            write!(f, "{}", self.base)
        } else {
            write!(f, "{}/{}", self.base, self.prefix)
        }
    }
}

/// An IPv4-mapped IPv6 address as the IPv4 address it maps; any other as it is.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn max_prefix(ip: IpAddr) -> u8 {
    if ip.is_ipv4() {
        32
    } else {
        128
    }
}

/// Whether the first `prefix` bits of `a` and `b` (each `width` bits wide) agree.
fn same_prefix(a: u128, b: u128, width: u32, prefix: u8) -> bool {
    let prefix = u32::from(prefix);
    if prefix == 0 {
        return true;
    }
    let shift = width.saturating_sub(prefix);
    a.checked_shr(shift) == b.checked_shr(shift)
}
