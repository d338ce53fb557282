//! Sorting the browse lists by a column (`o` cycles, shift+letter picks a column, again
//! reverses it). Local over the loaded rows and cheap at 100,000: the rows never move; one
//! key per row is computed for the sorted column (dates as times, numbers as numbers, text
//! case folded), and the list keeps its rows' indices in that order. A page arriving is
//! sorted alone and merged in; a filter's matches are put in order by walking that order.
//! Equal keys keep the order the rows arrived in, and rows with no value come last either
//! way.

use std::cmp::Ordering;

use serde_json::Value;

use super::lists::{ListColumn, SortAs};
use crate::output::format::text_at;

/// The column a list is sorted by, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortOrder {
    /// Index into the list's columns.
    pub column: usize,
    /// Largest (latest, last in the alphabet) first.
    pub descending: bool,
}

impl SortOrder {
    /// `o`: each column ascending, then descending, then the order rows arrived in.
    pub fn cycled(current: Option<SortOrder>, columns: usize) -> Option<SortOrder> {
        match current {
            None => (columns > 0).then_some(SortOrder { column: 0, descending: false }),
            Some(SortOrder { column, descending: false }) => Some(SortOrder { column, descending: true }),
            Some(SortOrder { column, descending: true }) => {
                let next = column.saturating_add(1);
                (next < columns).then_some(SortOrder { column: next, descending: false })
            }
        }
    }

    /// A column's letter: by that column ascending, or the other way when already by it.
    pub fn by(current: Option<SortOrder>, column: usize) -> SortOrder {
        match current {
            Some(order) if order.column == column => SortOrder { column, descending: !order.descending },
            _ => SortOrder { column, descending: false },
        }
    }
}

/// A row's value in the sorted column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    /// A number, or a time in milliseconds since the epoch.
    Number(i64),
    /// Case-folded text.
    Text(String),
}

/// The key of a row in `column`: from its cell as shown, or for a time from the object.
fn key_of(column: &ListColumn, cell: &str, raw: &Value) -> Option<Key> {
    match column.sort {
        SortAs::Text => (!cell.is_empty()).then(|| Key::Text(cell.to_lowercase())),
        SortAs::Number => cell.trim().parse::<i64>().ok().map(Key::Number),
        SortAs::Time(path) => {
            chrono::DateTime::parse_from_rfc3339(&text_at(raw, path)).ok().map(|t| Key::Number(t.timestamp_millis()))
        }
    }
}

/// The order of a list's rows: the keys of the sorted column and every row's index in order.
#[derive(Debug, Clone, Default)]
pub struct Sorter {
    by: Option<SortOrder>,
    keys: Vec<Option<Key>>,
    /// Every row's index, in the sort order (empty when not sorted).
    order: Vec<usize>,
}

/// Fewer matches than one in this many rows are sorted by themselves rather than picked
/// out by a walk along the whole order.
const FEW: usize = 64;

impl Sorter {
    /// What the list is sorted by, if anything.
    pub fn order(&self) -> Option<SortOrder> {
        self.by
    }

