//! The local filter of the console's lists (`/`): every word typed must appear, case
//! folded, in a row's cells. The rows' search texts sit end to end in one string, so a
//! keystroke over 100,000 users is one SIMD substring scan (`memchr::memmem`) for the
//! longest word, which moves on to the next row once it is found in one, instead of a search
//! set up anew for each row; a keystroke that only narrows the filter looks again at the
//! rows still shown when they are few. Each word's searcher is built once a keystroke.

use memchr::memmem::Finder;

/// Between two rows' texts: a cleaned cell never holds it, so no word matches across rows.
const SEPARATOR: char = '\0';

/// The lower-cased search text of every row of a list, in row order.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    text: String,
    /// Where each row's text starts in `text`.
    starts: Vec<usize>,
}

impl SearchIndex {
    /// Adds the next row, its cells joined by spaces.
    pub fn push<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        self.starts.push(self.text.len());
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.text.push(' ');
            }
            self.text.extend(cell.chars().flat_map(char::to_lowercase).filter(|c| *c != SEPARATOR));
        }
        self.text.push(SEPARATOR);
    }

    /// Holds `rows` (each its cells) instead of the rows it held.
    pub fn rebuild<'a, R: IntoIterator<Item = &'a str>>(&mut self, rows: impl IntoIterator<Item = R>) {
        self.clear();
        for cells in rows {
            self.push(cells);
        }
    }

    /// Forgets every row.
    pub fn clear(&mut self) {
        self.text.clear();
        self.starts.clear();
    }

    /// How many rows it holds.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether it holds no row.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Row `i`'s text (empty past the end).
    fn row(&self, i: usize) -> &str {
        let Some(&start) = self.starts.get(i) else { return "" };
        let end = self.starts.get(i + 1).map_or(self.text.len(), |next| next.saturating_sub(1));
        self.text.get(start..end.max(start)).unwrap_or("")
    }

    /// The rows, in order, whose text holds every word of `filter` (split on white space,
    /// case folded). `narrowed`, when given, is what a filter this one narrows matched (a
    /// prefix of it, in ascending order): the answer is among those rows, so when they are
    /// few only they are looked at.
    pub fn matching(&self, filter: &str, narrowed: Option<&[usize]>) -> Vec<usize> {
        let words = Words::of(filter);
        if words.finders.is_empty() {
            return narrowed.map_or_else(|| (0..self.len()).collect(), <[usize]>::to_vec);
        }
        match narrowed {
            // Looking again at a few rows is cheaper than a scan; at many, the scan for the
            // longest word (which skips a row once found in it) is.
            Some(rows) if rows.len().saturating_mul(FEW) < self.len() => {
                rows.iter().copied().filter(|&i| words.all_in(self.row(i), None)).collect()
            }
            _ => self.scan(&words),
        }
    }

    /// Whether row `i` holds every word of `filter`.
    pub fn row_matches(&self, i: usize, filter: &str) -> bool {
        Words::of(filter).all_in(self.row(i), None)
    }

    /// One pass over the whole text for the longest word (the likeliest to be rare): at each
    /// row it is found in, the other words are looked for in that row alone, and the pass goes
    /// on from the next row.
    fn scan(&self, words: &Words) -> Vec<usize> {
        let Some(longest) = words.longest() else { return Vec::new() };
        let text = self.text.as_bytes();
        let mut out: Vec<usize> = Vec::new();
        let mut row = 0;
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(|rest| words.finders[longest].find(rest)) {
            let at = from.saturating_add(found);
            while self.starts.get(row + 1).is_some_and(|&next| next <= at) {
                row += 1;
            }
            let next = self.starts.get(row + 1).copied().unwrap_or(text.len());
            // A hit running into the separator is no hit (a word holding `\0`).
            let within = at.saturating_add(words.finders[longest].needle().len()) < next;
            if within && words.all_in(self.row(row), Some(longest)) {
                out.push(row);
            }
            if next >= text.len() {
                break;
            }
            from = next;
        }
        out
    }
}

/// A narrowing filter looks again only at its previous rows when they are fewer than one
/// in `FEW` of all rows.
const FEW: usize = 4;

