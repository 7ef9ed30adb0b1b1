//! Where loading spends its time and memory, phase by phase, printed on standard error when
//! `INCIDENT_EXPLORER_TIMINGS` is set: the profile in BENCHMARKS.md is taken this way
//! (`perf` needs permissions a shared machine seldom gives). Off, a phase costs one check of
//! a flag read once.

use std::sync::OnceLock;
use std::time::Instant;

/// Whether timings are printed: `INCIDENT_EXPLORER_TIMINGS` set to anything.
fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("INCIDENT_EXPLORER_TIMINGS").is_some())
}

/// Runs `work` and, when timings are on, prints how long it took (wall clock and the
/// process's CPU time, both cores together), the memory resident after it and the peak so far.
pub fn phase<T>(name: &str, work: impl FnOnce() -> T) -> T {
    if !enabled() {
        return work();
    }
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let result = work();
    let wall = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    let (resident, peak) = memory_mb();
    crate::report::stderr(format_args!(
        "timing: {name:<28} {:>8.1} ms wall {:>8.1} ms cpu   resident {resident:>6.0} MB, peak {peak:>6.0} MB",
        wall * 1e3,
        cpu * 1e3,
    ));
    result
}

/// User and system CPU time of the whole process so far, in seconds (to a clock tick,
/// 10 ms), from `/proc/self/stat`.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (in parentheses): utime and stime are the 12th and
    // 13th.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |n: usize| fields.get(n).and_then(|t| t.parse::<f64>().ok());
    ticks(11)
        .zip(ticks(12))
        .map_or(0.0, |(user, system)| (user + system) / 100.0)
}

/// Resident memory now and at its peak, in MB (10^6 bytes), from `/proc/self/status` (zero
/// where there is none). The benchmarks and the allocator's test read it too.
pub fn memory_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kib| kib.parse::<f64>().ok())
            .map_or(0.0, |kib| kib * 1024.0 / 1e6)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
