//! Strings of the events as small integer ids, so detections group and compare by `u32`
//! rather than by text. The interners own their strings (each distinct spelling once), so
//! events can be classified one by one as they are read, before the whole window is in.

use rustc_hash::FxHashMap;

/// The id of an interned string.
pub type Id = u32;

/// Distinct strings, each given an id in order of first appearance. A caseless interner
/// gives spellings that differ only in ASCII case the same id (each distinct spelling is
/// lower-cased once, not each occurrence).
#[derive(Debug, Clone, Default)]
pub struct Interner {
    ids: FxHashMap<Box<str>, Id>,
    texts: Vec<Box<str>>,
    /// Lower-cased text → id, for a caseless interner.
    folded: Option<FxHashMap<String, Id>>,
}

impl Interner {
    /// An interner that tells spellings apart exactly.
    pub fn exact() -> Interner {
        Interner::default()
    }

    /// An interner that ignores ASCII case.
    pub fn caseless() -> Interner {
        Interner { folded: Some(FxHashMap::default()), ..Interner::default() }
    }

    /// The id of `text`, new if unseen.
    pub fn intern(&mut self, text: &str) -> Id {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let next = self.texts.len() as Id;
        let id = match self.folded.as_mut() {
            Some(folded) => *folded.entry(text.to_ascii_lowercase()).or_insert(next),
            None => next,
        };
        if id == next {
            self.texts.push(text.into());
        }
        self.ids.insert(text.into(), id);
        id
    }

    /// The id of `text` if it was interned (any case, for a caseless interner).
    pub fn find(&self, text: &str) -> Option<Id> {
        if let Some(&id) = self.ids.get(text) {
            return Some(id);
        }
        self.folded.as_ref()?.get(&text.to_ascii_lowercase()).copied()
    }

    /// The first spelling seen of an id.
    pub fn text(&self, id: Id) -> &str {
        &self.texts[id as usize]
    }

    /// How many distinct ids there are.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Whether nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caseless_ids_fold_case_exact_ids_do_not() {
        let mut logins = Interner::caseless();
        let ana = logins.intern("Ana@X");
        assert_eq!(logins.intern("ana@x"), ana);
        assert_ne!(logins.intern("bo@x"), ana);
        assert_eq!((logins.find("ANA@x"), logins.text(ana), logins.len()), (Some(ana), "Ana@X", 2));
        let mut ips = Interner::exact();
        assert_ne!(ips.intern("a"), ips.intern("A"));
        assert_eq!(ips.find("b"), None);
    }
}
