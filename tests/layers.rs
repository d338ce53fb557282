//! Issue 16: a newcomer finds any Okta call in one hop, `src/okta/api/<resource>.rs`. Read
//! from the source tree: no file of `src/` outside `okta/` holds an Okta path as a string
//! literal (`"/api/v1…`, `"/oauth2/v1…`); the simulator, which serves those paths, is its
//! own crate. Doc comments and messages that name a path mid-sentence are prose.
//!
//! And the layers point one way, read from the source the same way: every `crate::` path
//! of a module's code (in `use` lines, `use crate::{a, b}` groups, and inline, as
//! `crate::ui::layout::split(…)`; `super::` chains that climb to the crate root too) names
//! the top-level modules it depends on, and
//! - `ui/` draws from the view types `app/` owns: it names only `app`, `output`, `sanitize`
//!   and itself (never `okta/`, `headless/` or the domain modules), and writes no file;
//! - `app/` (the state, the pure update and the effects) names nothing of `ui/`,
//!   `headless/` or `console/` (the shell that joins `app/` and `ui/` to the terminal);
//! - `okta/`, `investigate/`, `mfa/`, `actions/`, `gather/` and `catalog/` name nothing of `app/`,
//!   `ui/`, `headless/` or `console/`; nor does `output/`, the formats both sides share.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::rust_files;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `file:line` of every string literal in `src/` outside `okta/` that starts with an Okta
/// path.
fn okta_paths_outside_the_api() -> Vec<String> {
    let src = Path::new(ROOT).join("src");
    let allowed = src.join("okta");
    let mut found = Vec::new();
    for file in rust_files(&src).into_iter().filter(|f| !f.starts_with(&allowed)) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if ["\"/api/v1", "\"/oauth2/v1"].iter().any(|path| line.contains(path)) {
                let shown = file.strip_prefix(ROOT).unwrap_or(&file).display();
                found.push(format!("{shown}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn okta_paths_are_built_only_in_the_okta_api() {
    let found = okta_paths_outside_the_api();
    assert!(
        found.is_empty(),
        "Okta paths outside src/okta/ (call a function of src/okta/api/<resource>.rs instead):\n{}",
        found.join("\n")
    );
}

/// The text of a source file with its comments (`//…` to the end of the line) left out:
/// doc links name modules without depending on them.
fn code_of(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The top-level modules of the crate that `code` names: `crate::x`, `crate::{x::…, y}`,
/// and `super::` chains of at least `depth` links (they climb to the crate root from a file
/// `depth` modules deep).
fn modules_named(code: &str, depth: usize) -> BTreeSet<String> {
    let ident = |s: &str| -> String { s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let mut named = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        let after = rest[at + "crate::".len()..].trim_start();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `oktui_crate::`, not this crate's root
        }
        if let Some(group) = after.strip_prefix('{') {
            // The top level of the group: `{app::x, ui::{y, z}, sanitize}`.
            let mut level = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => level += 1,
                    '}' if level == 0 => break,
                    '}' => level -= 1,
                    ',' if level == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        named.insert(ident(&group[i..]));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident(after);
            if !name.is_empty() {
                named.insert(name);
            }
        }
    }
    if depth > 0 {
        let climb = "super::".repeat(depth);
        let mut rest = code;
        while let Some(at) = rest.find(&climb) {
            let mut after = &rest[at + climb.len()..];
            while let Some(further) = after.strip_prefix("super::") {
                after = further;
            }
            let name = ident(after);
            if !name.is_empty() {
                named.insert(name);
            }
            rest = &rest[at + climb.len()..];
        }
    }
    named
}

/// How many modules deep `file` sits below `src/` (`src/ui/mod.rs`: 1, `src/ui/logs.rs`: 2).
fn depth_of(src: &Path, file: &Path) -> usize {
    let relative = file.strip_prefix(src).unwrap_or(file);
    let parts = relative.components().count();
    if file.file_name().is_some_and(|n| n == "mod.rs") {
        parts - 1
    } else {
        parts
    }
}

/// The files of `src/<layer>/` (or `src/<layer>.rs`).
fn layer_files(src: &Path, layer: &str) -> Vec<PathBuf> {
    let dir = src.join(layer);
    let mut files = if dir.is_dir() { rust_files(&dir) } else { Vec::new() };
    let single = src.join(format!("{layer}.rs"));
    if single.is_file() {
        files.push(single);
    }
    files
}

/// `file:line` of every place in `layers` whose code names a module `bad` refuses.
fn layer_violations(layers: &[&str], bad: impl Fn(&str) -> bool) -> Vec<String> {
    let src = Path::new(ROOT).join("src");
    let mut found = Vec::new();
    for layer in layers {
        let files = layer_files(&src, layer);
        assert!(!files.is_empty(), "no source of {layer}/");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let depth = depth_of(&src, &file);
            for (n, line) in code_of(&text).lines().enumerate() {
                for module in modules_named(line, depth).into_iter().filter(|m| bad(m)) {
                    let shown = file.strip_prefix(ROOT).unwrap_or(&file).display();
                    found.push(format!("{shown}:{}: {module}: {}", n + 1, line.trim()));
                }
            }
            // A `use crate::{…}` group may span lines: read it whole.
            for module in modules_named(&grouped_uses(&code_of(&text)), depth).into_iter().filter(|m| bad(m)) {
                let shown = file.strip_prefix(ROOT).unwrap_or(&file).display();
                found.push(format!("{shown}: {module} in a `use crate::{{…}}` group"));
            }
        }
    }
    found
}

/// The `crate::{…}` groups of `code` that span lines, each joined on one line.
fn grouped_uses(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::{") {
        let group = &rest[at..];
        let end = group.find(';').unwrap_or(group.len());
        let whole = &group[..end];
        if whole.contains('\n') {
            out.push_str(&whole.replace('\n', " "));
            out.push('\n');
        }
        rest = &group[end..];
    }
    out
}

/// What the layers below the console may never name.
const CONSOLE_SIDE: [&str; 4] = ["app", "ui", "headless", "console"];

#[test]
fn ui_draws_from_apps_view_types_and_names_nothing_else() {
    let found = layer_violations(&["ui"], |m| !["app", "ui", "output", "sanitize"].contains(&m));
    assert!(
        found.is_empty(),
        "ui/ names a module other than app, output and sanitize (give app/ the view type, or \
         re-export what app/ holds):\n{}",
        found.join("\n")
    );
}

#[test]
fn ui_writes_no_file() {
    let src = Path::new(ROOT).join("src");
    let mut found = Vec::new();
    for file in layer_files(&src, "ui") {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in code_of(&text).lines().enumerate() {
            if ["std::fs", "fs::", "File::", "OpenOptions", "crate::files"].iter().any(|w| line.contains(w)) {
                let shown = file.strip_prefix(ROOT).unwrap_or(&file).display();
                found.push(format!("{shown}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "ui/ touches files (write them in an app/ task, through output/export.rs):\n{}",
        found.join("\n")
    );
}

#[test]
fn app_names_nothing_of_ui_headless_or_the_console() {
    let found = layer_violations(&["app"], |m| ["ui", "headless", "console"].contains(&m));
    assert!(
        found.is_empty(),
        "app/ names ui/, headless/ or console/ (move the shared piece to app/ or a neutral module):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_core_names_nothing_of_the_console_or_headless() {
    let core = ["okta", "investigate", "mfa", "actions", "gather", "output", "catalog"];
    let found = layer_violations(&core, |m| CONSOLE_SIDE.contains(&m));
    assert!(
        found.is_empty(),
        "okta/, investigate/, mfa/, actions/, gather/ or output/ name app/, ui/, headless/ or console/ \
         (move the shared piece to a neutral module):\n{}",
        found.join("\n")
    );
}

/// The reader sees every way a path names a module, and not what only looks like one.
#[test]
fn module_paths_are_read_in_every_form() {
    let named = |code: &str, depth| modules_named(&code_of(code), depth).into_iter().collect::<Vec<_>>();
    assert_eq!(named("use crate::ui::theme::Theme;", 2), ["ui"]);
    assert_eq!(named("let rows = crate::ui::layout::list_rows(h);", 2), ["ui"]);
    assert_eq!(named("use crate::{app::state, ui::{a, b}, sanitize};", 2), ["app", "sanitize", "ui"]);
    assert_eq!(named("use super::super::headless::output;", 2), ["headless"]);
    assert_eq!(named("use super::theme::Theme;", 2), Vec::<String>::new());
    assert_eq!(named("/// See [`crate::ui::screen`].", 2), Vec::<String>::new(), "a doc link is prose");
    assert_eq!(named("x(); // crate::ui::screen", 2), Vec::<String>::new());
    let group = grouped_uses("use crate::{\n    app::state,\n    headless::output,\n};\n");
    assert_eq!(named(&group, 2), ["app", "headless"]);
}
