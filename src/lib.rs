//! incident-explorer: a keyboard-driven terminal app for exploring cyber-security incidents.
//!
//! The library holds everything the binary runs, so tests and benchmarks use the same code:
//! - [`text`]: display widths and cutting text, the lowest layer;
//! - [`data`]: the model, loading, validation and diagnostics;
//! - [`search`]: the fuzzy search index, queries and the background worker;
//! - [`layout`]: where things go on screen and how text fits, shared by `app` and `ui`;
//! - [`app`]: state, actions, the keymap and `update`;
//! - [`ui`]: drawing, one file per view;
//! - [`tui`]: the terminal and the event loop; [`cli`]: the commands;
//! - [`allocator`]: the allocator the binary runs on, and how it gives memory back.

pub mod allocator;
pub mod app;
pub mod cli;
pub mod config;
pub mod data;
pub mod effects;
pub mod export;
pub mod generate;
pub mod headless;
pub mod import;
pub mod layout;
pub mod report;
pub mod screenshot;
pub mod search;
pub mod text;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod watch;
