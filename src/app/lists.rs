//! The four browse lists (users, apps, groups, policies): where each is read from, which
//! columns it shows, and which detail view a row opens.

use serde_json::Value;

use crate::headless::output::text_at;
use crate::okta::POLICY_TYPES;

/// A browsable list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    Users,
    Apps,
    Groups,
    Policies,
}

/// How wide a column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Exactly this many cells (timestamps, statuses).
    Fixed(u16),
    /// A share of what the fixed columns leave.
    Share(u16),
}

/// A column of a list: its header, its width, and how to read the cell.
#[derive(Debug, Clone, Copy)]
pub struct ListColumn {
    pub header: &'static str,
    pub width: Width,
    pub cell: fn(&Value) -> String,
}

fn name_of(v: &Value) -> String {
    format!("{} {}", text_at(v, "profile.firstName"), text_at(v, "profile.lastName")).trim().to_string()
}

fn day_of(v: &Value, path: &str) -> String {
    let t = text_at(v, path);
    t.get(..16).map(|d| d.replace('T', " ")).unwrap_or(t)
}

const USER_COLUMNS: &[ListColumn] = &[
    ListColumn { header: "STATUS", width: Width::Fixed(13), cell: |v| text_at(v, "status") },
    ListColumn { header: "LOGIN", width: Width::Share(32), cell: |v| text_at(v, "profile.login") },
    ListColumn { header: "NAME", width: Width::Share(22), cell: name_of },
    ListColumn { header: "LAST LOGIN", width: Width::Fixed(16), cell: |v| day_of(v, "lastLogin") },
];

const APP_COLUMNS: &[ListColumn] = &[
    ListColumn { header: "LABEL", width: Width::Share(30), cell: |v| text_at(v, "label") },
    ListColumn { header: "SIGN-ON", width: Width::Share(20), cell: |v| text_at(v, "signOnMode") },
    ListColumn { header: "STATUS", width: Width::Fixed(8), cell: |v| text_at(v, "status") },
    ListColumn { header: "NAME", width: Width::Share(20), cell: |v| text_at(v, "name") },
];

const GROUP_COLUMNS: &[ListColumn] = &[
    ListColumn { header: "NAME", width: Width::Share(28), cell: |v| text_at(v, "profile.name") },
    ListColumn { header: "TYPE", width: Width::Share(12), cell: |v| text_at(v, "type") },
    ListColumn { header: "DESCRIPTION", width: Width::Share(40), cell: |v| text_at(v, "profile.description") },
];

const POLICY_COLUMNS: &[ListColumn] = &[
    ListColumn { header: "TYPE", width: Width::Share(20), cell: |v| text_at(v, "type") },
    ListColumn { header: "PRIORITY", width: Width::Fixed(8), cell: |v| text_at(v, "priority") },
    ListColumn { header: "NAME", width: Width::Share(36), cell: |v| text_at(v, "name") },
    ListColumn { header: "STATUS", width: Width::Fixed(8), cell: |v| text_at(v, "status") },
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
    /// field of a row whole, with its id (the describe view shows these).
    pub fn export_columns(self) -> &'static [crate::headless::output::Column] {
        use crate::headless::columns;
        match self {
            ListKind::Users => columns::USERS,
            ListKind::Apps => columns::APPS,
            ListKind::Groups => columns::GROUPS,
            ListKind::Policies => columns::POLICIES,
        }
    }

    /// The first page of each listing the pane streams (policies need one per type).
    pub fn paths(self) -> Vec<String> {
        match self {
            ListKind::Users => vec!["/api/v1/users?limit=200".into()],
            ListKind::Apps => vec!["/api/v1/apps?limit=200".into()],
            ListKind::Groups => vec!["/api/v1/groups?limit=200".into()],
            ListKind::Policies => POLICY_TYPES.iter().map(|t| format!("/api/v1/policies?type={t}")).collect(),
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
