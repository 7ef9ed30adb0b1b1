//! The data set built into the binary, and the name it is shown under.

/// The data set compiled into the binary, so the app works from any folder.
pub const BUNDLED_DATA: &str = include_str!("../../incidents.ron");

/// The name the bundled data set goes by in messages.
pub const BUNDLED_NAME: &str = "incidents.ron (bundled)";
