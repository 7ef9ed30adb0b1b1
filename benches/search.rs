//! Search latency at 10 thousand, 100 thousand and 1 million synthetic incidents.
//!
//! `cargo bench --bench search` (release profile). Environment:
//! - `BENCH_SIZES=10000,100000` limits the data sizes (default `10000,100000,1000000`);
//! - `BENCH_REPS=5` sets how many times each typing session is repeated (default 5, 3 at 1M);
//! - `BENCH_SEED=7` changes the synthetic data.
//!
//! What is measured, per size:
//! - generating the data (not part of search) and `SearchIndex::build`;
//! - typing: one `Searcher` for a whole session, like the app's; each query is typed letter
//!   by letter (every keystroke is `searcher.run(prefix)`), then erased with backspace, then
//!   cleared; latency per keystroke, split into 1–2 characters, 3 or more, and backspace;
//! - cold: a fresh `Searcher` and the whole query pasted at once (first results, nothing to
//!   narrow from); and the first three letters alone, typed into a fresh `Searcher`;
//! - drawing: `highlight_positions` for the 20 rows a screen shows (title and context line),
//!   which is all the search work drawing does.
//!
//! The tables printed to standard output are Markdown, ready for BENCHMARKS.md.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use incident_explorer::generate::synthetic;
use incident_explorer::search::{
    FieldKind, Hit, Query, SearchIndex, Searcher, highlight_positions,
};

/// Rows visible on a typical screen.
const VISIBLE_ROWS: usize = 20;

