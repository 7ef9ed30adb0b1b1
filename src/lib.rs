//! incident-explorer: a keyboard-driven terminal app for exploring cyber-security incidents.
//!
//! The library holds everything the binary runs, so tests and benchmarks use the same code:
//! [`data`] (model, loading, validation), [`cli`] (commands).

pub mod cli;
pub mod data;