    /// Sorts by `by` (or not at all): each row's key, then every index in order. The
    /// `rows` are each row's cells and object.
    pub fn set<'a>(
        &mut self,
        by: Option<SortOrder>,
        columns: &[ListColumn],
        rows: impl Iterator<Item = (&'a [String], &'a Value)>,
    ) {
        self.by = by;
        self.keys.clear();
        self.order.clear();
        self.push(columns, rows);
    }

    /// Forgets the rows, keeping what it sorts by.
    pub fn clear(&mut self) {
        self.keys.clear();
        self.order.clear();
    }

    /// Takes rows appended to the list (each its cells and object), merging them into the
    /// order.
    pub fn push<'a>(&mut self, columns: &[ListColumn], rows: impl Iterator<Item = (&'a [String], &'a Value)>) {
        let Some(by) = self.by else { return };
        let Some(column) = columns.get(by.column) else { return };
        let start = self.keys.len();
        self.keys.extend(rows.map(|(cells, raw)| key_of(column, cells.get(by.column).map_or("", String::as_str), raw)));
        let new: Vec<usize> = (start..self.keys.len()).collect();
        let order = std::mem::take(&mut self.order);
        self.order = self.merge(&order, new);
    }

    /// How `a` and `b` compare: by key (none last), the other way when descending, then
    /// in the order they arrived.
    fn compare(&self, a: usize, b: usize) -> Ordering {
        let descending = self.by.is_some_and(|o| o.descending);
        let by_key = match (self.keys.get(a).and_then(Option::as_ref), self.keys.get(b).and_then(Option::as_ref)) {
            (Some(x), Some(y)) if descending => y.cmp(x),
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_key.then(a.cmp(&b))
    }

    /// `sorted` (already in order) with `new` rows put in place.
    pub fn merge(&self, sorted: &[usize], mut new: Vec<usize>) -> Vec<usize> {
        if self.by.is_none() {
            let mut all = sorted.to_vec();
            all.extend(new);
            return all;
        }
        new.sort_unstable_by(|a, b| self.compare(*a, *b));
        let mut out = Vec::with_capacity(sorted.len().saturating_add(new.len()));
        let (mut old, mut new) = (sorted.iter().copied().peekable(), new.into_iter().peekable());
        loop {
            let next = match (old.peek(), new.peek()) {
                (Some(&a), Some(&b)) if self.compare(a, b) == Ordering::Greater => new.next(),
                (Some(_), _) => old.next(),
                (None, Some(_)) => new.next(),
                (None, None) => break,
            };
            out.extend(next);
        }
        out
    }

    /// `rows` (indices of a list of `len` rows, in any order) in the sort order, or in the
    /// order they arrived when not sorted.
    pub fn arrange(&self, mut rows: Vec<usize>, len: usize) -> Vec<usize> {
        if self.by.is_none() {
            if !rows.is_sorted() {
                rows.sort_unstable();
            }
            return rows;
        }
        if rows.len().saturating_mul(FEW) < len {
            rows.sort_unstable_by(|a, b| self.compare(*a, *b));
            return rows;
        }
        let mut wanted = vec![false; len];
        for &i in &rows {
            if let Some(w) = wanted.get_mut(i) {
                *w = true;
            }
        }
        self.order.iter().copied().filter(|&i| wanted.get(i).copied().unwrap_or(false)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::lists::ListKind;
    use serde_json::json;

    fn users(values: &[(&str, Option<&str>)]) -> (Vec<Vec<String>>, Vec<Value>) {
        let raws: Vec<Value> = values
            .iter()
            .map(|(login, last)| json!({"status": "ACTIVE", "lastLogin": last, "profile": {"login": login}}))
            .collect();
        let cells = raws.iter().map(|r| ListKind::Users.columns().iter().map(|c| (c.cell)(r)).collect()).collect();
        (cells, raws)
    }

    fn sorted(by: SortOrder, values: &[(&str, Option<&str>)]) -> Vec<usize> {
        let (cells, raws) = users(values);
        let mut sorter = Sorter::default();
        sorter.set(Some(by), ListKind::Users.columns(), cells.iter().map(Vec::as_slice).zip(&raws));
        sorter.arrange((0..values.len()).collect(), values.len())
    }

    const LOGIN: usize = 1;
    const LAST_LOGIN: usize = 3;

    #[test]
    fn text_sorts_case_folded_and_stable_and_reverses() {
        let values = [("bob@x", None), ("Ana@x", None), ("carl@x", None), ("ana@x", None)];
        assert_eq!(sorted(SortOrder { column: LOGIN, descending: false }, &values), [1, 3, 0, 2]);
        assert_eq!(sorted(SortOrder { column: LOGIN, descending: true }, &values), [2, 0, 1, 3], "ties keep arrival");
    }

    #[test]
    fn times_sort_as_times_and_missing_ones_come_last_both_ways() {
        let values = [
            ("a", Some("2026-03-02T09:00:00.000Z")),
            ("b", None),
            ("c", Some("2026-03-02T10:00:00+02:00")),
            ("d", Some("2026-03-01T23:00:00.000Z")),
        ];
        // c is 08:00 UTC: before a, though its text sorts after it.
        assert_eq!(sorted(SortOrder { column: LAST_LOGIN, descending: false }, &values), [3, 2, 0, 1]);
        assert_eq!(sorted(SortOrder { column: LAST_LOGIN, descending: true }, &values), [0, 2, 3, 1]);
    }

    #[test]
    fn rows_pushed_later_are_merged_into_place() {
        let values = [("d", None), ("b", None), ("e", None), ("a", None), ("c", None)];
        let (cells, raws) = users(&values);
        let columns = ListKind::Users.columns();
        let mut sorter = Sorter::default();
        let by = Some(SortOrder { column: LOGIN, descending: false });
        let rows = || cells.iter().map(Vec::as_slice).zip(&raws);
        sorter.set(by, columns, rows().take(2));
        sorter.push(columns, rows().skip(2));
        assert_eq!(sorter.arrange((0..5).collect(), 5), [3, 1, 4, 0, 2]);
        assert_eq!(sorter.arrange(vec![4, 0], 5), [4, 0], "a few rows are sorted by themselves");
        let visible = sorter.arrange(vec![1, 0], 5);
        assert_eq!(sorter.merge(&visible, vec![4, 3]), [3, 1, 4, 0]);
    }

    #[test]
    fn o_cycles_columns_then_directions_then_arrival_and_a_letter_reverses() {
        let mut order = None;
        let mut seen = Vec::new();
        for _ in 0..5 {
            order = SortOrder::cycled(order, 2);
            seen.push(order.map(|o| (o.column, o.descending)));
        }
        assert_eq!(seen, [Some((0, false)), Some((0, true)), Some((1, false)), Some((1, true)), None]);
        let by = SortOrder::by(None, 1);
        assert_eq!(SortOrder::by(Some(by), 1), SortOrder { column: 1, descending: true });
        assert_eq!(SortOrder::by(Some(by), 0), SortOrder { column: 0, descending: false });
    }
}
