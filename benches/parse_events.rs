//! Parsing real System Log events (`../shared/okta-samples`) into `LogEvent`, in events/s:
//! the published samples, read from disk once, parsed from their JSON text on every
//! iteration as the client parses a page.

use std::fs;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use oktui::okta::model::{events_from_json, LogEvent};
use serde_json::Value;

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/okta-samples");

/// Every sample event, each as its own JSON text.
fn sample_texts() -> Vec<String> {
    let mut texts = Vec::new();
    for dir in ["okta-developer-docs", "okta-openapi", "panther-analysis"] {
        let mut paths: Vec<_> = fs::read_dir(Path::new(SAMPLES).join(dir))
            .expect("the okta-samples folder sits next to the crate")
            .map(|e| e.expect("a readable directory entry").path())
            .collect();
        paths.sort();
        for path in paths {
            let text = fs::read_to_string(&path).expect("a readable sample");
            let name = path.to_string_lossy();
            if name.ends_with(".ndjson") {
                texts.extend(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string));
            } else if name.ends_with(".json") && !name.ends_with("LogTargetChangeDetails.example.json") {
                let value: Value = serde_json::from_str(&text).expect("sample JSON");
                let events = events_from_json(value).into_iter().map(|e| e.expect("a sample event"));
                texts.extend(events.map(|e| serde_json::to_string(&e).expect("serializable")));
            }
        }
    }
    texts
}

fn parse_events(c: &mut Criterion) {
    let texts = sample_texts();
    let mut group = c.benchmark_group("parse_events");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    group.bench_function(format!("{}_real_samples", texts.len()), |b| {
        b.iter(|| {
            let parsed: Vec<LogEvent> =
                texts.iter().map(|t| serde_json::from_str(t).expect("a sample event parses")).collect();
            std::hint::black_box(parsed)
        })
    });
    group.finish();
}

criterion_group!(benches, parse_events);
criterion_main!(benches);
