//! A browse list's state: its rows as they stream in, the filtered and sorted view, the
//! selection, wide mode and the load.

use std::collections::HashSet;

use serde_json::Value;

use super::columns::ListKind;
use crate::app::filter::SearchIndex;
use crate::app::sort::{SortOrder, Sorter};
use crate::app::state::Load;
use crate::sanitize::clean;

/// One row of a list, its cells already sanitised, so drawing and filtering never touch
/// raw JSON (the list's [`SearchIndex`] holds its filter text).
#[derive(Debug, Clone)]
pub struct ListRow {
    pub id: String,
    pub cells: Vec<String>,
    pub name: String,
    pub raw: Value,
}

impl ListRow {
    /// Builds a row of `kind` from an Okta object.
    pub fn new(kind: ListKind, raw: Value) -> ListRow {
        let cells: Vec<String> = kind.columns().iter().map(|c| clean(&(c.cell)(&raw)).into_owned()).collect();
        let id = raw.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
        let name = clean(&kind.row_name(&raw)).into_owned();
        ListRow { id, cells, name, raw }
    }
}

/// A list pane: rows as they stream in, the filtered view, the selection and the load state.
#[derive(Debug, Clone)]
pub struct ListState {
    pub kind: ListKind,
    pub rows: Vec<ListRow>,
    /// Indices into `rows` that pass the filter, in order.
    pub visible: Vec<usize>,
    pub filter: String,
    /// Position in `visible`.
    pub selected: usize,
    /// First visible row drawn (kept by the renderer's viewport logic).
    pub offset: usize,
    pub load: Load,
    /// The generation of the load whose pages are accepted.
    pub generation: u64,
    /// Ids already in `rows`: a server search and the streaming listing may both bring a
    /// user, who is shown once.
    ids: HashSet<String>,
    /// The rows' filter text (of the columns shown without wide mode).
    search: SearchIndex,
    /// The sort order and the rows' indices in it.
    sorter: Sorter,
    /// Wide mode (`W`): the columns marked wide are shown too.
    pub wide: bool,
}

impl ListState {
    /// An empty, not yet loaded list.
    pub fn new(kind: ListKind) -> Self {
        ListState {
            kind,
            rows: Vec::new(),
            visible: Vec::new(),
            filter: String::new(),
            selected: 0,
            offset: 0,
            load: Load::Idle,
            generation: 0,
            ids: HashSet::new(),
            search: SearchIndex::default(),
            sorter: Sorter::default(),
            wide: false,
        }
    }

    /// The text the filter looks in: the cells of the columns shown without wide mode.
    fn filter_text(kind: ListKind, row: &ListRow) -> impl Iterator<Item = &str> {
        row.cells.iter().zip(kind.columns()).filter(|(_, c)| !c.wide).map(|(cell, _)| cell.as_str())
    }

    /// Appends a page, keeping the filter applied and the rows in the sort order (the page
    /// is sorted alone and merged in); the selection stays on its row.
    pub fn push_page(&mut self, items: Vec<Value>) {
        let selected = self.visible.get(self.selected).copied();
        let first = self.rows.len();
        let mut matched = Vec::new();
        for raw in items {
            let row = ListRow::new(self.kind, raw);
            if !row.id.is_empty() && !self.ids.insert(row.id.clone()) {
                continue;
            }
            let index = self.rows.len();
            self.search.push(Self::filter_text(self.kind, &row));
            if self.search.row_matches(index, &self.filter) {
                matched.push(index);
            }
            self.rows.push(row);
        }
        let new = self.rows.get(first..).unwrap_or_default();
        self.sorter.push(self.kind.columns(), new.iter().map(|r| (r.cells.as_slice(), &r.raw)));
        self.visible = self.sorter.merge(&self.visible, matched);
        self.reselect(selected);
    }

    /// Applies a new filter (case-insensitive words, all must match). Typing one more
    /// character only narrows: then only the rows still visible are searched again.
    pub fn set_filter(&mut self, filter: &str) {
        let narrowing = !self.filter.is_empty() && filter.starts_with(self.filter.as_str());
        self.filter = filter.to_string();
        let matched = self.search.matching(filter, narrowing.then_some(self.visible.as_slice()));
        self.visible = self.sorter.arrange(matched, self.rows.len());
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    /// What the list is sorted by, if anything (else rows are in the order they came).
    pub fn sort_order(&self) -> Option<SortOrder> {
        self.sorter.order()
    }

    /// Sorts the rows by `by` (or puts them back in the order they came), keeping the
    /// filter and the selected row.
    pub fn sort_by(&mut self, by: Option<SortOrder>) {
        let selected = self.visible.get(self.selected).copied();
        self.sorter.set(by, self.kind.columns(), self.rows.iter().map(|r| (r.cells.as_slice(), &r.raw)));
        let visible = std::mem::take(&mut self.visible);
        self.visible = self.sorter.arrange(visible, self.rows.len());
        self.reselect(selected);
    }

    /// Puts the selection back on row `row` when it is still shown.
    fn reselect(&mut self, row: Option<usize>) {
        if let Some(at) = row.and_then(|row| self.visible.iter().position(|&i| i == row)) {
            self.selected = at;
        }
    }

    /// Starts over for a new load.
    pub fn reset(&mut self, generation: u64) {
        self.rows.clear();
        self.ids.clear();
        self.search.clear();
        self.sorter.clear();
        self.visible.clear();
        self.selected = 0;
        self.offset = 0;
        self.generation = generation;
        self.load = Load::Loading;
    }

    /// The selected row, if any.
    pub fn selected_row(&self) -> Option<&ListRow> {
        self.visible.get(self.selected).and_then(|i| self.rows.get(*i))
    }

    /// Scrolls so the selection stays within `rows` visible rows.
    pub fn keep_in_view(&mut self, rows: usize) {
        self.offset = crate::app::viewport::scrolled(self.selected, self.offset, rows);
        self.offset = self.offset.min(self.visible.len().saturating_sub(1));
    }

    /// Sets the status of the row of user `id` (after an action re-read it).
    pub fn set_status(&mut self, id: &str, status: &str) {
        let kind = self.kind;
        if let Some(row) = self.rows.iter_mut().find(|r| r.id == id) {
            let mut raw = row.raw.clone();
            raw["status"] = Value::String(status.to_string());
            *row = ListRow::new(kind, raw);
            // Rare (an action's outcome): the index is made again, so the filter finds the
            // new status, and the rows sorted again.
            let selected = self.visible.get(self.selected).copied();
            self.search.rebuild(self.rows.iter().map(|row| Self::filter_text(kind, row)));
            self.visible = self.search.matching(&self.filter, None);
            self.selected = selected.and_then(|row| self.visible.iter().position(|&i| i == row)).unwrap_or(0);
            self.sort_by(self.sorter.order());
        }
    }

    /// Moves the selection by `delta` rows, clamped.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = crate::app::viewport::moved(self.selected, self.visible.len(), delta);
    }
}
