//! Search latency at 10 thousand, 100 thousand and 1 million synthetic incidents.
//!
//! `cargo bench --bench search` (release profile). Environment:
//! - `BENCH_SIZES=10000,100000` limits the data sizes (default `10000,100000,1000000`);
//! - `BENCH_REPS=5` sets how many times each typing session is repeated (default 5, 3 at 1M);
//! - `BENCH_SEED=7` changes the synthetic data;
//! - `BENCH_KEY_MS=120` sets the typing speed for the worker section;
//! - `BENCH_VERBOSE=1` prints every keystroke's latency to standard error.
//!
//! What is measured, per size:
//! - generating the data (not part of search) and `SearchIndex::build`;
//! - typing: one `Searcher` for a whole session, like the app's; each query is typed letter
//!   by letter (every keystroke is `searcher.run(prefix)`), then erased with backspace, then
//!   cleared; latency per keystroke, split into 1–2 characters, 3 or more, and backspace;
//! - cold: a fresh `Searcher` and the whole query pasted at once (first results, nothing to
//!   narrow from); and the first three letters alone, typed into a fresh `Searcher`;
//! - through the app's main loop: the same typing as keys into the search line of an `App`
//!   at 200x60, one key every `BENCH_KEY_MS` milliseconds (default 120, a fast typist), its
//!   queries answered by a `SearchWorker` (the app's background thread), results taken by
//!   `update` (filters, sort order, selection) and a whole frame drawn, as `tui::run` does:
//!   from each keystroke to the frame drawn with results that answer it or a later keystroke
//!   (what the screen shows), and from the last keystroke of a query to its final results
//!   drawn; plus each key's own frame (update, `request`, draw) while the worker searches;
//! - drawing: `highlight_positions` for the 20 rows a screen shows (title and context line),
//!   the search work inside each frame.
//!
//! The tables printed to standard output are Markdown, ready for BENCHMARKS.md.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use incident_explorer::app::events::action_for_event;
use incident_explorer::app::{Action, App, Workspace};
use incident_explorer::generate::synthetic;
use incident_explorer::search::worker::SearchWorker;
use incident_explorer::search::{
    FieldKind, Hit, SearchIndex, SearchResults, Searcher, highlight_positions,
};
use incident_explorer::ui::render_to_buffer;

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

