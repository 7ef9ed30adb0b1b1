//! Search off the input path: a thread that answers the latest query and skips stale ones,
//! so typing never waits for results and the screen keeps the last results meanwhile.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};

use super::{Query, SearchResults, Searcher};

/// A background thread running queries; dropping it stops the thread.
#[derive(Debug)]
pub struct SearchWorker {
    requests: Option<Sender<String>>,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// What the input path and the search thread both see.
#[derive(Debug, Default)]
struct Shared {
    /// The query being searched, if any.
    running: Mutex<Option<Query>>,
    /// Bumped when a query is asked for that makes the running search useless: a search
    /// that sees it change stops.
    cancels: AtomicU64,
    /// Set when the worker is dropped: nothing more is searched or answered.
    stopping: AtomicBool,
}

impl Shared {
    fn set_running(&self, query: Option<Query>) {
        *self.running.lock().unwrap_or_else(PoisonError::into_inner) = query;
    }
}

fn serve(
    mut searcher: Searcher,
    requests: Receiver<String>,
    shared: &Shared,
    deliver: impl Fn(SearchResults),
) {
    while let Ok(mut query) = requests.recv() {
        // Only the newest query matters: skip any typed while the last one ran.
        while let Ok(newer) = requests.try_recv() {
            query = newer;
        }
        if shared.stopping.load(Ordering::Acquire) {
            return;
        }
        let mine = shared.cancels.load(Ordering::Acquire);
        shared.set_running(Some(Query::parse(&query)));
        let cancelled = || {
            shared.cancels.load(Ordering::Relaxed) != mine
                || shared.stopping.load(Ordering::Relaxed)
        };
        let answer = searcher.run_unless(&query, &cancelled);
        shared.set_running(None);
        if let Some(results) = answer
            && !shared.stopping.load(Ordering::Acquire)
        {
            deliver(results);
        }
    }
}

impl SearchWorker {
    /// Starts the thread; `deliver` is called on it with each query's results.
    /// Fails only when the system cannot start a thread; callers then search inline.
    pub fn spawn(
        searcher: Searcher,
        deliver: impl Fn(SearchResults) + Send + 'static,
    ) -> std::io::Result<SearchWorker> {
        let (requests, inbox) = channel();
        let shared = Arc::new(Shared::default());
        let seen = Arc::clone(&shared);
        let thread = thread::Builder::new()
            .name("search".into())
            .spawn(move || serve(searcher, inbox, &seen, deliver))?;
        Ok(SearchWorker {
            requests: Some(requests),
            shared,
            thread: Some(thread),
        })
    }

    /// Asks for `query` to be answered; returns at once. A running search that `query`
    /// neither repeats nor narrows (a backspace, a new word, a cleared line) is of no more use
    /// and stops; one it narrows goes on, since the new query will search its results.
    pub fn request(&self, query: &str) {
        if let Some(requests) = &self.requests {
            let asked = Query::parse(query);
            let running = self
                .shared
                .running
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if let Some(running) = running.as_ref()
                && running.tokens != asked.tokens
                && !running.is_narrowed_by(&asked)
            {
                // Bumped before the query is sent: a search that sees the change can be
                // sure a newer query is on its way.
                self.shared.cancels.fetch_add(1, Ordering::Release);
            }
            drop(running);
            let _ = requests.send(query.to_string());
        }
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        // A worker is dropped when its data is replaced or the app ends: its running search
        // answers nobody, so it stops at once. Closing the channel then ends the loop; wait
        // so no thread outlives the app.
        self.shared.stopping.store(true, Ordering::Release);
        self.requests.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
