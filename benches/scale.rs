//! Numbers at scale: loading (parse, validate, index) 100 thousand and 1 million incidents
//! with peak memory against the file's size, drawing one frame at 200x60, and the CPU the
//! real app uses while idle.
//!
//! Run with `cargo bench --bench scale`; `BENCH_SIZES=100000` limits the sizes. Data files
//! are generated once into `target/bench-data/` by the app's own generator.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use incident_explorer::app::{App, Workspace};
use incident_explorer::generate::synthetic;
use incident_explorer::ui::render_to_buffer;

const CHILD_ENV: &str = "INCIDENT_EXPLORER_BENCH_LOAD";

/// The app's allocator (`src/main.rs`), so the load child measures what the app does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Peak resident memory of this process, in bytes, from /proc.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The child process: load one file as the app does at start-up, up to its first frame,
/// and report each stage's time and the peak memory on stdout.
fn load_in_child(path: &Path) {
    let started = Instant::now();
    let loaded = match incident_explorer::data::load_file(path) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    };
    let parsed = started.elapsed();
    // Index, links, sort keys and the first result list, as `tui::run` builds them.
    let workspace = Workspace::build(Arc::new(loaded.dataset));
    let indexed = started.elapsed();
    let app = App::with_workspace(workspace, (200, 60));
    let _ = render_to_buffer(&app);
    let total = started.elapsed();
    println!(
        "{} {} {} {} {}",
        parsed.as_secs_f64(),
        indexed.as_secs_f64(),
        total.as_secs_f64(),
        peak_rss().unwrap_or(0),
        app.workspace.data.incidents.len()
    );
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

fn measure_load(count: usize) {
    let path = data_file(count);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let mut runs = Vec::new();
    for _ in 0..3 {
        let output = Command::new(std::env::current_exe().expect("bench binary"))
            .env(CHILD_ENV, &path)
            .output()
            .expect("run the load child");
        let text = String::from_utf8_lossy(&output.stdout);
        let numbers: Vec<f64> = text
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        if let [parsed, indexed, total, peak, ..] = numbers[..] {
            runs.push((parsed, indexed, total, peak));
        } else {
            eprintln!(
                "load child failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    // The median run's times; the largest peak of all runs.
    runs.sort_by(|a, b| a.2.total_cmp(&b.2));
    let Some(&(parsed, indexed, total, _)) = runs.get(runs.len() / 2) else {
        return;
    };
    let peak = runs.iter().map(|run| run.3).fold(0.0, f64::max);
    let target = if count >= 1_000_000 { 10.0 } else { 1.0 };
    let verdict = |met: bool| if met { "met" } else { "MISSED" };
    println!(
        "| load {count} incidents | file {:.0} MB | read, parse, clean, validate {:.2} s | + index, links, sort keys {:.2} s | + first frame {:.2} s (target < {target} s: {}) | peak memory {:.0} MB = {:.2}× the file (target < 3×: {}) |",
        size as f64 / 1e6,
        parsed,
        indexed,
        total,
        verdict(total < target),
        peak / 1e6,
        peak / size as f64,
        verdict(peak / (size as f64) < 3.0),
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
            "| one frame at 200x60, {view}, {count} incidents | median {:.3} ms (target < 2 ms: {}) |",
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

fn measure_idle() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let pty = native_pty_system();
    let Ok(pair) = pty.openpty(PtySize {
        rows: 40,
        cols: 120,
        pixel_width: 0,
        pixel_height: 0,
    }) else {
        println!("| idle CPU | no pseudo-terminal available here |");
        return;
    };
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_incident-explorer"));
    command.env("TERM", "xterm-256color");
    let Ok(mut child) = pair.slave.spawn_command(command) else {
        println!("| idle CPU | could not start the app |");
        return;
    };
    // Drain the app's output so it never blocks on a full pty.
    if let Ok(mut reader) = pair.master.try_clone_reader() {
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while reader.read(&mut buffer).map(|n| n > 0).unwrap_or(false) {}
        });
    }
    std::thread::sleep(Duration::from_secs(2));
    let Some(pid) = child.process_id() else {
        return;
    };
    let before = cpu_ticks(pid).unwrap_or(0);
    std::thread::sleep(Duration::from_secs(10));
    let after = cpu_ticks(pid).unwrap_or(0);
    let ticks_per_second = 100.0; // Linux USER_HZ
    let seconds = (after.saturating_sub(before)) as f64 / ticks_per_second;
    println!(
        "| idle CPU over 10 s, the real app in a pty | {seconds:.2} s of CPU (target: none; {}) |",
        if after == before {
            "met: 0 ticks"
        } else {
            "MISSED"
        }
    );
    let _ = child.kill();
}

fn main() {
    if let Some(path) = std::env::var_os(CHILD_ENV) {
        load_in_child(Path::new(&path));
        return;
    }
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing we need.
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000]);
    println!("| what | measured |\n| --- | --- |");
    for &count in &sizes {
        measure_load(count);
    }
    measure_frames(sizes.first().copied().unwrap_or(100_000));
    measure_idle();
}