fn env_list(name: &str, default: &[usize]) -> Vec<usize> {
    match std::env::var(name) {
        Ok(value) => value
            .split(',')
            .filter_map(|s| s.trim().replace('_', "").parse().ok())
            .collect(),
        Err(_) => default.to_vec(),
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Latencies in milliseconds, summarised.
#[derive(Default)]
struct Samples(Vec<f64>);

impl Samples {
    fn push(&mut self, d: Duration) {
        self.0.push(ms(d));
    }

    fn sorted(&self) -> Vec<f64> {
        let mut v = self.0.clone();
        v.sort_by(f64::total_cmp);
        v
    }

    /// Nearest-rank percentile.
    fn percentile(&self, p: f64) -> f64 {
        let v = self.sorted();
        if v.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
        v[rank.clamp(1, v.len()) - 1]
    }

    fn median(&self) -> f64 {
        let v = self.sorted();
        match v.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => v[n / 2],
            n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        }
    }

    fn max(&self) -> f64 {
        self.0.iter().copied().fold(f64::NAN, f64::max)
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

/// Formats milliseconds with sensible precision.
fn fmt_ms(value: f64) -> String {
    if value.is_nan() {
        "–".into()
    } else if value < 0.1 {
        format!("{:.1} µs", value * 1e3)
    } else if value < 10.0 {
        format!("{value:.2} ms")
    } else if value < 1000.0 {
        format!("{value:.1} ms")
    } else {
        format!("{:.2} s", value / 1e3)
    }
}

fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Queries a person would type, drawn from the synthetic vocabulary, plus a fragment of a
/// real victim name from this data set.
fn queries(index: &SearchIndex) -> Vec<(String, &'static str)> {
    let victim = index
        .data
        .organisations
        .get(index.data.organisations.len() / 3)
        .map(|o| {
            o.name
                .split_whitespace()
                .next()
                .unwrap_or("kavor")
                .to_lowercase()
        })
        .unwrap_or_else(|| "kavor".into());
    let fragment: String = victim.chars().take(6).collect();
    vec![
        ("spider".into(), "group name"),
        ("aviation".into(), "sector"),
        ("malaysia".into(), "country"),
        ("passport".into(), "data type"),
        ("unc10".into(), "alias"),
        ("bank phishing".into(), "two words"),
        (fragment, "victim name"),
        ("ransomware".into(), "tag / title"),
    ]
}

/// Every prefix of `text`, one per keystroke.
fn prefixes(text: &str) -> Vec<&str> {
    text.char_indices()
        .skip(1)
        .map(|(i, _)| &text[..i])
        .chain([text])
        .collect()
}

#[derive(Default)]
struct Typing {
    /// Keystrokes that leave 3 or more characters (the 16 ms target).
    long: Samples,
    /// Keystrokes that leave 1 or 2 characters (no target; every incident may match).
    short: Samples,
    /// Backspace back through already-seen queries.
    backspace: Samples,
    /// Clearing the query (empty query: every incident, newest first).
    clear: Samples,
    /// Worst keystroke per query, with the prefix, for the report.
    worst: Vec<(String, f64, usize)>,
}

fn type_session(index: &Arc<SearchIndex>, queries: &[(String, &str)], reps: usize) -> Typing {
    let mut typing = Typing::default();
    let mut worst: Vec<(String, f64, usize)> =
        queries.iter().map(|(q, _)| (q.clone(), 0.0, 0)).collect();
    for _ in 0..reps {
        let mut searcher = Searcher::new(index.clone());
        for (n, (query, _)) in queries.iter().enumerate() {
            let keys = prefixes(query);
            for prefix in &keys {
                let start = Instant::now();
                let results = searcher.run(prefix);
                let took = start.elapsed();
                black_box(results.hits.first());
                if prefix.trim().chars().count() >= 3 {
                    typing.long.push(took);
                    if ms(took) > worst[n].1 {
                        worst[n] = (prefix.to_string(), ms(took), results.hits.len());
                    }
                } else {
                    typing.short.push(took);
                }
            }
            for prefix in keys.iter().rev().skip(1) {
                let start = Instant::now();
                black_box(searcher.run(prefix).hits.first());
                typing.backspace.push(start.elapsed());
            }
            let start = Instant::now();
            black_box(searcher.run("").hits.first());
            typing.clear.push(start.elapsed());
        }
    }
    typing.worst = worst;
    typing
}

struct Cold {
    full: Samples,
    three: Samples,
    per_query: Vec<(String, f64, usize)>,
}

fn cold(index: &Arc<SearchIndex>, queries: &[(String, &str)], reps: usize) -> Cold {
    let mut full = Samples::default();
    let mut three = Samples::default();
    let mut per_query = Vec::new();
    for (query, _) in queries {
        let mut mine = Samples::default();
        let mut count = 0;
        for _ in 0..reps {
            let mut searcher = Searcher::new(index.clone());
            let start = Instant::now();
            let results = searcher.run(query);
            let took = start.elapsed();
            count = results.hits.len();
            full.push(took);
            mine.push(took);
            let first3: String = query.chars().take(3).collect();
            let mut searcher = Searcher::new(index.clone());
            let start = Instant::now();
            black_box(searcher.run(&first3).hits.first());
            three.push(start.elapsed());
        }
        per_query.push((query.clone(), mine.median(), count));
    }
    Cold {
        full,
        three,
        per_query,
    }
}

/// The context line the list draws under a title: the field that matched, or the victims.
fn context(index: &SearchIndex, hit: &Hit) -> String {
    match hit.via {
        Some(via) if via.kind == FieldKind::Text => "via the incident's text".into(),
        Some(via) => format!(
            "via {}: {}",
            via.kind.label(),
            index.terms[via.term as usize].text
        ),
        None => index.incident(hit.incident).victims.join(", "),
    }
}

/// Time to compute highlights for one screen of results, per query; the median screen.
fn highlights(index: &Arc<SearchIndex>, queries: &[(String, &str)]) -> Samples {
    let mut samples = Samples::default();
    let mut searcher = Searcher::new(index.clone());
    for (query, _) in queries {
        let results = searcher.run(query);
        let rows: Vec<(String, String)> = results
            .hits
            .iter()
            .take(VISIBLE_ROWS)
            .map(|hit| {
                (
                    index.incident(hit.incident).title.clone(),
                    context(index, hit),
                )
            })
            .collect();
        for _ in 0..50 {
            let start = Instant::now();
            for (title, context) in &rows {
                black_box(highlight_positions(title, &results.query));
                black_box(highlight_positions(context, &results.query));
            }
            samples.push(start.elapsed());
        }
    }
    samples
}

struct Report {
    size: usize,
    generate: Duration,
    build: Duration,
    rss: Option<f64>,
    terms: usize,
    typing: Typing,
    cold: Cold,
    highlight: Samples,
}

fn run_size(size: usize, seed: u64, reps: usize) -> Report {
    eprintln!("== {size} incidents: generating…");
    let start = Instant::now();
    let data = Arc::new(synthetic(size, seed));
    let generate = start.elapsed();
    eprintln!(
        "   generated in {}; building the index…",
        fmt_ms(ms(generate))
    );
    let start = Instant::now();
    let index = Arc::new(SearchIndex::build(data));
    let build = start.elapsed();
    let rss = rss_mib();
    eprintln!(
        "   index built in {} ({} terms)",
        fmt_ms(ms(build)),
        index.terms.len()
    );
    let queries = queries(&index);
    eprintln!("   typing {} queries × {reps}…", queries.len());
    let typing = type_session(&index, &queries, reps);
    eprintln!("   cold queries…");
    let cold = cold(&index, &queries, reps);
    let highlight = highlights(&index, &queries);
    Report {
        size,
        generate,
        build,
        rss,
        terms: index.terms.len(),
        typing,
        cold,
        highlight,
    }
}

fn verdict(value: f64, target: f64) -> &'static str {
    if value <= target { "pass" } else { "**miss**" }
}

fn print(reports: &[Report]) {
    println!("### Summary\n");
    println!(
        "| Incidents | Build index | Keystroke ≥3 chars, median | p95 | worst | 1–2 chars, median | Backspace, median (worst) | Cold query, median | Cold 3 letters, median | Highlights, 20 rows |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in reports {
        let t = &r.typing;
        println!(
            "| {} | {} | {} | {} | {} | {} | {} ({}) | {} | {} | {} |",
            r.size,
            fmt_ms(ms(r.build)),
            fmt_ms(t.long.median()),
            fmt_ms(t.long.percentile(95.0)),
            fmt_ms(t.long.max()),
            fmt_ms(t.short.median()),
            fmt_ms(t.backspace.median()),
            fmt_ms(t.backspace.max()),
            fmt_ms(r.cold.full.median()),
            fmt_ms(r.cold.three.median()),
            fmt_ms(r.highlight.median()),
        );
    }
    println!("\n### Targets\n");
    println!("| Target | Measured | Result |");
    println!("|---|---:|---|");
    for r in reports {
        if r.size == 100_000 {
            let m = r.typing.long.median();
            println!(
                "| 100k: results for a 3+ character query within 16 ms of the keystroke (median) | {} | {} |",
                fmt_ms(m),
                verdict(m, 16.0)
            );
        }
        if r.size == 1_000_000 {
            let m = r.cold.full.median();
            println!(
                "| 1M: first results within 150 ms (cold query, median) | {} | {} |",
                fmt_ms(m),
                verdict(m, 150.0)
            );
            let m = r.cold.three.median();
            println!(
                "| 1M: first results within 150 ms (first 3 letters, cold, median) | {} | {} |",
                fmt_ms(m),
                verdict(m, 150.0)
            );
        }
    }
    for r in reports {
        let h = r.highlight.percentile(100.0);
        println!(
            "| {}: drawing never waits for search (highlights for 20 rows, worst) | {} | {} |",
            r.size,
            fmt_ms(h),
            verdict(h, 1.0)
        );
    }
    for r in reports {
        println!(
            "\n### {} incidents\n\nGenerate {}, build index {}, {} interned terms, resident memory after build {}; {} keystrokes of 3+ characters, {} of 1–2, {} backspaces.\n",
            r.size,
            fmt_ms(ms(r.generate)),
            fmt_ms(ms(r.build)),
            r.terms,
            r.rss.map_or("–".into(), |m| format!("{m:.0} MiB")),
            r.typing.long.len(),
            r.typing.short.len(),
            r.typing.backspace.len(),
        );
        println!("| Query | Cold, median | Hits | Slowest keystroke while typing | Its latency |");
        println!("|---|---:|---:|---|---:|");
        for ((query, cold, hits), (prefix, worst, _)) in
            r.cold.per_query.iter().zip(&r.typing.worst)
        {
            println!(
                "| `{query}` | {} | {hits} | `{prefix}` | {} |",
                fmt_ms(*cold),
                fmt_ms(*worst)
            );
        }
        println!(
            "\nClearing the query (cached): median {}.",
            fmt_ms(r.typing.clear.median())
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    let sizes = env_list("BENCH_SIZES", &[10_000, 100_000, 1_000_000]);
    let seed = env_number("BENCH_SEED").unwrap_or(7);
    let mut reports = Vec::new();
    for size in sizes {
        let reps = env_number("BENCH_REPS")
            .map_or(if size >= 1_000_000 { 3 } else { 5 }, |r| r.max(1) as usize);
        reports.push(run_size(size, seed, reps));
    }
    eprintln!(
        "threads: {} (rayon), cores: {}",
        rayon::current_num_threads(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    print(&reports);
}
