//! Strings of the events as small integer ids, so detections group and compare by `u32`
//! rather than by text, and a hunt keeps each distinct string once however many events
//! repeat it. The interners own their strings, so events can be classified one by one as
//! they are read, before the whole window is in.
//!
//! The strings live end to end in one arena, found through a table of ids: plain data, with
//! no allocation per string, whose size [`IdInterner::held_bytes`] reports as allocated.

use std::hash::{BuildHasher, Hasher};

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::investigate::memory::Growth;

/// The id of an interned string.
pub type Id = u32;

/// Distinct strings, each given an id in order of first appearance. A caseless interner
/// gives spellings that differ only in ASCII case the same id, and keeps the first
/// spelling seen.
#[derive(Debug, Clone, Default)]
pub struct IdInterner {
    /// The strings, end to end.
    arena: String,
    /// Where each string ends in the arena (it starts where the one before ends).
    ends: Vec<usize>,
    /// The ids, found by the hash of their text.
    exact: HashTable<Id>,
    /// The ids, found by the hash of their ASCII-lower-cased text (caseless interners).
    folded: Option<HashTable<Id>>,
}

fn hash_exact(text: &str) -> u64 {
    FxBuildHasher.hash_one(text)
}

/// The hash of `text` lower-cased (ASCII), without making a lower-cased copy.
fn hash_folded(text: &str) -> u64 {
    let mut hasher = FxBuildHasher.build_hasher();
    let mut chunk = [0u8; 32];
    for part in text.as_bytes().chunks(chunk.len()) {
        for (to, from) in chunk.iter_mut().zip(part) {
            *to = from.to_ascii_lowercase();
        }
        hasher.write(&chunk[..part.len()]);
    }
    hasher.write_u8(0xff);
    hasher.finish()
}

impl IdInterner {
    /// An interner that tells spellings apart exactly.
    pub fn exact() -> IdInterner {
        IdInterner::default()
    }

    /// An interner that ignores ASCII case.
    pub fn caseless() -> IdInterner {
        IdInterner { folded: Some(HashTable::new()), ..IdInterner::default() }
    }

    /// The id of `text`, new if unseen.
    pub fn intern(&mut self, text: &str) -> Id {
        if let Some(id) = self.find(text) {
            return id;
        }
        // Past four billion distinct strings (more memory than any hunt's budget) the ids
        // saturate and the texts beyond read as nothing.
        let id = Id::try_from(self.ends.len()).unwrap_or(Id::MAX);
        self.arena.push_str(text);
        self.ends.push(self.arena.len());
        let IdInterner { arena, ends, exact, folded } = self;
        let text_of = |id: &Id| text_at(arena, ends, *id);
        exact.insert_unique(hash_exact(text), id, |id| hash_exact(text_of(id)));
        if let Some(folded) = folded {
            folded.insert_unique(hash_folded(text), id, |id| hash_folded(text_of(id)));
        }
        id
    }

    /// The id of `text` if it was interned (any case, for a caseless interner).
    pub fn find(&self, text: &str) -> Option<Id> {
        let same = |id: &Id| self.text(*id) == text;
        if let Some(&id) = self.exact.find(hash_exact(text), same) {
            return Some(id);
        }
        let alike = |id: &Id| self.text(*id).eq_ignore_ascii_case(text);
        self.folded.as_ref()?.find(hash_folded(text), alike).copied()
    }

    /// The first spelling seen of an id.
    pub fn text(&self, id: Id) -> &str {
        text_at(&self.arena, &self.ends, id)
    }

    /// Whether the interner ignores ASCII case.
    pub fn is_caseless(&self) -> bool {
        self.folded.is_some()
    }

    /// How many distinct ids there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The bytes the interner has allocated: the arena, the ends and the tables (a `u32`
    /// and a control byte per bucket, a bucket in eight left empty).
    pub fn held_bytes(&self) -> usize {
        self.held_after(&Growth::NONE)
    }

    /// The bytes the interner would hold after its share of `growth` (see [`Growth`]).
    pub fn held_after(&self, growth: &Growth) -> usize {
        let table = |t: &HashTable<Id>| {
            let buckets = growth.capacity_after(t.len(), t.capacity()).saturating_mul(8) / 7;
            buckets.saturating_mul(size_of::<Id>() + 1)
        };
        growth.capacity_after(self.arena.len(), self.arena.capacity())
            + growth.vec(&self.ends)
            + table(&self.exact)
            + self.folded.as_ref().map_or(0, table)
    }
}

impl PartialEq for IdInterner {
    /// The same strings with the same ids, folding case alike.
    fn eq(&self, other: &IdInterner) -> bool {
        self.arena == other.arena && self.ends == other.ends && self.is_caseless() == other.is_caseless()
    }
}

/// The text of `id` in `arena`; empty for an id the interner never gave.
fn text_at<'a>(arena: &'a str, ends: &[usize], id: Id) -> &'a str {
    let id = id as usize;
    let start = if id == 0 { 0 } else { ends.get(id - 1).copied().unwrap_or(0) };
    let end = ends.get(id).copied().unwrap_or(start);
    arena.get(start..end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caseless_ids_fold_case_exact_ids_do_not() {
        let mut logins = IdInterner::caseless();
        let ana = logins.intern("Ana@X");
        assert_eq!(logins.intern("ana@x"), ana);
        assert_ne!(logins.intern("bo@x"), ana);
        assert_eq!((logins.find("ANA@x"), logins.text(ana), logins.len()), (Some(ana), "Ana@X", 2));
        let mut ips = IdInterner::exact();
        assert_ne!(ips.intern("a"), ips.intern("A"));
        assert_eq!(ips.find("b"), None);
    }

    #[test]
    fn each_string_is_kept_once_and_found_again_after_growing() {
        let mut names = IdInterner::exact();
        let ids: Vec<Id> = (0..5000).map(|i| names.intern(&format!("name-{i}"))).collect();
        assert_eq!(ids, (0..5000).collect::<Vec<Id>>());
        assert!((0..5000).all(|i| names.find(&format!("name-{i}")) == Some(i) && names.text(i) == format!("name-{i}")));
        assert_eq!(names.intern(""), 5000);
        assert_eq!((names.text(5000), names.find("")), ("", Some(5000)));
        let text: usize = (0..5000).map(|i| format!("name-{i}").len()).sum();
        assert!(names.held_bytes() >= text + 5001 * 12, "the arena, the ends and the table are counted");
        assert_eq!(names.text(99_999), "", "an id never given reads as nothing");
    }
}
