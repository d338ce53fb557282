//! The four browse lists (users, apps, groups, policies): where each is read from, which
//! columns it shows, and which detail view a row opens.

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

/// A column of a list: how it is sized, and how to read the cell.
#[derive(Debug, Clone, Copy)]
pub struct ListColumn {
    pub spec: ColumnSpec,
    pub cell: fn(&Value) -> String,
}

fn name_of(v: &Value) -> String {
    format!("{} {}", text_at(v, "profile.firstName"), text_at(v, "profile.lastName")).trim().to_string()
}

fn day_of(v: &Value, path: &str) -> String {
    let t = text_at(v, path);
    t.get(..16).map(|d| d.replace('T', " ")).unwrap_or(t)
}

// Widths by priority (issue 19): LAST LOGIN stays whole; STATUS and the less telling
// columns give room first.
const USER_COLUMNS: &[ListColumn] = &[
    ListColumn { spec: ColumnSpec::new("STATUS", 6, 16, 3), cell: |v| text_at(v, "status") },
    ListColumn { spec: ColumnSpec::new("LOGIN", 12, 60, 1), cell: |v| text_at(v, "profile.login") },
    ListColumn { spec: ColumnSpec::new("NAME", 8, 40, 2).growing(), cell: name_of },
    ListColumn { spec: ColumnSpec::new("LAST LOGIN", 16, 16, KEEP_WHOLE), cell: |v| day_of(v, "lastLogin") },
];

const APP_COLUMNS: &[ListColumn] = &[
    ListColumn { spec: ColumnSpec::new("LABEL", 10, 50, 1), cell: |v| text_at(v, "label") },
    ListColumn { spec: ColumnSpec::new("SIGN-ON", 8, 24, 2), cell: |v| text_at(v, "signOnMode") },
    ListColumn { spec: ColumnSpec::new("STATUS", 6, 8, 3), cell: |v| text_at(v, "status") },
    ListColumn { spec: ColumnSpec::new("NAME", 8, 40, 2).growing(), cell: |v| text_at(v, "name") },
];

const GROUP_COLUMNS: &[ListColumn] = &[
    ListColumn { spec: ColumnSpec::new("NAME", 10, 50, 1), cell: |v| text_at(v, "profile.name") },
    // A group type is at most 12 wide (`BUILT_IN`, `OKTA_GROUP`, `APP_GROUP`): kept whole.
    ListColumn { spec: ColumnSpec::new("TYPE", 6, 12, KEEP_WHOLE), cell: |v| text_at(v, "type") },
    ListColumn {
        spec: ColumnSpec::new("DESCRIPTION", 10, 200, 2).growing(),
        cell: |v| text_at(v, "profile.description"),
    },
];

const POLICY_COLUMNS: &[ListColumn] = &[
    ListColumn { spec: ColumnSpec::new("TYPE", 8, 24, 2), cell: |v| text_at(v, "type") },
    ListColumn { spec: ColumnSpec::new("PRIORITY", 3, 8, 3), cell: |v| text_at(v, "priority") },
    ListColumn { spec: ColumnSpec::new("NAME", 10, 60, 1).growing(), cell: |v| text_at(v, "name") },
    ListColumn { spec: ColumnSpec::new("STATUS", 6, 8, 3), cell: |v| text_at(v, "status") },
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

    /// The columns shown.
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
                let name = name_of(v);
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
