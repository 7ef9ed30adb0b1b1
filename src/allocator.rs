//! The allocator the binary and the benchmarks run on, and how it gives memory back.
//!
//! mimalloc: loading and writing large files make millions of small allocations, which it
//! serves faster than the system allocator (1M incidents: generate 2.5 s → 1.9 s). Built
//! without transparent huge pages (`no_thp` in Cargo.toml): with them every 2 MB region it
//! touches is resident and zeroed whole, which at 100k incidents cost 54 MB of the peak
//! (224 → 170 MB) and at 1M three seconds of kernel time (4.0 → 1.0 s).

/// The global allocator: `#[global_allocator] static A: Allocator = Allocator;`.
pub use mimalloc::MiMalloc as Allocator;

/// mimalloc's `mi_option_purge_delay` (its number in `mi_option_e`, mimalloc.h), which
/// `libmimalloc-sys` gives no name.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Makes the allocator give freed memory back to the system at once. By default mimalloc 3
/// keeps it for a second (ten for whole arenas), and a load is over sooner: the blocks read,
/// the parser's and the indexes' scratch space stay resident on top of what is kept. At
/// 100k incidents that lowers the peak from 182 to 152 MB; at 1M from 1,400 to 1,320 MB,
/// with no more CPU time (three runs of each, BENCHMARKS.md). Call it first thing in `main`.
pub fn give_freed_memory_back_at_once() {
    // SAFETY: `mi_option_set` only stores a number in mimalloc's option table; it is safe to
    // call at any time, from any thread, whichever allocator is global.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
}
