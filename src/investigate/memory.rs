//! What a hunt's tables hold and will hold: the growth of a table as more events are read,
//! so a hunt can stop before its memory budget would be passed rather than after.

/// How much the tables of a classification grow when `more` events follow the `read` ones,
/// each table taking its share of them.
#[derive(Debug, Clone, Copy)]
pub struct Growth {
    pub more: usize,
    pub read: usize,
}

impl Growth {
    /// No growth: the tables as they are.
    pub const NONE: Growth = Growth { more: 0, read: 0 };

    /// The items a table of `len` items holds after its share of the events to come.
    pub fn len_after(&self, len: usize) -> usize {
        if self.more == 0 || self.read == 0 {
            return len;
        }
        len.saturating_add(len.saturating_mul(self.more).div_ceil(self.read))
    }

    /// The room a table of `len` items with room for `capacity` has after its share,
    /// grown as a `Vec` grows: to twice its room, or to what it needs if that is more.
    pub fn capacity_after(&self, len: usize, capacity: usize) -> usize {
        let needed = self.len_after(len);
        if needed <= capacity {
            capacity
        } else {
            needed.max(capacity.saturating_mul(2))
        }
    }

    /// The bytes `v` has allocated after its share.
    pub fn vec<T>(&self, v: &Vec<T>) -> usize {
        self.capacity_after(v.len(), v.capacity()).saturating_mul(size_of::<T>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_grow_by_their_share_and_double_when_full() {
        let growth = Growth { more: 1000, read: 2000 };
        assert_eq!(growth.len_after(300), 450);
        assert_eq!(growth.capacity_after(300, 512), 512, "room enough");
        assert_eq!(growth.capacity_after(300, 400), 800, "full: doubled");
        assert_eq!(growth.capacity_after(300, 100), 450, "doubling is not enough: what it needs");
        let v: Vec<u64> = Vec::with_capacity(4);
        assert_eq!((Growth::NONE.vec(&v), growth.vec(&v)), (32, 32));
    }
}
