//! A panic in any task ends the console (issue 14): the event loop stops, the terminal is
//! restored once, and the panic's message comes back to be printed. Driven through the
//! runtime's own `supervise` with the product's panic hook, in a test binary of its own and
//! in one test: the hook is process-wide, and no other test's panic may reach it. (The pty side, a real
//! console ending on a task's panic, has no trigger left to test with once every known
//! panic is fixed; see `console::panics`.)

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use oktui::console::panics::{report, supervise, ConsolePanicked};
use oktui::console::terminal::install_panic_hook;

/// The runtime `main` builds: several worker threads.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// An event loop that would run forever, and that no panic on its own thread ever reaches.
async fn endless() -> anyhow::Result<()> {
    std::future::pending::<()>().await;
    Ok(())
}

#[test]
fn a_panic_in_any_task_ends_the_console_and_the_terminal_is_restored_once() {
    install_panic_hook();
    let rt = runtime();
    for blocking in [false, true] {
        let restored = AtomicUsize::new(0);
        let main = async {
            // The panic of the loop's own thread is not taken: it unwinds through the loop.
            assert!(!report("on the event loop's thread"));
            if blocking {
                tokio::task::spawn_blocking(|| panic!("boom on a blocking thread"));
            } else {
                tokio::spawn(async { panic!("boom in a task \u{1b}]0;title\u{7}") });
            }
            endless().await
        };
        let ended = rt.block_on(async {
            tokio::time::timeout(
                Duration::from_secs(10),
                supervise(main, || {
                    restored.fetch_add(1, Ordering::SeqCst);
                }),
            )
            .await
        });
        let err = ended.expect("the console stops on the panic").unwrap_err();
        let panicked = err.downcast_ref::<ConsolePanicked>().expect("a ConsolePanicked");
        let expected = if blocking { "boom on a blocking thread" } else { "boom in a task" };
        assert!(panicked.message.contains(expected), "{}", panicked.message);
        assert!(panicked.message.contains("panicked at tests/console_panic.rs"), "{}", panicked.message);
        assert!(!panicked.message.contains('\u{1b}'), "sanitised: {:?}", panicked.message);
        assert_eq!(restored.load(Ordering::SeqCst), 1, "the terminal is restored once");
    }

    // A console that ends by itself restores once too, and takes no panic afterwards.
    let restored = AtomicUsize::new(0);
    let ended = rt.block_on(supervise(async { Ok(42) }, || {
        restored.fetch_add(1, Ordering::SeqCst);
    }));
    assert_eq!(ended.unwrap(), 42);
    assert_eq!(restored.load(Ordering::SeqCst), 1);
    // No console runs now: a panic is left to the default hook (and the task's JoinHandle).
    let joined = rt.block_on(rt.spawn(async { panic!("after the console") }));
    assert!(joined.unwrap_err().is_panic());
    assert!(!std::thread::spawn(|| report("no console")).join().unwrap());
}
