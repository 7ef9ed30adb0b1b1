//! Loads give freed memory back to the system at once: scratch space a load drops does not
//! stay resident on top of what the app keeps (BENCHMARKS.md, "Loading, drawing and idling
//! at scale"). Outside loads the allocator keeps freed memory for reuse, as by default. One
//! test in its own process, so nothing else allocates meanwhile.

use incident_explorer::allocator::{Allocator, giving_freed_memory_back, purge_delay};

#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

/// Resident memory now, in MB (10^6 bytes).
fn resident_mb() -> f64 {
    incident_explorer::data::timings::memory_mb().0
}

#[test]
fn memory_freed_in_a_load_is_no_longer_resident_and_the_default_comes_back_after() {
    let default = purge_delay();
    assert!(
        default > 0,
        "mimalloc keeps freed memory a while by default"
    );
    let (before, holding, after) = giving_freed_memory_back(|| {
        let before = resident_mb();
        // 100 MB in pieces the size of an incident's parts, as a parser makes them.
        let pieces: Vec<Box<[u8]>> = (0..400_000u32)
            .map(|i| vec![i as u8; 256].into_boxed_slice())
            .collect();
        let holding = resident_mb();
        drop(pieces);
        (before, holding, resident_mb())
    });
    assert!(
        holding - before > 80.0,
        "the pieces should be resident: {before:.0} MB before, {holding:.0} MB holding them"
    );
    assert!(
        after - before < 20.0,
        "freed memory should go back at once: {before:.0} MB before, {holding:.0} MB holding, \
         {after:.0} MB after dropping"
    );
    assert_eq!(purge_delay(), default, "the default is back after the load");
}
