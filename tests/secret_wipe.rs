//! A `Secret`'s bytes are wiped when it is dropped (issue 14): this binary's allocator looks
//! at every block handed back while a check is on, so the test sees what the freed memory
//! of a secret held at the moment it was freed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use oktui::secret::Secret;

/// The canary the test's secrets are made of.
const CANARY: &[u8] = b"canary-secret-7f3a";

/// Whether the allocator looks at blocks now.
static WATCHING: AtomicBool = AtomicBool::new(false);
/// Blocks of the canary's length freed while watching, and how many still held it.
static FREED: AtomicUsize = AtomicUsize::new(0);
static FREED_WITH_CANARY: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, with a look at what is freed.
struct Watching;

unsafe impl GlobalAlloc for Watching {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WATCHING.load(Ordering::SeqCst) && layout.size() == CANARY.len() {
            // SAFETY: the block is still ours until `System.dealloc` below, and it is
            // `layout.size()` bytes long.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            FREED.fetch_add(1, Ordering::SeqCst);
            if block == CANARY {
                FREED_WITH_CANARY.fetch_add(1, Ordering::SeqCst);
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Watching = Watching;

/// What was freed while `f` ran: (blocks of the canary's size, of which still holding it).
fn freed_during(f: impl FnOnce()) -> (usize, usize) {
    FREED.store(0, Ordering::SeqCst);
    FREED_WITH_CANARY.store(0, Ordering::SeqCst);
    WATCHING.store(true, Ordering::SeqCst);
    f();
    WATCHING.store(false, Ordering::SeqCst);
    (FREED.load(Ordering::SeqCst), FREED_WITH_CANARY.load(Ordering::SeqCst))
}

/// A string of the canary in a block of exactly its size.
fn canary_string() -> String {
    let mut text = String::with_capacity(CANARY.len());
    text.push_str(std::str::from_utf8(CANARY).unwrap_or_default());
    text
}

/// One test, so no other test of this binary frees blocks while it watches.
#[test]
fn a_dropped_secret_leaves_its_bytes_wiped() {
    // The check itself: a plain String's block goes back with the canary in it.
    let (freed, kept) = freed_during(|| drop(canary_string()));
    assert!(freed >= 1 && kept == 1, "the allocator sees what a String leaves behind ({freed} freed, {kept} kept)");

    let (freed, kept) = freed_during(|| drop(Secret::new(canary_string())));
    assert!(freed >= 1, "the secret's block was freed while watching");
    assert_eq!(kept, 0, "a dropped Secret's memory no longer holds the secret");

    // Taking a part: the whole is wiped before its block is freed.
    let (freed, kept) = freed_during(|| {
        let part = Secret::new(canary_string()).map_text(|s| s.get(..6).unwrap_or_default());
        assert_eq!(part.expose(), "canary");
    });
    assert!(freed >= 1 && kept == 0, "the whole secret was wiped ({freed} freed, {kept} kept)");
}
