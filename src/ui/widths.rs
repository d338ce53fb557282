//! Column widths by priority: every column asks for the width of its widest cell on screen
//! (its ideal, at least its header) and keeps it while the table fits; when it does not,
//! the least important columns give room first, down to their minimum, and are hidden last
//! of all. Room left over goes to the column marked to take it. So at 80 columns the event
//! type, IP and time of a log line stay whole while the target and country give way.

use unicode_width::UnicodeWidthStr;

pub use crate::app::lists::{ColumnSpec, KEEP_WHOLE};

/// The widths of `specs` in `room` cells (one cell between columns) for the rows on screen:
/// each column asks for its widest cell (at least its header, at most its `max`).
pub fn table_widths<'a, R>(room: u16, specs: &[ColumnSpec], rows: impl IntoIterator<Item = R>) -> Vec<u16>
where
    R: IntoIterator<Item = &'a str>,
{
    let mut widest: Vec<usize> = specs.iter().map(|s| s.header.width()).collect();
    for row in rows {
        for (w, cell) in widest.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let wants: Vec<Want> = specs
        .iter()
        .zip(&widest)
        .map(|(s, w)| Want {
            ideal: u16::try_from(*w).unwrap_or(u16::MAX).min(s.max),
            min: s.min,
            priority: s.priority,
            grows: s.grows,
        })
        .collect();
    allocate(room, 1, &wants)
}

/// What one column asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Want {
    /// The width that shows every cell whole.
    pub ideal: u16,
    /// Below this the column is hidden rather than cut further.
    pub min: u16,
    /// Lower is more important: gives room last. [`KEEP_WHOLE`] columns are cut only when
    /// every other column is hidden and they still do not fit.
    pub priority: u8,
    /// Takes the room the others leave (the last shown such column does).
    pub grows: bool,
}

/// The width of each column in `room` cells with `spacing` between shown columns; a hidden
/// column gets 0 (and no spacing). First the columns that may be cut give room, least
/// important first, and are hidden one by one while that is not enough; only then are the
/// [`KEEP_WHOLE`] ones cut too.
pub fn allocate(room: u16, spacing: u16, wants: &[Want]) -> Vec<u16> {
    let mut order: Vec<usize> = (0..wants.len()).collect();
    // Least important first; among equals, the rightmost first.
    order.sort_by_key(|&i| (std::cmp::Reverse(wants[i].priority), std::cmp::Reverse(i)));
    let cuttable: Vec<usize> = order.iter().copied().filter(|&i| wants[i].priority != KEEP_WHOLE).collect();
    let mut shown: Vec<bool> = vec![true; wants.len()];
    for hide in std::iter::once(None).chain(cuttable.iter().map(Some)) {
        if let Some(&i) = hide {
            shown[i] = false;
        }
        if let Some(widths) = fit(room, spacing, wants, &shown, &cuttable) {
            return widths;
        }
    }
    // The whole columns alone do not fit: everything gives way, in order.
    let mut shown: Vec<bool> = vec![true; wants.len()];
    for hide in std::iter::once(None).chain(order.iter().map(Some)) {
        if let Some(&i) = hide {
            shown[i] = false;
        }
        if let Some(widths) = fit(room, spacing, wants, &shown, &order) {
            return widths;
        }
    }
    vec![0; wants.len()]
}

/// The widths of the `shown` columns when the columns of `cut`, in that order, give room
/// down to their minimum; `None` when that is not enough.
fn fit(room: u16, spacing: u16, wants: &[Want], shown: &[bool], cut: &[usize]) -> Option<Vec<u16>> {
    let mut widths: Vec<u16> = wants.iter().zip(shown).map(|(w, s)| if *s { w.ideal.max(w.min) } else { 0 }).collect();
    for &i in cut.iter().filter(|&&i| shown[i]) {
        let over = used(&widths, shown, spacing).saturating_sub(u32::from(room));
        let give = u32::from(widths[i].saturating_sub(wants[i].min)).min(over);
        widths[i] = widths[i].saturating_sub(u16::try_from(give).unwrap_or(u16::MAX));
    }
    let spare = u32::from(room).checked_sub(used(&widths, shown, spacing))?;
    if let Some(i) = (0..wants.len()).rev().find(|&i| wants[i].grows && shown[i]) {
        widths[i] = widths[i].saturating_add(u16::try_from(spare).unwrap_or(u16::MAX));
    }
    Some(widths)
}

/// Cells the shown columns take, with the spacing between them.
fn used(widths: &[u16], shown: &[bool], spacing: u16) -> u32 {
    let n = shown.iter().filter(|s| **s).count() as u32;
    let cells: u32 = widths.iter().zip(shown).filter(|(_, s)| **s).map(|(w, _)| u32::from(*w)).sum();
    cells + n.saturating_sub(1) * u32::from(spacing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(ideal: u16, min: u16, priority: u8) -> Want {
        Want { ideal, min, priority, grows: false }
    }

    #[test]
    fn everything_fits_whole_and_the_rest_goes_to_the_growing_column() {
        let wants = [want(5, 3, 1), Want { grows: true, ..want(4, 3, 2) }];
        assert_eq!(allocate(20, 1, &wants), [5, 14]);
    }

    #[test]
    fn the_least_important_column_shrinks_first_then_the_next() {
        let wants = [want(10, 4, 1), want(10, 4, 3), want(10, 4, 2)];
        assert_eq!(allocate(28, 1, &wants), [10, 6, 10]);
        assert_eq!(allocate(22, 1, &wants), [10, 4, 6]);
    }

    #[test]
    fn columns_are_hidden_before_a_whole_one_is_cut() {
        let wants = [want(10, 8, KEEP_WHOLE), want(10, 6, 2), Want { grows: true, ..want(4, 3, 1) }];
        assert_eq!(allocate(23, 1, &wants), [10, 7, 4]);
        assert_eq!(allocate(15, 1, &wants), [10, 0, 4], "the less important one is hidden");
        assert_eq!(allocate(12, 1, &wants), [10, 0, 0]);
        assert_eq!(allocate(9, 1, &wants), [9, 0, 0], "alone, a whole column is cut at last");
        assert_eq!(allocate(5, 1, &wants), [0, 0, 0]);
    }
}
