//! A secret value (API token, client secret, private key, access token) that never shows
//! itself and leaves no copy behind: its `Debug` and `Display` print `<redacted>`, so it
//! cannot leak through logs or error messages; it cannot be cloned, so each secret has one
//! owner (shared through an `Arc` where several parts must hold it); and its bytes are wiped
//! when it is dropped.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A secret string. Read it only where it is sent or used, with [`Secret::expose`].
#[derive(PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value. A `String` is taken as it is, without a copy; from a `&str`, the
    /// caller's own copy is the caller's to wipe.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret in `bytes`, if they are UTF-8 text; the bytes are wiped either way.
    pub fn from_utf8(mut bytes: Zeroizing<Vec<u8>>) -> Option<Secret> {
        match String::from_utf8(std::mem::take(&mut *bytes)) {
            Ok(text) => Some(Secret(text)),
            Err(e) => {
                e.into_bytes().zeroize();
                None
            }
        }
    }

    /// A new secret holding the part of this one that `part` picks (e.g. `str::trim`); this
    /// one is wiped.
    pub fn map_text(self, part: impl FnOnce(&str) -> &str) -> Secret {
        Secret::new(part(&self.0))
    }

    /// The secret itself, for the one place that must send or use it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl ZeroizeOnDrop for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_itself() {
        let s = Secret::new("canary-7f3a");
        assert!(!format!("{s:?} {s} {:?}", Some(&s)).contains("canary"));
        assert_eq!(s.expose(), "canary-7f3a");
    }

    /// `Probe::<T>::cloneable()` is the inherent method when `T: Clone`, else the trait's.
    struct Probe<T>(std::marker::PhantomData<T>);
    trait Fallback {
        fn cloneable(&self) -> bool {
            false
        }
        fn wiped_on_drop(&self) -> bool {
            false
        }
    }
    impl<T> Fallback for Probe<T> {}
    impl<T: Clone> Probe<T> {
        fn cloneable(&self) -> bool {
            true
        }
    }
    impl<T: zeroize::ZeroizeOnDrop> Probe<T> {
        fn wiped_on_drop(&self) -> bool {
            true
        }
    }

    #[test]
    fn a_secret_has_one_owner_and_is_wiped_on_drop() {
        let probe = Probe::<Secret>(std::marker::PhantomData);
        assert!(!probe.cloneable(), "a Secret cannot be cloned: share one with Arc where it must be shared");
        assert!(probe.wiped_on_drop(), "a Secret wipes its bytes when dropped");
        let string = Probe::<String>(std::marker::PhantomData);
        assert!(string.cloneable() && !string.wiped_on_drop(), "the probe tells");
    }

    #[test]
    fn parts_and_bytes_become_secrets() {
        assert_eq!(Secret::new("  00tok\n").map_text(str::trim).expose(), "00tok");
        assert_eq!(Secret::from_utf8(Zeroizing::new(b"00tok".to_vec())).unwrap().expose(), "00tok");
        assert!(Secret::from_utf8(Zeroizing::new(vec![0xff, 0xfe])).is_none());
    }
}
