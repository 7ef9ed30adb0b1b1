//! The data model and its loading: serde types, partial dates, cleaning of untrusted text,
//! validation, and diagnostics that point at the file.

pub mod bundled;
pub mod clean;
pub mod date;
pub mod diagnostic;
pub mod facets;
pub mod filter;
pub mod fold;
pub mod graph;
mod ids;
pub mod links;
pub mod load;
pub mod markdown;
pub mod merge;
pub mod model;
pub mod outline;
pub mod plain_ron;
pub mod progress;
pub mod roles;
pub mod stream;
pub mod summary;
pub mod timings;
pub mod validate;
pub mod write;

pub use date::{PartialDate, Precision};
pub use diagnostic::{Diagnostic, Severity};
pub use load::{LoadError, Loaded, load_bundled, load_bytes, load_file, load_str};
pub use model::*;
pub use summary::Summary;
