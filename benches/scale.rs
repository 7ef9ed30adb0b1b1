//! Numbers at scale: loading (parse, validate, index) 100 thousand and 1 million incidents
//! up to the first frame, with its CPU time and peak memory against the file's size (each
//! load a fresh process, `BENCH_LOAD_RUNS` times, default 5: best and median, with the
//! machine's load average); drawing one frame at 200x60 at every size; `generate` writing a
//! million incidents with the real binary (when 1M is among the sizes); and the CPU the real
//! app uses while idle with its file watcher on.
//!
//! Run with `cargo bench --bench scale`; `BENCH_SIZES=100000` limits the sizes. Data files
//! are generated once into `target/bench-data/` by the app's own generator. Set
//! `INCIDENT_EXPLORER_TIMINGS=1` to have each load print its phases on standard error.

#[path = "../tests/e2e/pty.rs"]
mod pty;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use incident_explorer::app::{App, Workspace};
use incident_explorer::generate::synthetic;
use incident_explorer::ui::render_to_buffer;
use pty::Term;

const CHILD_ENV: &str = "INCIDENT_EXPLORER_BENCH_LOAD";

/// The app's allocator (`src/main.rs`), so the load child measures what the app does (its
/// loads give freed memory back at once, as the app's do).
#[global_allocator]
static ALLOCATOR: incident_explorer::allocator::Allocator = incident_explorer::allocator::Allocator;

/// Peak resident memory of this process, in bytes, from /proc.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// CPU time (user + system) of this process so far, in seconds, from /proc.
fn own_cpu_seconds() -> f64 {
    cpu_ticks(std::process::id()).map_or(0.0, |ticks| ticks as f64 / 100.0)
}

/// The child process: load one file as the app does at start-up, up to its first frame,
/// and report each stage's time, the CPU time and the peak memory on stdout.
fn load_in_child(path: &Path) {
    let started = Instant::now();
    // Opened as `tui::run` opens files (the same call), and what it keeps (each file's part
    // for live reload) is kept here until the end too, so the peak is the app's.
    let progress = incident_explorer::data::progress::Progress::new();
    let opened = incident_explorer::data::merge::open_with(&[path.to_path_buf()], &progress);
    if let Some(error) = opened.failures.first() {
        eprintln!("{error}");
        std::process::exit(1);
    }
    let kept_for_reload = opened.parts;
    let parsed = started.elapsed();
    // Index, links, sort keys and the first result list, as `tui::run` builds them.
    let workspace = Workspace::build(Arc::new(opened.dataset));
    let indexed = started.elapsed();
    let app = App::with_workspace(workspace, (200, 60));
    let _ = render_to_buffer(&app);
    let total = started.elapsed();
    drop(kept_for_reload);
    println!(
        "{} {} {} {} {} {}",
        parsed.as_secs_f64(),
        indexed.as_secs_f64(),
        total.as_secs_f64(),
        peak_rss().unwrap_or(0),
        own_cpu_seconds(),
        app.workspace.data.incidents.len()
    );
}

/// The machine's load average over the last minute, from /proc.
fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}

