//! A detail view's state: the sections of one object and how far they are scrolled.

use crate::app::state::Load;

/// A section of a detail view: a title and its lines (already sanitised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub lines: Vec<String>,
}

/// A loaded detail view.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Detail {
    pub sections: Vec<Section>,
    /// A user's factor ids, in the order of the lines of its `Factors` section (for `x`).
    pub factor_ids: Vec<String>,
}

/// The detail pane: what it shows and how far it is scrolled.
#[derive(Debug, Clone)]
pub struct DetailState {
    pub generation: u64,
    pub load: Load,
    pub detail: Option<Detail>,
    pub scroll: u16,
    /// The selected factor of a user's detail (an index into [`Detail::factor_ids`]).
    pub factor: usize,
}

impl DetailState {
    /// A detail being read by the load of `generation`.
    pub fn loading(generation: u64) -> DetailState {
        DetailState { generation, load: Load::Loading, detail: None, scroll: 0, factor: 0 }
    }

    /// The id of the selected factor of a user's detail, if it lists one.
    pub fn selected_factor(&self) -> Option<&str> {
        self.detail.as_ref()?.factor_ids.get(self.factor).map(String::as_str)
    }

    /// Lines as `ui::detail` draws them: a status line while loading or after a failure,
    /// then per section its title, its lines (or one saying none) and a blank line.
    pub fn line_count(&self) -> usize {
        let status = usize::from(self.load != Load::Done);
        let sections = self.detail.as_ref().map_or(0, |d| d.sections.iter().map(|s| s.lines.len().max(1) + 2).sum());
        status + sections
    }

    /// The furthest scroll that still fills `height` rows (`G` stops there).
    pub fn max_scroll(&self, height: usize) -> u16 {
        u16::try_from(self.line_count().saturating_sub(height)).unwrap_or(u16::MAX)
    }
}
