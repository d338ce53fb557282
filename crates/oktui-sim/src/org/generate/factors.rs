//! Enrolled MFA factors, shaped like Okta's `UserFactor` objects.

use chrono::{DateTime, Utc};
use rand::Rng;
use serde_json::{json, Value};

use super::catalog::{catalog, pick, pick_weighted};
use super::clock::between;
use crate::ids::{base62, okta_id};
use crate::org::SimFactor;

/// A kind of factor a person can enroll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Okta Verify push.
    Push,
    /// Okta FastPass (`signed_nonce`).
    FastPass,
    Sms,
    Call,
    Email,
    Question,
    /// Okta Verify TOTP.
    OktaTotp,
    /// Google Authenticator.
    GoogleTotp,
    Webauthn,
    /// YubiKey OTP.
    Yubikey,
}

/// The phone a person enrolled Okta Verify on.
#[derive(Debug, Clone)]
pub(crate) struct Device {
    name: &'static str,
    device_type: &'static str,
    platform: &'static str,
    version: &'static str,
}

/// What a factor's profile is built from.
pub(crate) struct Owner<'a> {
    pub login: &'a str,
    /// E.164 phone number for sms/call factors.
    pub phone: &'a str,
    pub device: &'a Device,
}

const STRONG_MIXES: &[(&[Kind], u32)] = &[
    (&[Kind::Push, Kind::Sms], 22),
    (&[Kind::Push], 14),
    (&[Kind::Push, Kind::FastPass], 12),
    (&[Kind::Push, Kind::Webauthn], 10),
    (&[Kind::GoogleTotp], 7),
    (&[Kind::OktaTotp, Kind::Sms], 6),
    (&[Kind::Webauthn], 6),
    (&[Kind::Push, Kind::Email], 6),
    (&[Kind::Push, Kind::Sms, Kind::Question], 5),
    (&[Kind::Push, Kind::FastPass, Kind::Webauthn], 5),
    (&[Kind::Webauthn, Kind::GoogleTotp], 4),
    (&[Kind::Yubikey, Kind::Push], 3),
];

const WEAK_MIXES: &[(&[Kind], u32)] = &[
    (&[Kind::Sms], 35),
    (&[Kind::Sms, Kind::Email], 15),
    (&[Kind::Email], 15),
    (&[Kind::Call, Kind::Sms], 10),
    (&[Kind::Question], 10),
    (&[Kind::Sms, Kind::Question], 10),
    (&[Kind::Email, Kind::Question], 5),
];

const IPHONES: &[(&str, &str)] =
    &[("iPhone 15 Pro", "17.4.1"), ("iPhone 14", "17.3.1"), ("iPhone 13", "16.7.5"), ("iPhone SE", "17.2")];
const ANDROIDS: &[(&str, &str)] = &[("Pixel 8", "14"), ("Galaxy S23", "14"), ("Pixel 7a", "13"), ("OnePlus 11", "13")];
const AUTHENTICATORS: &[&str] =
    &["MacBook Pro Touch ID", "YubiKey 5 NFC", "Windows Hello", "iCloud Keychain", "Google Password Manager"];

/// The factor kinds a person enrolls: 15% none, 15% only weak ones, the rest a strong mix.
/// `strong_only` (admins) always yields a strong mix.
pub(crate) fn random_kinds(rng: &mut impl Rng, strong_only: bool) -> Vec<Kind> {
    let roll: f64 = rng.gen();
    let mixes = match roll {
        _ if strong_only => STRONG_MIXES,
        r if r < 0.15 => return Vec::new(),
        r if r < 0.30 => WEAK_MIXES,
        _ => STRONG_MIXES,
    };
    pick_weighted(rng, mixes, |m| m.1).0.to_vec()
}

