//! The parts of the workspace (`app::Workspace::build`) built one at a time over a loaded
//! file: the search index, the links, the sort keys and the facets, each with its CPU time,
//! wall time, the heap it keeps and the heap's peak while it is built, and the resident
//! memory each adds when they are kept side by side as the app keeps them. Then the whole
//! workspace as the app builds it (the parts side by side on every core).
//!
//! Run with `cargo bench --bench workspace`. `BENCH_SIZES=100000,1000000` picks the data
//! (default 100000; the files are the scale bench's, `target/bench-data/`, generated when
//! missing), `BENCH_RUNS=3` how many times each part is built (the median is reported).
//! `BENCH_DIGEST=1` also prints one number per part that depends on everything it gives
//! the app (search results of many queries, links, sort orders, filter counts): equal
//! digests before and after a change mean the change kept every answer the same.

use std::alloc::{GlobalAlloc, Layout};
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use incident_explorer::app::{SortKeys, Workspace};
use incident_explorer::data::facets::FacetIndex;
use incident_explorer::data::filter::Filters;
use incident_explorer::data::links::Links;
use incident_explorer::data::{Dataset, Facet};
use incident_explorer::search::{Query, SearchIndex, search};

/// The app's allocator, counting the bytes it holds and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to mimalloc unchanged; the counters only observe.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is mimalloc's.
        let pointer = unsafe { incident_explorer::allocator::Allocator.alloc(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        let pointer = unsafe { incident_explorer::allocator::Allocator.alloc_zeroed(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { incident_explorer::allocator::Allocator.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        // SAFETY: as above.
        let moved =
            unsafe { incident_explorer::allocator::Allocator.realloc(pointer, layout, size) };
        if !moved.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(size);
        }
        moved
    }
}

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// User and system CPU time of this process so far, in seconds.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Resident memory now, in MB (10^6 bytes).
fn resident_mb() -> f64 {
    incident_explorer::data::timings::memory_mb().0
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn data_file(count: usize) -> PathBuf {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let _ = std::fs::create_dir_all(&folder);
    let path = folder.join(format!("synthetic-{count}.ron"));
    if !path.exists() {
        let data = incident_explorer::generate::synthetic(count, 1);
        let file = std::fs::File::create(&path).expect("bench data file");
        incident_explorer::data::write::write_ron(&data, std::io::BufWriter::new(file))
            .expect("write bench data");
    }
    path
}

/// One build of a part: what it cost.
struct Cost {
    cpu: f64,
    wall: f64,
    kept: usize,
    peak: usize,
}

/// Builds a part once, measuring it, and hands it back with its cost.
fn measure<T>(build: impl FnOnce() -> T) -> (T, Cost) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let (cpu, started) = (cpu_seconds(), Instant::now());
    let part = build();
    let cost = Cost {
        wall: started.elapsed().as_secs_f64(),
        cpu: cpu_seconds() - cpu,
        kept: LIVE.load(Ordering::Relaxed).saturating_sub(before),
        peak: PEAK.load(Ordering::Relaxed).saturating_sub(before),
    };
    (part, cost)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Builds a part `runs` times and prints a row: best and median CPU, median wall, heap kept and peak,
/// and the resident memory the first build added (kept while the row is printed).
fn row<T>(name: &str, runs: usize, mut build: impl FnMut() -> T) -> T {
    let resident = resident_mb();
    let (kept, first) = measure(&mut build);
    let added = resident_mb() - resident;
    let mut costs = vec![first];
    for _ in 1..runs {
        let (part, cost) = measure(&mut build);
        drop(part);
        costs.push(cost);
    }
    println!(
        "| {name} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} |",
        costs
            .iter()
            .map(|c| c.cpu * 1e3)
            .fold(f64::INFINITY, f64::min),
        median(costs.iter().map(|c| c.cpu * 1e3).collect()),
        median(costs.iter().map(|c| c.wall * 1e3).collect()),
        mb(costs[0].kept),
        mb(costs.iter().map(|c| c.peak).max().unwrap_or(0)),
        added,
    );
    kept
}

/// Hashes whatever is written into it.
struct HashWriter(std::collections::hash_map::DefaultHasher);

impl std::fmt::Write for HashWriter {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        text.hash(&mut self.0);
        Ok(())
    }
}

fn digest(value: &impl std::fmt::Debug) -> u64 {
    let mut writer = HashWriter(std::collections::hash_map::DefaultHasher::new());
    let _ = write!(writer, "{value:?}");
    writer.0.finish()
}

/// Queries that reach every kind of field: names, facets, tags, words only in long text,
/// fragments inside words, one-letter words, several words, words no incident has.
fn queries(data: &Dataset) -> Vec<String> {
    let mut queries: Vec<String> = [
        "spider",
        "aviation",
        "malaysia",
        "passport",
        "unc10",
        "bank phishing",
        "ransomware",
        "phishing",
        "ongoing",
        "investigation",
        "unauthorised",
        "customers",
        "watch",
        "provider",
        "service provider",
        "researchers",
        "police",
        "through",
        "its",
        "e",
        "a",
        "ti",
        "ion",
        "the investigation",
        "access systems",
        "zzzqx",
        "data",
        "report",
        "octo",
        "generated",
        "leak 2",
        "vendor",
        "credential",
        "supply",
        "sms",
    ]
    .iter()
    .map(|q| q.to_string())
    .collect();
    for step in [3, 7, 11] {
        if let Some(organisation) = data.organisations.get(data.organisations.len() / step) {
            let name = organisation.name.to_lowercase();
            queries.push(name.chars().take(5).collect());
            queries.push(name.to_string());
        }
    }
    queries
}

fn digests(data: &Arc<Dataset>, workspace: &Workspace) {
    let index = &workspace.index;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for query in queries(data) {
        let hits = search(index, &Query::parse(&query), None);
        for hit in &hits {
            (hit.incident, hit.score).hash(&mut hasher);
            hit.via.map(|v| (v.kind, v.term)).hash(&mut hasher);
        }
        hits.len().hash(&mut hasher);
    }
    println!("digest: search results {:016x}", hasher.finish());
    println!("digest: links {:016x}", digest(&*workspace.links));
    let keys = &workspace.sort_keys;
    println!(
        "digest: sort keys {:016x}",
        digest(&(
            &keys.victim_rank,
            &keys.records,
            &keys.by_victim,
            &keys.by_records
        ))
    );
    let positions: Vec<u32> = (0..data.incidents.len() as u32).collect();
    let mut filters = Filters::default();
    let mut counts = vec![workspace.facets.count(data, &positions, &filters)];
    if let Some(group) = data.groups.get(1) {
        filters.toggle(Facet::Group, &group.id);
    }
    filters.toggle(Facet::Stance, "claimed");
    filters.from_year = Some(2020);
    counts.push(
        workspace
            .facets
            .count(data, &positions[..positions.len() / 2], &filters),
    );
    let compiled = workspace.facets.compile(&filters);
    let passing = positions
        .iter()
        .filter(|&&p| compiled.matches(&workspace.facets, data, p))
        .count();
    println!("digest: facets {:016x} ({passing} pass)", digest(&counts));
}

fn main() {
    // The parts are built as the app builds them: in a load, giving freed memory back.
    incident_explorer::allocator::giving_freed_memory_back(measure_every_size);
}

fn measure_every_size() {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
        .max(1);
    for count in sizes {
        let path = data_file(count);
        let loaded = incident_explorer::data::load_file(&path).expect("bench data loads");
        let data = Arc::new(loaded.dataset);
        println!(
            "\n### {count} incidents ({:.0} MB file; after loading, the data holds {:.0} MB of heap and the process {:.0} MB resident)\n",
            std::fs::metadata(&path).map_or(0.0, |m| m.len() as f64 / 1e6),
            LIVE.load(Ordering::Relaxed) as f64 / 1e6,
            resident_mb()
        );
        println!(
            "| part | CPU ms, best of {runs} | median | wall ms | heap kept MB | heap peak MB | resident added MB |"
        );
        println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        let newest_first = data.newest_first();
        if std::env::var_os("BENCH_DATA_ORDER").is_some() {
            row("search index in file order", runs, || {
                SearchIndex::build_ordered(
                    Arc::clone(&data),
                    (0..data.incidents.len() as u32).collect(),
                )
            });
        }
        let index = row("search index", runs, || {
            SearchIndex::build_ordered(Arc::clone(&data), newest_first.clone())
        });
        let links = row("links", runs, || Links::build(&data, &newest_first));
        let mut sort_keys = row("sort keys", runs, || SortKeys::build(&data));
        sort_keys.order_by_records(&index.recency_rank);
        let facets = row("facets", runs, || FacetIndex::build(&data));
        drop((index, links, sort_keys, facets));
        let workspace = row("whole workspace", runs, || {
            Workspace::build(Arc::clone(&data))
        });
        if std::env::var_os("BENCH_DIGEST").is_some() {
            digests(&data, &workspace);
        }
    }
}
