//! Issue 16: a newcomer finds any Okta call in one hop, `src/okta/api/<resource>.rs`. Read
//! from the source tree: no file of `src/` outside `okta/` holds an Okta path as a string
//! literal (`"/api/v1…`, `"/oauth2/v1…`); the simulator, which serves those paths, is its
//! own crate. Doc comments and messages that name a path mid-sentence are prose.

mod common;

use std::path::Path;

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
