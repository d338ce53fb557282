//! Issue 18, acceptance 4: with `[detections] catalog` pointing at Okta's catalog
//! (`../shared/okta-detections`), the demo's `:hunt` runs it after the native detections;
//! `p` reaches the "Okta catalog" preset, which lists the catalog scenarios' findings and
//! says what the run came to; `Enter` on a catalog finding shows the detection's
//! description, prevention advice, references and evidence.

use std::time::Duration;

use crate::console::one_demo;
use crate::harness::{Tui, ENTER};

const STEP: Duration = Duration::from_secs(30);

#[test]
fn the_catalog_preset_and_a_catalog_findings_description_advice_and_evidence() {
    let _one = one_demo();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let catalog = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/okta-detections");
    std::fs::write(&config, format!("[detections]\ncatalog = {:?}\n", catalog.display().to_string())).unwrap();
    let config = config.display().to_string();
    let mut tui = Tui::spawn(&["--config", &config, "demo", "--users", "60"], &[], 140, 45);
    tui.wait_until("a users row", Duration::from_secs(60), |s| s.contents().contains("@acme."));
    tui.send(":hunt");
    tui.send(ENTER);
    tui.wait_for("Hunt · last 24h", STEP);
    tui.wait_until("the hunt of the written history, with the catalog, to finish", Duration::from_secs(180), |s| {
        let text = s.contents();
        text.contains("events read") && !text.contains("history still being written") && !text.contains("reading")
    });
    for _ in 0..12 {
        if tui.screen_text().contains("· Okta catalog ·") {
            break;
        }
        tui.send("p");
        std::thread::sleep(Duration::from_millis(300));
    }
    tui.wait_for("· Okta catalog ·", STEP);
    let screen = tui.screen_text();
    assert!(screen.contains("37 run") && screen.contains("2 refused by Okta"), "the run's summary:\n{screen}");
    assert!(screen.contains("E0000053"), "the refused filters named with Okta's code:\n{screen}");
    for title in ["Log Stream Tampering", "Creation of a new Okta Identity Provider", "ITP Suspected Session Hijacking"]
    {
        assert!(screen.contains(title), "the preset lists {title}:\n{screen}");
    }
    for _ in 0..40 {
        let line = tui.screen_text();
        let selected = line.lines().find(|l| l.contains('▶')).unwrap_or_default().to_string();
        if selected.contains("Log Stream Tampering") {
            break;
        }
        tui.send("j");
        std::thread::sleep(Duration::from_millis(120));
    }
    tui.send(ENTER);
    tui.wait_for("Okta catalog: Log Stream Tampering", STEP);
    let described = tui.screen_text();
    for field in ["description:", "prevention", "reference", "evidence 1:", "system.log_stream.lifecycle.deactivate"] {
        assert!(described.contains(field), "the description shows {field}:\n{described}");
    }
    tui.send("q");
    assert!(tui.finish(STEP).cooked());
}