/// The words of a filter, each with its searcher built once.
struct Words {
    finders: Vec<Finder<'static>>,
}

impl Words {
    fn of(filter: &str) -> Words {
        let finders =
            filter.split_whitespace().map(|w| Finder::new(w.to_lowercase().as_bytes()).into_owned()).collect();
        Words { finders }
    }

    /// The index of the longest word.
    fn longest(&self) -> Option<usize> {
        (0..self.finders.len()).max_by_key(|&i| self.finders[i].needle().len())
    }

    /// Whether every word, but the one already found (`found`), is in `text`.
    fn all_in(&self, text: &str, found: Option<usize>) -> bool {
        self.finders.iter().enumerate().all(|(i, f)| Some(i) == found || f.find(text.as_bytes()).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(rows: &[&[&str]]) -> SearchIndex {
        let mut index = SearchIndex::default();
        for cells in rows {
            index.push(cells.iter().copied());
        }
        index
    }

    #[test]
    fn every_word_must_appear_in_one_row_whatever_the_case() {
        let index = index(&[
            &["ACTIVE", "ana.silva@acme.example", "Ana Silva"],
            &["SUSPENDED", "bruno.okafor@acme.example", "Bruno Okafor"],
            &["ACTIVE", "anabel.ruiz@acme.example", "Anabel Ruiz"],
        ]);
        assert_eq!(index.matching("ana", None), vec![0, 2]);
        assert_eq!(index.matching("ANA active", None), vec![0, 2]);
        assert_eq!(index.matching("ana suspended", None), Vec::<usize>::new());
        assert_eq!(index.matching("okafor suspended", None), vec![1]);
        assert_eq!(index.matching("", None), vec![0, 1, 2]);
        assert_eq!(index.matching("  ", Some(&[2])), vec![2]);
        assert_eq!(index.matching("ana active", Some(&[0, 2])), vec![0, 2], "a narrowing of the rows of `ana`");
        assert!(index.row_matches(1, "bruno okafor") && !index.row_matches(1, "ana"));
    }

    #[test]
    fn a_word_never_matches_across_two_rows_or_cells_joined() {
        let index = index(&[&["ends with ab"], &["cd starts"]]);
        assert_eq!(index.matching("abcd", None), Vec::<usize>::new());
        assert_eq!(index.matching("ab\0cd", None), Vec::<usize>::new());
        let cells = index_of_cells();
        assert_eq!(cells.matching("a b", None), vec![0], "cells are joined by a space");
        assert_eq!(cells.matching("ab", None), Vec::<usize>::new());
    }

    fn index_of_cells() -> SearchIndex {
        index(&[&["a", "b"]])
    }

    #[test]
    fn a_row_found_several_times_is_listed_once() {
        let index = index(&[&["x x x"], &["y"], &["x"]]);
        assert_eq!(index.matching("x", None), vec![0, 2]);
    }

    proptest::proptest! {
        /// The index answers as a search of each row's own text does.
        #[test]
        fn the_index_agrees_with_a_search_of_each_row(
            rows in proptest::collection::vec(proptest::collection::vec("[a-cA-C ]{0,6}", 0..3), 0..20),
            filter in "[a-cA-C ]{0,5}",
            typed in 0..6usize,
        ) {
            let mut index = SearchIndex::default();
            for cells in &rows {
                index.push(cells.iter().map(String::as_str));
            }
            let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
            let expected: Vec<usize> = rows
                .iter()
                .enumerate()
                .filter(|(_, cells)| {
                    let text = cells.join(" ").to_lowercase();
                    words.iter().all(|w| text.contains(w.as_str()))
                })
                .map(|(i, _)| i)
                .collect();
            proptest::prop_assert_eq!(index.matching(&filter, None), expected.clone());
            let all: Vec<usize> = (0..rows.len()).collect();
            proptest::prop_assert_eq!(index.matching(&filter, Some(&all)), expected.clone());
            let before = index.matching(&filter[..typed.min(filter.len())], None);
            proptest::prop_assert_eq!(index.matching(&filter, Some(&before)), expected);
        }
    }
}