fn data_file(count: usize) -> PathBuf {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let _ = std::fs::create_dir_all(&folder);
    let path = folder.join(format!("synthetic-{count}.ron"));
    if !path.exists() {
        let data = synthetic(count, 1);
        let file = std::fs::File::create(&path).expect("bench data file");
        incident_explorer::data::write::write_ron(&data, std::io::BufWriter::new(file))
            .expect("write bench data");
    }
    path
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// One load, up to the first frame, in a fresh child process.
struct LoadRun {
    parsed: f64,
    indexed: f64,
    total: f64,
    peak: f64,
    cpu: f64,
    load_average: f64,
}

fn measure_load(count: usize) {
    let path = data_file(count);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64;
    let repeats = std::env::var("BENCH_LOAD_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5usize);
    let mut runs = Vec::new();
    for _ in 0..repeats {
        let load_average = load_average();
        let output = Command::new(std::env::current_exe().expect("bench binary"))
            .env(CHILD_ENV, &path)
            .output()
            .expect("run the load child");
        let text = String::from_utf8_lossy(&output.stdout);
        let numbers: Vec<f64> = text
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let [parsed, indexed, total, peak, cpu, incidents] = numbers[..] else {
            panic!(
                "the load child failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        };
        assert_eq!(
            incidents as usize, count,
            "the load child loaded everything"
        );
        // The phases, when `INCIDENT_EXPLORER_TIMINGS` asks for them.
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        eprintln!(
            "  load {count}: {total:.2} s to the first frame ({parsed:.2} s loaded, {indexed:.2} s prepared), {cpu:.2} s CPU, peak {:.0} MB, load average {load_average:.2}",
            peak / 1e6
        );
        runs.push(LoadRun {
            parsed,
            indexed,
            total,
            peak,
            cpu,
            load_average,
        });
    }
    runs.sort_by(|a, b| a.total.total_cmp(&b.total));
    let (Some(best), Some(median)) = (runs.first(), runs.get(runs.len() / 2)) else {
        return;
    };
    let peak = runs.iter().map(|run| run.peak).fold(0.0, f64::max);
    let target = if count >= 1_000_000 { 5.0 } else { 0.5 };
    let verdict = |met: bool| if met { "met" } else { "MISSED" };
    let describe = |run: &LoadRun| {
        format!(
            "**{:.2} s** ({:.2} s loaded, {:.2} s prepared; {:.2} s CPU; load average {:.2})",
            run.total, run.parsed, run.indexed, run.cpu, run.load_average
        )
    };
    println!(
        "| load {count} incidents ({:.0} MB), first frame after: best of {} | {} | < {target} s | {} |",
        size / 1e6,
        runs.len(),
        describe(best),
        verdict(best.total < target),
    );
    println!(
        "| load {count} incidents, first frame after: median | {} | < {target} s | {} |",
        describe(median),
        verdict(median.total < target),
    );
    println!(
        "| peak memory, {count} (largest of {} runs) | {:.0} MB = **{:.2}×** the file | < 2× | {} |",
        runs.len(),
        peak / 1e6,
        peak / size,
        verdict(peak / size < 2.0),
    );
}

fn measure_frames(count: usize) {
    let data = synthetic(count, 1);
    let mut app = App::with_workspace(Workspace::build(Arc::new(data)), (200, 60));
    for (view, keys) in [
        ("incidents", ""),
        ("relations", "2"),
        ("matrix", "m"),
        ("timeline", "3"),
    ] {
        for key in keys.chars() {
            let event = crossterm::event::Event::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(key),
                crossterm::event::KeyModifiers::NONE,
            ));
            if let Some(action) = incident_explorer::app::events::action_for_event(&app, &event) {
                app.update(action);
            }
        }
        let _ = render_to_buffer(&app);
        let samples: Vec<Duration> = (0..200)
            .map(|_| {
                let started = Instant::now();
                let _ = render_to_buffer(&app);
                started.elapsed()
            })
            .collect();
        let frame = median(samples);
        println!(
            "| one frame at 200x60, {view}, {count} incidents: median | {:.2} ms | < 2 ms | {} |",
            frame.as_secs_f64() * 1e3,
            if frame < Duration::from_millis(2) {
                "met"
            } else {
                "MISSED"
            }
        );
    }
}

/// CPU time (user + system, in clock ticks) of a process, from /proc.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(user + system)
}

/// The real app, given a data file as a person gives it (so its file watcher runs, as it
/// does in use), left untouched in a pty for 10 seconds once its first screen is up: the CPU
/// it uses meanwhile. An app that died, or never showed its data, fails the benchmark.
fn measure_idle(file: &Path, count: usize) {
    let mut term = Term::spawn(&[&file.to_string_lossy()], 120, 40);
    // Loaded: the list's title counts every incident (`wait_ok_within` panics, with the
    // screen, if the app exits or never gets there).
    let all = format!("{count} of {count}");
    term.wait_ok_within(Duration::from_secs(120), |state| {
        if state.screen().contents().contains(&all) {
            Ok(())
        } else {
            Err(format!("the app's first screen with {all}"))
        }
    });
    std::thread::sleep(Duration::from_secs(1));
    let pid = term.pid().expect("the app has a process id");
    let watchers = inotify_handles(pid);
    assert!(
        watchers > 0,
        "the app is not watching {} (no inotify handle open): idle CPU must be measured with the watcher on",
        file.display()
    );
    let before = cpu_ticks(pid).expect("the app is running after its first screen");
    std::thread::sleep(Duration::from_secs(10));
    assert!(
        !term.is_closed(),
        "the app exited while idle; the screen shows:\n{}",
        term.text()
    );
    let after = cpu_ticks(pid).expect("the app is still running after 10 s");
    let ticks_per_second = 100.0; // Linux USER_HZ
    let seconds = (after.saturating_sub(before)) as f64 / ticks_per_second;
    println!(
        "| idle CPU over 10 s, the real app in a pty watching its {count}-incident file ({watchers} inotify handle) | {} ticks = {seconds:.2} s | none | {} |",
        after - before,
        if after == before { "met" } else { "MISSED" }
    );
    term.send("q");
    let _ = term.finish();
}

/// How many inotify instances (file watchers) process `pid` has open.
fn inotify_handles(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| std::fs::read_link(entry.path()).ok())
                .filter(|target| target.to_string_lossy().contains("inotify"))
                .count()
        })
        .unwrap_or(0)
}

