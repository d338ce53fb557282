//! Entering and leaving the full-screen terminal, and putting it back whatever happens: on a
//! normal exit, on a panic (hook, with [`super::panics`]), and on SIGTERM/SIGHUP (a dropped
//! SSH link) via the runtime's signal handling. It is put back once: [`restore`] does nothing
//! when the console does not hold the terminal.

use std::io::{stdout, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

use crossterm::cursor::{Hide, Show};
use crossterm::event::DisableMouseCapture;
use crossterm::execute;
use crossterm::terminal::{disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

/// The console's terminal.
pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Whether the console holds the terminal (raw mode, alternate screen).
static HELD: AtomicBool = AtomicBool::new(false);

/// Raw mode, alternate screen, hidden cursor; mouse capture stays off (copy-paste works).
pub fn enter() -> std::io::Result<Term> {
    install_panic_hook();
    enable_raw_mode()?;
    HELD.store(true, Ordering::SeqCst);
    let mut out = stdout();
    if let Err(e) = execute!(out, EnterAlternateScreen, Hide) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(out))
}

/// Cooked mode, main screen, visible cursor, if the console holds the terminal; the first
/// call does it, later ones nothing.
pub fn restore() {
    if HELD.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let _ = execute!(stdout(), DisableMouseCapture, LeaveAlternateScreen, Show);
    }
}

/// Rings the terminal bell (BEL), once, if the console holds the terminal: a new high or
/// critical live finding (`[console] bell = false` keeps it quiet).
pub fn bell() {
    use std::io::Write;
    if HELD.load(Ordering::SeqCst) {
        let mut out = stdout();
        let _ = out.write_all(b"\x07").and_then(|()| out.flush());
    }
}

/// Once per process (`enter` calls it): a panic on another thread than the event loop's goes
/// to the running console, which stops, restores the terminal and prints it
/// ([`super::panics`]); any other panic restores the terminal before the default message
/// prints, so it is readable.
pub fn install_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if super::panics::report(&describe(info)) {
                return;
            }
            restore();
            previous(info);
        }));
    });
}

/// "thread 'NAME' panicked at FILE:LINE:COL: MESSAGE", as Rust's own message says it.
fn describe(info: &std::panic::PanicHookInfo<'_>) -> String {
    let thread = std::thread::current();
    let name = thread.name().unwrap_or("<unnamed>");
    let place = info.location().map(|l| format!(" at {l}")).unwrap_or_default();
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    format!("thread '{name}' panicked{place}: {message}")
}
