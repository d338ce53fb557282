//! The browse lists' kinds and columns: where each is read from, which columns it shows
//! (the wide ones too), and which detail view a row opens.

use serde_json::Value;

use crate::okta::api::{self, groups::GroupQuery, users::UserQuery, Listing};
use crate::output::columns;
use crate::output::format::{text_at, Column};

/// A browsable list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    Users,
    Apps,
    Groups,
    Policies,
}

/// How a table column is sized on screen (`ui::widths` lays them out): its header, the
/// narrowest it is still worth showing at, the widest it asks for, how important it is, and
/// whether it takes the spare room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    pub header: &'static str,
    pub min: u16,
    pub max: u16,
    /// Lower is more important: gives room last; [`KEEP_WHOLE`] is cut last of all.
    pub priority: u8,
    pub grows: bool,
}

/// The priority of the columns kept whole while any other column can give way or hide.
pub const KEEP_WHOLE: u8 = 0;

impl ColumnSpec {
    /// A column of `header` between `min` and `max` cells, of `priority`.
    pub const fn new(header: &'static str, min: u16, max: u16, priority: u8) -> ColumnSpec {
        ColumnSpec { header, min, max, priority, grows: false }
    }

    /// The same column, taking the spare room.
    pub const fn growing(self) -> ColumnSpec {
        ColumnSpec { grows: true, ..self }
    }
}

/// How a column's rows compare when the list is sorted by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortAs {
    /// By the cell's text, case folded.
    Text,
    /// By the cell's number (cells that are none last).
    Number,
    /// By the time (RFC 3339) at this path of the object, not the text shown.
    Time(&'static str),
}

/// A column of a list: how it is sized, how to read the cell, the letter that sorts by it
/// (shift+letter; drawn underlined in the header), how it sorts, and whether only wide
/// mode (`W`) shows it.
#[derive(Debug, Clone, Copy)]
pub struct ListColumn {
    pub spec: ColumnSpec,
    pub cell: fn(&Value) -> String,
    /// Upper case, one of the header's letters, taken by no other key of the pane.
    pub letter: char,
    pub sort: SortAs,
    pub wide: bool,
}

impl ListColumn {
    /// A column sorted by its text.
    const fn new(spec: ColumnSpec, letter: char, cell: fn(&Value) -> String) -> ListColumn {
        ListColumn { spec, cell, letter, sort: SortAs::Text, wide: false }
    }

    /// Sorted by the time at `path` of the object.
    const fn time(self, path: &'static str) -> ListColumn {
        ListColumn { sort: SortAs::Time(path), ..self }
    }

    /// Sorted as a number.
    const fn number(self) -> ListColumn {
        ListColumn { sort: SortAs::Number, ..self }
    }

    /// Shown in wide mode only.
    const fn wide(self) -> ListColumn {
        ListColumn { wide: true, ..self }
    }
}

fn day_of(v: &Value, path: &str) -> String {
    let t = text_at(v, path);
    t.get(..16).map(|d| d.replace('T', " ")).unwrap_or(t)
}

// Widths by priority (issue 19): LAST LOGIN stays whole; STATUS and the less telling
// columns give room first. Wide mode adds the columns marked wide; their letters sort too.
const USER_COLUMNS: &[ListColumn] = &[
    ListColumn::new(ColumnSpec::new("STATUS", 6, 16, 3), 'S', |v| text_at(v, "status")),
    ListColumn::new(ColumnSpec::new("LOGIN", 12, 60, 1), 'L', |v| text_at(v, "profile.login")),
    ListColumn::new(ColumnSpec::new("NAME", 8, 40, 2).growing(), 'N', columns::user_name),
    ListColumn::new(ColumnSpec::new("LAST LOGIN", 16, 16, KEEP_WHOLE), 'A', |v| day_of(v, "lastLogin"))
        .time("lastLogin"),
    ListColumn::new(ColumnSpec::new("EMAIL", 24, 60, 6), 'E', |v| text_at(v, "profile.email")).wide(),
    ListColumn::new(ColumnSpec::new("DEPARTMENT", 11, 30, 4), 'D', |v| text_at(v, "profile.department")).wide(),
    ListColumn::new(ColumnSpec::new("CREATED", 16, 16, 4), 'C', |v| day_of(v, "created")).time("created").wide(),
    // An id is shown whole or not at all: cut, it names nothing.
    ListColumn::new(ColumnSpec::new("ID", 20, 20, 5), 'I', |v| text_at(v, "id")).wide(),
];

