//! A proxy named in the environment never sees a loopback org's requests (nor its token).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

use crate::common::{small_config, start};
use crate::run::{oktui, ssws_env, Home};

/// A "proxy" that counts the connections made to it and keeps what they sent.
async fn recording_proxy() -> (String, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (count, seen) = (Arc::new(AtomicUsize::new(0)), Arc::new(std::sync::Mutex::new(Vec::new())));
    let (c, s) = (count.clone(), seen.clone());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            c.fetch_add(1, Ordering::SeqCst);
            let mut buf = vec![0u8; 4096];
            if let Ok(n) = socket.read(&mut buf).await {
                s.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        }
    });
    (url, count, seen)
}

#[tokio::test]
async fn a_loopback_org_is_reached_directly_whatever_the_proxy_variables_say() {
    let sim = start(small_config(5)).await;
    let (proxy, connections, seen) = recording_proxy().await;
    let mut env = ssws_env(&sim);
    for name in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"] {
        env.push((name, proxy.clone()));
    }
    let run = oktui(&Home::new(), &["users", "--format", "jsonl"], &env).await;
    let token = &sim.credentials().api_token;
    assert!(!String::from_utf8_lossy(&seen.lock().unwrap()).contains(token.as_str()), "the token reached the proxy");
    assert_eq!(connections.load(Ordering::SeqCst), 0, "the proxy was connected to");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.lines().count() >= 5, "{}", run.stdout);
}