/// A random phone for Okta Verify.
pub(crate) fn random_device(rng: &mut impl Rng) -> Device {
    if rng.gen_bool(0.6) {
        let (name, version) = *pick(rng, IPHONES);
        Device { name, device_type: "SmartPhone_IPhone", platform: "IOS", version }
    } else {
        let (name, version) = *pick(rng, ANDROIDS);
        Device { name, device_type: "SmartPhone_Android", platform: "ANDROID", version }
    }
}

/// The active factors of `kinds`, enrolled between `from` and `until`, plus now and then one
/// left half-done (PENDING_ACTIVATION or NOT_SETUP) when `with_stragglers` is set.
pub(crate) fn enroll_all(
    rng: &mut impl Rng,
    kinds: &[Kind],
    owner: &Owner,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    with_stragglers: bool,
) -> Vec<SimFactor> {
    let mut factors: Vec<SimFactor> = kinds
        .iter()
        .map(|&k| {
            let created = between(rng, from, until);
            enroll(rng, k, owner, "ACTIVE", created, until)
        })
        .collect();
    if with_stragglers {
        let roll: f64 = rng.gen();
        let straggler = match roll {
            r if r < 0.04 => Some((*pick(rng, &[Kind::Webauthn, Kind::OktaTotp, Kind::Push]), "PENDING_ACTIVATION")),
            r if r < 0.05 => Some((Kind::Sms, "NOT_SETUP")),
            _ => None,
        };
        if let Some((kind, status)) = straggler.filter(|(k, _)| !kinds.contains(k)) {
            let created = between(rng, from, until);
            factors.push(enroll(rng, kind, owner, status, created, until));
        }
    }
    factors
}

fn enroll(
    rng: &mut impl Rng,
    kind: Kind,
    owner: &Owner,
    status: &str,
    created: DateTime<Utc>,
    until: DateTime<Utc>,
) -> SimFactor {
    let (prefix, factor_type, provider) = descriptor(kind);
    SimFactor {
        id: okta_id(rng, prefix),
        factor_type: factor_type.into(),
        provider: provider.into(),
        vendor_name: provider.into(),
        status: status.into(),
        created,
        last_updated: between(rng, created, until),
        profile: profile(rng, kind, owner),
    }
}

/// Id prefix, `factorType` and `provider` of a kind.
fn descriptor(kind: Kind) -> (&'static str, &'static str, &'static str) {
    match kind {
        Kind::Push => ("opf", "push", "OKTA"),
        Kind::FastPass => ("opf", "signed_nonce", "OKTA"),
        Kind::Sms => ("mbl", "sms", "OKTA"),
        Kind::Call => ("clf", "call", "OKTA"),
        Kind::Email => ("emf", "email", "OKTA"),
        Kind::Question => ("ufs", "question", "OKTA"),
        Kind::OktaTotp => ("ost", "token:software:totp", "OKTA"),
        Kind::GoogleTotp => ("uft", "token:software:totp", "GOOGLE"),
        Kind::Webauthn => ("fwf", "webauthn", "FIDO"),
        Kind::Yubikey => ("ykf", "token:hardware", "YUBICO"),
    }
}

fn profile(rng: &mut impl Rng, kind: Kind, owner: &Owner) -> Value {
    match kind {
        Kind::Push | Kind::FastPass => json!({
            "credentialId": owner.login,
            "deviceType": owner.device.device_type,
            "name": owner.device.name,
            "platform": owner.device.platform,
            "version": owner.device.version,
        }),
        Kind::Sms | Kind::Call => json!({ "phoneNumber": owner.phone }),
        Kind::Email => json!({ "email": owner.login }),
        Kind::Question => {
            let (key, text) = pick(rng, &catalog().questions);
            json!({ "question": key, "questionText": text })
        }
        Kind::OktaTotp | Kind::GoogleTotp => json!({ "credentialId": owner.login }),
        Kind::Webauthn => json!({
            "credentialId": base62(rng, 43),
            "authenticatorName": pick(rng, AUTHENTICATORS),
        }),
        Kind::Yubikey => json!({ "credentialId": format!("{:012}", rng.gen_range(1_000_000..99_999_999u64)) }),
    }
}
