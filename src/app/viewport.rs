//! The selection and scroll arithmetic every virtualised list shares (the browse lists, the
//! System Log, the MFA gaps): one place, so they all move and scroll alike.

use super::keys::KeyAction;

/// The rows a motion key moves a list's selection by, `page` rows a page (the ends are
/// far enough to clamp to); `None` for a key that is not a motion.
pub fn motion(action: KeyAction, page: isize) -> Option<isize> {
    match action {
        KeyAction::Up => Some(-1),
        KeyAction::Down => Some(1),
        KeyAction::PageUp => Some(-page),
        KeyAction::PageDown => Some(page),
        KeyAction::Top => Some(isize::MIN / 2),
        KeyAction::Bottom => Some(isize::MAX / 2),
        _ => None,
    }
}

/// The selection after moving `delta` rows in a list of `len`, clamped to its ends.
pub fn moved(selected: usize, len: usize, delta: isize) -> usize {
    let last = len.saturating_sub(1) as isize;
    (selected as isize).saturating_add(delta).clamp(0, last.max(0)) as usize
}

/// The first row to draw so that `selected` stays within `rows` rows, scrolling as little
/// as possible from `offset`.
pub fn scrolled(selected: usize, offset: usize, rows: usize) -> usize {
    let rows = rows.max(1);
    if selected < offset {
        selected
    } else if selected >= offset + rows {
        selected + 1 - rows
    } else {
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_clamp_and_scrolling_keeps_the_selection_in_view() {
        assert_eq!(moved(3, 10, -5), 0);
        assert_eq!(moved(3, 10, isize::MAX / 2), 9);
        assert_eq!(moved(0, 0, 1), 0);
        assert_eq!(scrolled(12, 0, 10), 3);
        assert_eq!(scrolled(2, 5, 10), 2);
        assert_eq!(scrolled(7, 5, 10), 5);
    }
}
