//! The answer as rows: the users with gaps, admins without strong MFA first, and the one
//! CSV/JSON/table form that `oktui mfa-gaps` prints and the console exports.

use std::io::Write;

use serde_json::{json, Value};

use super::cache::{SweepRecord, UserMfa};
use super::classify::{factors_cell, MfaClass};
use crate::output::format::{self, Column, Format};
use crate::output::{csv::CsvWriter, json};
use crate::sanitize::clean_with_limit;

/// The CSV columns, in order.
pub const COLUMNS: [&str; 7] = ["login", "name", "status", "class", "admin", "factors", "last_login"];

/// The users to report: class `none` (and `weak_only` with `include_weak`), plus those whose
/// factors Okta refused to show (`unknown`, listed as such, never as a gap). Admins first,
/// then by class (`none`, `weak_only`, `unknown`), then by login.
pub fn gap_rows(record: &SweepRecord, include_weak: bool) -> Vec<&UserMfa> {
    let mut rows: Vec<&UserMfa> = record
        .users
        .iter()
        .filter(|u| u.class.is_some_and(|c| c.is_gap(include_weak) || c == MfaClass::Unknown))
        .collect();
    rows.sort_by(|a, b| {
        let key = |u: &UserMfa| (u.admin != Some(true), u.class, u.login.to_lowercase());
        key(a).cmp(&key(b))
    });
    rows
}

/// The admin cell: `true`, `false`, or empty when roles could not be read.
pub fn admin_cell(u: &UserMfa) -> &'static str {
    match u.admin {
        Some(true) => "true",
        Some(false) => "false",
        None => "",
    }
}

/// One row's cells, in [`COLUMNS`] order, sanitised.
pub fn cells(u: &UserMfa) -> [String; 7] {
    let clean = |s: &str| clean_with_limit(s, usize::MAX).into_owned();
    [
        clean(&u.login),
        clean(&u.name),
        clean(&u.status),
        u.class.map_or("", MfaClass::as_str).to_string(),
        admin_cell(u).to_string(),
        clean(&factors_cell(&u.factors)),
        clean(u.last_login.as_deref().unwrap_or("")),
    ]
}

/// One row as a JSON object with the CSV's keys (`factors` as an array of `type:status`,
/// `admin` a boolean or null, `last_login` a string or null).
pub fn json_row(u: &UserMfa) -> Value {
    let [login, name, status, class, _, _, _] = cells(u);
    json!({
        "login": login,
        "name": name,
        "status": status,
        "class": class,
        "admin": u.admin,
        "factors": u.factors.iter().map(|f| clean_with_limit(&f.label(), usize::MAX).into_owned()).collect::<Vec<_>>(),
        "last_login": u.last_login.as_deref().map(|s| clean_with_limit(s, usize::MAX).into_owned()),
    })
}

/// Writes the CSV: a header row, then one row per user, through oktui's one CSV writer (a
/// cell that would run as a formula gets a leading `'`); `oktui mfa-gaps` and the pane's
/// export write the same.
pub fn write_csv(out: &mut impl Write, rows: &[&UserMfa]) -> std::io::Result<()> {
    let mut w = CsvWriter::new(out);
    w.row(COLUMNS)?;
    for u in rows {
        w.row(cells(u))?;
    }
    w.flush()
}

/// Writes one JSON array of [`json_row`]s.
pub fn write_json(out: &mut impl Write, rows: &[&UserMfa]) -> std::io::Result<()> {
    let items: Vec<Value> = rows.iter().map(|u| json_row(u)).collect();
    json::write_pretty(out, &items)
}

/// Writes `rows` in `format` (`jsonl`: one object per line), tables fitted to `width`.
pub fn write(out: &mut impl Write, format: Format, rows: &[&UserMfa], width: usize) -> std::io::Result<()> {
    match format {
        Format::Csv => write_csv(out, rows),
        Format::Json => write_json(out, rows),
        Format::Jsonl => rows.iter().try_for_each(|u| json::write_line(&mut *out, &json_row(u))),
        Format::Table => {
            let items: Vec<Value> =
                rows.iter().map(|u| Value::Array(cells(u).into_iter().map(Value::String).collect())).collect();
            format::write(out, Format::Table, &TABLE, &items, width)
        }
    }
}