const APP_COLUMNS: &[ListColumn] = &[
    ListColumn::new(ColumnSpec::new("LABEL", 10, 50, 1), 'L', |v| text_at(v, "label")),
    ListColumn::new(ColumnSpec::new("SIGN-ON", 8, 24, 2), 'S', |v| text_at(v, "signOnMode")),
    ListColumn::new(ColumnSpec::new("STATUS", 6, 8, 3), 'T', |v| text_at(v, "status")),
    ListColumn::new(ColumnSpec::new("NAME", 8, 40, 2).growing(), 'N', |v| text_at(v, "name")),
    ListColumn::new(ColumnSpec::new("CREATED", 16, 16, 4), 'C', |v| day_of(v, "created")).time("created").wide(),
    ListColumn::new(ColumnSpec::new("ID", 20, 20, 4), 'I', |v| text_at(v, "id")).wide(),
];

const GROUP_COLUMNS: &[ListColumn] = &[
    ListColumn::new(ColumnSpec::new("NAME", 10, 50, 1), 'N', |v| text_at(v, "profile.name")),
    // A group type is at most 12 wide (`BUILT_IN`, `OKTA_GROUP`, `APP_GROUP`): kept whole.
    ListColumn::new(ColumnSpec::new("TYPE", 6, 12, KEEP_WHOLE), 'T', |v| text_at(v, "type")),
    ListColumn::new(ColumnSpec::new("DESCRIPTION", 10, 200, 2).growing(), 'D', |v| text_at(v, "profile.description")),
    ListColumn::new(ColumnSpec::new("MEMBERS CHANGED", 16, 16, 4), 'M', |v| day_of(v, "lastMembershipUpdated"))
        .time("lastMembershipUpdated")
        .wide(),
    ListColumn::new(ColumnSpec::new("CREATED", 16, 16, 4), 'C', |v| day_of(v, "created")).time("created").wide(),
    ListColumn::new(ColumnSpec::new("ID", 20, 20, 4), 'I', |v| text_at(v, "id")).wide(),
];

const POLICY_COLUMNS: &[ListColumn] = &[
    ListColumn::new(ColumnSpec::new("TYPE", 8, 24, 2), 'T', |v| text_at(v, "type")),
    ListColumn::new(ColumnSpec::new("PRIORITY", 3, 9, 3), 'P', |v| text_at(v, "priority")).number(),
    ListColumn::new(ColumnSpec::new("NAME", 10, 60, 1).growing(), 'N', |v| text_at(v, "name")),
    ListColumn::new(ColumnSpec::new("STATUS", 6, 8, 3), 'S', |v| text_at(v, "status")),
    ListColumn::new(ColumnSpec::new("CREATED", 16, 16, 4), 'C', |v| day_of(v, "created")).time("created").wide(),
    ListColumn::new(ColumnSpec::new("ID", 20, 20, 4), 'I', |v| text_at(v, "id")).wide(),
];

impl ListKind {
    /// All lists, in pane order.
    pub const ALL: [ListKind; 4] = [ListKind::Users, ListKind::Apps, ListKind::Groups, ListKind::Policies];

    /// The pane title.
    pub fn title(self) -> &'static str {
        match self {
            ListKind::Users => "Users",
            ListKind::Apps => "Apps",
            ListKind::Groups => "Groups",
            ListKind::Policies => "Policies",
        }
    }

    /// Every column of the pane, wide ones included (each row holds a cell of each).
    pub fn columns(self) -> &'static [ListColumn] {
        match self {
            ListKind::Users => USER_COLUMNS,
            ListKind::Apps => APP_COLUMNS,
            ListKind::Groups => GROUP_COLUMNS,
            ListKind::Policies => POLICY_COLUMNS,
        }
    }

    /// The full columns of the kind, as `oktui users|apps|groups|policies` prints them: every
    /// field of a row whole, with its id: what the describe view shows and `e` exports.
    pub fn export_columns(self) -> &'static [Column] {
        match self {
            ListKind::Users => columns::USERS,
            ListKind::Apps => columns::APPS,
            ListKind::Groups => columns::GROUPS,
            ListKind::Policies => columns::POLICIES,
        }
    }

    /// Each listing the pane streams (policies need one per type).
    pub fn listings(self) -> Vec<Listing> {
        match self {
            ListKind::Users => vec![api::users::list(&UserQuery::default())],
            ListKind::Apps => vec![api::apps::list(None, 200)],
            ListKind::Groups => vec![api::groups::list(&GroupQuery { limit: Some(200), ..GroupQuery::default() })],
            ListKind::Policies => api::policies::TYPES.iter().map(|t| api::policies::list(t)).collect(),
        }
    }

    /// The text a row is known by in a breadcrumb.
    pub fn row_name(self, v: &Value) -> String {
        match self {
            ListKind::Users => {
                let name = columns::user_name(v);
                if name.is_empty() {
                    text_at(v, "profile.login")
                } else {
                    name
                }
            }
            ListKind::Apps => text_at(v, "label"),
            ListKind::Groups => text_at(v, "profile.name"),
            ListKind::Policies => text_at(v, "name"),
        }
    }
}