/// `BENCH_VERBOSE=1` prints every keystroke's latency to standard error.
fn verbose() -> bool {
    std::env::var_os("BENCH_VERBOSE").is_some_and(|v| v != "0")
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

    fn extend(&mut self, d: Option<Duration>) {
        self.0.extend(d.map(ms));
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
                if verbose() {
                    eprintln!(
                        "   {prefix:>14?} {:>9.2} ms {:>8} hits",
                        ms(took),
                        results.hits.len()
                    );
                }
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
                    index.incident(hit.incident).title.to_string(),
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

#[derive(Default)]
struct Pipeline {
    /// `SearchWorker::request`: the search's share of the input path.
    request: Samples,
    /// A key typed into the search line to its frame drawn (`update`, `request`, a whole
    /// 200x60 frame), while the worker searches: what the input path and drawing cost.
    frame: Samples,
    /// Keystroke (3+ characters) to the frame drawn with results for it or a later keystroke.
    keystroke: Samples,
    /// Last keystroke of a query to the frame drawn with its final results.
    settle: Samples,
    /// Keystrokes of 3+ characters whose own results were shown / skipped as stale.
    answered: usize,
    skipped: usize,
    /// A new query asked for 5 ms after a one-letter one (still running, nearly every
    /// incident matching): time to the new query's results.
    change_of_mind: Samples,
}

/// Frames drawn with results: when, and for which query.
type Shown = Vec<(Instant, String)>;

/// The main loop's answer to results arriving, as `tui::run` gives it: `update` takes them
/// (filters, sort order, selection), then the frame is drawn. Only then are they on screen.
fn show(app: &mut App, results: SearchResults, shown: &mut Shown) {
    let text = results.query.text.clone();
    app.update(Action::SearchFinished(results));
    black_box(render_to_buffer(app));
    shown.push((Instant::now(), text));
}

/// Runs the main loop until a frame with results for `text` is drawn.
fn show_until(app: &mut App, inbox: &Receiver<SearchResults>, text: &str, shown: &mut Shown) {
    while !shown.iter().any(|(_, done)| done == text) {
        let Ok(results) = inbox.recv_timeout(Duration::from_secs(60)) else {
            panic!("no results for {text:?} within a minute");
        };
        show(app, results, shown);
    }
}

/// A key as the main loop takes it: its action through `update`, the query it asks for sent
/// to the worker, the frame drawn. Returns how long that took and how long `request` took.
fn key(app: &mut App, worker: &SearchWorker, key: KeyCode) -> (Duration, Option<Duration>) {
    let started = Instant::now();
    let event = Event::Key(KeyEvent::new(key, KeyModifiers::NONE));
    if let Some(action) = action_for_event(app, &event) {
        app.update(action);
    }
    let request = app.take_search_request().map(|query| {
        let asked = Instant::now();
        worker.request(&query);
        asked.elapsed()
    });
    black_box(render_to_buffer(app));
    (started.elapsed(), request)
}

/// Typing through the app's own loop: keys into the search line of an `App` at 200x60, its
/// queries answered by a `SearchWorker`, results taken by `update` and drawn. A keystroke is
/// answered when the frame showing its results (or a later keystroke's) has been drawn.
fn pipeline(workspace: &Workspace, queries: &[(String, &str)], reps: usize) -> Pipeline {
    let interval = Duration::from_millis(env_number("BENCH_KEY_MS").unwrap_or(120));
    let mut out = Pipeline::default();
    for _ in 0..reps {
        let (outbox, inbox) = channel();
        let worker = SearchWorker::spawn(Searcher::new(workspace.index.clone()), move |results| {
            let _ = outbox.send(results);
        })
        .expect("a search thread");
        let mut app = App::with_workspace(workspace.clone(), (200, 60));
        key(&mut app, &worker, KeyCode::Char('/'));
        for (query, _) in queries {
            let mut sent: Vec<(String, Instant)> = Vec::new();
            let mut shown: Shown = Vec::new();
            for c in query.chars() {
                let at = Instant::now();
                let (frame, request) = key(&mut app, &worker, KeyCode::Char(c));
                out.frame.push(frame);
                out.request.extend(request);
                sent.push((app.query().to_string(), at));
                let next = at + interval;
                while let Ok(results) =
                    inbox.recv_timeout(next.saturating_duration_since(Instant::now()))
                {
                    show(&mut app, results, &mut shown);
                }
            }
            let (last, last_at) = sent.last().cloned().expect("a query has letters");
            show_until(&mut app, &inbox, &last, &mut shown);
            let position = |text: &str| sent.iter().position(|(s, _)| s == text);
            for (k, (prefix, at)) in sent.iter().enumerate() {
                if prefix.trim().chars().count() < 3 {
                    continue;
                }
                let on_screen = shown
                    .iter()
                    .filter(|(_, text)| position(text).is_some_and(|i| i >= k))
                    .map(|(when, _)| *when)
                    .min();
                if let Some(when) = on_screen {
                    out.keystroke.push(when.saturating_duration_since(*at));
                }
                if shown.iter().any(|(_, text)| text == prefix) {
                    out.answered += 1;
                } else {
                    out.skipped += 1;
                }
            }
            if let Some((when, _)) = shown.iter().find(|(_, text)| *text == last) {
                out.settle.push(when.saturating_duration_since(last_at));
            }
            if verbose() {
                for (when, text) in &shown {
                    let asked = sent.iter().find(|(s, _)| s == text).map(|(_, at)| *at);
                    if let Some(asked) = asked {
                        eprintln!("   {text:?}: on screen after {}", fmt_ms(ms(*when - asked)));
                    }
                }
            }
            // Backspace to an empty line: every incident again before the next query.
            for _ in 0..app.query().chars().count() {
                key(&mut app, &worker, KeyCode::Backspace);
            }
            show_until(&mut app, &inbox, "", &mut Vec::new());
            std::thread::sleep(interval);
        }
    }
    out.change_of_mind = change_of_mind(&workspace.index, queries);
    out
}

/// Waits for results of `text` from the worker, keeping everything delivered meanwhile.
fn wait_for(
    inbox: &Receiver<(Instant, String)>,
    text: &str,
    delivered: &mut Vec<(Instant, String)>,
) {
    while !delivered.iter().any(|(_, done)| done == text) {
        let Ok(delivery) = inbox.recv_timeout(Duration::from_secs(60)) else {
            return;
        };
        delivered.push(delivery);
    }
}

/// One letter typed, then at once a different query (pasted, or the line retyped): how
/// long until the new query's results, while the one-letter search may still be running.
/// Each try has a fresh searcher, so nothing comes from its cache.
fn change_of_mind(index: &Arc<SearchIndex>, queries: &[(String, &str)]) -> Samples {
    let mut samples = Samples::default();
    for (query, _) in queries {
        for letter in ["e", "a", "o"] {
            if query.starts_with(letter) {
                continue;
            }
            let (outbox, inbox) = channel();
            let worker = SearchWorker::spawn(Searcher::new(index.clone()), move |results| {
                let _ = outbox.send((Instant::now(), results.query.text.clone()));
            })
            .expect("a search thread");
            worker.request(letter);
            std::thread::sleep(Duration::from_millis(5));
            let asked = Instant::now();
            worker.request(query);
            let mut delivered = Vec::new();
            wait_for(&inbox, query, &mut delivered);
            if let Some((when, _)) = delivered.iter().find(|(_, text)| text == query) {
                samples.push(when.saturating_duration_since(asked));
            }
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
    pipeline: Pipeline,
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
    eprintln!("   typing through the app's loop and the worker…");
    let workspace = Workspace::from_index(Arc::clone(&index));
    let pipeline = pipeline(&workspace, &queries, reps.min(2));
    let highlight = highlights(&index, &queries);
    Report {
        size,
        generate,
        build,
        rss,
        terms: index.terms.len(),
        typing,
        cold,
        pipeline,
        highlight,
    }
}

fn verdict(value: f64, target: f64) -> &'static str {
    if value <= target { "pass" } else { "**miss**" }
}

fn print(reports: &[Report]) {
    let key = env_number("BENCH_KEY_MS").unwrap_or(120);
    println!("### Search alone (`Searcher::run` on the calling thread)\n");
    println!(
        "| Incidents | Build index | Keystroke, 3+ chars: median | p95 | worst | Keystroke, 1–2 chars: median | Backspace: median (worst) | Cold query: median | Cold first 3 letters: median |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in reports {
        let t = &r.typing;
        println!(
            "| {} | {} | {} | {} | {} | {} | {} ({}) | {} | {} |",
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
        );
    }
    println!("\n### Through the app's main loop and the worker (one key every {key} ms, 200x60)\n");
    println!(
        "| Incidents | Keystroke (3+ chars) to results drawn: median | p95 | worst | Last keystroke to final results drawn: median | worst | Own results shown / skipped as stale | Key to frame drawn while searching: median / p99 / worst | `request`: median / worst | Highlights for 20 rows: median (worst) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in reports {
        let p = &r.pipeline;
        println!(
            "| {} | {} | {} | {} | {} | {} | {} / {} | {} / {} / {} | {} / {} | {} ({}) |",
            r.size,
            fmt_ms(p.keystroke.median()),
            fmt_ms(p.keystroke.percentile(95.0)),
            fmt_ms(p.keystroke.max()),
            fmt_ms(p.settle.median()),
            fmt_ms(p.settle.max()),
            p.answered,
            p.skipped,
            fmt_ms(p.frame.median()),
            fmt_ms(p.frame.percentile(99.0)),
            fmt_ms(p.frame.max()),
            fmt_ms(p.request.median()),
            fmt_ms(p.request.max()),
            fmt_ms(r.highlight.median()),
            fmt_ms(r.highlight.max()),
        );
    }
    println!(
        "\nA different query asked for 5 ms after a one-letter one, which is still running (each of the 8 queries after `e`, `a` and `o`): time to its results.\n"
    );
    println!("| Incidents | median | worst |\n|---:|---:|---:|");
    for r in reports {
        let c = &r.pipeline.change_of_mind;
        println!(
            "| {} | {} | {} |",
            r.size,
            fmt_ms(c.median()),
            fmt_ms(c.max())
        );
    }
    println!("\n### Targets\n");
    println!("| Target | Measured | Result |");
    println!("|---|---:|---|");
    for r in reports {
        if r.size == 100_000 {
            let m = r.typing.long.median();
            println!(
                "| 100k: results for a 3+ character query within 16 ms of the keystroke, median (search alone) | {} | {} |",
                fmt_ms(m),
                verdict(m, 16.0)
            );
            let m = r.pipeline.keystroke.median();
            println!(
                "| 100k: the same, through the app's loop and the worker, to the frame drawn | {} | {} |",
                fmt_ms(m),
                verdict(m, 16.0)
            );
        }
        if r.size == 1_000_000 {
            let m = r.cold.full.median();
            println!(
                "| 1M: first results within 150 ms: cold query, median | {} | {} |",
                fmt_ms(m),
                verdict(m, 150.0)
            );
            let m = r.cold.three.median();
            println!(
                "| 1M: first results within 150 ms: first 3 letters, cold, median | {} | {} |",
                fmt_ms(m),
                verdict(m, 150.0)
            );
            let m = r.pipeline.keystroke.median();
            println!(
                "| 1M: first results within 150 ms: keystroke to results drawn, through the app's loop and the worker, median | {} | {} |",
                fmt_ms(m),
                verdict(m, 150.0)
            );
        }
    }
    for r in reports {
        // Drawing never waits: each key in the search line is taken, its query sent and a
        // whole frame drawn while the worker searches on both cores. A frame is 16 ms.
        let p = &r.pipeline;
        println!(
            "| {}: drawing never waits for search: key to frame drawn while the worker searches, median / worst, within 16 ms | {} / {} | {} |",
            r.size,
            fmt_ms(p.frame.median()),
            fmt_ms(p.frame.max()),
            verdict(p.frame.max(), 16.0)
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

/// CPU time so far (clock ticks): the whole machine busy, all of it, and this process.
fn cpu_ticks() -> Option<(u64, u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let fields: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .filter_map(|f| f.parse().ok())
        .collect();
    let all: u64 = fields.iter().sum();
    let idle = fields.get(3)? + fields.get(4).copied().unwrap_or(0);
    let mine = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses): utime and stime are 14 and 15.
    let after = &mine[mine.rfind(')')? + 2..];
    let parts: Vec<&str> = after.split_whitespace().collect();
    let own = parts.get(11)?.parse::<u64>().ok()? + parts.get(12)?.parse::<u64>().ok()?;
    Some((all - idle, all, own))
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    let sizes = env_list("BENCH_SIZES", &[10_000, 100_000, 1_000_000]);
    let seed = env_number("BENCH_SEED").unwrap_or(7);
    let mut reports = Vec::new();
    let ticks_before = cpu_ticks();
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
    if let (Some((busy0, all0, own0)), Some((busy1, all1, own1))) = (ticks_before, cpu_ticks()) {
        let other = (busy1 - busy0).saturating_sub(own1 - own0);
        println!(
            "\nOther processes used {:.1}% of the machine's CPU time during the run ({} cores); more than a few percent skews the numbers.",
            100.0 * other as f64 / (all1 - all0).max(1) as f64,
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
    }
}