fn main() {
    if let Some(path) = std::env::var_os(CHILD_ENV) {
        load_in_child(Path::new(&path));
        return;
    }
    // `cargo test` runs benches without `--bench`: only `cargo bench` measures.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000]);
    println!("| what | measured | target | |\n| --- | --- | --- | --- |");
    for &count in &sizes {
        measure_load(count);
    }
    for &count in &sizes {
        measure_frames(count);
    }
    if sizes.contains(&1_000_000) {
        measure_generate(1_000_000);
    }
    let smallest = sizes.iter().copied().min().unwrap_or(100_000);
    measure_idle(&data_file(smallest), smallest);
}

/// `generate` with the real binary, `BENCH_LOAD_RUNS` times each: to a new file beside the
/// bench data (written whole, then renamed into place, as for a person), and to standard
/// output sent to `/dev/null` (the making alone, without the file system). Target: 1M to a
/// file in under 3 s (issue 15, item 7).
fn measure_generate(count: usize) {
    let binary = env!("CARGO_BIN_EXE_incident-explorer");
    let path = data_file(count).with_file_name("generated-by-the-benchmark.ron");
    let repeats = std::env::var("BENCH_LOAD_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5usize);
    let mut to_file = Vec::new();
    let mut to_null = Vec::new();
    for _ in 0..repeats {
        let _ = std::fs::remove_file(&path);
        let started = Instant::now();
        let status = Command::new(binary)
            .args(["generate", &count.to_string(), "-o"])
            .arg(&path)
            .status()
            .expect("run generate");
        to_file.push(started.elapsed());
        assert!(status.success(), "generate {count} to a file");
        let started = Instant::now();
        let status = Command::new(binary)
            .args(["generate", &count.to_string()])
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run generate");
        to_null.push(started.elapsed());
        assert!(status.success(), "generate {count} to standard output");
    }
    let _ = std::fs::remove_file(&path);
    let seconds = |d: Duration| format!("{:.2} s", d.as_secs_f64());
    let best = to_file.iter().min().copied().unwrap_or_default();
    let all = |times: &[Duration]| {
        times
            .iter()
            .map(|&t| seconds(t))
            .collect::<Vec<_>>()
            .join(", ")
    };
    eprintln!(
        "  generate {count} to a file: {}; to /dev/null: {}",
        all(&to_file),
        all(&to_null)
    );
    let verdict = |met: bool| if met { "met" } else { "MISSED" };
    println!(
        "| generate {count} to a file: best of {repeats} | **{}** | < 3 s | {} |",
        seconds(best),
        verdict(best.as_secs_f64() < 3.0)
    );
    let median_to_file = median(to_file);
    println!(
        "| generate {count} to a file: median | **{}** | < 3 s | {} |",
        seconds(median_to_file),
        verdict(median_to_file.as_secs_f64() < 3.0)
    );
    println!(
        "| generate {count} to /dev/null: best / median | {} / {} | | |",
        seconds(to_null.iter().min().copied().unwrap_or_default()),
        seconds(median(to_null))
    );
}
