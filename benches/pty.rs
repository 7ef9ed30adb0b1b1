//! The real binary in a pseudo-terminal, timed as a person feels it: from a key written to
//! the terminal to the screen changed (first change) and to the frame finished (the last
//! byte before 5 ms of quiet). It confirms, end to end, what `benches/views.rs` measures
//! headless, with the terminal, the event loop and the escape sequences included.
//!
//! `cargo bench --bench pty`; `BENCH_SIZES=100000` limits the sizes (default 100k and 1M).
//! Data files are generated once into `target/bench-data/` with the app's own generator.

#[path = "../tests/e2e/pty.rs"]
mod pty;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use pty::Term;

const BIN: &str = env!("CARGO_BIN_EXE_incident-explorer");

/// A key and how many times it is timed, after `setup` keys (not timed) take us there.
struct Step {
    name: &'static str,
    setup: &'static str,
    key: &'static str,
    times: usize,
}

fn steps() -> Vec<Step> {
    let step = |name, setup, key, times| Step {
        name,
        setup,
        key,
        times,
    };
    vec![
        step("incidents: j in the list", "", "j", 20),
        step("incidents: Enter opens the detail, Esc back", "", "\r", 1),
        step("relations: 2 opens the screen", "\x1b", "2", 1),
        step("relations: j in the groups", "", "j", 10),
        step("relations: t, the third parties", "", "t", 1),
        step("relations: j in the third parties", "", "j", 10),
        step("timeline: 3 opens it", "\x1b", "3", 1),
        step("timeline: j", "", "j", 10),
        step("filter panel: f opens it", "1", "f", 1),
        step("filter panel: j", "", "j", 5),
        step("filter panel: Space toggles a value", "", " ", 4),
        step("sort: o", "\x1b", "o", 4),
        step("help: ? opens it", "", "?", 1),
    ]
}

fn data_file(count: usize) -> PathBuf {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let _ = std::fs::create_dir_all(&folder);
    let path = folder.join(format!("synthetic-{count}.ron"));
    if !path.exists() {
        let status = Command::new(BIN)
            .args(["generate", &count.to_string(), "-o"])
            .arg(&path)
            .status()
            .expect("run generate");
        assert!(status.success(), "generate {count}");
    }
    path
}

/// Sends `key` and waits for the screen to change and then settle: (first change, frame
/// finished), both from the moment the key was written.
fn time_key(term: &mut Term, key: &str) -> (Duration, Duration) {
    let before_screen = term.with_screen(|s| s.contents_formatted());
    let before = term.bytes_written();
    let started = Instant::now();
    term.send(key);
    let mut first_change = None;
    let mut last_byte = started;
    let mut seen = before;
    let quiet = Duration::from_millis(5);
    let deadline = started + Duration::from_secs(30);
    loop {
        let now = Instant::now();
        let written = term.bytes_written();
        if written != seen {
            seen = written;
            last_byte = now;
            if first_change.is_none()
                && term.with_screen(|s| s.contents_formatted()) != before_screen
            {
                first_change = Some(now - started);
            }
        }
        if let Some(first) = first_change
            && now - last_byte >= quiet
        {
            return (first, last_byte - started);
        }
        if now > deadline || term.is_closed() {
            // No change: the key had nothing to do (the end of a list); time the quiet.
            return (now - started, now - started);
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Median and worst, in milliseconds.
fn stats(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (
        ms(samples[samples.len() / 2]),
        ms(*samples.last().unwrap_or(&Duration::ZERO)),
    )
}

fn run_size(count: usize) {
    let path = data_file(count);
    let path = path.to_string_lossy().into_owned();
    let mut term = Term::spawn(&[&path], 200, 60);
    let started = Instant::now();
    // Loaded: the list's title counts every incident.
    let all = format!("{count} of {count}");
    term.wait_ok_within(Duration::from_secs(120), |state| {
        if state.screen().contents().contains(&all) {
            Ok(())
        } else {
            Err(format!("waiting for {all}"))
        }
    });
    let loaded = started.elapsed();
    // Let the first frame settle.
    std::thread::sleep(Duration::from_millis(300));
    println!(
        "\n### {count} incidents, the real binary in a 200x60 pty (first frame after {loaded:.1?})\n"
    );
    println!("| key | times | first change median ms | worst | frame finished median ms | worst |");
    println!("| --- | --- | --- | --- | --- | --- |");
    let mut all_first = Vec::new();
    for step in steps() {
        for key in step.setup.chars() {
            let _ = time_key(&mut term, &key.to_string());
        }
        let mut first = Vec::new();
        let mut finished = Vec::new();
        for _ in 0..step.times {
            let (f, d) = time_key(&mut term, step.key);
            first.push(f);
            finished.push(d);
        }
        all_first.extend(first.iter().copied());
        let (first_median, first_worst) = stats(first);
        let (done_median, done_worst) = stats(finished);
        println!(
            "| {} | {} | {first_median:.1} | {first_worst:.1} | {done_median:.1} | {done_worst:.1} |",
            step.name, step.times
        );
    }
    let (median, worst) = stats(all_first);
    println!("| **every key, first change** | | **{median:.1}** | **{worst:.1}** | | |");
    // Esc closes the help, q quits.
    let _ = time_key(&mut term, "\x1b");
    term.send("q");
    let _ = term.finish();
}

fn main() {
    // `cargo test` runs benches without `--bench`: only `cargo bench` measures.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000]);
    for size in sizes {
        run_size(size);
    }
}