fn cell_at<const I: usize>(v: &Value) -> String {
    v.get(I).and_then(Value::as_str).unwrap_or_default().to_string()
}

const TABLE: [Column; 7] = [
    Column { header: "login", cell: cell_at::<0> },
    Column { header: "name", cell: cell_at::<1> },
    Column { header: "status", cell: cell_at::<2> },
    Column { header: "class", cell: cell_at::<3> },
    Column { header: "admin", cell: cell_at::<4> },
    Column { header: "factors", cell: cell_at::<5> },
    Column { header: "last_login", cell: cell_at::<6> },
];

/// A one-line summary for stderr: counts by class, unknown and deleted users, the age.
pub fn summary(record: &SweepRecord, now: chrono::DateTime<chrono::Utc>) -> String {
    let oldest = record.users.iter().filter_map(|u| u.fetched_at).min();
    let age = oldest.map(|t| format!(", oldest answer {}", super::age(now - t))).unwrap_or_default();
    format!(
        "{} users: {} none, {} weak only, {} strong, {} unknown (403), {} deleted mid-sweep (404){age}",
        record.users.len(),
        record.count(MfaClass::None),
        record.count(MfaClass::WeakOnly),
        record.count(MfaClass::Strong),
        record.count(MfaClass::Unknown),
        record.deleted,
    )
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::mfa::classify::FactorBrief;
    use crate::mfa::scope::Scope;

    fn user(login: &str, class: MfaClass, admin: Option<bool>) -> UserMfa {
        UserMfa {
            id: format!("00u{login}"),
            login: login.into(),
            name: format!("N {login}"),
            status: "ACTIVE".into(),
            last_login: None,
            class: Some(class),
            factors: vec![FactorBrief { factor_type: "sms".into(), status: "ACTIVE".into() }],
            admin,
            fetched_at: None,
        }
    }

    fn record() -> SweepRecord {
        let mut r = SweepRecord::new("https://a.okta.com", Scope::All, Utc::now());
        r.users = vec![
            user("b", MfaClass::None, Some(false)),
            user("a", MfaClass::WeakOnly, Some(false)),
            user("c", MfaClass::Strong, Some(true)),
            user("d", MfaClass::Unknown, Some(false)),
            user("e\u{1b}[31m", MfaClass::WeakOnly, Some(true)),
            UserMfa { name: "=HYPERLINK(\"https://x.example\")".into(), ..user("f", MfaClass::None, Some(false)) },
        ];
        r
    }

    #[test]
    fn admins_first_then_class_and_weak_on_request() {
        let r = record();
        let logins = |rows: Vec<&UserMfa>| rows.iter().map(|u| u.login.clone()).collect::<Vec<_>>();
        assert_eq!(logins(gap_rows(&r, false)), ["b", "f", "d"]);
        assert_eq!(logins(gap_rows(&r, true)), ["e\u{1b}[31m", "b", "f", "a", "d"]);
    }

    #[test]
    fn csv_and_json_share_keys_and_are_clean() {
        let r = record();
        let rows = gap_rows(&r, true);
        let mut csv = Vec::new();
        write_csv(&mut csv, &rows).unwrap();
        let text = String::from_utf8(csv).unwrap();
        assert!(text.starts_with("login,name,status,class,admin,factors,last_login\n"));
        assert!(text.contains("b,N b,ACTIVE,none,false,sms:ACTIVE,\n"), "{text}");
        assert!(!text.contains('\u{1b}'));
        assert!(text.contains("f,\"'=HYPERLINK(\"\"https://x.example\"\")\",ACTIVE,none"), "{text}");
        let mut json = Vec::new();
        write_json(&mut json, &rows).unwrap();
        let items: Vec<Value> = serde_json::from_slice(&json).unwrap();
        let mut keys: Vec<&str> = items[0].as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        let mut expected = COLUMNS.to_vec();
        expected.sort();
        assert_eq!(keys, expected);
        assert_eq!(items[4]["class"], "unknown");
        assert_eq!(items[2]["name"], "=HYPERLINK(\"https://x.example\")", "JSON keeps values exactly");
    }
}
