//! Search off the input path: a thread that answers the latest query and skips stale ones,
//! so typing never waits for results and the screen keeps the last results meanwhile.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::{self, JoinHandle};

use super::{SearchResults, Searcher};

/// A background thread running queries; dropping it stops the thread.
#[derive(Debug)]
pub struct SearchWorker {
    requests: Option<Sender<String>>,
    thread: Option<JoinHandle<()>>,
}

fn serve(mut searcher: Searcher, requests: Receiver<String>, deliver: impl Fn(SearchResults)) {
    while let Ok(mut query) = requests.recv() {
        // Only the newest query matters: skip any typed while the last one ran.
        while let Ok(newer) = requests.try_recv() {
            query = newer;
        }
        deliver(searcher.run(&query));
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
        let thread = thread::Builder::new()
            .name("search".into())
            .spawn(move || serve(searcher, inbox, deliver))?;
        Ok(SearchWorker {
            requests: Some(requests),
            thread: Some(thread),
        })
    }

    /// Asks for `query` to be answered; returns at once.
    pub fn request(&self, query: &str) {
        if let Some(requests) = &self.requests {
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
