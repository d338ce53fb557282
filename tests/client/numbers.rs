//! Numbers in transit: what oktui passes through prints every number exactly as Okta sent it.

use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;

use crate::local::{env, serve};
use crate::run::{oktui, Home};

/// A System Log event whose numbers a float would change, or cannot hold.
const EVENT: &str = r#"{"uuid":"e1","published":"2024-01-01T00:00:00.000Z","eventType":"user.session.start","client":{"geographicalContext":{"geolocation":{"lat":37.77712000000001,"lon":-122.39999999999999}}},"debugContext":{"debugData":{"big":123456789012345678901234567890,"far":1e400,"tiny":5e-324}}}"#;

/// A user with the same kind of numbers in its profile.
const USER: &str = r#"{"id":"00u1","status":"ACTIVE","profile":{"login":"a@acme.example","score":-122.39999999999999,"employeeNumber":123456789012345678901234567890}}"#;

async fn org() -> String {
    let router = Router::new()
        .route("/api/v1/logs", get(|| async { (HeaderMap::new(), format!("[{EVENT}]")) }))
        .route("/api/v1/users", get(|| async { (HeaderMap::new(), format!("[{USER}]")) }));
    serve(router).await
}

#[tokio::test]
async fn logs_print_every_number_as_received() {
    let url = org().await;
    for format in ["jsonl", "json"] {
        let run = oktui(&Home::new(), &["logs", "--since", "1h", "--format", format], &env(&url)).await;
        assert_eq!(run.code, 0, "{}", run.stderr);
        for number in ["-122.39999999999999", "37.77712000000001", "123456789012345678901234567890", "1e400", "5e-324"]
        {
            assert!(run.stdout.contains(number), "{format} lost {number}: {}", run.stdout);
        }
    }
    let run = oktui(&Home::new(), &["logs", "--since", "1h", "--format", "jsonl"], &env(&url)).await;
    assert_eq!(run.stdout, format!("{EVENT}\n"));
}

#[tokio::test]
async fn users_print_every_number_as_received() {
    let url = org().await;
    let run = oktui(&Home::new(), &["users", "--format", "jsonl"], &env(&url)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, format!("{USER}\n"));
}
