//! The allocator the binary and the benchmarks run on, and how it gives memory back.
//!
//! mimalloc: loading and writing large files make millions of small allocations, which it
//! serves faster than the system allocator (1M incidents: generate 2.5 s → 1.9 s). Built
//! without transparent huge pages (`no_thp` in Cargo.toml): with them every 2 MB region it
//! touches is resident and zeroed whole, which at 100k incidents cost 54 MB of the peak
//! (224 → 170 MB) and at 1M three seconds of kernel time (4.0 → 1.0 s).

use std::ffi::c_long;
use std::sync::{Mutex, PoisonError};

/// The global allocator: `#[global_allocator] static A: Allocator = Allocator;`.
pub use mimalloc::MiMalloc as Allocator;

/// mimalloc's `mi_option_purge_delay` (its number in `mi_option_e`, mimalloc.h), which
/// `libmimalloc-sys` gives no name.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Runs `work` (a load) with the allocator giving freed memory back to the system at once,
/// and puts its own setting back after, however `work` ends. By default mimalloc 3 keeps
/// freed memory for a second (ten for whole arenas), and a load is over sooner: the blocks
/// read, the parser's and the indexes' scratch space stay resident on top of what is kept.
/// At 100k incidents that lowered the peak from 182 to 152 MB, at 1M from 1,400 to 1,320 MB,
/// with no more CPU time (three runs of each). Outside loads the default stays: given back
/// at once, a frame's freed buffers are taken from the system again on the next frame,
/// which doubled the time to draw one (0.9 → 2.3 ms at 200x60). Loads may overlap (a reload
/// while a file opens): the setting is put back when the last one ends.
pub fn giving_freed_memory_back<T>(work: impl FnOnce() -> T) -> T {
    let _giving = GivingBack::start();
    work()
}

/// How many loads are giving memory back, and the delay to put back after the last.
static LOADS: Mutex<(usize, c_long)> = Mutex::new((0, 0));

/// One load giving memory back, until dropped.
struct GivingBack;

impl GivingBack {
    fn start() -> GivingBack {
        let mut loads = LOADS.lock().unwrap_or_else(PoisonError::into_inner);
        if loads.0 == 0 {
            loads.1 = purge_delay();
            set_purge_delay(0);
        }
        loads.0 += 1;
        GivingBack
    }
}

impl Drop for GivingBack {
    fn drop(&mut self) {
        let mut loads = LOADS.lock().unwrap_or_else(PoisonError::into_inner);
        loads.0 = loads.0.saturating_sub(1);
        if loads.0 == 0 {
            set_purge_delay(loads.1);
        }
    }
}

/// How long mimalloc keeps freed memory before giving it back, in milliseconds.
pub fn purge_delay() -> c_long {
    // SAFETY: `mi_option_get` only reads mimalloc's option table (reading the environment
    // the first time); it is safe at any time, from any thread, whichever allocator is global.
    unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }
}

fn set_purge_delay(milliseconds: c_long) {
    // SAFETY: as for `mi_option_get`, `mi_option_set` only stores a number in the table.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, milliseconds) }
}
