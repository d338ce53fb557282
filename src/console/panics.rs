//! A panic anywhere while the console runs ends the console, cleanly. Tokio catches a task's
//! panic and keeps its threads, so without this a background task that panics dies silently
//! while the event loop goes on drawing (over a terminal the panic hook has restored).
//!
//! The panic hook ([`super::terminal`]) hands the panic of any thread but the event loop's to
//! the [`supervise`] of the running console, which stops the event loop, restores the
//! terminal once and answers [`ConsolePanicked`] with the message, printed after the
//! terminal is back (`main` exits 101, the code of any Rust panic). A panic on the event
//! loop's own thread unwinds through it: the hook restores the terminal and prints the
//! message itself, and the process exits 101 too.

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::ThreadId;

use tokio::sync::Notify;

/// The console stopped because a thread panicked; the terminal has been restored.
#[derive(Debug, thiserror::Error)]
#[error("the console stopped: {message}; this is a bug in oktui, please report it with this message")]
pub struct ConsolePanicked {
    /// Which thread panicked where, and its message (sanitised).
    pub message: String,
}

/// The running console's record of the first panic, and the event loop's wake-up.
struct Watch {
    /// The event loop's thread: its panics unwind through the loop instead.
    thread: ThreadId,
    first: Mutex<Option<String>>,
    panicked: Notify,
}

impl Watch {
    fn first(&self) -> MutexGuard<'_, Option<String>> {
        self.first.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The watch of the console running now, if one is.
static CURRENT: Mutex<Option<Arc<Watch>>> = Mutex::new(None);

fn current() -> MutexGuard<'static, Option<Arc<Watch>>> {
    CURRENT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Hands a panic (`message`) to the running console, which will stop. `false` when no
/// console runs, or when the panic is on the event loop's own thread: then the caller (the
/// hook) restores the terminal and prints it.
pub fn report(message: &str) -> bool {
    let Some(watch) = current().clone() else { return false };
    if std::thread::current().id() == watch.thread {
        return false;
    }
    watch.first().get_or_insert_with(|| crate::sanitize::clean(message).into_owned());
    watch.panicked.notify_one();
    true
}

/// Clears the console's watch when dropped, however [`supervise`] ends.
struct Registered;

impl Drop for Registered {
    fn drop(&mut self) {
        current().take();
    }
}

/// Runs the console's event loop `main` until it ends or another thread panics, then calls
/// `restore` once. A panic, even one that came as `main` was ending, answers
/// [`ConsolePanicked`]; otherwise `main`'s own result.
pub async fn supervise<T>(main: impl Future<Output = anyhow::Result<T>>, restore: impl FnOnce()) -> anyhow::Result<T> {
    let watch =
        Arc::new(Watch { thread: std::thread::current().id(), first: Mutex::new(None), panicked: Notify::new() });
    *current() = Some(watch.clone());
    let registered = Registered;
    let ended = tokio::select! {
        biased;
        () = watch.panicked.notified() => None,
        result = main => Some(result),
    };
    drop(registered);
    restore();
    let message = watch.first().take();
    match (message, ended) {
        (Some(message), _) => Err(ConsolePanicked { message }.into()),
        (None, Some(result)) => result,
        // Woken only after the message is kept; should that ever not hold, still stop.
        (None, None) => Err(ConsolePanicked { message: "a thread panicked".into() }.into()),
    }
}
