//! Search off the input path: a thread that answers the latest query and skips stale ones,
//! so typing never waits for results and the screen keeps the last results meanwhile.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::{self, JoinHandle};

use super::{SearchResults, Searcher};

/// A background thread running queries; dropping it stops the thread.
#[derive(Debug)]
pub struct SearchWorker {
    requests: Option<Sender<String>>,
    /// How many queries have been asked for: a search whose count is no longer the latest
    /// is stale, and stops.
    asked: Arc<AtomicU64>,
    thread: Option<JoinHandle<()>>,
}

fn serve(
    mut searcher: Searcher,
    requests: Receiver<String>,
    asked: &AtomicU64,
    deliver: impl Fn(SearchResults),
) {
    while let Ok(mut query) = requests.recv() {
        // Only the newest query matters: skip any typed while the last one ran.
        while let Ok(newer) = requests.try_recv() {
            query = newer;
        }
        // A query asked for after this point makes this one stale: it stops, and the loop
        // goes on to the newer one (already sent, or about to be).
        let mine = asked.load(Ordering::Acquire);
        let stale = || asked.load(Ordering::Relaxed) != mine;
        if let Some(results) = searcher.run_unless(&query, &stale) {
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
        let asked = Arc::new(AtomicU64::new(0));
        let counted = Arc::clone(&asked);
        let thread = thread::Builder::new()
            .name("search".into())
            .spawn(move || serve(searcher, inbox, &counted, deliver))?;
        Ok(SearchWorker {
            requests: Some(requests),
            asked,
            thread: Some(thread),
        })
    }

    /// Asks for `query` to be answered; returns at once.
    pub fn request(&self, query: &str) {
        if let Some(requests) = &self.requests {
            // Counted before it is sent, so a search that sees the new count can be sure a
            // newer query is on its way.
            self.asked.fetch_add(1, Ordering::Release);
            let _ = requests.send(query.to_string());
        }
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        // Closing the channel ends the loop; wait so no thread outlives the app.
        self.requests.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
